package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.agieval.jmeter.sandbox.Sandbox;
import io.github.agieval.jmeter.sandbox.SandboxConfig;

/**
 * The {@code judge} command against the live listener: runs the shipped smoke plan headless in the
 * assembled stock JMeter (its KPI Assertions judging live), then judges that run's JTL offline with
 * {@code java -jar lib/ext/agieval-jmeter-plugins-<version>.jar judge} and the same KPIs (the KPI file plus
 * the plan's own lines, read from the live report), and checks that both agree: the exit code, each
 * KPI's verdict and observed value (exactly, but latency percentiles within the histogram's
 * precision), and the sample and sub-sample counts.
 */
class JudgeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void shouldGiveTheLiveVerdictsValuesAndCountsWhenJudgingTheSmokeRunsJtl() throws Exception {
        // XML: sub-samples are marked there. In a CSV JTL they are recognised by a heuristic (JtlReader),
        // which once read one of 390 smoke-run samples as a sub-sample on a loaded machine; the CSV path
        // is covered by JtlReaderTest and by the Transaction Controller case below.
        judgeSmokeRun(Map.of("jmeter.save.saveservice.output_format", "xml"), "<?xml");
    }

    @Test
    void shouldExit99LikeTheLiveRunWhenAKpiFailsInAnXmlJtl() throws Exception {
        // a KPI no run can meet (every request takes at least a millisecond), and an XML JTL
        int exitCode = judgeSmokeRun(Map.of("KPI_EXPRESSIONS", "max<1", "jmeter.save.saveservice.output_format",
                "xml"), "<?xml");
        assertThat(exitCode).isEqualTo(99);
    }

    /** Runs the smoke plan with {@code properties}, judges its JTL, compares; returns the judge's exit code. */
    private int judgeSmokeRun(Map<String, Object> properties, String jtlStart) throws Exception {
        Path live = tmp.resolve("live");
        JMeterRun smoke = JMeterRun.shipped("smoke.jmx")
                .workDir(tmp.resolve("run"))
                .property("TIME_SCALE", 0.05)
                .property("SMOKE_USERS", 2)
                .property("SEED", 42)
                .property("KPI_FILE", JMeterHome.projectDir().resolve("test-plans/kpis/smoke.yml"))
                .property("RESULTS_DIR", live);
        properties.forEach(smoke::property);
        JMeterRun.Result run = smoke.run(Duration.ofMinutes(4));
        assertThat(run.exitCode()).as(run.describe()).isIn(0, 99);
        if (jtlStart != null) {
            assertThat(Files.readString(run.jtl(), StandardCharsets.UTF_8)).startsWith(jtlStart);
        }
        return judgeAndCompare(run, live, JMeterHome.projectDir().resolve("test-plans/kpis/smoke.yml"));
    }

    @Test
    void shouldCountATransactionControllersChildrenAsSubSamplesLikeTheLiveRun() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).build())) {
            JMeterRun.Result run = JMeterRun.testPlan("plans/kpi-two-listeners.jmx")
                    .property("HOST", "127.0.0.1")
                    .property("PORT", sandbox.port())
                    .property("RESULTS_DIR", tmp.resolve("kpi"))
                    .property("THREADS", 2)
                    .property("LOOPS", 5)
                    .property("MAX_B", 5)
                    .workDir(tmp.resolve("run"))
                    .run(Duration.ofMinutes(2));
            assertThat(run.exitCode()).as(run.describe()).isEqualTo(99);

            // listener b's KPIs (one fails): the parent samples with 2 sub-sample rows each
            int exitCode = judgeAndCompare(run, tmp.resolve("kpi/b"), null);

            assertThat(exitCode).isEqualTo(99);
            JsonNode offline = JSON.readTree(tmp.resolve("offline/kpi-report.json").toFile());
            assertThat(offline.at("/test_summary/samples").asLong()).isEqualTo(10);
            assertThat(offline.at("/test_summary/sub_samples").asLong()).isEqualTo(20);
        }
    }

    /**
     * Judges {@code run}'s JTL with the live report's KPIs in {@code live} ({@code kpiFile}'s through
     * --kpis, the others as --kpi lines), compares; returns the judge's exit code.
     */
    private int judgeAndCompare(JMeterRun.Result run, Path live, Path kpiFile) throws Exception {
        JsonNode liveReport = JSON.readTree(live.resolve("kpi-report.json").toFile());
        List<String> args = new ArrayList<>(List.of("judge", "--jtl", run.jtl().toString()));
        if (kpiFile != null) {
            args.add("--kpis");
            args.add(kpiFile.toString());
        }
        for (JsonNode k : liveReport.path("kpis")) {
            if (kpiFile == null || !k.path("source").asText().contains(kpiFile.getFileName().toString())) {
                args.add("--kpi");
                args.add(k.path("expression").asText());
            }
        }
        Path offline = tmp.resolve("offline");
        args.add("--out");
        args.add(offline.toString());
        Judged judged = judge(args);

        assertThat(judged.exitCode).as(judged.console).isEqualTo(run.exitCode());
        JsonNode offlineReport = JSON.readTree(offline.resolve("kpi-report.json").toFile());
        for (String field : List.of("verdict", "samples", "sub_samples", "failed_samples", "peak_threads")) {
            assertThat(offlineReport.path("test_summary").path(field)).as(field + "\n" + judged.console)
                    .isEqualTo(liveReport.path("test_summary").path(field));
        }
        assertThat(offlineReport.path("test_summary").path("samples").asLong()).isPositive();
        Map<String, JsonNode> offlineKpis = new HashMap<>();
        offlineReport.path("kpis").forEach(k -> offlineKpis.put(k.path("expression").asText(), k));
        assertThat(offlineKpis).hasSize(liveReport.path("kpis").size());
        for (JsonNode k : liveReport.path("kpis")) {
            String expression = k.path("expression").asText();
            JsonNode o = offlineKpis.get(expression);
            assertThat(o).as(expression).isNotNull();
            assertThat(o.path("verdict").asText()).as(expression).isEqualTo(k.path("verdict").asText());
            double want = k.path("observed").asDouble();
            double got = o.path("observed").asDouble();
            if (k.path("unit").asText().equals("ms")) {
                assertThat(got).as(expression).isCloseTo(want, within(Math.max(1, want * 0.01)));
            } else {
                assertThat(got).as(expression).isEqualTo(want);
            }
        }
        assertThat(judged.console).contains("=== KPI verdict: " + liveReport.path("test_summary").path("verdict")
                .asText());
        assertThat(offline.resolve("kpi-junit.xml")).exists();
        assertThat(offline.resolve("kpi-report.html")).exists();
        return judged.exitCode;
    }

    private record Judged(int exitCode, String console) {
    }

    private Judged judge(List<String> judgeArgs) throws Exception {
        JMeterHome home = JMeterHome.assembled();
        // as documented: java -jar lib/ext/agieval-jmeter-plugins-<version>.jar judge ... (the manifest's
        // class path finds the libraries in JMeter's lib/)
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", home.pluginJar().toString()));
        cmd.addAll(judgeArgs);
        Path console = tmp.resolve("judge-console.txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(console.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("judge did not end: " + cmd);
        }
        return new Judged(p.exitValue(), String.join(" ", cmd) + "\n" + Files.readString(console, StandardCharsets.UTF_8));
    }
}
