package io.github.agieval.jmeter.prometheus;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Bounds the number of distinct values of one dynamic label (sample labels, response codes): the
 * first {@code max} values get a series of their own, every further value is counted under
 * {@link #OVERFLOW}, so that a plan whose labels carry ids cannot grow the exporter (and
 * Prometheus) without limit. The first overflow is reported once through {@code onOverflow}.
 *
 * <p>Threading: safe for concurrent use by the sampler threads. Known values are a lock-free
 * look-up; admitting a new value, and every value beyond the cap, takes this object's lock.
 *
 * @param <T> what each admitted value maps to (e.g. the metrics' data points of one label)
 */
final class LabelCap<T> {

    /** The label value that stands for every value beyond the cap. */
    static final String OVERFLOW = "_other_";

    private final int max;
    private final Map<String, T> admitted = new ConcurrentHashMap<>();
    private final Function<String, T> create;
    private final OverflowListener onOverflow;
    private T overflow; // guarded by this

    /** Told once, with the first value refused. */
    @FunctionalInterface
    interface OverflowListener {
        void overflowed(String firstRefused, int max);
    }

    LabelCap(int max, Function<String, T> create, OverflowListener onOverflow) {
        this.max = max;
        this.create = create;
        this.onOverflow = onOverflow;
    }

    /** What {@code value} maps to: its own entry while the cap allows, else the overflow entry. */
    T get(String value) {
        T t = admitted.get(value);
        return t != null ? t : admit(value);
    }

    private synchronized T admit(String value) {
        T t = admitted.get(value);
        if (t != null) {
            return t;
        }
        if (admitted.size() < max) {
            t = create.apply(value);
            admitted.put(value, t);
            return t;
        }
        if (overflow == null) {
            onOverflow.overflowed(value, max);
            overflow = create.apply(OVERFLOW);
        }
        return overflow;
    }

    /** How many distinct values have their own entry. */
    int size() {
        return admitted.size();
    }
}
