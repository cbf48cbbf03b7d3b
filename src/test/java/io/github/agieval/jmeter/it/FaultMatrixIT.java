package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.agieval.jmeter.sampler.ApiSampler;
import io.github.agieval.jmeter.sandbox.Latency;
import io.github.agieval.jmeter.sandbox.RequestCounters;
import io.github.agieval.jmeter.sandbox.Sandbox;
import io.github.agieval.jmeter.sandbox.SandboxConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix: the shipped smoke plan, run headless in the assembled stock JMeter 5.6.3
 * ({@code TIME_SCALE} 0.02: a 6 s stage, 2 users), against a reference sandbox that this test starts
 * in its own JVM with one fault knob set at start (latency, errors, dropped connections, failed
 * jobs, hung jobs, a full queue, expiring tokens), the plan pointed at it with {@code BASE_URL}.
 * For each knob:
 * <ul>
 * <li>the exit code is the verdict: 99 when a KPI failed, else 0; the KPIs the fault must break
 * are failed, and no other KPI failed (the response-time percentiles of the API requests aside on
 * every row: they depend on the machine, not on the fault, as in {@code PlansIT});</li>
 * <li>nothing is lost or counted twice: the JTL's rows = the KPI report's samples + its
 * sub-samples (a re-login after an expired token records the parent sample with three
 * sub-samples), and every request the JTL recorded (its rows but the synthetic job samples and
 * the re-login parents) is a request the server counted (its counters, dropped connections
 * included, which the JTL records as failed samples).</li>
 * </ul>
 * The sandbox runs in this JVM (its Java API: faults at start, counters), so the test depends on
 * no admin endpoint.
 */
class FaultMatrixIT {

    private static final double TIME_SCALE = 0.02;
    private static final String JOB_SAMPLE = "job Evaluation";

    /** KPIs of the smoke plan, by the start of their name. */
    static final String P50 = "p50_response_time";
    static final String P95 = "p95_response_time";
    static final String P99 = "p99_response_time";
    static final String ERROR_RATE = "error_rate";
    static final String AVAILABILITY = "availability";
    static final String JOB_TIME = "label=job Evaluation: p(95)";
    static final String JOB_SUCCESS = "label=job Evaluation: availability";
    /** May fail on any row: machine-dependent. */
    static final Set<String> MACHINE = Set.of(P50, P95, P99);

    /** The rows' folders (JTL, jmeter.log, console, reports), kept for inspection. */
    private final Path tmp = JMeterHome.buildDir().resolve("it-fault-matrix");

