package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped plans in the real JMeter 5.6.3 GUI: the assembled stock home with this build's
 * plugin, started as a desktop user starts it ({@code java -jar ApacheJMeter.jar}, no {@code -n}),
 * under Xvfb ({@code xvfb-run}; a desktop's {@code DISPLAY} is used when there is no Xvfb). The GUI
 * is driven through JMeter's own machinery by {@code src/tools/gui-run.groovy} (a
 * {@code jsr223.init.file}): it opens each plan (File &gt; Open), selects KPI Assertions (to watch
 * its live table) and presses Run ({@code ActionNames.ACTION_START} through the
 * {@code ActionRouter}, as the toolbar button does), waits for the engine, and records what the
 * user sees afterwards.
 *
 * <p>The session: each of the seven plans twice in a row (small {@code TIME_SCALE} and user
 * counts), then the smoke plan with a start that fails (a missing KPI file; then a bad graceful
 * ramp-down of the Stage Thread Group), each followed by a good run. After every good run:
 * <ul>
 * <li>the run started and ended (no error dialog, no hang);</li>
 * <li>it started its own embedded sandbox, and afterwards no sandbox is left: the port is closed,
 * the sandbox's threads are gone, and every JMeter property is as before the run (no
 * {@code BASE_URL} left set);</li>
 * <li>the KPI reports are that run's: written after the run started, the report's start and end
 * inside the run, samples counted; the verdict passes (only machine-dependent latency KPIs may
 * fail, as in {@code PlansIT});</li>
 * <li>the live KPI table shows that run's verdict: its status says PASSED / FAILED as the report
 * does, and each row holds the report's verdict and observed value.</li>
 * </ul>
 * After every failed start: the run ends, a message names the element, the property and the
 * value, no sandbox or property is left, the live table does not show a passing or an earlier
 * verdict, and the KPI report is rewritten and does not pass.
 */
class GuiRunIT {

    static final List<String> PLANS = List.of("load", "stress", "spike", "volume", "endurance", "user-journey", "smoke");
    static final int RUN_TIMEOUT_S = 120;
    static final Duration SESSION_TIMEOUT = Duration.ofMinutes(10);

    /** JMeter properties of the GUI session: small time scale and user counts for every plan. */
    static final Map<String, Object> SESSION = new LinkedHashMap<>();

    static {
        SESSION.put("TIME_SCALE", 0.01);
        SESSION.put("SEED", 42);
        // time for a removed user to finish its iteration on a loaded machine (x TIME_SCALE)
        SESSION.put("GRACEFUL_RAMP_DOWN", "200s");
        SESSION.put("SMOKE_USERS", 2);
        SESSION.put("LOAD_START_USERS", 1);
        SESSION.put("LOAD_USERS", 3);
        SESSION.put("STRESS_START_USERS", 1);
        SESSION.put("STRESS_USERS", 2);
        SESSION.put("STRESS_PEAK_USERS", 4);
        SESSION.put("SPIKE_BASE_USERS", 1);
        SESSION.put("SPIKE_USERS", 4);
        SESSION.put("VOLUME_USERS", 2);
        SESSION.put("VOLUME_PROMPTS_MAX", 20);
        SESSION.put("ENDURANCE_START_USERS", 1);
        SESSION.put("ENDURANCE_USERS", 2);
        SESSION.put("ENDURANCE_HOLD", "5m");
        SESSION.put("JOURNEY_USERS", 2);
        SESSION.put("JOURNEY_ITERATIONS", 1);
        SESSION.put("ARRIVAL_RATE_SCALE", 0.05);
        // never write the plan back to disk before a run (JMeter's default asks the preferences)
        SESSION.put("save_automatically_before_run", false);
    }

