package io.github.agieval.jmeter.kpi.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The run over time for the charts: one point per evaluation slot (a second) with samples,
 * failures, threads and response-time percentiles. Bounded: when it holds {@code maxPoints}
 * points, neighbours are merged pairwise (counts add up, maxima stay maxima, percentiles become
 * count-weighted means of the two, so merged points' percentiles are approximate).
 *
 * <p>Not thread-safe: used by the evaluating thread only; readers get a copy.
 */
public final class Timeline {

    /** One point: slot start and length in ms since the test start, samples and response times (ms). */
    public record Point(long startMs, long durationMs, long count, long errors, long threads, double p50, double p90,
            double p95, double p99, double max, double avg) {

        public double throughput() {
            return durationMs == 0 ? 0 : count * 1000.0 / durationMs;
        }
    }

    private final int maxPoints;
    private final List<Point> points = new ArrayList<>();

    Timeline(int maxPoints) {
        this.maxPoints = Math.max(2, maxPoints - maxPoints % 2);
    }

    void add(long startMs, long durationMs, Stats slot) {
        Metric.Field rt = Metric.Field.RESPONSE_TIME;
        boolean any = slot.count() > 0;
        points.add(new Point(startMs, durationMs, slot.count(), slot.errors(), slot.peakConcurrent(),
                any ? slot.percentile(rt, 50) : 0, any ? slot.percentile(rt, 90) : 0,
                any ? slot.percentile(rt, 95) : 0, any ? slot.percentile(rt, 99) : 0,
                any ? slot.max(rt) : 0, any ? slot.mean(rt) : 0));
        if (points.size() >= maxPoints) {
            List<Point> merged = new ArrayList<>(maxPoints / 2 + 1);
            for (int i = 0; i + 1 < points.size(); i += 2) {
                merged.add(merge(points.get(i), points.get(i + 1)));
            }
            if (points.size() % 2 == 1) {
                merged.add(points.get(points.size() - 1));
            }
            points.clear();
            points.addAll(merged);
        }
    }

    private static Point merge(Point a, Point b) {
        long n = a.count() + b.count();
        return new Point(a.startMs(), b.startMs() + b.durationMs() - a.startMs(), n, a.errors() + b.errors(),
                Math.max(a.threads(), b.threads()), weighted(a, b, a.p50(), b.p50()), weighted(a, b, a.p90(), b.p90()),
                weighted(a, b, a.p95(), b.p95()), weighted(a, b, a.p99(), b.p99()), Math.max(a.max(), b.max()),
                weighted(a, b, a.avg(), b.avg()));
    }

    private static double weighted(Point a, Point b, double va, double vb) {
        long n = a.count() + b.count();
        return n == 0 ? 0 : (va * a.count() + vb * b.count()) / n;
    }

    List<Point> points() {
        return List.copyOf(points);
    }
}
