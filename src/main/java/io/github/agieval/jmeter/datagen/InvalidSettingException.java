package io.github.agieval.jmeter.datagen;

/**
 * A data-generator setting that cannot be used: names the property (its JMX key) and the bad
 * value so that the message tells the plan writer exactly what to fix.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final String value;

    public InvalidSettingException(String property, String value, String problem) {
        super("property '" + property + "' = '" + value + "': " + problem);
        this.property = property;
        this.value = value;
    }

    /** The JMX key of the offending property. */
    public String property() {
        return property;
    }

    /** The offending value as configured (after JMeter's variable and function evaluation). */
    public String value() {
        return value;
    }
}
