package io.github.agieval.jmeter.kpi.parsing;

/** A KPI definition that cannot be understood; the message names where it is and what is wrong. */
public class KpiParseException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String source;

    public KpiParseException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
    }

    /** Where the bad definition is, e.g. {@code "KPI expressions line 3"}. */
    public String source() {
        return source;
    }
}
