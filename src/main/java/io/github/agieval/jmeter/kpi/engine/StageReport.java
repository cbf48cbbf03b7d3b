package io.github.agieval.jmeter.kpi.engine;

import io.github.agieval.jmeter.common.StageTimeline;
import java.util.List;

/**
 * The stage-by-stage verdicts of a run whose load came from a Stage Thread Group: one row per
 * judged stage (each hold, and each ramp when asked), the first stage where a KPI broke, the
 * result of a capacity search, and the recovery after the spike. Built by {@link StageJudge};
 * immutable.
 *
 * @param rows       the judged stages in time order
 * @param capacity   the capacity search's result, or {@code null} when the run was no search
 * @param recovery   the recovery after the peak stage, or {@code null} without a peak followed by less load
 */
public record StageReport(String group, List<Row> rows, Capacity capacity, Recovery recovery) {

    public StageReport {
        rows = List.copyOf(rows);
    }

    /**
     * One judged stage: how long its samples were collected ({@code judgedMs}, whole evaluation
     * slots of about a second), its samples, its achieved throughput (all samples per second) and
     * one outcome per KPI, {@code null} for a KPI that is judged over the whole run only (counts,
     * peak threads, recovery, unmeasured metrics).
     */
    public record Row(StageTimeline.Stage stage, long judgedMs, long samples, long errors, Double rps,
            List<KpiOutcome> outcomes) {

        public Row {
            outcomes = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(outcomes));
        }

        /** Whether no KPI failed in this stage (a KPI without samples in it does not break it). */
        public boolean held() {
            return firstFailed() == null;
        }

        /** The first KPI that failed in this stage, or {@code null}. */
        public KpiOutcome firstFailed() {
            for (KpiOutcome o : outcomes) {
                if (o != null && o.verdict() == Verdict.FAIL) {
                    return o;
                }
            }
            return null;
        }

        /** {@code "stage 4 (hold 200)"}. */
        public String title() {
            return "stage " + stage.number() + " (" + stage.shape() + ")";
        }
    }

    /**
     * A capacity search's result: the last step (hold) where every KPI held, the step that broke
     * and the KPI that broke it ({@code null} when no step broke: the search reached its last
     * step), and why the search stopped the test (or {@code null}).
     */
    public record Capacity(Row lastHeld, Row broke, KpiOutcome brokenBy, String stopReason) {

        /** Whether a sustainable load was found (at least the first step held). */
        public boolean found() {
            return lastHeld != null;
        }

        /** One line for the console and the reports. */
        public String summary() {
            StringBuilder sb = new StringBuilder();
            if (lastHeld == null) {
                sb.append("no sustainable load: even the first step broke");
            } else {
                sb.append("maximum sustainable load: ").append(lastHeld.stage().toUsers()).append(" users, ")
                        .append(rpsText(lastHeld.rps())).append(" (").append(lastHeld.title()).append(')');
            }
            if (broke != null) {
                sb.append("; ").append(broke.title()).append(" broke ").append(brokenBy.kpi().expression())
                        .append(" (observed ").append(brokenBy.observedText()).append(')');
            } else if (lastHeld != null) {
                sb.append("; no step broke: the capacity is at least this (add steps to search further)");
            }
            return sb.toString();
        }
    }

    /**
     * The recovery after the spike: the peak stage, when it ended (ms since the run started), and
     * how long after that every KPI held again over a window ({@code null} when it did not
     * before the run ended; {@code observedMs} is then the time it was watched, a lower bound).
     */
    public record Recovery(StageTimeline.Stage spike, long spikeEndMs, long windowMs, Long recoveryMs, long observedMs) {

        public boolean recovered() {
            return recoveryMs != null;
        }

        public String summary() {
            String at = "stage " + spike.number() + " (" + spike.shape() + ") ended at "
                    + Metric.formatNumber(Kpi.round(spikeEndMs / 1000.0, 1)) + "s";
            return recovered()
                    ? "recovery after the spike: " + Metric.formatNumber(Kpi.round(recoveryMs / 1000.0, 1)) + "s (" + at
                            + "; every KPI held again over " + windowMs / 1000 + "s)"
                    : "no recovery after the spike within " + Metric.formatNumber(Kpi.round(observedMs / 1000.0, 1))
                            + "s (" + at + ")";
        }
    }

    /** The first judged stage where a KPI broke, or {@code null}. */
    public Row firstBroken() {
        for (Row r : rows) {
            if (!r.held()) {
                return r;
            }
        }
        return null;
    }

    /** {@code "stage 4 (hold 200): p(95)<500ms (observed 812ms)"}, or a note that every stage held. */
    public String firstBreachText() {
        Row r = firstBroken();
        if (r == null) {
            return "every KPI held in every judged stage";
        }
        KpiOutcome o = r.firstFailed();
        return "first break: " + r.title() + ": " + o.kpi().expression() + " (observed " + o.observedText() + ")";
    }

    public static String rpsText(Double rps) {
        return rps == null ? "-" : Metric.formatNumber(Kpi.round(rps, 2)) + " req/s";
    }
}
