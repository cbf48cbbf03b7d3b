package io.github.agieval.jmeter.prometheus;

import java.util.Locale;
import java.util.Objects;

/**
 * One KPI's live state as the exporter shows it ({@code jmeter_kpi_state}, {@code jmeter_kpi_observed},
 * {@code jmeter_kpi_threshold}).
 *
 * @param kpi the KPI's name (the {@code kpi} label)
 * @param state its verdict so far
 * @param observed the observed value so far in the KPI's own unit, {@code null} when there is none
 * @param threshold the threshold in the same unit, {@code null} when there is none
 */
public record KpiStatus(String kpi, State state, Double observed, Double threshold) {

    /** A KPI's verdict, as the KPI Assertions listener names it. */
    public enum State {
        PASS, FAIL, NO_DATA, NOT_MEASURED;

        /** The {@code state} label value: {@code pass}, {@code fail}, {@code no_data}, {@code not_measured}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public KpiStatus {
        Objects.requireNonNull(kpi, "kpi");
        Objects.requireNonNull(state, "state");
    }
}
