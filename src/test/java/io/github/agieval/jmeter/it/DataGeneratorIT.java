package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.agieval.jmeter.sandbox.Sandbox;
import io.github.agieval.jmeter.sandbox.SandboxConfig;

/**
 * The AGI Data Generator in stock JMeter 5.6.3 against the embedded sandbox
 * ({@code plans/datagen.jmx}): 4 "Submitters" threads post 25 generated bodies each with stock
 * HTTP Request samplers (login, JSON Extractor, Bearer header), and 3 "Journeys" threads walk
 * 4 generated action sequences each with ForEach + Switch, as the seed's k6-scenario-test.js.
 */
class DataGeneratorIT {

    private static final String EVALUATE = "POST /api/v1/evaluate";
    private static final int SUBMITTERS = 4;
    private static final int SUBMITS = 25;
    private static final int JOURNEYS = 3;
    private static final int JOURNEY_LOOPS = 4;
    private static final int SAMPLER_SUBMITTERS = 2;
    private static final int SAMPLER_SUBMITS = 10;

    /** The seed's sequences as the plan's Switch maps them: actions without a sampler do nothing. */
    private static final Map<String, List<String>> SAMPLED = Map.of(
            "login,list_models,start_evaluation,check_status,download_results,logout",
            List.of("login", "list_models", "start_evaluation", "logout"),
            "login,view_dashboard,compare_models,export_data,logout",
            List.of("login", "view_dashboard", "logout"),
            "login,upload_dataset,create_benchmark,run_evaluation,logout",
            List.of("login", "logout"));

    private static Sandbox sandbox;

    @TempDir
    Path work;

    @BeforeAll
    static void startSandbox() {
        sandbox = Sandbox.start(SandboxConfig.builder().port(0).timeFactor(0.01).build());
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    private JMeterRun.Result run(Path dir, String... extra) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        JMeterRun run = JMeterRun.testPlan("plans/datagen.jmx")
                .workDir(dir)
                .property("BASE_URL_PROTOCOL", "http")
                .property("BASE_URL_HOST", "127.0.0.1")
                .property("BASE_URL_PORT", sandbox.port())
                .property("SUBMITTERS", SUBMITTERS).property("SUBMITS", SUBMITS)
                .property("JOURNEYS", JOURNEYS).property("JOURNEY_LOOPS", JOURNEY_LOOPS)
                .property("SAMPLER_SUBMITTERS", SAMPLER_SUBMITTERS).property("SAMPLER_SUBMITS", SAMPLER_SUBMITS)
                .property("sample_variables", "user_id,username,model,prompt_count,actions");
        for (int i = 0; i < extra.length; i += 2) {
            run.property(extra[i], extra[i + 1]);
        }
        return run.run(Duration.ofMinutes(2));
    }

