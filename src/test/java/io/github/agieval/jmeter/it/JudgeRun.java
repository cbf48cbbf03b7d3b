package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * IT harness for the {@code judge} command: runs it as documented
 * ({@code java -jar lib/ext/agieval-jmeter-plugins-<version>.jar judge ...}, the manifest's class path
 * finding the libraries in the assembled JMeter's {@code lib/}), and compares what it concludes from a
 * run's JTL with what the run's live KPI Assertions concluded (its {@code kpi-report.json}).
 *
 * <p>What must agree: the exit code, the verdict, the sample, sub-sample and failed-sample counts and
 * the peak threads; every KPI's verdict; every KPI's observed value, exactly, except latency values
 * (within the histogram's precision, 1 %) and the worst window of a windowed KPI (the live listener's
 * one-second slots start at its test start, which the JTL does not hold; offline they start at the first
 * sample, so a window's edges may move by under a second: its verdict must agree, its value is not
 * compared).
 *
 * <p>Threading: used from one test thread; each call starts one process and waits for it.
 */
final class JudgeRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The judge's exit code, command line and console output. */
    record Judged(int exitCode, String console) {
    }

    private JudgeRun() {
    }

    /**
     * Judges {@code run}'s JTL into {@code out} with the KPIs of the live report in {@code live}
     * ({@code kpiFile}'s through {@code --kpis}, the plan's own lines as {@code --kpi}), asserts that both
     * agree (see the class comment); returns the judge's exit code.
     */
    static int judgeAndCompare(JMeterRun.Result run, Path live, Path kpiFile, Path out) throws Exception {
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
        args.add("--out");
        args.add(out.toString());
        Judged judged = judge(args, out.resolveSibling(out.getFileName() + "-console.txt"));

        assertThat(judged.exitCode).as(judged.console).isEqualTo(run.exitCode());
        JsonNode offlineReport = JSON.readTree(out.resolve("kpi-report.json").toFile());
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
            assertThat(o.path("verdict").asText()).as(expression + "\nlive: " + k + "\noffline: " + o)
                    .isEqualTo(k.path("verdict").asText());
            if (!k.path("window_s").isNull() && !k.path("window_s").isMissingNode()) {
                continue;
            }
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
        assertThat(out.resolve("kpi-junit.xml")).exists();
        assertThat(out.resolve("kpi-report.html")).exists();
        return judged.exitCode;
    }

    /** Runs {@code judge} with {@code judgeArgs} (from "judge" on), its output into {@code console}. */
    static Judged judge(List<String> judgeArgs, Path console) throws IOException, InterruptedException {
        JMeterHome home = JMeterHome.assembled();
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", home.pluginJar().toString()));
        cmd.addAll(judgeArgs);
        Files.createDirectories(console.getParent());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(console.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("judge did not end: " + cmd);
        }
        return new Judged(p.exitValue(), String.join(" ", cmd) + "\n" + Files.readString(console, StandardCharsets.UTF_8));
    }
}
