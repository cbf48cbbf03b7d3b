package io.github.agieval.jmeter.resources;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * The values of one resource KPI's query through a run: what the KPI is judged on, and a bounded
 * series for the reports' charts.
 *
 * <p>Judging follows KPI Assertions' rules. A value taken before the grace period ended is charted
 * but not judged. Over the whole run, the KPI's value is the <b>average</b> of the judged values
 * (the seed's "Average CPU usage"). Over a window of {@code W} seconds, it is the average of the
 * values taken in every sliding {@code W}-second span once the judged part of the run is at least
 * {@code W} long; the observed value is the worst span's (highest when lower is better). Before a
 * full window, the average of what there is, said so.
 *
 * <p>Memory is bounded: the chart keeps at most {@code maxPoints} points (neighbours are merged into
 * their average when full) and the window keeps the values of one window.
 *
 * <p>Threading: written by the resource sampler's thread, read by the KPI evaluator and the report
 * writer; every method is synchronized, none calls out.
 */
public final class ResourceTrack {

    /** A chart point: ms since the test start (the first of merged values) and the value. */
    public record Point(long tMs, double value) {
    }

    /** What the reports show of a track: its name, query, chart points and failed queries. */
    public record Series(String name, String query, List<Point> points, long failures) {
    }

    /** The judged value ({@code null}: no value yet) and how it came about. */
    public record Judged(Double value, String detail, boolean fullWindow) {
    }

    private final String name;
    private final ResourceQuery query;
    private final long graceMs;
    private final long windowMs;
    private final boolean lowerIsBetter;
    private final int maxPoints;

    private final List<Point> points = new ArrayList<>();
    private final List<Integer> weights = new ArrayList<>();
    private final Deque<Point> window = new ArrayDeque<>();
    private double sum;
    private long count;
    private long charted;
    private Double last;
    private Double worst;
    private long worstEndMs;
    private int worstCount;
    private long failures;
    private String lastProblem;

    /**
     * @param windowMs the KPI's window in ms, 0 for a whole-run KPI
     * @param lowerIsBetter whether smaller values are better (a {@code <} KPI): the worst window is the highest
     */
    public ResourceTrack(String name, ResourceQuery query, long graceMs, long windowMs, boolean lowerIsBetter,
            int maxPoints) {
        this.name = name;
        this.query = query;
        this.graceMs = graceMs;
        this.windowMs = windowMs;
        this.lowerIsBetter = lowerIsBetter;
        this.maxPoints = Math.max(2, maxPoints - maxPoints % 2);
    }

    public String name() {
        return name;
    }

    public ResourceQuery query() {
        return query;
    }

    /** A value taken {@code tMs} after the test start. */
    public synchronized void add(long tMs, double value) {
        last = value;
        charted++;
        chart(tMs, value);
        if (tMs < graceMs) {
            return;
        }
        sum += value;
        count++;
        if (windowMs > 0) {
            window.addLast(new Point(tMs, value));
            while (!window.isEmpty() && window.peekFirst().tMs() <= tMs - windowMs) {
                window.removeFirst();
            }
            if (tMs - graceMs >= windowMs) {
                double avg = average(window);
                if (worst == null || (lowerIsBetter ? avg > worst : avg < worst)) {
                    worst = avg;
                    worstEndMs = tMs;
                    worstCount = window.size();
                }
            }
        }
    }

    /** A query that failed {@code tMs} after the start: not judged, counted and reported. */
    public synchronized void failed(String problem) {
        failures++;
        lastProblem = problem;
    }

    private void chart(long tMs, double value) {
        points.add(new Point(tMs, value));
        weights.add(1);
        if (points.size() >= maxPoints) {
            List<Point> merged = new ArrayList<>(maxPoints / 2 + 1);
            List<Integer> w = new ArrayList<>(maxPoints / 2 + 1);
            for (int i = 0; i + 1 < points.size(); i += 2) {
                int wa = weights.get(i);
                int wb = weights.get(i + 1);
                merged.add(new Point(points.get(i).tMs(),
                        (points.get(i).value() * wa + points.get(i + 1).value() * wb) / (wa + wb)));
                w.add(wa + wb);
            }
            if (points.size() % 2 == 1) {
                merged.add(points.get(points.size() - 1));
                w.add(weights.get(weights.size() - 1));
            }
            points.clear();
            points.addAll(merged);
            weights.clear();
            weights.addAll(w);
        }
    }

    private static double average(Deque<Point> values) {
        double s = 0;
        for (Point p : values) {
            s += p.value();
        }
        return s / values.size();
    }

    /** The value the KPI is judged on now. */
    public synchronized Judged judged() {
        String failed = failures == 0 ? "" : "; " + failures + " queries failed (last: " + lastProblem + ")";
        if (windowMs <= 0) {
            if (count == 0) {
                return new Judged(null, "no value" + (charted > 0 ? " after the grace period" : "") + failed, false);
            }
            return new Judged(sum / count, "average of " + count + " values of " + query.describe()
                    + (graceMs > 0 ? " after a grace period of " + graceMs / 1000 + "s" : "") + failed, true);
        }
        String w = windowMs / 1000 + "s";
        if (worst != null) {
            return new Judged(worst, "worst " + w + " window ended at " + seconds(worstEndMs) + " (average of "
                    + worstCount + " values of " + query.describe() + ")" + failed, true);
        }
        if (window.isEmpty()) {
            return new Judged(null, "no value" + failed, false);
        }
        return new Judged(average(window), "no full " + w + " window yet: average of " + window.size()
                + " values of " + query.describe() + failed, false);
    }

    /** The newest value (charted or judged), or {@code null}. */
    public synchronized Double last() {
        return last;
    }

    /** How many queries failed during the run. */
    public synchronized long failures() {
        return failures;
    }

    /** A copy of what the reports show. */
    public synchronized Series series() {
        return new Series(name, query.describe(), List.copyOf(points), failures);
    }

    /** The chart series (a copy). */
    public synchronized List<Point> points() {
        return List.copyOf(points);
    }

    private static String seconds(long ms) {
        String s = String.format(Locale.ROOT, "%.1f", ms / 1000.0);
        return (s.endsWith(".0") ? s.substring(0, s.length() - 2) : s) + "s";
    }
}