    @Test
    void shouldHaveEveryGeneratedRequestAcceptedAndReplayTheSameDataWhenRunTwice() throws Exception {
        sandbox.reset();
        JMeterRun.Result first = run(work.resolve("first"));
        assertThat(first.exitCode()).as(first.describe()).isZero();
        Jtl jtl = first.jtlRows();

        List<Map<String, String>> submits = jtl.withLabel("submit evaluate");
        assertThat(submits).as(first.describe()).hasSize(SUBMITTERS * SUBMITS);
        assertThat(submits).allSatisfy(row -> {
            assertThat(row.get("responseCode")).isEqualTo("202");
            assertThat(row.get("success")).isEqualTo("true");
        });
        List<Map<String, String>> samplerSubmits = jtl.withLabel("sampler submit");
        assertThat(samplerSubmits).as(first.describe()).hasSize(SAMPLER_SUBMITTERS * SAMPLER_SUBMITS);
        assertThat(samplerSubmits).allSatisfy(row -> {
            assertThat(row.get("responseCode")).isEqualTo("202");
            assertThat(row.get("success")).isEqualTo("true");
        });
        assertThat(jtl.withLabel("sampler login")).hasSize(SAMPLER_SUBMITTERS);
        List<Map<String, String>> journeyEvaluations = jtl.withLabel("start_evaluation");
        assertThat(journeyEvaluations).allSatisfy(row -> assertThat(row.get("responseCode")).isEqualTo("202"));
        assertThat(jtl.failures()).as(first.describe()).isZero();
        // the server saw exactly the accepted submissions, no more, no less
        int accepted = submits.size() + samplerSubmits.size() + journeyEvaluations.size();
        assertThat(sandbox.counters().count(EVALUATE, "202")).isEqualTo(accepted);
        assertThat(sandbox.counters().count(EVALUATE)).isEqualTo(accepted);

        // every journey iteration sampled exactly its generated action sequence, in order
        Map<String, List<Map<String, String>>> byThread = jtl.where(r -> r.get("threadName").contains("Journeys"))
                .stream().collect(Collectors.groupingBy(r -> r.get("threadName"), LinkedHashMap::new,
                        Collectors.toList()));
        assertThat(byThread).hasSize(JOURNEYS);
        int iterations = 0;
        for (List<Map<String, String>> rows : byThread.values()) {
            List<List<Map<String, String>>> sessions = new ArrayList<>();
            for (Map<String, String> row : rows) {
                if (row.get("label").equals("login")) {
                    sessions.add(new ArrayList<>());
                }
                sessions.get(sessions.size() - 1).add(row);
            }
            assertThat(sessions).hasSize(JOURNEY_LOOPS);
            for (List<Map<String, String>> session : sessions) {
                String actions = session.get(0).get("actions");
                assertThat(session).allSatisfy(r -> assertThat(r.get("actions")).isEqualTo(actions));
                assertThat(session.stream().map(r -> r.get("label"))).containsExactlyElementsOf(SAMPLED.get(actions));
                iterations++;
            }
        }
        assertThat(iterations).isEqualTo(JOURNEYS * JOURNEY_LOOPS);

        // a second run of the same plan and seed, with different thread timing: the same data
        JMeterRun.Result second = run(work.resolve("second"));
        assertThat(second.exitCode()).as(second.describe()).isZero();
        assertThat(perThread(second.jtlRows())).isEqualTo(perThread(jtl));
        assertThat(first.logText()).contains("AGI Data Generator 'Request data': seed 42 (configured)");

    }

    @Test
    void shouldNotStartTheTestAndNameTheElementPropertyAndValueWhenSettingsAreBad() throws Exception {
        sandbox.reset();
        JMeterRun.Result result = run(work.resolve("bad"), "DATAGEN_PROMPTS_MIN", "11");
        String message = "AGI Data Generator 'Request data': property 'promptsMax' = '10': must not be below promptsMin = 11";
        assertThat(result.exitCode()).as("stock jmeter -n exits 0 unless asked: " + result.describe()).isEqualTo(1);
        assertThat(result.console()).as(result.describe()).contains(message + " - the test does not start");
        assertThat(result.logText()).contains(message + " - the test does not start");
        assertThat(sandbox.counters().total()).as("no request reached the server").isZero();
        assertThat(result.jtl() == null || !Files.exists(result.jtl()) || result.jtlRows().size() == 0)
                .as(result.describe()).isTrue();
    }

    /** The generated values each thread saw, sample by sample: the run's data, free of timing. */
    private static Map<String, List<String>> perThread(Jtl jtl) {
        return jtl.rows().stream().collect(Collectors.groupingBy(r -> r.get("threadName"),
                java.util.TreeMap::new, Collectors.mapping(
                        r -> r.get("label") + "|" + r.get("user_id") + "|" + r.get("username") + "|" + r.get("model")
                                + "|" + r.get("prompt_count") + "|" + r.get("actions"),
                        Collectors.toList())));
    }
}
