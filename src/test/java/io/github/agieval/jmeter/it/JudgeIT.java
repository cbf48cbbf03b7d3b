package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * precision), and the sample and sub-sample counts ({@link JudgeRun}). Also: the JTL of a plain stock-JMeter
 * plan (HTTP Requests only), and bad inputs through the real command (exit 1, one line naming the problem).
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

    @Test
    void shouldJudgeTheJtlOfAPlainStockJMeterPlanWithoutTheSuitesElements() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).build())) {
            JMeterRun.Result run = JMeterRun.testPlan("plans/stock-http.jmx")
                    .property("PORT", sandbox.port())
                    .property("THREADS", 2)
                    .property("LOOPS", 10)
                    .workDir(tmp.resolve("stock"))
                    .run(Duration.ofMinutes(2));
            assertThat(run.exitCode()).as(run.describe()).isZero();
            Jtl jtl = run.jtlRows();
            assertThat(jtl.size()).as(run.describe()).isEqualTo(40);
            long maxElapsed = jtl.rows().stream().mapToLong(r -> Long.parseLong(r.get("elapsed"))).max().orElseThrow();

            Path out = tmp.resolve("stock-judged");
            JudgeRun.Judged judged = JudgeRun.judge(List.of("judge", "--jtl", run.jtl().toString(),
                    "--kpi", "label=Health: error_rate<1%", "--kpi", "label=Models without token: error_rate>=100%",
                    "--kpi", "max<=" + maxElapsed, "--kpi", "count>=40", "--kpi", "threads>=2",
                    "--out", out.toString()), tmp.resolve("stock-judge.txt"));

            assertThat(judged.exitCode()).as(judged.console()).isZero();
            assertThat(judged.console()).contains("=== KPI verdict: PASS");
            JsonNode report = JSON.readTree(out.resolve("kpi-report.json").toFile());
            assertThat(report.at("/test_summary/samples").asLong()).isEqualTo(40);
            assertThat(report.at("/test_summary/sub_samples").asLong()).isZero();
            assertThat(report.at("/test_summary/failed_samples").asLong()).isEqualTo(jtl.failures()).isEqualTo(20);
            assertThat(report.at("/test_summary/peak_threads").asInt()).isEqualTo(2);
            assertThat(observed(report, "max<=" + maxElapsed)).isEqualTo(maxElapsed);
            assertThat(out.resolve("kpi-junit.xml")).isRegularFile();
            assertThat(out.resolve("kpi-report.html")).isRegularFile();

            // a KPI the run breaks: 99, as the live listener would
            JudgeRun.Judged failed = JudgeRun.judge(List.of("judge", "--jtl", run.jtl().toString(),
                    "--kpi", "error_rate<1%", "--out", tmp.resolve("stock-failed").toString()), tmp.resolve("stock-failed.txt"));
            assertThat(failed.exitCode()).as(failed.console()).isEqualTo(99);
            assertThat(failed.console()).contains("=== KPI verdict: FAIL");

            // bad inputs, through the real command: exit 1 and one line naming the problem
            String header = Files.readAllLines(run.jtl(), StandardCharsets.UTF_8).get(0);
            String text = Files.readString(run.jtl(), StandardCharsets.UTF_8);
            Path cut = Files.writeString(tmp.resolve("cut.jtl"), text.substring(0, text.length() - 30));
            assertBadInput(cut, "cut.jtl: line 41: truncated last line");
            assertBadInput(tmp.resolve("none.jtl"), "none.jtl: no such JTL file");
            Path html = Files.writeString(tmp.resolve("page.jtl"), "<html><body>not a JTL</body></html>\n");
            assertBadInput(html, "unknown format: XML whose root is <html>");
            Path words = Files.writeString(tmp.resolve("words.jtl"), "hello,world\n");
            assertBadInput(words, "words.jtl: line 1: unknown format");
            // the stock JTL without its elapsed and success columns (jmeter.save.saveservice.time/success=false)
            Path cols = Files.writeString(tmp.resolve("cols.jtl"), dropColumns(text, header, "elapsed", "success"));
            assertBadInput(cols, "cols.jtl: line 1: the CSV header lacks the column(s) elapsed, success");
        }
    }

    private void assertBadInput(Path jtl, String message) throws Exception {
        JudgeRun.Judged judged = JudgeRun.judge(List.of("judge", "--jtl", jtl.toString(), "--kpi", "p(95)<500",
                "--out", tmp.resolve("bad").toString()), tmp.resolve("bad-console.txt"));
        assertThat(judged.exitCode()).as(judged.console()).isEqualTo(1);
        assertThat(judged.console()).contains("judge: ").contains(message);
        assertThat(tmp.resolve("bad/kpi-report.json")).doesNotExist();
    }

    /** {@code csv} without the named columns (the JTL has no quoted delimiters in these columns' rows). */
    private static String dropColumns(String csv, String header, String... drop) {
        List<String> names = List.of(header.split(","));
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (!List.of(drop).contains(names.get(i))) {
                keep.add(i);
            }
        }
        StringBuilder b = new StringBuilder();
        for (String line : csv.split("\n")) {
            String[] f = line.split(",", -1);
            List<String> kept = new ArrayList<>();
            for (int i : keep) {
                kept.add(i < f.length ? f[i] : "");
            }
            b.append(String.join(",", kept)).append('\n');
        }
        return b.toString();
    }

    private static double observed(JsonNode report, String expression) {
        for (JsonNode k : report.path("kpis")) {
            if (k.path("name").asText().equals(expression) || k.path("expression").asText().equals(expression)) {
                return k.path("observed").asDouble();
            }
        }
        throw new AssertionError("no KPI " + expression + " in " + report.path("kpis"));
    }

    /** Judges {@code run}'s JTL into {@code offline/} and compares with the live report in {@code live}. */
    private int judgeAndCompare(JMeterRun.Result run, Path live, Path kpiFile) throws Exception {
        return JudgeRun.judgeAndCompare(run, live, kpiFile, tmp.resolve("offline"));
    }
}
