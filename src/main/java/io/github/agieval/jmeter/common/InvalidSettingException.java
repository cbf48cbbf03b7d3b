package io.github.agieval.jmeter.common;

/**
 * A setting that cannot be used. Its message names the element (kind and name), the property
 * and the value, then the problem, so that the plan writer knows exactly what to fix:
 * {@code AGI Data Generator 'Evaluation requests': property 'locale' = 'xx_YY': must name a locale}.
 *
 * <p>Thrown by {@link Settings}; elements report it through {@link StartFailure} before the test
 * starts.
 */
public class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String element;
    private final String property;
    private final String value;
    private final String problem;

    /**
     * @param element the element as a user sees it, e.g. {@code Stage Thread Group 'Load'}
     * @param property the property (JMX key or the GUI label's short name)
     * @param value the offending value as configured (after JMeter's function evaluation); never a secret
     * @param problem what is wrong, e.g. {@code must be a whole number between 1 and 65535}
     */
    public InvalidSettingException(String element, String property, String value, String problem) {
        super(element + ": property '" + property + "' = '" + (value == null ? "" : value) + "': " + problem);
        this.element = element;
        this.property = property;
        this.value = value == null ? "" : value;
        this.problem = problem;
    }

    /** The element, kind and name, e.g. {@code KPI Assertions 'KPIs'}. */
    public String element() {
        return element;
    }

    /** The offending property. */
    public String property() {
        return property;
    }

    /** The offending value as configured; empty when the property was empty. */
    public String value() {
        return value;
    }

    /** What is wrong with the value. */
    public String problem() {
        return problem;
    }
}
