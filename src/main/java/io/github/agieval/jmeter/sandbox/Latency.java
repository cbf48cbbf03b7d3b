package io.github.agieval.jmeter.sandbox;

import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * A distribution of added response latency, written as a short spec: {@code none},
 * {@code fixed:MS}, {@code uniform:MIN,MAX}, {@code normal:MEAN,STDDEV},
 * {@code exponential:MEAN} (all in milliseconds). Samples are clamped to 0..{@value #MAX_MS} ms.
 *
 * <p>Immutable and thread-safe: {@link #sampleMillis(Random)} uses the caller's random source
 * (the transport passes {@link java.util.concurrent.ThreadLocalRandom#current()}).
 */
public final class Latency {

    /** Upper bound of one injected delay, so a typo cannot park a response for hours. */
    public static final long MAX_MS = 120_000;

    /** No added latency. */
    public static final Latency NONE = new Latency(Kind.NONE, 0, 0);

    enum Kind { NONE, FIXED, UNIFORM, NORMAL, EXPONENTIAL }

    private final Kind kind;
    private final double a;
    private final double b;

    private Latency(Kind kind, double a, double b) {
        this.kind = kind;
        this.a = a;
        this.b = b;
    }

    public static Latency fixed(long ms) {
        return parse("fixed:" + ms);
    }

    public static Latency uniform(long minMs, long maxMs) {
        return parse("uniform:" + minMs + "," + maxMs);
    }

    public static Latency normal(double meanMs, double stddevMs) {
        return parse("normal:" + meanMs + "," + stddevMs);
    }

    public static Latency exponential(double meanMs) {
        return parse("exponential:" + meanMs);
    }

    /**
     * Parses a spec such as {@code normal:100,20}.
     *
     * @throws IllegalArgumentException naming the bad spec and what is expected
     */
    public static Latency parse(String spec) {
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("none")) {
            return NONE;
        }
        String s = spec.trim().toLowerCase(Locale.ROOT);
        int colon = s.indexOf(':');
        String name = colon < 0 ? s : s.substring(0, colon);
        String[] params = colon < 0 ? new String[0] : s.substring(colon + 1).split("[,\\s]+");
        try {
            switch (name) {
                case "fixed":
                    expect(spec, params, 1);
                    return new Latency(Kind.FIXED, nonNegative(spec, params[0]), 0);
                case "uniform":
                    expect(spec, params, 2);
                    double min = nonNegative(spec, params[0]);
                    double max = nonNegative(spec, params[1]);
                    if (max < min) {
                        throw bad(spec, "uniform needs MIN <= MAX");
                    }
                    return new Latency(Kind.UNIFORM, min, max);
                case "normal":
                    expect(spec, params, 2);
                    return new Latency(Kind.NORMAL, nonNegative(spec, params[0]), nonNegative(spec, params[1]));
                case "exponential":
                    expect(spec, params, 1);
                    return new Latency(Kind.EXPONENTIAL, nonNegative(spec, params[0]), 0);
                default:
                    throw bad(spec, "unknown distribution '" + name + "'");
            }
        } catch (NumberFormatException e) {
            throw bad(spec, "parameters must be numbers of milliseconds");
        }
    }

    private static void expect(String spec, String[] params, int n) {
        if (params.length != n || (n > 0 && params[0].isEmpty())) {
            throw bad(spec, "expected " + n + " parameter(s)");
        }
    }

    private static double nonNegative(String spec, String p) {
        double v = Double.parseDouble(p);
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw bad(spec, "parameters must be >= 0, got " + p);
        }
        return v;
    }

    private static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("bad latency '" + spec + "': " + why
                + " (use none, fixed:MS, uniform:MIN,MAX, normal:MEAN,STDDEV or exponential:MEAN)");
    }

    /** Whether this adds any delay at all. */
    public boolean isNone() {
        return kind == Kind.NONE || (kind == Kind.FIXED && a == 0) || (kind == Kind.UNIFORM && b == 0)
                || (kind == Kind.NORMAL && a == 0 && b == 0) || (kind == Kind.EXPONENTIAL && a == 0);
    }

    /** One delay in milliseconds drawn from this distribution. */
    public long sampleMillis(Random random) {
        double v;
        switch (kind) {
            case FIXED:
                v = a;
                break;
            case UNIFORM:
                v = a + (b - a) * random.nextDouble();
                break;
            case NORMAL:
                v = a + b * random.nextGaussian();
                break;
            case EXPONENTIAL:
                v = -a * Math.log(1 - random.nextDouble());
                break;
            default:
                return 0;
        }
        return Math.max(0, Math.min(MAX_MS, Math.round(v)));
    }

    /** The spec text, which {@link #parse(String)} reads back to an equal value. */
    @Override
    public String toString() {
        switch (kind) {
            case FIXED:
                return "fixed:" + num(a);
            case UNIFORM:
                return "uniform:" + num(a) + "," + num(b);
            case NORMAL:
                return "normal:" + num(a) + "," + num(b);
            case EXPONENTIAL:
                return "exponential:" + num(a);
            default:
                return "none";
        }
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Latency l && l.kind == kind && l.a == a && l.b == b;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, a, b);
    }
}
