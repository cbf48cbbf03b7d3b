package io.github.agieval.jmeter.judge;

/**
 * A JTL file that cannot be judged: missing, of an unknown format, without a required column, or cut
 * off. The message names the file and, where there is one, the line.
 */
public final class JtlFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public JtlFormatException(String message) {
        super(message);
    }

    public JtlFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
