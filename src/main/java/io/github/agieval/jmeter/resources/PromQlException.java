package io.github.agieval.jmeter.resources;

/**
 * A PromQL query that gave no usable number: Prometheus not reachable, an HTTP or PromQL error, an
 * empty result, several series where one number was expected. The message says which and names
 * the query and the server (without credentials).
 */
public class PromQlException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, so that a caller can retry the kinds that may heal (no data yet). */
    public enum Kind {
        /** Connection refused, timed out, bad host: the server is not there. */
        UNREACHABLE,
        /** The server answered with an error (HTTP status, PromQL syntax, not Prometheus). */
        REJECTED,
        /** The query ran and gave no series (or NaN). */
        NO_DATA,
        /** The query gave several series; it must give one number. */
        SEVERAL_SERIES
    }

    private final Kind kind;

    public PromQlException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public PromQlException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