    /** One fault knob: how the sandbox starts, which KPIs must fail, which may. */
    record Fault(String name, Consumer<SandboxConfig.Builder> config, Set<String> mustFail, Set<String> mayFail,
            Map<String, Object> props) {

        Fault(String name, Consumer<SandboxConfig.Builder> config, Set<String> mustFail, Set<String> mayFail) {
            this(name, config, mustFail, mayFail, Map.of());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                new Fault("none", b -> { }, Set.of(), Set.of()),
                // two of the plan's seven API requests answer after 700 ms: p95 > 500 ms, p99 < 1000 ms
                new Fault("latency", b -> b.faults(f -> f.latency("GET /health", Latency.fixed(700))
                        .latency("GET /api/v1/models", Latency.fixed(700))), Set.of(P95), Set.of()),
                new Fault("errors", b -> b.faults(f -> f.errorRate("GET /api/v1/models", 0.5)),
                        Set.of(ERROR_RATE, AVAILABILITY), Set.of()),
                new Fault("drops", b -> b.faults(f -> f.dropRate("GET /health", 0.5)),
                        Set.of(ERROR_RATE, AVAILABILITY), Set.of()),
                new Fault("failed jobs", b -> b.jobFailureRate(0.5), Set.of(JOB_SUCCESS), Set.of()),
                // every job hangs: each is polled until MAX_POLLS and fails as timed out
                new Fault("hung jobs", b -> b.jobHangRate(1.0), Set.of(JOB_SUCCESS), Set.of(JOB_TIME)),
                // one worker, no queue, jobs ten times slower: submits meet 429 queue_full
                // (the few accepted jobs may still run when the run ends: then no job sample at all, and the job
                // KPIs have no data)
                new Fault("full queue", b -> b.workers(1).queueCapacity(0).timeFactor(TIME_SCALE * 10),
                        Set.of(ERROR_RATE, AVAILABILITY), Set.of(JOB_TIME, JOB_SUCCESS)),
                // tokens live 1 s, jobs ten times slower (polled up to 200 times): tokens expire while a
                // job is polled, the sampler logs in again and retries (a parent sample with three sub-samples)
                new Fault("expired tokens", b -> b.tokenLifetime(Duration.ofSeconds(1)).timeFactor(TIME_SCALE * 10),
                        Set.of(), Set.of(JOB_TIME), Map.of("MAX_POLLS", 200)))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void shouldGiveTheFaultsVerdictAndMatchingCountsWhenTheSandboxInjectsIt(Fault fault) throws Exception {
        SandboxConfig.Builder config = SandboxConfig.builder().timeFactor(TIME_SCALE);
        fault.config().accept(config);
        Path dir = tmp.resolve(fault.name().replace(' ', '-'));
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Path results = dir.resolve("kpi");
        JMeterRun.Result r;
        RequestCounters counters;
        try (Sandbox sandbox = Sandbox.start(config.build())) {
            JMeterRun run = JMeterRun.shipped("smoke.jmx").workDir(dir)
                    .property("BASE_URL", sandbox.baseUrl())
                    .property("TIME_SCALE", TIME_SCALE)
                    .property("SMOKE_USERS", 2)
                    .property("SEED", 42)
                    .property("MAX_POLLS", 30)
                    .property("GRACEFUL_RAMP_DOWN", "200s")
                    .property("RESULTS_DIR", results);
            fault.props().forEach(run::property);
            r = run.run(Duration.ofMinutes(2));
            counters = sandbox.counters();
            // every answer is counted when it is written: the run is over, nothing is in flight
        }
        JsonNode report = new ObjectMapper().readTree(results.resolve("kpi-report.json").toFile());
        Jtl jtl = r.jtlRows();
        Set<String> failed = new TreeSet<>();
        for (JsonNode k : report.path("kpis")) {
            String verdict = k.path("verdict").asText();
            if (!verdict.equals("PASS") && !verdict.equals("NOT_MEASURED")) {
                failed.add(k.path("name").asText());
            }
        }
        Set<String> failedKeys = failed.stream().map(FaultMatrixIT::key).collect(Collectors.toCollection(TreeSet::new));
        SoftAssertions soft = new SoftAssertions();
        String describe = fault + ": failed KPIs " + failed + "\n" + r.describe();

        // the verdict
        soft.assertThat(r.exitCode()).as("exit code (99 iff a KPI failed)\n" + describe)
                .isEqualTo(failed.isEmpty() ? 0 : 99);
        soft.assertThat(failedKeys).as("the KPIs the fault must break\n" + describe).containsAll(fault.mustFail());
        Set<String> unexpected = new TreeSet<>(failedKeys);
        unexpected.removeAll(fault.mustFail());
        unexpected.removeAll(fault.mayFail());
        unexpected.removeAll(MACHINE);
        soft.assertThat(unexpected).as("KPIs failed that the fault does not explain\n" + describe).isEmpty();
        if (!unexpected.isEmpty() || failedKeys.stream().anyMatch(MACHINE::contains)) {
            System.out.println("FaultMatrixIT " + fault + ": failed KPIs " + failed);
        }

        // the counts: JTL = report samples + sub-samples = the server's requests
        JsonNode summary = report.path("test_summary");
        long samples = summary.path("samples").asLong();
        long subSamples = subSamples(summary);
        long reloginParents = jtl.where(row -> row.get("label").endsWith(ApiSampler.LABEL_EXPIRED)).size();
        long jobSamples = jtl.withLabel(JOB_SAMPLE).size();
        long requests = jtl.size() - jobSamples - reloginParents;
        soft.assertThat(samples).as("the report counts samples").isPositive();
        soft.assertThat(jtl.size()).as("JTL rows = report samples %d + sub-samples %d (report test_summary: %s)\n%s",
                samples, subSamples, summary, describe).isEqualTo(samples + subSamples);
        soft.assertThat(counters.total()).as("requests the server counted = JTL rows %d - job samples %d"
                + " - re-login parents %d; server counters %s", jtl.size(), jobSamples, reloginParents,
                counters.snapshot()).isEqualTo(requests);
        long dropped = counters.snapshot().values().stream()
                .mapToLong(statuses -> statuses.getOrDefault(RequestCounters.DROPPED, 0L)).sum();
        List<Map<String, String>> noAnswerRows = jtl.where(row -> !"true".equals(row.get("success"))
                && !row.get("responseCode").matches("\\d{3}") && !row.get("label").equals(JOB_SAMPLE));
        Map<String, Long> noAnswerKinds = noAnswerRows.stream().collect(Collectors.groupingBy(
                row -> row.get("label") + " | " + row.get("responseCode") + " | " + row.get("responseMessage"),
                java.util.TreeMap::new, Collectors.counting()));
        soft.assertThat((long) noAnswerRows.size()).as("JTL samples without an HTTP answer %s = connections the"
                + " server dropped", noAnswerKinds).isEqualTo(dropped);
        if (fault.name().equals("drops")) {
            soft.assertThat(dropped).as("the drop knob dropped connections").isPositive();
        }
        if (fault.name().equals("expired tokens")) {
            soft.assertThat(reloginParents).as("tokens expired during the run and users logged in again")
                    .isPositive();
        }
        soft.assertAll();
    }

    /** The name of a KPI as the constants above name it. */
    static String key(String name) {
        for (String k : List.of(P50, P95, P99, ERROR_RATE, AVAILABILITY, JOB_TIME, JOB_SUCCESS)) {
            if (name.equals(k) || (k.startsWith("label=") && name.startsWith(k))) {
                return k;
            }
        }
        return name;
    }

    private static final Pattern SUB_SAMPLES = Pattern.compile("(?i)sub_?samples?");

    /** The report's count of sub-samples ({@code test_summary.sub_samples} or the like), 0 if it has none. */
    static long subSamples(JsonNode summary) {
        for (Iterator<Map.Entry<String, JsonNode>> it = summary.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (SUB_SAMPLES.matcher(e.getKey()).matches() && e.getValue().isNumber()) {
                return e.getValue().asLong();
            }
        }
        return 0;
    }
}
