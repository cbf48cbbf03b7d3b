package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.judge.JudgeCommand;
import io.github.agieval.jmeter.kpi.engine.JobPolls;
import io.github.agieval.jmeter.sandbox.Sandbox;
import io.github.agieval.jmeter.sandbox.SandboxConfig;

/**
 * Polls per job as a KPI metric, in stock JMeter 5.6.3 against the sandbox: the Job Polling
 * Controller's job samples ({@code plans/poll-jobs.jmx}) reach KPI Assertions, which judges
 * {@code polls.*} KPIs and reports the polls per job; the figures must be the controller's own
 * counts (the {@code job_polls} variable, saved in the JTL as a column). The {@code judge} command
 * on the run's JTL reads a job sample's count from its response message ({@code " (polls=N)"}),
 * so its figures must be what the JTL's messages say.
 */
class KpiPollsIT {

    private static final String JOB = "job Wait for job";

    private static JsonNode kpi(JsonNode report, String name) {
        for (JsonNode k : report.get("kpis")) {
            if (k.get("name").asText().equals(name)) {
                return k;
            }
        }
        throw new AssertionError("no KPI " + name + " in " + report.get("kpis"));
    }

    @Test
    void shouldJudgeAndReportPollsPerJobAsTheControllerCountedThem(@TempDir Path dir) throws Exception {
        String max = "label=" + JOB + ": polls.max<1";
        String avg = "label=" + JOB + ": polls.avg>=1";
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).timeFactor(0.25).workers(8).build())) {
            JMeterRun.Result run = JMeterRun.testPlan("plans/poll-jobs.jmx")
                    .property("BASE_URL_HOST", "127.0.0.1")
                    .property("BASE_URL_PORT", sandbox.port())
                    .property("sample_variables", "job_id,job_polls")
                    .property("RESULTS_DIR", dir.resolve("kpi"))
                    .property("USERS", 3)
                    .property("LOOPS", 2)
                    .property("POLL_MS", 100)
                    .property("KPI_EXPRESSIONS", max + "; " + avg)
                    .workDir(dir)
                    .run(Duration.ofMinutes(2));

            // every job takes at least one poll, so polls.max<1 fails the run
            assertThat(run.exitCode()).as(run.describe()).isEqualTo(99);
            List<Map<String, String>> jobs = run.jtlRows().withLabel(JOB);
            assertThat(jobs).as(run.describe()).hasSize(6);
            long[] polls = jobs.stream().mapToLong(r -> Long.parseLong(r.get("job_polls"))).toArray();
            long maxPolls = Arrays.stream(polls).max().orElseThrow();
            double avgPolls = Arrays.stream(polls).average().orElseThrow();
            assertThat(maxPolls).isPositive();

            JsonNode report = Json.parse(Files.readString(dir.resolve("kpi/kpi-report.json")));
            assertThat(kpi(report, max).get("verdict").asText()).isEqualTo("FAIL");
            assertThat(kpi(report, max).get("observed").asDouble()).isEqualTo(maxPolls);
            assertThat(kpi(report, avg).get("verdict").asText()).isEqualTo("PASS");
            assertThat(kpi(report, avg).get("observed").asDouble()).isCloseTo(avgPolls,
                    offset(1e-9));
            JsonNode byLabel = report.at("/response_times/by_label/" + JOB + "/polls");
            assertThat(byLabel.get("jobs").asLong()).isEqualTo(6);
            assertThat(byLabel.get("max").asLong()).isEqualTo(maxPolls);
            assertThat(report.at("/response_times/by_label/Job Status/polls").isMissingNode()).isTrue();
            assertThat(run.console()).contains("Polls per job:\n  " + JOB + ": 6 jobs");
            assertThat(Files.readString(dir.resolve("kpi/kpi-report.html"))).contains("<h2>Polls per job</h2>");

            // offline: the JTL's messages carry the counts (" (polls=N)") or, from a controller that does
            // not write them, nothing; judge must report exactly what the messages say
            long[] fromMessages = jobs.stream().mapToLong(r -> JobPolls.fromMessage(r.get("responseMessage")))
                    .filter(n -> n >= 0).toArray();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = JudgeCommand.run(new String[] {"--jtl", run.jtl().toString(), "--kpi", max, "--kpi", avg,
                    "--out", dir.resolve("judged").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertThat(code).isEqualTo(99);
            JsonNode judged = Json.parse(Files.readString(dir.resolve("judged/kpi-report.json")));
            if (fromMessages.length == 0) {
                assertThat(kpi(judged, max).get("verdict").asText()).isEqualTo("NO_DATA");
            } else {
                assertThat(fromMessages).hasSize(6).containsExactlyInAnyOrder(polls);
                assertThat(kpi(judged, max).get("observed").asDouble()).isEqualTo(maxPolls);
                assertThat(kpi(judged, avg).get("observed").asDouble()).isCloseTo(avgPolls,
                        offset(1e-9));
            }
        }
    }
}
