package io.github.agieval.jmeter.kpi.engine;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * Aggregates of a set of samples in one scope: counts, exact sums, minima and maxima, and an
 * HdrHistogram (3 significant digits, auto-resizing: values below 2048 ms are exact, larger ones
 * within 0.1 %) per timing field; the first start and last end time; the highest
 * {@code allThreads} per engine; failures by type. Its size depends on the range of values,
 * never on the number of samples.
 *
 * <p>Not thread-safe: a {@link SampleRecorder} stripe guards its instances with the stripe's
 * lock; the engine's instances are used by the evaluating thread only.
 */
public final class Stats {

    /** At most this many distinct failure types are kept; the rest are counted as {@link #OTHER_ERRORS}. */
    static final int MAX_ERROR_TYPES = 50;
    static final String OTHER_ERRORS = "(other failure types)";
    static final int FIELDS = Metric.Field.values().length;

    private final Histogram[] histograms = new Histogram[FIELDS];
    private final long[] sums = new long[FIELDS];
    private final long[] mins = new long[FIELDS];
    private final long[] maxs = new long[FIELDS];
    private final boolean allFields;
    private long count;
    private long subSamples;
    private long errors;
    private long firstStart;
    private long lastEnd;
    private long peakConcurrent;
    private final Map<String, long[]> threadsByEngine = new HashMap<>(4);
    private final Map<String, long[]> errorTypes = new LinkedHashMap<>();

    /** @param allFields whether latency and connect time are tracked too (response time always is) */
    Stats(boolean allFields) {
        this.allFields = allFields;
        for (int f = 0; f < FIELDS; f++) {
            if (f == 0 || allFields) {
                histograms[f] = new Histogram(3);
            }
        }
        reset();
    }

    public boolean allFields() {
        return allFields;
    }

    void record(long start, long end, long elapsed, long latency, long connect, boolean ok, String errorType,
            String engine, int allThreads, int subs) {
        count++;
        subSamples += subs;
        recordField(0, elapsed);
        if (allFields) {
            recordField(1, latency);
            recordField(2, connect);
        }
        if (start < firstStart) {
            firstStart = start;
        }
        if (end > lastEnd) {
            lastEnd = end;
        }
        if (!ok) {
            errors++;
            countError(errorType, 1);
        }
        long[] threads = threadsByEngine.get(engine);
        if (threads == null) {
            threadsByEngine.put(engine, new long[] {allThreads});
        } else if (allThreads > threads[0]) {
            threads[0] = allThreads;
        }
    }

    private void recordField(int f, long value) {
        long v = Math.max(0, value);
        histograms[f].recordValue(v);
        sums[f] += v;
        if (v < mins[f]) {
            mins[f] = v;
        }
        if (v > maxs[f]) {
            maxs[f] = v;
        }
    }

    private void countError(String type, long n) {
        String key = type == null ? "" : type;
        long[] c = errorTypes.get(key);
        if (c == null) {
            if (errorTypes.size() >= MAX_ERROR_TYPES && !key.equals(OTHER_ERRORS)) {
                countError(OTHER_ERRORS, n);
                return;
            }
            errorTypes.put(key, new long[] {n});
        } else {
            c[0] += n;
        }
    }

    /** Adds {@code other}'s samples to these. */
    void add(Stats other) {
        if (other.count == 0) {
            peakConcurrent = Math.max(peakConcurrent, other.peakConcurrent);
            return;
        }
        count += other.count;
        subSamples += other.subSamples;
        errors += other.errors;
        for (int f = 0; f < FIELDS; f++) {
            if (histograms[f] != null && other.histograms[f] != null) {
                histograms[f].add(other.histograms[f]);
                sums[f] += other.sums[f];
                mins[f] = Math.min(mins[f], other.mins[f]);
                maxs[f] = Math.max(maxs[f], other.maxs[f]);
            }
        }
        firstStart = Math.min(firstStart, other.firstStart);
        lastEnd = Math.max(lastEnd, other.lastEnd);
        peakConcurrent = Math.max(peakConcurrent, other.peakConcurrent);
        for (Map.Entry<String, long[]> e : other.threadsByEngine.entrySet()) {
            long[] mine = threadsByEngine.get(e.getKey());
            if (mine == null) {
                threadsByEngine.put(e.getKey(), new long[] {e.getValue()[0]});
            } else {
                mine[0] = Math.max(mine[0], e.getValue()[0]);
            }
        }
        for (Map.Entry<String, long[]> e : other.errorTypes.entrySet()) {
            countError(e.getKey(), e.getValue()[0]);
        }
    }

