package io.github.agieval.jmeter.kpi.engine;

import java.util.Locale;

import io.github.agieval.jmeter.resources.ResourceQuery;

/**
 * What a KPI measures: a statistic of one field (response time, latency, connect time, or the
 * poll count of the Job Polling Controller's job samples), or a count, rate or throughput of the samples in its scope, or a metric the load generator
 * cannot see (the server's CPU, memory, database connections), which is reported "not measured"
 * unless a Prometheus source measures it ({@link Kind#RESOURCE}: {@code unmeasuredName} is then the
 * server-side metric's name and {@code resourceQuery} its own PromQL, or {@code null} for the
 * source's default query).
 *
 * <p>Immutable; safe to share between threads.
 */
public record Metric(Kind kind, Field field, double percentile, String unmeasuredName, ResourceQuery resourceQuery) {

    public Metric(Kind kind, Field field, double percentile, String unmeasuredName) {
        this(kind, field, percentile, unmeasuredName, null);
    }

    /** The field a statistic is computed from. */
    public enum Field {
        RESPONSE_TIME("response time", ""),
        LATENCY("latency", "latency."),
        CONNECT("connect time", "connect."),
        /**
         * Polls per job, of job samples only: the Job Polling Controller's sample of a finished job,
         * whose response message ends with {@code " (polls=N)"} (or, live, whose JSON body holds
         * {@code "polls": N}). A count, not a time; other samples have none.
         */
        POLLS("polls per job", "polls.");

        private final String description;
        private final String prefix;

        Field(String description, String prefix) {
            this.description = description;
            this.prefix = prefix;
        }

        public String description() {
            return description;
        }

        /** The prefix of this field in the line syntax ({@code latency.p(95)}); empty for response time. */
        public String prefix() {
            return prefix;
        }
    }

    /** The statistic. */
    public enum Kind {
        PERCENTILE(Unit.MILLISECONDS, true),
        AVG(Unit.MILLISECONDS, true),
        MIN(Unit.MILLISECONDS, true),
        MAX(Unit.MILLISECONDS, true),
        /** Failed samples / samples (0..1), k6's {@code rate}. */
        ERROR_RATE(Unit.RATIO, false),
        /** Successful samples / samples (0..1). */
        AVAILABILITY(Unit.RATIO, false),
        /** Samples per second. */
        THROUGHPUT(Unit.PER_SECOND, false),
        /** Number of samples. */
        COUNT(Unit.NONE, false),
        /** Number of failed samples. */
        ERRORS(Unit.NONE, false),
        /** Highest number of threads active at once, summed over all engines. */
        PEAK_THREADS(Unit.NONE, false),
        /**
         * Time from the end of the spike stage until every KPI holds again (see the stage-by-stage
         * verdicts); a value of the run, not of a scope's samples.
         */
        RECOVERY(Unit.MILLISECONDS, false),
        /** A metric the load generator cannot measure (server CPU, memory...). */
        NOT_MEASURED(Unit.RATIO, false),
        /**
         * A server-side metric (CPU, memory, database connections) from PromQL queries sampled through
         * the run: the average of the values (a fraction, 0.7 = 70 %), or of the worst window.
         */
        RESOURCE(Unit.RATIO, false);

        private final Unit unit;
        private final boolean timing;

        Kind(Unit unit, boolean timing) {
            this.unit = unit;
            this.timing = timing;
        }

        public Unit unit() {
            return unit;
        }

        public boolean isTiming() {
            return timing;
        }
    }

    /** The base unit a metric's values and thresholds are held in. */
    public enum Unit {
        MILLISECONDS("ms"),
        RATIO(""),
        PER_SECOND("/s"),
        NONE("");

        private final String symbol;

