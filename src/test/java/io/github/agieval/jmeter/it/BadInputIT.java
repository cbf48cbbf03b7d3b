package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The bad-input catalogue: one bad setting at a time, across every element of the suite (Stage
 * Thread Group, Job Polling Controller, the five samplers, AGI Data Generator, KPI Assertions and
 * its KPI file, Sandbox Target), each given to a real headless {@code jmeter -n} run of the shipped
 * smoke plan in the assembled stock JMeter 5.6.3: as a {@code -J} property where the plan exposes
 * the setting, else in a modified copy of the plan ({@link JmxCopy}, as a user would type it in
 * the GUI). Every case must
 * <ul>
 * <li>end the JMeter process with exit code 1 ("the plan could not start") within
 * {@value #LIMIT_S} s of JMeter's start (its log's first line: a loaded machine's slow JVM start does
 * not count; a process still alive {@value #KILL_S} s after its start is a hang: it is killed and
 * reported as such);</li>
 * <li>say why on the console or in jmeter.log: one line naming the element (its kind or its
 * name), the property (its key, GUI name or the JMeter property the plan reads it from) and the bad
 * value;</li>
 * <li>leave nothing running: the embedded sandbox, started on a port the test chooses
 * ({@code SANDBOX_PORT}), accepts no connection later than {@value #LIMIT_S} s after JMeter's start,
 * nor after the process ended;</li>
 * <li>leave no stale verdict: a passing {@code kpi-report.json} left in {@code RESULTS_DIR} by an
 * earlier run is replaced by a report that does not pass, or removed.</li>
 * </ul>
 * All problems of all cases are collected and reported together. Cases run two at a time (the CI
 * machine has two cores).
 */
class BadInputIT {

    static final int LIMIT_S = 10;
    /** A process alive this long after its start is a hang (a loaded machine may take 15 s to start a JVM). */
    static final int KILL_S = 40;
    static final String STALE_MARKER = "stale-report-of-an-earlier-run";

    private static final Path SMOKE = JMeterHome.projectDir().resolve("test-plans/smoke.jmx");

    private static final List<String> STAGE_TG = List.of("Stage Thread Group", "smoke_test (k6 constant-vus)");
    private static final List<String> POLL = List.of("Job Polling Controller");
    private static final List<String> DATAGEN = List.of("AGI Data Generator", "Evaluation requests");
    private static final List<String> KPI = List.of("KPI Assertions");
    private static final List<String> SANDBOX = List.of("Sandbox Target");

    /** The cases' folders (plan copy, KPI files, console, jmeter.log, reports), kept for inspection. */
    private final Path tmp = JMeterHome.buildDir().resolve("it-bad-input");

    /** One bad setting: where it goes, and what the message must name. */
    record Case(String id, List<String> element, List<String> property, String value, Map<String, String> props,
            UnaryOperator<JmxCopy> edit) {

        static Case prop(String id, List<String> element, List<String> property, String jmeterProperty, String value) {
            return new Case(id, element, property, value, Map.of(jmeterProperty, value), null);
        }

        static Case edit(String id, List<String> element, List<String> property, String value,
                UnaryOperator<JmxCopy> edit) {
            return new Case(id, element, property, value, Map.of(), edit);
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /** A sampler named in a message: its kind or its name in quotes. */
    private static List<String> sampler(String kind, String name) {
        return List.of(kind, "'" + name + "'", "\"" + name + "\"");
    }

    List<Case> catalogue() throws IOException {
        Path kpiDir = Files.createDirectories(tmp.resolve("kpi-files"));
        Path typo = kpiDir.resolve("typo.yml");
        Files.writeString(typo, Files.readString(SMOKE.resolveSibling("kpis/smoke.yml"))
                .replace("p95_response_time", "p95_responce_time"));
        Path empty = kpiDir.resolve("empty.yml");
        Files.writeString(empty, "# no KPIs at all\n");
        Path badTarget = kpiDir.resolve("bad-target.yml");
        Files.writeString(badTarget, Files.readString(SMOKE.resolveSibling("kpis/smoke.yml"))
                .replace("target: \"<500ms\"", "target: \"<fast\""));
        List<Case> c = new ArrayList<>();
        // ---- Stage Thread Group
        c.add(Case.prop("stage-graceful-ramp-down", STAGE_TG,
                List.of("graceful_ramp_down", "GRACEFUL_RAMP_DOWN", "gracefulRampDown", "Graceful ramp-down"),
                "GRACEFUL_RAMP_DOWN", "abc"));
        c.add(Case.edit("stage-stages", STAGE_TG, List.of("stages", "Stages"), "5x,2",
                p -> p.set("smoke_test (k6 constant-vus)", "stringProp", "StageThreadGroup.stages", "5x,2")));
        c.add(Case.edit("stage-start-users", STAGE_TG, List.of("start_users", "Start users", "startUsers"), "-3",
                p -> p.set("smoke_test (k6 constant-vus)", "stringProp", "StageThreadGroup.start_users", "-3")));
        c.add(Case.edit("stage-time-scale", STAGE_TG, List.of("time_scale", "Time scale", "timeScale"), "-2",
                p -> p.set("smoke_test (k6 constant-vus)", "stringProp", "StageThreadGroup.time_scale", "-2")));
        // ---- Job Polling Controller
        c.add(Case.prop("poll-max-polls", POLL, List.of("maxPolls", "MAX_POLLS", "Max polls"), "MAX_POLLS", "many"));
        c.add(Case.edit("poll-backoff", POLL, List.of("backoff", "Backoff"), "SOMETIMES",
                p -> p.set("Evaluation", "stringProp", "JobPollController.backoff", "SOMETIMES")));
        c.add(Case.edit("poll-condition-source", POLL, List.of("conditionSource", "Condition source", "condition"),
                "MAGIC", p -> p.set("Evaluation", "stringProp", "JobPollController.conditionSource", "MAGIC")));
        c.add(Case.edit("poll-max-interval", POLL, List.of("maxIntervalMs", "Max interval", "max interval"), "-100",
                p -> p.set("Evaluation", "stringProp", "JobPollController.maxIntervalMs", "-100")));
        c.add(Case.edit("poll-boolean-yes", POLL, List.of("waitBeforeFirstPoll", "Wait before the first poll",
                "wait before first poll"), "yes",
                p -> p.set("Evaluation", "stringProp", "JobPollController.waitBeforeFirstPoll", "yes")));
        // ---- the five samplers
        c.add(Case.edit("login-boolean-yes", sampler("AGI Eval Login", "Login"),
                List.of("relogin_on_401", "Re-login on 401", "relogin"), "yes",
                p -> p.set("Login", "stringProp", "AgiApi.relogin_on_401", "yes")));
        c.add(Case.edit("api-call-endpoint", sampler("AGI Eval API Call", "Health"), List.of("endpoint", "Endpoint"),
                "helth", p -> p.set("Health", "stringProp", "AgiApiCall.endpoint", "helth")));
        c.add(Case.edit("api-call-expected-codes", sampler("AGI Eval API Call", "List Models"),
                List.of("expected_codes", "Expected codes", "expected status codes"), "200,OK",
                p -> p.set("List Models", "stringProp", "AgiApiCall.expected_codes", "200,OK")));
        c.add(Case.edit("submit-body-mode", sampler("AGI Eval Submit Evaluation", "Submit Evaluation"),
                List.of("body_mode", "Body mode", "bodyMode"), "form",
                p -> p.set("Submit Evaluation", "stringProp", "AgiSubmit.body_mode", "form")));
        c.add(Case.edit("submit-max-tokens", sampler("AGI Eval Submit Evaluation", "Submit Evaluation"),
                List.of("max_tokens", "Max tokens", "maxTokens"), "lots",
                p -> p.set("Submit Evaluation", "stringProp", "AgiSubmit.body_mode", "fields")
                        .set("Submit Evaluation", "stringProp", "AgiSubmit.max_tokens", "lots")));
        c.add(Case.edit("job-status-boolean-yes", sampler("AGI Eval Job Status", "Job Status"),
                List.of("relogin_on_401", "Re-login on 401", "relogin"), "yes",
                p -> p.set("Job Status", "stringProp", "AgiApi.relogin_on_401", "yes")));
        c.add(Case.edit("job-results-boolean", sampler("AGI Eval Job Results", "Job Results"),
                List.of("relogin_on_401", "Re-login on 401", "relogin"), "sometimes",
                p -> p.set("Job Results", "stringProp", "AgiApi.relogin_on_401", "sometimes")));
        // ---- AGI Data Generator
        c.add(Case.edit("datagen-prompts-min", DATAGEN, List.of("promptsMin", "Prompts min", "prompts"), "ten",
                p -> p.set("Evaluation requests", "stringProp", "promptsMin", "ten")));
        c.add(Case.edit("datagen-temperature-max", DATAGEN, List.of("temperatureMax", "Temperature max"), "hot",
                p -> p.set("Evaluation requests", "stringProp", "temperatureMax", "hot")));
        c.add(Case.prop("datagen-seed", DATAGEN, List.of("seed", "SEED", "Seed"), "SEED", "not-a-number"));
        c.add(Case.edit("datagen-boolean-yes", DATAGEN, List.of("generateScenarios", "Generate scenarios"), "yes",
                p -> p.set("Evaluation requests", "stringProp", "generateScenarios", "yes")));
        // ---- KPI Assertions and its KPI file / lines
        List<String> kpiFileProps = List.of("kpiFile", "KPI_FILE", "KPI file");
        c.add(Case.prop("kpi-file-missing", KPI, kpiFileProps, "KPI_FILE", "kpis/no-such-file.yml"));
        c.add(new Case("kpi-file-unknown-metric", KPI, List.of("kpiFile", "KPI_FILE", "KPI file", "typo.yml"),
                "p95_responce_time", Map.of("KPI_FILE", typo.toString()), null));
        c.add(new Case("kpi-file-empty", KPI, kpiFileProps, "empty.yml",
                Map.of("KPI_FILE", empty.toString()), null));
        c.add(new Case("kpi-file-bad-target", KPI, List.of("kpiFile", "KPI_FILE", "KPI file", "bad-target.yml",
                "target"), "fast", Map.of("KPI_FILE", badTarget.toString()), null));
        c.add(Case.prop("kpi-baseline-missing", KPI, List.of("baselineFile", "BASELINE", "baseline"), "BASELINE",
                "no-such-baseline.json"));
        c.add(Case.prop("kpi-abort-on-fail-yes", KPI, List.of("abortOnFail", "ABORT_ON_FAIL", "abort on fail"),
                "ABORT_ON_FAIL", "yes"));
        c.add(Case.prop("kpi-grace", KPI, List.of("gracePeriod", "KPI_GRACE", "grace"), "KPI_GRACE", "soon"));
        c.add(Case.prop("kpi-expression", KPI, List.of("KPI_EXPRESSIONS", "expressions"), "KPI_EXPRESSIONS",
                "p(95)<<500"));
        // ---- Sandbox Target
        c.add(Case.prop("sandbox-port", SANDBOX, List.of("port", "SANDBOX_PORT"), "SANDBOX_PORT", "99999"));
        c.add(Case.prop("sandbox-error-rate", SANDBOX, List.of("errorRate", "SANDBOX_ERROR_RATE"),
                "SANDBOX_ERROR_RATE", "1.5"));
        c.add(Case.prop("sandbox-latency", SANDBOX, List.of("latency", "SANDBOX_LATENCY"), "SANDBOX_LATENCY",
                "gauss:1,2"));
        c.add(Case.prop("sandbox-base-url", SANDBOX, List.of("baseUrl", "BASE_URL"), "BASE_URL", "ftp://example.org"));
        c.add(Case.prop("sandbox-token-lifetime", SANDBOX, List.of("tokenLifetime", "SANDBOX_TOKEN_LIFETIME"),
                "SANDBOX_TOKEN_LIFETIME", "-5"));
        return c;
    }

    @Test
    void shouldExitOneNamingElementPropertyAndValueWithinTenSecondsWhenAnySettingIsBad() throws Exception {
        List<Case> cases = catalogue();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(25);
        // -Dbadinput.cases=id,id runs only those (to investigate one case)
        String only = System.getProperty("badinput.cases", "").trim();
        if (!only.isEmpty()) {
            List<String> ids = List.of(only.split(","));
            cases = cases.stream().filter(k -> ids.contains(k.id())).toList();
        }
        int[] ports = JMeterServers.freePorts(cases.size());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ScheduledExecutorService probes = Executors.newScheduledThreadPool(2);
        Map<Case, Future<List<String>>> results = new LinkedHashMap<>();
        try {
            for (int i = 0; i < cases.size(); i++) {
                Case k = cases.get(i);
                int port = ports[i];
                results.put(k, pool.submit(() -> check(k, port, probes)));
            }
            SoftAssertions soft = new SoftAssertions();
            StringBuilder summary = new StringBuilder();
            for (Map.Entry<Case, Future<List<String>>> e : results.entrySet()) {
                List<String> problems = e.getValue().get();
                summary.append(String.format("%-28s %s%n", e.getKey().id(), problems.isEmpty() ? "ok"
                        : String.join("; ", problems.stream().map(p -> p.lines().findFirst().orElse("")).toList())));
                for (String p : problems) {
                    soft.fail("[" + e.getKey().id() + "] " + p);
                }
            }
            System.out.println("BadInputIT:\n" + summary);
            soft.assertAll();
        } finally {
            pool.shutdownNow();
            probes.shutdownNow();
        }
    }

    /** Runs one case; returns its problems (empty: as required). */
    private List<String> check(Case k, int port, ScheduledExecutorService probes) throws Exception {
        Path dir = tmp.resolve(k.id());
        deleteRecursively(dir);
        Path plan = (k.edit() == null ? JmxCopy.of(SMOKE) : k.edit().apply(JmxCopy.of(SMOKE))).writeTo(dir.resolve("plan"));
        Path results = Files.createDirectories(dir.resolve("kpi"));
        Path report = results.resolve("kpi-report.json");
        Files.writeString(report, "{\"format\":\"agieval-kpi-report/1\",\"" + STALE_MARKER
                + "\":true,\"test_summary\":{\"verdict\":\"PASS\",\"samples\":100}}");
        JMeterRun run = JMeterRun.plan(plan).workDir(dir.resolve("run"))
                .property("TIME_SCALE", 0.01)
                .property("SMOKE_USERS", 2)
                .property("RESULTS_DIR", results);
        boolean portChosen = !k.props().containsKey("SANDBOX_PORT");
        if (portChosen) {
            run.property("SANDBOX_PORT", port);
        }
        k.props().forEach(run::property);
        // when was the embedded sandbox last seen listening?
        AtomicLong lastOpen = new AtomicLong();
        ScheduledFuture<?> probe = probes.scheduleWithFixedDelay(() -> {
            if (portChosen && listening(port)) {
                lastOpen.set(System.currentTimeMillis());
            }
        }, 0, 250, TimeUnit.MILLISECONDS);
        JMeterRun.Result r;
        try {
            r = run.runOrKill(Duration.ofSeconds(KILL_S));
        } finally {
            probe.cancel(false);
        }
        long endedAt = System.currentTimeMillis();
        long up = jmeterUp(r);
        List<String> problems = new ArrayList<>();
        String output = r.console() + "\n" + r.logText();
        if (r.timedOut()) {
            problems.add("hang: jmeter -n still running after " + KILL_S + " s (killed)\n" + r.describe());
        } else {
            if (r.exitCode() != 1) {
                problems.add("exit code " + r.exitCode() + ", expected 1\n" + r.describe());
            }
            long took = up > 0 ? endedAt - up : r.took().toMillis();
            if (took > LIMIT_S * 1000L) {
                problems.add("ended " + took + " ms after JMeter started (" + r.took().toMillis()
                        + " ms with the JVM's start), more than " + LIMIT_S + " s\n" + r.describe());
            }
        }
        if (namingLine(output, k) == null) {
            problems.add("no line names the element " + k.element() + ", the property " + k.property()
                    + " and the value '" + k.value() + "'\n" + r.describe());
        }
        if (up > 0 && lastOpen.get() > up + LIMIT_S * 1000L) {
            problems.add("the embedded sandbox on port " + port + " still accepted connections "
                    + (lastOpen.get() - up) + " ms after JMeter started");
        }
        if (portChosen && listening(port)) {
            problems.add("the embedded sandbox on port " + port + " still accepts connections after the process ended");
        }
        if (Files.exists(report)) {
            String text = Files.readString(report, StandardCharsets.UTF_8);
            if (text.contains(STALE_MARKER)) {
                problems.add("kpi-report.json is still the stale passing report of an earlier run");
            } else if ("PASS".equals(verdict(text))) {
                problems.add("kpi-report.json says PASS for a run that could not start");
            }
        }
        return problems;
    }

    private static final Pattern LOG_LINE =
            Pattern.compile("^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3}) ", Pattern.MULTILINE);
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    /**
     * When JMeter started (its log's first line), epoch ms, or 0 if unknown: the time limit runs from
     * there, not from the process start, so a machine slow to start JVMs does not count against it.
     */
    static long jmeterUp(JMeterRun.Result r) throws IOException {
        Matcher m = LOG_LINE.matcher(r.logText());
        if (!m.find()) {
            return 0;
        }
        return LocalDateTime.parse(m.group(1), LOG_TIME).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    }

    /** {@code test_summary.verdict} of a kpi-report.json text, or null. */
    static String verdict(String json) {
        try {
            return new ObjectMapper().readTree(json).path("test_summary").path("verdict").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** The first line that names the element, the property and the value, or null. */
    static String namingLine(String output, Case k) {
        for (String line : output.split("\\R")) {
            if (line.contains(k.value()) && k.element().stream().anyMatch(line::contains)
                    && k.property().stream().anyMatch(line::contains)) {
                return line;
            }
        }
        return null;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
