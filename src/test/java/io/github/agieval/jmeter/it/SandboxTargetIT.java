package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agieval.jmeter.common.StartFailure;
import io.github.agieval.jmeter.sandbox.Sandbox;
import io.github.agieval.jmeter.sandbox.SandboxConfig;
import io.github.agieval.jmeter.sandbox.SandboxTarget;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sandbox Target in stock JMeter 5.6.3 (a real .jmx run headless in its own JVM): HTTP Request
 * Defaults built from {@code ${__P(BASE_URL_HOST)}} etc. reach the sandbox, whether it is given by
 * {@code BASE_URL} or started embedded by the element.
 */
class SandboxTargetIT {

    @Test
    void shouldTargetTheGivenBaseUrlAndReachItsHealthEndpoint(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults())) {
            JMeterRun.Result run = JMeterRun.testPlan("plans/sandbox-target.jmx")
                    .property("BASE_URL", sandbox.baseUrl() + "/")
                    .property("THREADS", 3)
                    .property("LOOPS", 4)
                    .workDir(dir)
                    .run(Duration.ofMinutes(2));
            assertThat(run.exitCode()).as(run.describe()).isZero();
            Jtl jtl = run.jtlRows();
            assertThat(jtl.withLabel("GET /health")).as(run.describe()).hasSize(12)
                    .allMatch(r -> "true".equals(r.get("success")) && "200".equals(r.get("responseCode")));
            // every sample JMeter recorded reached the server, once
            assertThat(sandbox.counters().count("GET /health", "200")).isEqualTo(12);
            assertThat(sandbox.counters().total()).isEqualTo(12);
            assertThat(run.logText()).contains("Sandbox Target 'Sandbox Target' on local: target " + sandbox.baseUrl()
                    + "/ (protocol http, host 127.0.0.1, port " + sandbox.port() + ", path '')");
            assertThat(run.logText()).doesNotContain("started the embedded");
        }
    }

    @Test
    void shouldStartEmbeddedSandboxWhenBaseUrlIsUnset(@TempDir Path dir) throws Exception {
        JMeterRun.Result run = JMeterRun.testPlan("plans/sandbox-target.jmx")
                .property("SANDBOX_TIME_FACTOR", 0.01)
                .property("THREADS", 2)
                .property("LOOPS", 5)
                .workDir(dir)
                .run(Duration.ofMinutes(2));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.jtlRows().withLabel("GET /health")).as(run.describe()).hasSize(10)
                .allMatch(r -> "true".equals(r.get("success")) && "200".equals(r.get("responseCode")));
        String log = run.logText();
        assertThat(log).contains("Sandbox Target 'Sandbox Target': started the embedded AGI Evaluation Sandbox at http://127.0.0.1:")
                .contains("(time factor 0.01,")
                .contains("Sandbox Target 'Sandbox Target': stopped the embedded sandbox at http://127.0.0.1:");
    }

    @Test
    void shouldRefuseToStartWhenBaseUrlIsBad(@TempDir Path dir) throws Exception {
        JMeterRun.Result run = JMeterRun.testPlan("plans/sandbox-target.jmx")
                .property("BASE_URL", "ftp://example.org")
                .workDir(dir)
                .run(Duration.ofMinutes(2));
        String expected = "Sandbox Target 'Sandbox Target': property 'baseUrl (JMeter property BASE_URL)' = "
                + "'ftp://example.org': expected http://host[:port][/path] or https://..., the scheme is 'ftp'";
        assertThat(run.exitCode()).as(run.describe()).isEqualTo(StartFailure.EXIT_CODE);
        assertThat(run.console()).as(run.describe()).contains(expected);
        assertThat(run.logText()).contains(expected);
        // no thread group ran
        assertThat(run.jtl()).satisfiesAnyOf(p -> assertThat(p).doesNotExist(),
                p -> assertThat(Jtl.read(p).withLabel("GET /health")).isEmpty());
    }

    @Test
    void shouldExitOneAtOnceAndStopTheSandboxWhenALaterElementRefusesToStart(@TempDir Path dir) throws Exception {
        JMeterRun.Result run = JMeterRun.testPlan("plans/sandbox-target-start-failure.jmx")
                .workDir(dir)
                .run(Duration.ofSeconds(90));
        assertThat(run.exitCode()).as(run.describe()).isEqualTo(StartFailure.EXIT_CODE);
        // JVM start and JMeter's own start take a few seconds; no 5-second wait for leftover threads
        assertThat(run.took()).as(run.describe()).isLessThan(Duration.ofSeconds(30));
        String log = run.logText();
        assertThat(log).contains("Sandbox Target 'Sandbox Target': started the embedded AGI Evaluation Sandbox at")
                .contains("Sandbox Target 'Later Element': property 'baseUrl (JMeter property BASE_URL)' = "
                        + "'ftp://later.example'")
                .contains("Test did not start; undoing: Sandbox Target 'Sandbox Target': stop the embedded sandbox")
                .contains("Sandbox Target 'Sandbox Target': stopped the embedded sandbox at");
        assertThat(run.jtl()).satisfiesAnyOf(p -> assertThat(p).doesNotExist(),
                p -> assertThat(Jtl.read(p).withLabel("GET /health")).isEmpty());
    }

    @Test
    void shouldLetAPlanSwitchFaultsWithTheAdminTokenItPasses(@TempDir Path dir) throws Exception {
        String token = "it-admin-token-0123456789abcdef";
        Path secrets = dir.resolve("secrets.properties");
        java.nio.file.Files.writeString(secrets, SandboxTarget.ADMIN_TOKEN + "=" + token + "\n");
        JMeterRun.Result run = JMeterRun.testPlan("plans/sandbox-admin.jmx")
                .property("THREADS", 1)
                .property("LOOPS", 1)
                .args("-q", secrets.toString())
                .workDir(dir.resolve("run"))
                .run(Duration.ofMinutes(2));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        Jtl jtl = run.jtlRows();
        assertThat(jtl.withLabel("admin without token")).as(run.describe()).singleElement()
                .satisfies(r -> assertThat(r.get("responseCode")).isEqualTo("401"));
        assertThat(jtl.withLabel("admin with token")).singleElement()
                .satisfies(r -> assertThat(r.get("responseCode")).isEqualTo("200"));
        assertThat(jtl.withLabel("GET /health")).singleElement()
                .satisfies(r -> assertThat(r.get("responseCode")).isEqualTo("503"));
        // the secret never reaches the log, the console or the JTL
        assertThat(run.logText()).doesNotContain(token);
        assertThat(run.console()).doesNotContain(token);
        assertThat(java.nio.file.Files.readString(run.jtl())).doesNotContain(token);
    }
}