    /** A run of the session: name, plan, JMeter properties set for this run only, and for a bad run what the message names. */
    record Run(String name, String plan, Map<String, String> overrides, List<String> element, List<String> property,
            String value) {
        boolean bad() {
            return value != null;
        }

        String line(Path plans) {
            String o = overrides.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(";"));
            return name + "|" + plans.resolve(plan + ".jmx") + "|" + RUN_TIMEOUT_S + (o.isEmpty() ? "" : "|" + o);
        }
    }

    static List<Run> session() {
        List<Run> runs = new ArrayList<>();
        for (String p : PLANS) {
            runs.add(new Run(p + "-1", p, Map.of(), null, null, null));
            runs.add(new Run(p + "-2", p, Map.of(), null, null, null));
        }
        runs.add(new Run("smoke-bad-kpi-file", "smoke", Map.of("KPI_FILE", "kpis/no-such-file.yml"),
                List.of("KPI Assertions"), List.of("kpiFile", "KPI_FILE", "KPI file"), "no-such-file.yml"));
        runs.add(new Run("smoke-after-bad-kpi-file", "smoke", Map.of(), null, null, null));
        runs.add(new Run("smoke-bad-ramp-down", "smoke", Map.of("GRACEFUL_RAMP_DOWN", "abc"),
                List.of("Stage Thread Group", "smoke_test (k6 constant-vus)"),
                List.of("graceful_ramp_down", "GRACEFUL_RAMP_DOWN", "gracefulRampDown", "Graceful ramp-down"), "abc"));
        runs.add(new Run("smoke-after-bad-ramp-down", "smoke", Map.of(), null, null, null));
        return runs;
    }

    @TempDir
    Path tmp;

    @Test
    void shouldRunEveryShippedPlanTwiceAndAfterAFailedStartWhenStartedFromTheGui() throws Exception {
        JMeterHome home = JMeterHome.assembled();
        Path plans = tmp.resolve("plans");
        Path projectPlans = JMeterHome.projectDir().resolve("test-plans");
        for (String p : PLANS) {
            Files.createDirectories(plans);
            Files.copy(projectPlans.resolve(p + ".jmx"), plans.resolve(p + ".jmx"));
        }
        JmxCopy.copyKpis(projectPlans, plans);
        List<Run> runs = session();
        Path list = tmp.resolve("runs.txt");
        Files.writeString(list, runs.stream().map(r -> r.line(plans)).collect(Collectors.joining("\n", "", "\n")));
        Path out = tmp.resolve("out");
        Path log = tmp.resolve("jmeter.log");
        Path results = tmp.resolve("kpi");
        Path console = tmp.resolve("console.txt");

        List<String> cmd = new ArrayList<>(display());
        cmd.addAll(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms1g", "-Xmx1g", "-Djava.awt.headless=false",
                // the GUI's preferences (e.g. "save before run") stay in this test's folder
                "-Djava.util.prefs.userRoot=" + tmp.resolve("prefs"),
                "-jar", home.launcherJar().toString(),
                "-j", log.toString(),
                "-Jjsr223.init.file=" + JMeterHome.projectDir().resolve("src/tools/gui-run.groovy"),
                "-JGUI_RUN_LIST=" + list, "-JGUI_RUN_OUT=" + out, "-JGUI_RUN_LOG=" + log,
                "-JRESULTS_DIR=" + results));
        SESSION.forEach((k, v) -> cmd.add("-J" + k + "=" + v));
        long started = System.nanoTime();
        Process gui = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(console.toFile()).start();
        boolean ended = gui.waitFor(SESSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            gui.descendants().forEach(ProcessHandle::destroyForcibly);
            gui.destroyForcibly();
            gui.waitFor(10, TimeUnit.SECONDS);
        }
        System.out.println("GuiRunIT: GUI session took " + (System.nanoTime() - started) / 1_000_000 + " ms");
        String consoleText = read(console);
        assertThat(ended).as("the GUI session ended within %s\n%s", SESSION_TIMEOUT, consoleText).isTrue();
        assertThat(out.resolve("done")).as("the driver went through every run\n%s\n%s", consoleText,
                read(out.resolve("driver-error.txt"))).exists();

        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> records = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out.resolve("runs.jsonl"))) {
            JsonNode r = json.readTree(line);
            records.put(r.path("name").asText(), r);
        }
        String logText = read(log);
        SoftAssertions soft = new SoftAssertions();
        StringBuilder summary = new StringBuilder();
        JsonNode previous = null;
        for (Run run : runs) {
            JsonNode rec = records.get(run.name());
            soft.assertThat(rec).as("record of run %s", run.name()).isNotNull();
            if (rec == null) {
                continue;
            }
            byte[] bytes = logText.getBytes(StandardCharsets.UTF_8);
            int from = (int) Math.min(rec.path("log_from").asLong(), bytes.length);
            int to = (int) Math.min(rec.path("log_to").asLong(), bytes.length);
            String slice = new String(bytes, from, to - from, StandardCharsets.UTF_8);
            List<String> problems = run.bad() ? checkFailedStart(run, rec, previous, slice, out)
                    : checkGoodRun(run, rec, slice, out);
            summary.append(String.format("%-28s %6d ms  %s%n", run.name(),
                    rec.path("end_ms").asLong() - rec.path("start_ms").asLong(),
                    problems.isEmpty() ? "ok" : String.join("; ", problems.stream()
                            .map(p -> p.lines().findFirst().orElse("")).toList())));
            for (String p : problems) {
                soft.fail("[" + run.name() + "] " + p);
            }
            previous = rec;
        }
        System.out.println("GuiRunIT:\n" + summary);
        soft.assertAll();
    }

    /** The problems of a run that should have run. */
    static List<String> checkGoodRun(Run run, JsonNode rec, String slice, Path out) throws IOException {
        List<String> problems = new ArrayList<>();
        if (!rec.path("ended").asBoolean()) {
            problems.add("hung: the run did not end within " + RUN_TIMEOUT_S + " s; deadlocked threads: "
                    + rec.path("deadlocked"));
            return problems;
        }
        if (rec.path("start_failed").asBoolean()) {
            problems.add("the run failed to start: " + rec.path("start_error").asText());
        }
        if (!rec.path("dialogs").isEmpty()) {
            problems.add("dialogs popped up: " + rec.path("dialogs"));
        }
        if (!slice.contains("started the embedded AGI Evaluation Sandbox")) {
            problems.add("the run started no embedded sandbox of its own (sandboxes it used: "
                    + rec.path("sandbox_urls") + ")");
        }
        problems.addAll(leftovers(rec));
        // the reports are this run's
        long start = rec.path("start_ms").asLong();
        long end = rec.path("end_ms").asLong();
        JsonNode reports = rec.path("reports");
        for (String f : List.of("kpi-report.json", "kpi-junit.xml", "kpi-report.html")) {
            if (!reports.has(f)) {
                problems.add(f + " missing after the run");
            } else if (reports.path(f).asLong() < start) {
                problems.add(f + " is stale: last written " + Instant.ofEpochMilli(reports.path(f).asLong())
                        + ", before the run started at " + Instant.ofEpochMilli(start));
            }
        }
        Path reportFile = out.resolve(run.name()).resolve("kpi-report.json");
        if (!Files.isRegularFile(reportFile)) {
            return problems;
        }
        JsonNode report = new ObjectMapper().readTree(reportFile.toFile());
        JsonNode summary = report.path("test_summary");
        long reportStart = Instant.parse(summary.path("started").asText("1970-01-01T00:00:00Z")).toEpochMilli();
        long reportEnd = Instant.parse(summary.path("ended").asText("1970-01-01T00:00:00Z")).toEpochMilli();
        if (reportStart < start - 1000 || reportEnd > end + 1000) {
            problems.add("kpi-report.json covers " + summary.path("started").asText() + " .. "
                    + summary.path("ended").asText() + ", not this run (" + Instant.ofEpochMilli(start) + " .. "
                    + Instant.ofEpochMilli(end) + ")");
        }
        if (summary.path("samples").asLong() <= 0) {
            problems.add("kpi-report.json counts no samples");
        }
        String verdict = summary.path("verdict").asText();
        Map<String, List<String>> reportRows = new TreeMap<>();
        for (JsonNode k : report.path("kpis")) {
            reportRows.put(k.path("name").asText(), List.of(k.path("verdict").asText(), k.path("observed_text").asText()));
            String v = k.path("verdict").asText();
            if (!v.equals("PASS") && !v.equals("NOT_MEASURED") && !machineDependent(k.path("name").asText())) {
                problems.add("KPI " + k.path("name").asText() + " " + v + ": " + k.path("observed_text").asText());
            }
        }
        // the live table shows this run's verdict
        JsonNode live = rec.path("live");
        String status = live.path("status").asText("");
        String expectedStatus = verdict.equals("PASS") ? "PASS" : "FAIL";
        if (!status.toUpperCase(java.util.Locale.ROOT).startsWith(expectedStatus)) {
            problems.add("the live KPI table says '" + status + "', the report " + verdict);
        }
        Map<String, List<String>> liveRows = new TreeMap<>();
        for (JsonNode row : live.path("rows")) {
            liveRows.put(row.path(1).asText(), List.of(row.path(0).asText(), row.path(2).asText()));
        }
        if (!liveRows.equals(reportRows)) {
            problems.add("the live KPI table " + liveRows + " is not the report's " + reportRows);
        }
        return problems;
    }

    /** The problems of a run whose start should have failed. */
    static List<String> checkFailedStart(Run run, JsonNode rec, JsonNode previous, String slice, Path out)
            throws IOException {
        List<String> problems = new ArrayList<>();
        if (!rec.path("ended").asBoolean()) {
            problems.add("hung: the failed start did not end within " + RUN_TIMEOUT_S + " s");
        }
        String said = slice + "\n" + rec.path("dialogs") + "\n" + rec.path("start_error").asText("");
        boolean named = said.lines().anyMatch(l -> l.contains(run.value())
                && run.element().stream().anyMatch(l::contains) && run.property().stream().anyMatch(l::contains));
        if (!named) {
            problems.add("no message names the element " + run.element() + ", the property " + run.property()
                    + " and the value '" + run.value() + "'");
        }
        problems.addAll(leftovers(rec));
        String status = rec.path("live").path("status").asText("");
        if (status.toUpperCase(java.util.Locale.ROOT).startsWith("PASS")) {
            problems.add("the live KPI table shows a passing verdict after a failed start: '" + status + "'");
        } else if (previous != null && status.equals(previous.path("live").path("status").asText())) {
            problems.add("the live KPI table still shows the previous run's status: '" + status + "'");
        }
        JsonNode reports = rec.path("reports");
        long start = rec.path("start_ms").asLong();
        if (!reports.has("kpi-report.json")) {
            problems.add("no kpi-report.json saying the run did not start");
        } else if (reports.path("kpi-report.json").asLong() < start) {
            problems.add("kpi-report.json is the previous run's (last written "
                    + Instant.ofEpochMilli(reports.path("kpi-report.json").asLong()) + ", before this run started)");
        } else {
            JsonNode report = new ObjectMapper().readTree(out.resolve(run.name()).resolve("kpi-report.json").toFile());
            if (report.path("test_summary").path("verdict").asText().equals("PASS")) {
                problems.add("kpi-report.json says PASS for a run that did not start");
            }
        }
        return problems;
    }

    /** A sandbox, its threads or a JMeter property left over by the run. */
    static List<String> leftovers(JsonNode rec) {
        List<String> problems = new ArrayList<>();
        if (!rec.path("open_ports_after").isEmpty()) {
            problems.add("embedded sandbox still listening after the run: " + rec.path("open_ports_after"));
        }
        if (!rec.path("leftover_threads").isEmpty()) {
            problems.add("sandbox threads still alive 5 s after the run: " + rec.path("leftover_threads"));
        }
        if (!rec.path("props_changed").isEmpty()) {
            problems.add("JMeter properties left changed by the run (name: [before, after]): "
                    + rec.path("props_changed"));
        }
        return problems;
    }

    /** Latency KPIs of the API requests, which a loaded machine may breach (as in PlansIT). */
    static boolean machineDependent(String kpi) {
        return !kpi.contains("job ") && (kpi.matches("p\\d+_response_time") || kpi.matches(".*p\\(\\d+\\)<.*"));
    }

    /** How to give the GUI a display: xvfb-run when installed, else the desktop's DISPLAY. */
    static List<String> display() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Paths.get(dir, "xvfb-run"))) {
                return List.of(Paths.get(dir, "xvfb-run").toString(), "-a", "-s", "-screen 0 1280x900x24");
            }
        }
        String display = System.getenv("DISPLAY");
        assertThat(display).as("GuiRunIT needs Xvfb (apt-get install -y xvfb) or a desktop DISPLAY").isNotBlank();
        return List.of();
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }
}