    /**
     * Marks these stats as one time slot: the threads active at once in the slot are the sum, over
     * engines, of each engine's highest {@code allThreads} in it.
     */
    void closeSlot() {
        long sum = 0;
        for (long[] t : threadsByEngine.values()) {
            sum += t[0];
        }
        peakConcurrent = Math.max(peakConcurrent, sum);
    }

    void reset() {
        for (int f = 0; f < FIELDS; f++) {
            if (histograms[f] != null) {
                histograms[f].reset();
            }
            sums[f] = 0;
            mins[f] = Long.MAX_VALUE;
            maxs[f] = Long.MIN_VALUE;
        }
        count = 0;
        subSamples = 0;
        errors = 0;
        firstStart = Long.MAX_VALUE;
        lastEnd = Long.MIN_VALUE;
        peakConcurrent = 0;
        threadsByEngine.clear();
        errorTypes.clear();
    }

    public long count() {
        return count;
    }

    public long errors() {
        return errors;
    }

    /** Sub-results (at any depth) of these samples: each is a JTL row of its own when sub-results are saved. */
    public long subSamples() {
        return subSamples;
    }

    long firstStart() {
        return firstStart;
    }

    long lastEnd() {
        return lastEnd;
    }

    public long peakConcurrent() {
        return peakConcurrent;
    }

    public Map<String, Long> peakThreadsByEngine() {
        Map<String, Long> out = new LinkedHashMap<>();
        threadsByEngine.forEach((k, v) -> out.put(k, v[0]));
        return out;
    }

    /** Failure types (response code and message) by count, most frequent first. */
    public Map<String, Long> errorTypes() {
        Map<String, Long> out = new LinkedHashMap<>();
        errorTypes.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> out.put(e.getKey(), e.getValue()[0]));
        return Collections.unmodifiableMap(out);
    }

    public boolean tracks(Metric.Field field) {
        return histograms[field.ordinal()] != null;
    }

    /** The value at {@code percentile} (nearest rank: the ceil(p/100 * n)-th smallest), or {@code null}. */
    public Long percentile(Metric.Field field, double percentile) {
        Histogram h = histograms[field.ordinal()];
        if (count == 0 || h == null) {
            return null;
        }
        return h.getValueAtPercentile(percentile);
    }

    public Double mean(Metric.Field field) {
        if (count == 0 || histograms[field.ordinal()] == null) {
            return null;
        }
        return (double) sums[field.ordinal()] / count;
    }

    public Long min(Metric.Field field) {
        return count == 0 || histograms[field.ordinal()] == null ? null : mins[field.ordinal()];
    }

    public Long max(Metric.Field field) {
        return count == 0 || histograms[field.ordinal()] == null ? null : maxs[field.ordinal()];
    }

    public Double errorRate() {
        return count == 0 ? null : (double) errors / count;
    }

    /** Samples per second between the first sample's start and the last one's end. */
    public double throughput() {
        if (count == 0) {
            return 0;
        }
        long span = Math.max(1, lastEnd - firstStart);
        return count * 1000.0 / span;
    }

    /**
     * The value of {@code metric} over these samples, or {@code null} when there are none to compute
     * it from. {@code seconds} is the length the throughput is over; negative = the samples' own span.
     */
    Double value(Metric metric, double seconds) {
        switch (metric.kind()) {
            case PERCENTILE: {
                Long v = percentile(metric.field(), metric.percentile());
                return v == null ? null : v.doubleValue();
            }
            case AVG:
                return mean(metric.field());
            case MIN: {
                Long v = min(metric.field());
                return v == null ? null : v.doubleValue();
            }
            case MAX: {
                Long v = max(metric.field());
                return v == null ? null : v.doubleValue();
            }
            case ERROR_RATE:
                return errorRate();
            case AVAILABILITY:
                return count == 0 ? null : 1.0 - (double) errors / count;
            case THROUGHPUT:
                if (seconds < 0) {
                    return throughput();
                }
                return seconds == 0 ? null : count / seconds;
            case COUNT:
                return (double) count;
            case ERRORS:
                return (double) errors;
            case PEAK_THREADS:
                return count == 0 ? null : (double) peakConcurrent;
            default:
                return null;
        }
    }
}
