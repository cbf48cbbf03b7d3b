package io.github.agieval.jmeter.threads;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.jmeter.threads.openmodel.EvenArrivalsRamp;
import org.apache.jmeter.threads.openmodel.PoissonArrivalsRamp;
import org.apache.jmeter.threads.openmodel.ThreadSchedule;
import org.apache.jmeter.threads.openmodel.ThreadScheduleStep;
import org.apache.jmeter.threads.openmodel.ThreadScheduleUtils;

/**
 * The arrival schedule of an {@link ArrivalRateThreadGroup}, in the schedule language of JMeter's
 * Open Model Thread Group ({@code rate(40/sec) random_arrivals(1 min) rate(0) pause(5 s)}).
 *
 * <p>The text is parsed by JMeter's own public parser ({@code ThreadScheduleUtils.ThreadSchedule},
 * JMeter 5.5+), so the syntax, the error messages and the meaning are exactly those of the stock
 * group; this class turns the parsed steps into segments (begin rate, end rate, duration, even or
 * random) and the segments into arrival moments with JMeter's public
 * {@link EvenArrivalsRamp} and {@link PoissonArrivalsRamp}: a {@code rate(..)} sets the rate at
 * the start of the next arrivals step, and a {@code rate(..)} right after an arrivals step is the
 * rate at its end (a linear ramp); otherwise the rate holds.
 *
 * <p>Immutable and thread-safe; each {@link #arrivals} iterator belongs to one thread.
 */
public final class ArrivalSchedule {

    /** One arrivals step: the rate goes linearly from {@code beginRate} to {@code endRate} (per second). */
    record Segment(double beginRate, double endRate, double durationS, boolean random) {
        /** Arrivals the segment makes (the whole part of the mean, as the stock group does). */
        long expectedArrivals() {
            return (long) ((beginRate + endRate) / 2 * durationS);
        }
    }

    private final String text;
    private final List<Segment> segments;
    private final double totalS;

    private ArrivalSchedule(String text, List<Segment> segments) {
        this.text = text;
        this.segments = List.copyOf(segments);
        this.totalS = segments.stream().mapToDouble(Segment::durationS).sum();
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException with the parser's message (position and the text around it)
     */
    public static ArrivalSchedule parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the schedule is empty (e.g. rate(40/sec) random_arrivals(1 min))");
        }
        ThreadSchedule parsed;
        try {
            parsed = ThreadScheduleUtils.ThreadSchedule(text);
        } catch (Exception e) { // ParserException, TokenizerException (checked in Kotlin's eyes)
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        List<ThreadScheduleStep> steps = parsed.getSteps();
        List<Segment> segments = new ArrayList<>();
        double rate = 0;
        for (int i = 0; i < steps.size(); i++) {
            ThreadScheduleStep step = steps.get(i);
            if (step instanceof ThreadScheduleStep.RateStep r) {
                rate = r.getRate();
            } else if (step instanceof ThreadScheduleStep.ArrivalsStep a) {
                double end = i + 1 < steps.size() && steps.get(i + 1) instanceof ThreadScheduleStep.RateStep r
                        ? r.getRate() : rate;
                segments.add(new Segment(rate, end, a.getDuration(),
                        a.getType() == ThreadScheduleStep.ArrivalType.RANDOM));
            }
        }
        if (segments.stream().anyMatch(s -> s.beginRate() < 0 || s.endRate() < 0)) {
            throw new IllegalArgumentException("a rate is negative in '" + text + "'");
        }
        return new ArrivalSchedule(text, segments);
    }

    /** The schedule's whole length in milliseconds (arrivals and pauses). */
    public long totalDurationMs() {
        return Math.round(totalS * 1000);
    }

    /** How many arrivals the schedule makes. */
    public long expectedArrivals() {
        return segments.stream().mapToLong(Segment::expectedArrivals).sum();
    }

    /** The highest rate anywhere in the schedule, per second. */
    public double peakRate() {
        return segments.stream().mapToDouble(s -> Math.max(s.beginRate(), s.endRate())).max().orElse(0);
    }

    List<Segment> segments() {
        return segments;
    }

    /** The arrival moments in seconds from the start, ascending; {@code random} draws the random ones. */
    public Arrivals arrivals(Random random) {
        return new Arrivals(random);
    }

    @Override
    public String toString() {
        return text.strip();
    }

    /** Iterates the arrival moments, segment after segment. Not thread-safe. */
    public final class Arrivals {
        private final Random random;
        private final EvenArrivalsRamp even = new EvenArrivalsRamp();
        private final PoissonArrivalsRamp poisson = new PoissonArrivalsRamp();
        private java.util.PrimitiveIterator.OfDouble current;
        private int next;
        private double offsetS;
        private double currentDurationS;

        private Arrivals(Random random) {
            this.random = random;
        }

        /** Whether another arrival comes. */
        public boolean hasNext() {
            while (current == null || !current.hasNext()) {
                if (current != null) {
                    offsetS += currentDurationS;
                }
                if (next == segments.size()) {
                    current = null;
                    return false;
                }
                Segment s = segments.get(next++);
                currentDurationS = s.durationS();
                if (s.random()) {
                    poisson.prepare(s.beginRate(), s.endRate(), s.durationS(), random);
                    current = poisson;
                } else {
                    even.prepare(s.beginRate(), s.endRate(), s.durationS());
                    current = even;
                }
            }
            return true;
        }

        /** The next arrival, in seconds from the start; call {@link #hasNext()} first. */
        public double nextSeconds() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException("no more arrivals");
            }
            return offsetS + current.nextDouble();
        }
    }
}
