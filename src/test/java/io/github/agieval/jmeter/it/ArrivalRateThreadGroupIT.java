package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agieval.jmeter.sandbox.Sandbox;
import io.github.agieval.jmeter.sandbox.SandboxConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code .jmx} with the Arrival-Rate Thread Group run headless by stock JMeter 5.6.3
 * against the embedded sandbox: the seed's evaluation workflow (login, submit, Job Polling
 * Controller with Job Status, results) at 20 arrivals/s, twice 2.5 s with a gap of 20 s. Checks the arrival count against rate x
 * duration, that every request the sandbox counted is a sample in the JTL (none lost or counted
 * twice), that a pool smaller than the arrival count served them, and the group's own report.
 * Timing-independent: only counts are asserted, never how long anything took.
 */
class ArrivalRateThreadGroupIT {

    private static final List<String> API_LABELS = List.of("Login", "Submit Evaluation", "Job Status", "Job Results");

    @Test
    void shouldServeRateTimesDurationArrivalsWithAPoolAndRecordEverySampleWhenRunHeadless(@TempDir Path dir)
            throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).timeFactor(0.0001).build())) {
            JMeterRun.Result run = JMeterRun.testPlan("plans/arrival-rate.jmx")
                    .property("BASE_URL_PORT", sandbox.port())
                    .property("RATE", 20)
                    .property("DURATION", 2.5)
                    .property("GAP", 20) // the first 50 flows end long before the next 50 arrive, even on a busy machine
                    .property("PAUSE", 60) // the group ends when the last flow is done, not after this pause
                    .property("POLL_MS", 100)
                    .property("MAX_USERS", 1000)
                    .workDir(dir)
                    .run(Duration.ofMinutes(2));
            assertThat(run.exitCode()).as(run.describe()).isZero();

            Jtl jtl = run.jtlRows();
            // 2 x 20/s x 2.5 s of even arrivals: exactly 100 flows
            assertThat(jtl.withLabel("Login")).as(run.describe()).hasSize(100);
            for (String label : List.of("Submit Evaluation", "Job Results")) {
                assertThat(jtl.withLabel(label)).as(label).hasSize(100);
            }
            assertThat(jtl.withLabel("job Wait for job")).as("one job sample per flow").hasSize(100)
                    .allSatisfy(r -> assertThat(r.get("success")).as(r.get("responseMessage")).isEqualTo("true"));
            List<Map<String, String>> api = jtl.rows().stream().filter(r -> API_LABELS.contains(r.get("label")))
                    .collect(Collectors.toList());
            assertThat(api).allSatisfy(r -> assertThat(r.get("success"))
                    .as(r.get("label") + ": " + r.get("failureMessage")).isEqualTo("true"));
            // every request the sandbox answered is a sample in the JTL, per endpoint
            assertThat(sandbox.counters().count("POST /auth/login")).isEqualTo(100);
            assertThat(sandbox.counters().count("POST /api/v1/evaluate")).isEqualTo(100);
            assertThat(sandbox.counters().count("GET /api/v1/jobs/{id}"))
                    .isEqualTo(jtl.withLabel("Job Status").size());
            assertThat(sandbox.counters().count("GET /api/v1/jobs/{id}/results")).isEqualTo(100);

            // served by a pool: the second 50 arrivals found the users of the first 50 idle
            long threads = jtl.withLabel("Login").stream().map(r -> r.get("threadName")).distinct().count();
            assertThat(threads).isLessThanOrEqualTo(50);
            String log = run.logText();
            Matcher m = Pattern.compile("schedule ended after \\d+ ms: (\\d+) arrivals, (\\d+) dropped .*?,"
                    + " (\\d+) users started").matcher(log);
            assertThat(m.find()).as(log).isTrue();
            assertThat(m.group(1)).isEqualTo("100");
            assertThat(m.group(2)).isEqualTo("0");
            assertThat(Long.parseLong(m.group(3))).isEqualTo(threads);
            assertThat(log).as("ends when the last flow is done, inside the trailing pause")
                    .contains("every arrival done after");
        }
    }
}
