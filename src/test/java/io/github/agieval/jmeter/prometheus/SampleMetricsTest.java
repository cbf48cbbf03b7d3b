package io.github.agieval.jmeter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.jmeter.samplers.SampleResult;
import org.junit.jupiter.api.Test;

class SampleMetricsTest {

    private static SampleMetrics metrics(Map<String, String> params, AtomicReference<List<KpiStatus>> kpis) {
        Map<String, String> p = new HashMap<>(params);
        p.putIfAbsent("port", "9270");
        return new SampleMetrics(ExporterSettings.read("P", p, () -> "e1"), kpis::get);
    }

    private static SampleMetrics metrics(Map<String, String> params) {
        return metrics(params, new AtomicReference<>(List.of()));
    }

    static SampleResult sample(String label, long elapsed, boolean ok, String code) {
        SampleResult r = new SampleResult();
        r.setSampleLabel(label);
        r.setStampAndTime(1_000_000L, elapsed);
        r.setSuccessful(ok);
        r.setResponseCode(code);
        r.setBytes(100L);
        r.setSentBytes(10L);
        return r;
    }

    static String text(SampleMetrics m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusTextFormatWriter(false).write(out, m.registry().scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldCountSamplesBytesAndErrorsPerLabelWhenBatchIsRecorded() throws IOException {
        SampleMetrics m = metrics(Map.of());
        m.record(List.of(sample("Login", 20, true, "200"), sample("Login", 300, false, "500"),
                sample("Login", 7, true, "200"), sample("Status", 3000, false, "503")));

        String t = text(m);
        assertThat(t).contains("jmeter_samples_total{engine=\"e1\",label=\"Login\",success=\"true\"} 2.0")
                .contains("jmeter_samples_total{engine=\"e1\",label=\"Login\",success=\"false\"} 1.0")
                .contains("jmeter_samples_total{engine=\"e1\",label=\"Status\",success=\"false\"} 1.0")
                .contains("jmeter_errors_total{engine=\"e1\",label=\"Login\",response_code=\"500\"} 1.0")
                .contains("jmeter_errors_total{engine=\"e1\",label=\"Status\",response_code=\"503\"} 1.0")
                .contains("jmeter_received_bytes_total{engine=\"e1\",label=\"Login\"} 300.0")
                .contains("jmeter_sent_bytes_total{engine=\"e1\",label=\"Login\"} 30.0")
                .contains("jmeter_response_time_seconds_bucket{engine=\"e1\",label=\"Login\",le=\"0.01\"} 1")
                .contains("jmeter_response_time_seconds_bucket{engine=\"e1\",label=\"Login\",le=\"0.025\"} 2")
                .contains("jmeter_response_time_seconds_bucket{engine=\"e1\",label=\"Login\",le=\"+Inf\"} 3")
                .contains("jmeter_response_time_seconds_count{engine=\"e1\",label=\"Login\"} 3")
                .contains("jmeter_response_time_seconds_sum{engine=\"e1\",label=\"Login\"} 0.327")
                .contains("jmeter_threads{engine=\"e1\",state=\"active\"}");
        assertThat(t).doesNotContain("jmeter_errors_total{engine=\"e1\",label=\"Login\",response_code=\"200\"}")
                .doesNotContain("jmeter_kpi_state{");
    }

    @Test
    void shouldLoseNoSampleWhenThreadsRecordConcurrently() throws Exception {
        SampleMetrics m = metrics(Map.of("maxLabels", "5"));
        int threads = 8;
        int perThread = 20_000;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    // 10 labels for a cap of 5: admission and overflow race too
                    m.record(sample("label " + ((id + i) % 10), i % 40, i % 7 != 0, i % 7 != 0 ? "200" : "50" + (i % 3)));
                }
            });
            th.start();
            all.add(th);
        }
        start.countDown();
        for (Thread th : all) {
            th.join();
        }
        String t = text(m);
        long total = 0;
        java.util.regex.Matcher x = java.util.regex.Pattern
                .compile("(?m)^jmeter_samples_total\\{[^}]*\\} (\\S+)$").matcher(t);
        while (x.find()) {
            total += (long) Double.parseDouble(x.group(1));
        }
        assertThat(total).isEqualTo((long) threads * perThread);
        java.util.regex.Matcher c = java.util.regex.Pattern
                .compile("(?m)^jmeter_response_time_seconds_count\\{[^}]*\\} (\\S+)$").matcher(t);
        long counted = 0;
        int series = 0;
        while (c.find()) {
            counted += (long) Double.parseDouble(c.group(1));
            series++;
        }
        assertThat(counted).isEqualTo((long) threads * perThread);
        assertThat(series).as("5 labels of their own and _other_").isEqualTo(6);
    }

    @Test
    void shouldCountBeyondCapUnderOtherAndFilterLabelsWhenConfigured() throws IOException {
        SampleMetrics m = metrics(Map.of("maxLabels", "2", "labelRegex", "(?!Think).*"));
        List<SampleResult> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(sample("req " + i, 5, true, "200"));
            batch.add(sample("Think time", 5, true, "200"));
        }
        m.record(batch);

        String t = text(m);
        assertThat(t).contains("label=\"req 0\",success=\"true\"} 1.0").contains("label=\"req 1\",success=\"true\"} 1.0")
                .contains("label=\"_other_\",success=\"true\"} 3.0").doesNotContain("req 2").doesNotContain("Think");
    }

    @Test
    void shouldExportSubResultsOnlyWhenAsked() throws IOException {
        SampleResult parent = sample("Journey", 50, true, "200");
        parent.addRawSubResult(sample("Step 1", 20, true, "200"));
        SampleMetrics without = metrics(Map.of());
        without.record(List.of(parent));
        SampleMetrics with = metrics(Map.of("includeSubResults", "true"));
        with.record(List.of(parent));

        assertThat(text(without)).contains("label=\"Journey\",success=\"true\"} 1.0").doesNotContain("Journey-0");
        assertThat(text(with)).contains("label=\"Journey\",success=\"true\"} 1.0")
                .contains("label=\"Journey-0\",success=\"true\"} 1.0");
    }

    @Test
    void shouldRecordJobTimeAndPollsWhenSampleIsJobSample() throws IOException {
        SampleMetrics m = metrics(Map.of());
        SampleResult job = sample("job Evaluation", 1500, true, "SUCCEEDED");
        job.setResponseData("{\"job_id\":\"j-1\",\"outcome\":\"SUCCEEDED\",\"polls\":4,\"time_ms\":1500}", "UTF-8");
        SampleResult timedOut = sample("job Evaluation", 9000, false, "TIMED_OUT");
        timedOut.setResponseData("{\"job_id\":\"j-2\",\"outcome\":\"TIMED_OUT\",\"polls\":10}", "UTF-8");
        SampleResult notAJob = sample("Status", 10, true, "SUCCEEDED");
        notAJob.setResponseData("{\"status\":\"SUCCEEDED\"}", "UTF-8");
        m.record(List.of(job, timedOut, notAJob));

        String t = text(m);
        assertThat(t).contains("jmeter_job_duration_seconds_count{engine=\"e1\",label=\"job Evaluation\"} 2")
                .contains("jmeter_job_duration_seconds_sum{engine=\"e1\",label=\"job Evaluation\"} 10.5")
                .contains("jmeter_job_polls_sum{engine=\"e1\",label=\"job Evaluation\"} 14.0")
                .contains("jmeter_job_polls_bucket{engine=\"e1\",label=\"job Evaluation\",le=\"5.0\"} 1")
                .contains("jmeter_jobs_total{engine=\"e1\",label=\"job Evaluation\",outcome=\"SUCCEEDED\"} 1.0")
                .contains("jmeter_jobs_total{engine=\"e1\",label=\"job Evaluation\",outcome=\"TIMED_OUT\"} 1.0")
                .contains("jmeter_samples_total{engine=\"e1\",label=\"job Evaluation\",success=\"true\"} 1.0")
                .doesNotContain("label=\"Status\",outcome");
    }

    @Test
    void shouldExportKpiStatesWhenSourceIsRegistered() throws IOException {
        AtomicReference<List<KpiStatus>> kpis = new AtomicReference<>(List.of());
        SampleMetrics m = metrics(Map.of(), kpis);
        assertThat(text(m)).doesNotContain("jmeter_kpi_state{");

        kpis.set(List.of(new KpiStatus("p95 latency", KpiStatus.State.FAIL, 812.5, 500.0),
                new KpiStatus("cpu", KpiStatus.State.NOT_MEASURED, null, 70.0)));
        String t = text(m);
        assertThat(t).contains("jmeter_kpi_state{engine=\"e1\",kpi=\"p95 latency\",state=\"fail\"} 1.0")
                .contains("jmeter_kpi_state{engine=\"e1\",kpi=\"p95 latency\",state=\"pass\"} 0.0")
                .contains("jmeter_kpi_state{engine=\"e1\",kpi=\"cpu\",state=\"not_measured\"} 1.0")
                .contains("jmeter_kpi_observed{engine=\"e1\",kpi=\"p95 latency\"} 812.5")
                .contains("jmeter_kpi_threshold{engine=\"e1\",kpi=\"cpu\"} 70.0")
                .doesNotContain("jmeter_kpi_observed{engine=\"e1\",kpi=\"cpu\"}");
    }
}
