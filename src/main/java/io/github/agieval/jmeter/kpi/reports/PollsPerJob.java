package io.github.agieval.jmeter.kpi.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.agieval.jmeter.kpi.engine.KpiRun;
import io.github.agieval.jmeter.kpi.engine.Metric;
import io.github.agieval.jmeter.kpi.engine.Stats;

/**
 * The "polls per job" figures every report shows: one row per label that has job samples (the Job
 * Polling Controller's, {@link Metric.Field#POLLS}), in the run's label order. A run without job
 * samples has no rows, and the reports then show no such section. Stateless.
 */
final class PollsPerJob {

    /** One job label's poll counts: its job samples and their average, median, 95th percentile and maximum. */
    record Row(String label, long jobs, double avg, long min, long p50, long p90, long p95, long p99, long max) {
    }

    private PollsPerJob() {
    }

    static List<Row> rows(KpiRun run) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Stats> e : run.byLabel.entrySet()) {
            Row r = row(e.getKey(), e.getValue());
            if (r != null) {
                rows.add(r);
            }
        }
        return rows;
    }

    /** {@code s}'s poll counts, or {@code null} when it has no job samples. */
    static Row row(String label, Stats s) {
        if (s.jobs() == 0) {
            return null;
        }
        Metric.Field f = Metric.Field.POLLS;
        return new Row(label, s.jobs(), s.mean(f), s.min(f), s.percentile(f, 50), s.percentile(f, 90),
                s.percentile(f, 95), s.percentile(f, 99), s.max(f));
    }
}
