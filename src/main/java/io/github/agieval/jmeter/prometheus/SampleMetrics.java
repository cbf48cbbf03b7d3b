package io.github.agieval.jmeter.prometheus;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.threads.JMeterContextService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exporter's metrics, registered in one {@link PrometheusRegistry}, and how a JMeter sample
 * updates them. Every metric carries the constant label {@code engine}. Metric names and labels
 * (see {@code docs/elements/prometheus.md}):
 * <ul>
 * <li>{@value #SAMPLES}{@code _total{label,success}}, {@value #ERRORS}{@code _total{label,response_code}},
 *     {@value #RESPONSE_TIME}{@code {label}} (histogram, seconds), {@value #RECEIVED}{@code _total{label}},
 *     {@value #SENT}{@code _total{label}};</li>
 * <li>{@value #THREADS}{@code {state}}: JMeter's thread counts ({@code active}, {@code started},
 *     {@code finished}) read at collection time;</li>
 * <li>{@value #JOB_DURATION}{@code {label}} (histogram, seconds), {@value #JOB_POLLS}{@code {label}} (histogram
 *     of polls per job), {@value #JOBS}{@code _total{label,outcome}}: from the Job Polling Controller's job
 *     samples ({@link JobSample});</li>
 * <li>{@value #KPI_STATE}{@code {kpi,state}} (1 for the KPI's current state, 0 for the others),
 *     {@value #KPI_OBSERVED}{@code {kpi}}, {@value #KPI_THRESHOLD}{@code {kpi}}: from the
 *     {@link KpiStatusRegistry}, read at collection time.</li>
 * </ul>
 *
 * <p><b>Hot path.</b> {@link #record(SampleResult)} looks each sample's label up in a concurrent map of
 * pre-bound data points (one lock-free hash look-up, then the client's lock-free increments): no
 * allocation per sample beyond what the client does. The label filter's verdict is cached per label.
 * Sample labels beyond {@code maxLabels}, and response codes beyond {@value #MAX_CODES_PER_LABEL} per
 * label, are counted under {@value LabelCap#OVERFLOW} with one warning.
 *
 * <p>Threading: {@link #record} is called concurrently by JMeter's sampler threads (see
 * {@link PrometheusBackendListenerClient}); the registry is collected concurrently by the
 * {@code /metrics} server and the pusher, which the client's data points allow.
 */
final class SampleMetrics {

    static final String SAMPLES = "jmeter_samples";
    static final String ERRORS = "jmeter_errors";
    static final String RESPONSE_TIME = "jmeter_response_time_seconds";
    static final String RECEIVED = "jmeter_received_bytes";
    static final String SENT = "jmeter_sent_bytes";
    static final String THREADS = "jmeter_threads";
    static final String JOB_DURATION = "jmeter_job_duration_seconds";
    static final String JOB_POLLS = "jmeter_job_polls";
    static final String JOBS = "jmeter_jobs";
    static final String KPI_STATE = "jmeter_kpi_state";
    static final String KPI_OBSERVED = "jmeter_kpi_observed";
    static final String KPI_THRESHOLD = "jmeter_kpi_threshold";

    static final int MAX_CODES_PER_LABEL = 20;
    private static final double[] POLL_BUCKETS = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144};
    private static final int MAX_FILTER_CACHE = 10_000;

    private static final Logger log = LoggerFactory.getLogger(SampleMetrics.class);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter samples;
    private final Counter errors;
    private final Histogram responseTime;
    private final Counter received;
    private final Counter sent;
    private final Histogram jobDuration;
    private final Histogram jobPolls;
    private final Counter jobs;

    private final Pattern filter;
    private final boolean matchAll;
    private final boolean includeSubResults;
    private final Map<String, Boolean> filterCache = new ConcurrentHashMap<>();
    private final LabelCap<Series> series;

    SampleMetrics(ExporterSettings settings, Supplier<List<KpiStatus>> kpis) {
        Labels engine = Labels.of("engine", settings.engine());
        samples = Counter.builder().name(SAMPLES).help("Samples by label and success")
                .constLabels(engine).labelNames("label", "success").withoutExemplars().register(registry);
        errors = Counter.builder().name(ERRORS).help("Failed samples by label and response code")
                .constLabels(engine).labelNames("label", "response_code").withoutExemplars().register(registry);
        responseTime = Histogram.builder().name(RESPONSE_TIME).help("Response time (elapsed) of samples by label")
                .constLabels(engine).labelNames("label").classicOnly()
                .classicUpperBounds(settings.responseTimeBuckets()).withoutExemplars().register(registry);
        received = Counter.builder().name(RECEIVED).help("Bytes received by label")
                .constLabels(engine).labelNames("label").withoutExemplars().register(registry);
        sent = Counter.builder().name(SENT).help("Bytes sent by label")
                .constLabels(engine).labelNames("label").withoutExemplars().register(registry);
        jobDuration = Histogram.builder().name(JOB_DURATION)
                .help("Job completion time of the Job Polling Controller's job samples by label")
                .constLabels(engine).labelNames("label").classicOnly()
                .classicUpperBounds(settings.jobTimeBuckets()).withoutExemplars().register(registry);
        jobPolls = Histogram.builder().name(JOB_POLLS).help("Polls per job by job sample label")
                .constLabels(engine).labelNames("label").classicOnly()
                .classicUpperBounds(POLL_BUCKETS).withoutExemplars().register(registry);
        jobs = Counter.builder().name(JOBS).help("Jobs by job sample label and outcome")
                .constLabels(engine).labelNames("label", "outcome").withoutExemplars().register(registry);
        GaugeWithCallback.builder().name(THREADS).help("JMeter threads (virtual users) of this engine")
                .constLabels(engine).labelNames("state").callback(cb -> {
                    JMeterContextService.ThreadCounts tc = JMeterContextService.getThreadCounts();
                    cb.call(tc.activeThreads, "active");
                    cb.call(tc.startedThreads, "started");
                    cb.call(tc.finishedThreads, "finished");
                }).register(registry);
        GaugeWithCallback.builder().name(KPI_STATE)
                .help("KPI state: 1 for the KPI's current state (pass, fail, no_data, not_measured), 0 for the others")
                .constLabels(engine).labelNames("kpi", "state").callback(cb -> {
                    for (KpiStatus k : kpis.get()) {
                        for (KpiStatus.State s : KpiStatus.State.values()) {
                            cb.call(k.state() == s ? 1 : 0, k.kpi(), s.label());
                        }
                    }
                }).register(registry);
        GaugeWithCallback.builder().name(KPI_OBSERVED).help("KPI observed value so far, in the KPI's unit")
                .constLabels(engine).labelNames("kpi").callback(cb -> {
                    for (KpiStatus k : kpis.get()) {
                        if (k.observed() != null) {
                            cb.call(k.observed(), k.kpi());
                        }
                    }
                }).register(registry);
        GaugeWithCallback.builder().name(KPI_THRESHOLD).help("KPI threshold, in the KPI's unit")
                .constLabels(engine).labelNames("kpi").callback(cb -> {
                    for (KpiStatus k : kpis.get()) {
                        if (k.threshold() != null) {
                            cb.call(k.threshold(), k.kpi());
                        }
                    }
                }).register(registry);

        filter = settings.labelFilter();
        matchAll = ExporterSettings.DEFAULT_LABEL_REGEX.equals(filter.pattern());
        includeSubResults = settings.includeSubResults();
        series = new LabelCap<>(settings.maxLabels(), Series::new, (first, max) -> log.warn(
                "Prometheus exporter: more than {} distinct sample labels (first refused: '{}'); further labels are"
                        + " counted under label '{}'. Raise '{}' or narrow '{}'.", max, first, LabelCap.OVERFLOW,
                ExporterSettings.MAX_LABELS, ExporterSettings.LABEL_REGEX));
    }

    PrometheusRegistry registry() {
        return registry;
    }

    /** Records a batch of samples. */
    void record(List<SampleResult> batch) {
        for (int i = 0, n = batch.size(); i < n; i++) {
            record(batch.get(i));
        }
    }

    void record(SampleResult r) {
        if (includeSubResults) {
            SampleResult[] subs = r.getSubResults();
            for (SampleResult sub : subs) {
                record(sub);
            }
        }
        String label = r.getSampleLabel();
        if (label == null || !exported(label)) {
            return;
        }
        Series s = series.get(label);
        boolean ok = r.isSuccessful();
        (ok ? s.ok : s.failed).inc();
        s.responseTime.observe(r.getTime() / 1000.0);
        long rx = r.getBytesAsLong();
        if (rx > 0) {
            s.received.inc(rx);
        }
        long tx = r.getSentBytes();
        if (tx > 0) {
            s.sent.inc(tx);
        }
        if (!ok) {
            String code = r.getResponseCode();
            s.codes.get(code == null || code.isEmpty() ? "none" : code).inc();
        }
        int polls = JobSample.polls(r);
        if (polls >= 0) {
            s.job().record(r, polls);
        }
    }

    private boolean exported(String label) {
        if (matchAll) {
            return true;
        }
        Boolean cached = filterCache.get(label);
        if (cached != null) {
            return cached;
        }
        boolean yes = filter.matcher(label).matches();
        if (filterCache.size() < MAX_FILTER_CACHE) {
            filterCache.put(label, yes);
        }
        return yes;
    }

    /** The data points of one sample label, bound once. */
    private final class Series {
        final String label;
        final CounterDataPoint ok;
        final CounterDataPoint failed;
        final DistributionDataPoint responseTime;
        final CounterDataPoint received;
        final CounterDataPoint sent;
        final LabelCap<CounterDataPoint> codes;
        private volatile JobSeries job;

        Series(String label) {
            this.label = label;
            ok = samples.labelValues(label, "true");
            failed = samples.labelValues(label, "false");
            responseTime = SampleMetrics.this.responseTime.labelValues(label);
            received = SampleMetrics.this.received.labelValues(label);
            sent = SampleMetrics.this.sent.labelValues(label);
            codes = new LabelCap<>(MAX_CODES_PER_LABEL, code -> errors.labelValues(label, code),
                    (first, max) -> log.warn("Prometheus exporter: label '{}' has more than {} distinct error response"
                            + " codes (first refused: '{}'); further codes are counted under '{}'", label, max,
                            first, LabelCap.OVERFLOW));
        }

        JobSeries job() {
            JobSeries j = job;
            if (j == null) {
                synchronized (this) {
                    j = job;
                    if (j == null) {
                        j = new JobSeries(label);
                        job = j;
                    }
                }
            }
            return j;
        }
    }

    /** The job metrics of one job sample label. */
    private final class JobSeries {
        final String label;
        final DistributionDataPoint duration;
        final DistributionDataPoint polls;
        final Map<String, CounterDataPoint> outcomes = new ConcurrentHashMap<>();

        JobSeries(String label) {
            this.label = label;
            duration = jobDuration.labelValues(label);
            polls = jobPolls.labelValues(label);
        }

        void record(SampleResult r, int pollCount) {
            duration.observe(r.getTime() / 1000.0);
            polls.observe(pollCount);
            // the response code is one of JobOutcome's few names (JobSample checked it)
            outcomes.computeIfAbsent(r.getResponseCode(), o -> jobs.labelValues(label, o)).inc();
        }
    }
}
