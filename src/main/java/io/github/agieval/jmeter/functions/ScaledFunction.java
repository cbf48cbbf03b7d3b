package io.github.agieval.jmeter.functions;

import io.github.agieval.jmeter.common.JMeterVersionCheck;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.List;
import org.apache.jmeter.engine.util.CompoundVariable;
import org.apache.jmeter.functions.AbstractFunction;
import org.apache.jmeter.functions.InvalidVariableException;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.samplers.Sampler;
import org.apache.jmeter.util.JMeterUtils;

/**
 * {@code ${__scaled(VALUE[,MIN[,FACTOR_PROPERTY]])}}: {@code VALUE} multiplied by the time scale,
 * for the stock elements of a plan (timers, the stock Thread Group's duration, the Open Model
 * Thread Group's schedule, KPI thresholds of job times) that do not read {@code TIME_SCALE}
 * themselves.
 *
 * <ul>
 * <li>{@code VALUE}: a number in the field's own unit (milliseconds for a timer, seconds for a
 * Thread Group's duration); it may use JMeter's functions, e.g. {@code ${__P(POLL_INTERVAL_MS,5000)}}.</li>
 * <li>{@code MIN}: the smallest result (default {@code 1} for a whole-number result, {@code 0} for
 * one with decimals): HTTP and scheduling overheads do not shrink with the scale.</li>
 * <li>{@code FACTOR_PROPERTY}: the JMeter property holding the factor (default {@code TIME_SCALE});
 * a missing or empty property means 1.</li>
 * </ul>
 * The result is rounded to a whole number, unless {@code VALUE} is written with decimals
 * ({@code 2.0}): then it keeps up to three decimals (arrival rates, the Open Model Thread Group's
 * durations in seconds). Bad input (a value or factor
 * that is not a non-negative number) fails with a message naming the function and the value,
 * never an empty string that an element would read as its default.
 *
 * <p>Threading: JMeter clones functions per use; the parameters are set once, then only read.
 */
public class ScaledFunction extends AbstractFunction {

    /** The function's name in a plan. */
    public static final String KEY = "__scaled";
    /** The property read by default. */
    public static final String TIME_SCALE = "TIME_SCALE";

    private static final List<String> DESCRIPTION = List.of(
            "Value (a number in the field's unit)",
            "Smallest result (default 1)",
            "Property holding the factor (default TIME_SCALE)");

    static {
        // JMeter loads every function class at start: the first place to say the JMeter version is wrong
        JMeterVersionCheck.atLoad();
    }

    private CompoundVariable[] values;

    @Override
    public String execute(SampleResult previousResult, Sampler currentSampler) {
        String value = values[0].execute().trim();
        String min = values.length > 1 ? values[1].execute().trim() : "";
        String factorProperty = values.length > 2 ? values[2].execute().trim() : "";
        if (factorProperty.isEmpty()) {
            factorProperty = TIME_SCALE;
        }
        return scale(value, min, factorProperty, JMeterUtils.getPropDefault(factorProperty, ""));
    }

    /** {@code value} x {@code factor}, at least {@code min}, written as described in the class comment. */
    static String scale(String value, String min, String factorProperty, String factor) {
        BigDecimal v = number(value, "value");
        BigDecimal f = factor == null || factor.isBlank() ? BigDecimal.ONE : number(factor.trim(),
                "property " + factorProperty);
        boolean decimals = value.contains(".");
        BigDecimal floor = min.isEmpty() ? (decimals ? BigDecimal.ZERO : BigDecimal.ONE) : number(min, "minimum");
        BigDecimal result = v.multiply(f).max(floor);
        BigDecimal rounded = result.setScale(decimals ? 3 : 0, RoundingMode.HALF_UP);
        return decimals ? rounded.stripTrailingZeros().toPlainString() : rounded.toPlainString();
    }

    private static BigDecimal number(String text, String what) {
        try {
            BigDecimal d = new BigDecimal(text);
            if (d.signum() >= 0) {
                return d;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(KEY + ": " + what + " = '" + text + "': must be a number >= 0");
    }

    @Override
    public void setParameters(Collection<CompoundVariable> parameters) throws InvalidVariableException {
        checkParameterCount(parameters, 1, 3);
        values = parameters.toArray(new CompoundVariable[0]);
    }

    @Override
    public String getReferenceKey() {
        return KEY;
    }

    @Override
    public List<String> getArgumentDesc() {
        return DESCRIPTION;
    }
}