        Unit(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public static Metric percentile(Field field, double p) {
        return new Metric(Kind.PERCENTILE, field, p, null);
    }

    public static Metric timing(Kind kind, Field field) {
        return new Metric(kind, field, 0, null);
    }

    public static Metric of(Kind kind) {
        return new Metric(kind, Field.RESPONSE_TIME, 0, null);
    }

    public static Metric notMeasured(String name) {
        return new Metric(Kind.NOT_MEASURED, Field.RESPONSE_TIME, 0, name);
    }

    /**
     * A server-side metric judged from Prometheus: {@code name} such as {@code cpu_utilization},
     * {@code query} its own PromQL or {@code null} for the source's default.
     */
    public static Metric resource(String name, ResourceQuery query) {
        return new Metric(Kind.RESOURCE, Field.RESPONSE_TIME, 0, name, query);
    }

    /** A resource metric's own queries in the line syntax ({@code  query=`...` pool_query=`...`}), or "". */
    public String queryExpression() {
        if (resourceQuery == null) {
            return "";
        }
        return " query=`" + resourceQuery.query() + "`"
                + (resourceQuery.ratio() ? " pool_query=`" + resourceQuery.poolQuery() + "`" : "");
    }

    /** Whether this is a server-side metric (measured from Prometheus or not measured at all). */
    public boolean serverSide() {
        return kind == Kind.RESOURCE || kind == Kind.NOT_MEASURED;
    }

    /** The unit of this metric's values: a statistic of {@link Field#POLLS} is a count, of the others a time. */
    public Unit unit() {
        return field == Field.POLLS && kind.isTiming() ? Unit.NONE : kind.unit();
    }

    /** Whether a value of this metric can only grow while a run goes on (judged at the end only). */
    public boolean growsDuringRun() {
        return kind == Kind.COUNT || kind == Kind.ERRORS || kind == Kind.PEAK_THREADS;
    }

    /** The metric in the line syntax, e.g. {@code p(95)}, {@code latency.avg}, {@code rate}. */
    public String expression() {
        switch (kind) {
            case PERCENTILE:
                return field.prefix() + "p(" + formatNumber(percentile) + ")";
            case AVG:
            case MIN:
            case MAX:
                return field.prefix() + kind.name().toLowerCase(Locale.ROOT);
            case ERROR_RATE:
                return "rate";
            case AVAILABILITY:
                return "availability";
            case THROUGHPUT:
                return "rps";
            case COUNT:
                return "count";
            case ERRORS:
                return "errors";
            case PEAK_THREADS:
                return "threads";
            case RECOVERY:
                return "recovery";
            default:
                return unmeasuredName;
        }
    }

    /** A human description, e.g. "95th percentile of response time". */
    public String describe() {
        switch (kind) {
            case PERCENTILE:
                return ordinal(percentile) + " percentile of " + field.description();
            case AVG:
                return "average " + field.description();
            case MIN:
                return "minimum " + field.description();
            case MAX:
                return "maximum " + field.description();
            case ERROR_RATE:
                return "error rate";
            case AVAILABILITY:
                return "availability";
            case THROUGHPUT:
                return "throughput";
            case COUNT:
                return "sample count";
            case ERRORS:
                return "failed samples";
            case PEAK_THREADS:
                return "peak concurrent threads";
            case RESOURCE:
                return unmeasuredName + " from Prometheus"
                        + (resourceQuery == null ? "" : " (" + resourceQuery.describe() + ")");
            case RECOVERY:
                return "recovery time after the spike";
            default:
                return unmeasuredName + " (not measured by the load generator)";
        }
    }

    static String ordinal(double p) {
        String n = formatNumber(p);
        if (n.contains(".")) {
            return n + "th";
        }
        long v = Long.parseLong(n);
        long mod100 = v % 100;
        if (mod100 >= 11 && mod100 <= 13) {
            return n + "th";
        }
        switch ((int) (v % 10)) {
            case 1:
                return n + "st";
            case 2:
                return n + "nd";
            case 3:
                return n + "rd";
            default:
                return n + "th";
        }
    }

    /** A number without a useless ".0". */
    public static String formatNumber(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.6f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
