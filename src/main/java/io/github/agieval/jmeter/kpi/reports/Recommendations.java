package io.github.agieval.jmeter.kpi.reports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.agieval.jmeter.kpi.engine.Baseline;
import io.github.agieval.jmeter.kpi.engine.Kpi;
import io.github.agieval.jmeter.kpi.engine.KpiOutcome;
import io.github.agieval.jmeter.kpi.engine.KpiRun;
import io.github.agieval.jmeter.kpi.engine.Metric;
import io.github.agieval.jmeter.kpi.engine.Stats;
import io.github.agieval.jmeter.kpi.engine.Verdict;

/**
 * Advice derived from a run, in the spirit of the seed's {@code performance-analysis.py}: its
 * fixed rules (p95 over 500 ms, p99 over 1 s, error rate over 1 % and 5 %) on all samples, and
 * one piece of advice per failed KPI, not-measured KPI and baseline regression, naming the
 * slowest labels and the most frequent failures. Stateless.
 */
final class Recommendations {

    private Recommendations() {
    }

    static List<String> of(KpiRun run) {
        List<String> out = new ArrayList<>();
        if (run.unjudgedVerdict != null) {
            out.add("The run was not judged (" + run.verdictText() + "): " + run.unjudgedReason
                    + ". See jmeter.log and the console for the cause; these reports replace any earlier run's.");
            return out;
        }
        boolean noSamples = run.noSamples();
        if (noSamples) {
            out.add("The run recorded no samples: check that the thread groups started and the samplers ran"
                    + " (jmeter.log).");
        }
        Metric.Field rt = Metric.Field.RESPONSE_TIME;
        Long p95 = run.all.percentile(rt, 95);
        Long p99 = run.all.percentile(rt, 99);
        Double rate = run.all.errorRate();
        if (p95 != null && p95 > 500) {
            out.add("95th percentile response time exceeds 500ms (" + p95 + "ms). Consider optimizing slow endpoints: "
                    + slowest(run) + ".");
        }
        if (p99 != null && p99 > 1000) {
            out.add("99th percentile response time exceeds 1s (" + p99 + "ms). Investigate performance bottlenecks.");
        }
        if (rate != null && rate > 0.01) {
            out.add("Error rate exceeds 1% (" + Kpi.formatValue(Metric.of(Metric.Kind.ERROR_RATE), rate)
                    + "). Check application logs and fix failing requests; most frequent: " + topErrors(run) + ".");
        }
        if (rate != null && rate > 0.05) {
            out.add("High error rate detected. System may be overloaded or have critical issues.");
        }
        for (KpiOutcome o : run.outcomes) {
            Kpi k = o.kpi();
            if (o.verdict() == Verdict.NO_DATA && noSamples) {
                continue;
            } else if (o.verdict() == Verdict.NO_DATA) {
                out.add("KPI '" + k.name() + "' had no samples in " + k.scope()
                        + ": check the label or regular expression against the plan's sampler names.");
            } else if (o.verdict() == Verdict.NOT_MEASURED) {
                out.add("'" + k.name() + "' is not measured by the load generator: watch it on the server"
                        + " (e.g. its Prometheus /metrics) during the run.");
            } else if (o.verdict() == Verdict.FAIL) {
                out.add(advice(o, run));
            }
        }
        for (Baseline.Check c : run.baseline) {
            if (!c.passed()) {
                out.add("Regression against the baseline: " + c.describe() + ".");
            }
        }
        return out;
    }

    private static String advice(KpiOutcome o, KpiRun run) {
        Kpi k = o.kpi();
        String head = "KPI '" + k.name() + "' failed (" + o.observedText() + " against " + k.op().symbol()
                + k.thresholdText() + "). ";
        switch (k.metric().kind()) {
            case PERCENTILE:
            case AVG:
            case MAX:
            case MIN:
                return head + "Slowest labels by p95: " + slowest(run) + ".";
            case ERROR_RATE:
            case AVAILABILITY:
            case ERRORS:
                return head + "Most frequent failures: " + topErrors(run) + ".";
            case THROUGHPUT:
                return head + "Throughput is short of the target: look for server saturation (queue full, 429/503)"
                        + " or raise the number of threads / lower think time.";
            case PEAK_THREADS:
                return head + "Fewer threads ran at once than the target: raise the thread count or the ramp-up"
                        + " length, or add load generators (distributed run).";
            case RECOVERY:
                return head + "The system was slow to come back after the spike: see the stage-by-stage table for"
                        + " the KPI that kept failing, and the server's queues and pools after the peak.";
            default:
                return head + "The run did not reach the target count: run longer or with more threads.";
        }
    }

    static String slowest(KpiRun run) {
        List<Map.Entry<String, Stats>> labels = run.byLabel.entrySet().stream()
                .filter(e -> e.getValue().count() > 0)
                .sorted(Comparator.comparingLong(
                        (Map.Entry<String, Stats> e) -> e.getValue().percentile(Metric.Field.RESPONSE_TIME, 95))
                        .reversed())
                .limit(3)
                .collect(Collectors.toList());
        if (labels.isEmpty()) {
            return "none";
        }
        return labels.stream().map(e -> e.getKey() + " (p95 "
                + e.getValue().percentile(Metric.Field.RESPONSE_TIME, 95) + "ms)").collect(Collectors.joining(", "));
    }

    static String topErrors(KpiRun run) {
        Map<String, Long> types = run.all.errorTypes();
        if (types.isEmpty()) {
            return "none";
        }
        return types.entrySet().stream().limit(3).map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
