package io.github.agieval.jmeter.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import io.github.agieval.jmeter.it.JMeterSupport;
import org.apache.jmeter.testbeans.TestBeanHelper;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jmeter.threads.ThreadGroup;
import org.apache.jmeter.util.JMeterUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.agieval.jmeter.common.Json;

/**
 * Drives the element as JMeter does (testStarted on the plan's element, a clone per thread,
 * threadStarted, iterationStart per iteration), each simulated thread on a real Java thread
 * with its own JMeterContext.
 */
class DataGeneratorTest {

    @BeforeAll
    static void jmeterProperties() {
        JMeterSupport.init();
    }

    @AfterEach
    void clearEngineId() {
        JMeterUtils.getJMeterProperties().remove(DataGenerator.ENGINE_ID_PROPERTY);
        JMeterUtils.getJMeterProperties().remove(JMeterUtils.THREAD_GROUP_DISTRIBUTED_PREFIX_PROPERTY_NAME);
    }

    private static DataGenerator element(String... keyValues) {
        DataGenerator gen = new DataGenerator();
        gen.setName("Gen");
        for (int i = 0; i < keyValues.length; i += 2) {
            gen.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return gen;
    }

    /** What StandardJMeterEngine does at test start: fill the TestBean fields, then testStarted(). */
    private static void start(DataGenerator plan) {
        TestBeanHelper.prepare(plan);
        plan.testStarted();
    }

    /** The variables of each iteration of one simulated thread, in order. */
    private static List<Map<String, String>> runThread(DataGenerator plan, String group, int threadNum,
            int iterations) {
        DataGenerator clone = (DataGenerator) plan.clone();
        var ctx = JMeterContextService.getContext();
        JMeterVariables vars = new JMeterVariables();
        ctx.setVariables(vars);
        ctx.setThreadNum(threadNum);
        ThreadGroup tg = new ThreadGroup();
        tg.setName(group);
        ctx.setThreadGroup(tg);
        clone.threadStarted();
        List<Map<String, String>> result = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            clone.iterationStart(null);
            Map<String, String> snapshot = new LinkedHashMap<>();
            vars.getIterator().forEachRemaining(e -> snapshot.put(e.getKey(), String.valueOf(e.getValue())));
            result.add(snapshot);
        }
        clone.threadFinished();
        return result;
    }

    /** Runs {@code threads} simulated threads concurrently, started in the given order. */
    private static Map<Integer, List<Map<String, String>>> runThreads(DataGenerator plan, List<Integer> order,
            int iterations) throws InterruptedException {
        Map<Integer, List<Map<String, String>>> byThread = new ConcurrentHashMap<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int threadNum : order) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                byThread.put(threadNum, runThread(plan, "Users", threadNum, iterations));
            });
            threads.add(t);
            t.start();
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(30_000);
        }
        return byThread;
    }

    @Test
    void shouldExportTheRequestAndScenarioVariablesWhenAnIterationStarts() {
        DataGenerator plan = element("seed", "42");
        start(plan);
        Map<String, String> vars = runThread(plan, "Users", 0, 1).get(0);
        assertThat(vars).containsKeys("eval_request", "model", "benchmark", "prompt", "prompt_count", "temperature",
                "max_tokens", "timeout", "user_id", "username", "think_time_ms", "session_duration_s", "actions",
                "action_count", "action_1");
        JsonNode body = Json.parse(vars.get("eval_request"));
        assertThat(body.get("model").asText()).isEqualTo(vars.get("model"));
        assertThat(body.get("benchmark").asText()).isEqualTo(vars.get("benchmark"));
        assertThat(body.get("prompts").size()).isEqualTo(Integer.parseInt(vars.get("prompt_count")));
        assertThat(body.get("prompts").get(0).asText()).isEqualTo(vars.get("prompt"));
        assertThat(body.get("config").get("temperature").asDouble()).isEqualTo(Double.parseDouble(vars.get("temperature")));
        assertThat(body.get("config").get("max_tokens").asText()).isEqualTo(vars.get("max_tokens"));
        assertThat(body.get("config").get("timeout").asText()).isEqualTo(vars.get("timeout"));
        List<String> actions = List.of(vars.get("actions").split(","));
        assertThat(Integer.parseInt(vars.get("action_count"))).isEqualTo(actions.size());
        for (int i = 0; i < actions.size(); i++) {
            assertThat(vars.get("action_" + (i + 1))).isEqualTo(actions.get(i));
        }
        assertThat(vars).doesNotContainKey("action_" + (actions.size() + 1));
        assertThat(vars.get("username")).isEqualTo("user_" + vars.get("user_id").substring(28));
        assertThat(Long.parseLong(vars.get("think_time_ms"))).isBetween(1000L, 5000L);
        assertThat(Integer.parseInt(vars.get("session_duration_s"))).isBetween(300, 3600);
        plan.testEnded();
    }

    @Test
    void shouldGiveTheSameDataForTheSameThreadAndIterationWhateverTheThreadOrder() throws InterruptedException {
        DataGenerator plan = element("seed", "42");
        start(plan);
        List<Integer> forward = List.of(0, 1, 2, 3, 4, 5, 6, 7);
        List<Integer> backward = new ArrayList<>(forward);
        Collections.reverse(backward);
        Map<Integer, List<Map<String, String>>> first = runThreads(plan, forward, 30);
        Map<Integer, List<Map<String, String>>> second = runThreads(plan, backward, 30);
        Map<Integer, List<Map<String, String>>> sequential = new LinkedHashMap<>();
        for (int t : backward) {
            sequential.put(t, runThread(plan, "Users", t, 30));
        }
        plan.testEnded();
        // a fresh element from the same plan settings, as a second JMeter run would build it
        DataGenerator rerun = element("seed", "42");
        start(rerun);
        Map<Integer, List<Map<String, String>>> third = runThreads(rerun, forward, 30);
        rerun.testEnded();

        assertThat(first).hasSize(8).isEqualTo(second).isEqualTo(sequential).isEqualTo(third);
        Set<String> bodies = new HashSet<>();
        first.values().forEach(its -> its.forEach(v -> bodies.add(v.get("eval_request"))));
        assertThat(bodies).as("every thread and iteration gets its own request").hasSize(8 * 30);
    }

    @Test
    void shouldDifferBetweenThreadGroupsAndEnginesWhenSeedIsTheSame() {
        DataGenerator plan = element("seed", "42");
        start(plan);
        List<Map<String, String>> users = runThread(plan, "Users", 0, 5);
        List<Map<String, String>> admins = runThread(plan, "Admins", 0, 5);
        JMeterUtils.setProperty(DataGenerator.ENGINE_ID_PROPERTY, "engine-b");
        List<Map<String, String>> otherEngine = runThread(plan, "Users", 0, 5);
        JMeterUtils.setProperty(DataGenerator.ENGINE_ID_PROPERTY, "engine-b");
        List<Map<String, String>> otherEngineAgain = runThread(plan, "Users", 0, 5);
        plan.testEnded();
        assertThat(admins).isNotEqualTo(users);
        assertThat(otherEngine).isNotEqualTo(users).isEqualTo(otherEngineAgain);
        for (int i = 0; i < 5; i++) {
            assertThat(otherEngine.get(i).get("eval_request")).isNotEqualTo(users.get(i).get("eval_request"));
        }
    }

    @Test
    void shouldDrawAFreshSeedPerTestWhenNoSeedIsSet() {
        DataGenerator plan = element();
        start(plan);
        String runSeed = plan.getPropertyAsString(DataGenerator.RUN_SEED);
        List<Map<String, String>> first = runThread(plan, "Users", 0, 3);
        List<Map<String, String>> firstAgain = runThread(plan, "Users", 0, 3);
        plan.testEnded();
        assertThat(plan.getPropertyAsString(DataGenerator.RUN_SEED)).isEmpty();
        start(plan);
        List<Map<String, String>> second = runThread(plan, "Users", 0, 3);
        plan.testEnded();
        assertThat(runSeed).matches("-?\\d+");
        assertThat(firstAgain).as("one seed for the whole test").isEqualTo(first);
        assertThat(second).as("a new test, a new seed").isNotEqualTo(first);
        // the logged seed replays the run
        DataGenerator replay = element("seed", runSeed);
        start(replay);
        assertThat(runThread(replay, "Users", 0, 3)).isEqualTo(first);
        replay.testEnded();
    }

    @Test
    void shouldKeepUserIdsAndUsernamesUniqueAcrossThreadsIterationsAndEnginesWhenUniqueIsOn()
            throws InterruptedException {
        Set<String> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        int total = 0;
        for (String engine : List.of("1", "2", "3")) {
            JMeterUtils.setProperty(DataGenerator.ENGINE_ID_PROPERTY, engine);
            // a tiny scenario space: the random part alone would collide constantly
            DataGenerator plan = element("seed", "7");
            plan.setProperty(new org.apache.jmeter.testelement.property.BooleanProperty("uniqueUserIds", true));
            plan.setProperty(new org.apache.jmeter.testelement.property.BooleanProperty("generateRequests", false));
            start(plan);
            Map<Integer, List<Map<String, String>>> byThread = runThreads(plan, List.of(0, 1, 2, 3, 4, 5), 500);
            plan.testEnded();
            for (List<Map<String, String>> its : byThread.values()) {
                for (Map<String, String> v : its) {
                    assertThat(v).doesNotContainKey("eval_request");
                    ids.add(v.get("user_id"));
                    names.add(v.get("username"));
                    total++;
                }
            }
        }
        assertThat(total).isEqualTo(3 * 6 * 500);
        assertThat(ids).hasSize(total);
        assertThat(names).hasSize(total);
    }

    /** Every user id and user name of {@code threads} x {@code iterations} on the engine named {@code engine}. */
    private static List<Map<String, String>> uniqueScenariosOfEngine(String hostPort, int threads, int iterations)
            throws InterruptedException {
        JMeterUtils.setProperty(JMeterUtils.THREAD_GROUP_DISTRIBUTED_PREFIX_PROPERTY_NAME, hostPort);
        DataGenerator plan = element("seed", "7");
        plan.setProperty(new org.apache.jmeter.testelement.property.BooleanProperty("uniqueUserIds", true));
        plan.setProperty(new org.apache.jmeter.testelement.property.BooleanProperty("generateRequests", false));
        start(plan);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            order.add(i);
        }
        List<Map<String, String>> all = new ArrayList<>();
        runThreads(plan, order, iterations).values().forEach(all::addAll);
        plan.testEnded();
        return all;
    }

    @Test
    void shouldKeepUniqueIdsDistinctAcrossEnginesOfADistributedRunWhoseNamesHashAlike() throws InterruptedException {
        // two servers as a controller addresses them (no datagen.engine_id): their names collided in
        // the 12-bit engine tag the ids held before, which made every id of one engine repeat the other's
        Set<String> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        int total = 0;
        for (String engine : List.of("10.0.0.1:1099", "10.0.0.60:1099", "10.0.0.2:1099", "10.0.0.2:1100")) {
            for (Map<String, String> v : uniqueScenariosOfEngine(engine, 4, 200)) {
                ids.add(v.get("user_id"));
                names.add(v.get("username"));
                total++;
            }
        }
        assertThat(total).isEqualTo(4 * 4 * 200);
        assertThat(ids).hasSize(total);
        assertThat(names).hasSize(total);
    }

    @Test
    void shouldGiveEachNumericEngineIdItsOwnBitsAndKeepSeededDataReproducible() throws InterruptedException {
        assertThat(DataGenerator.engineTag("")).isZero();
        assertThat(DataGenerator.engineTag("4096")).isEqualTo(4096L);
        assertThat(DataGenerator.engineTag("288230376151711743")).isEqualTo(EvalDataFaker.MAX_ENGINE);
        assertThat(DataGenerator.engineTag("10.0.0.1:1099")).isNotEqualTo(DataGenerator.engineTag("10.0.0.60:1099"))
                .isBetween(0L, EvalDataFaker.MAX_ENGINE);
        // ids held 12 engine bits: 0 and 4096 were the same engine
        JMeterUtils.setProperty(DataGenerator.ENGINE_ID_PROPERTY, "0");
        List<Map<String, String>> zero = uniqueScenariosOfEngine("", 1, 50);
        JMeterUtils.setProperty(DataGenerator.ENGINE_ID_PROPERTY, "4096");
        List<Map<String, String>> other = uniqueScenariosOfEngine("", 1, 50);
        List<Map<String, String>> otherAgain = uniqueScenariosOfEngine("", 1, 50);

        assertThat(other).isEqualTo(otherAgain);
        Set<String> ids = new HashSet<>();
        zero.forEach(v -> ids.add(v.get("user_id")));
        other.forEach(v -> ids.add(v.get("user_id")));
        assertThat(ids).hasSize(100);
        assertThat(zero.get(0).get("username")).matches("user_[0-9a-f]{16}");
        assertThat(other.get(0).get("username")).matches("user_[0-9a-f]{16}_0{11}1000");
    }

    @Test
    void shouldUseEveryDefaultWhenEveryPropertyIsEmptyAsJMetersTestBeanGuiWritesIt() {
        List<String> keys = new ArrayList<>(GeneratorSettings.keys());
        keys.addAll(List.of(DataGenerator.VARIABLE_PREFIX, DataGenerator.REQUEST_VARIABLE,
                DataGenerator.GENERATE_REQUESTS, DataGenerator.GENERATE_SCENARIOS, DataGenerator.UNIQUE_USER_IDS));
        DataGenerator empty = element();
        for (String key : keys) {
            empty.setProperty(key, "");
        }
        start(empty); // no "must hold at least one sequence", no "must list at least one value"
        Map<String, String> randomSeeded = runThread(empty, "Users", 0, 1).get(0);
        empty.testEnded();
        assertThat(randomSeeded).containsKeys("eval_request", "user_id", "action_count");

        DataGenerator emptyButSeed = element();
        for (String key : keys) {
            emptyButSeed.setProperty(key, key.equals("seed") ? "11" : "");
        }
        emptyButSeed.setProperty("actionSequences", " \n ");
        start(emptyButSeed);
        List<Map<String, String>> fromEmpty = runThread(emptyButSeed, "Users", 0, 5);
        emptyButSeed.testEnded();
        DataGenerator defaults = element("seed", "11");
        start(defaults);
        List<Map<String, String>> fromDefaults = runThread(defaults, "Users", 0, 5);
        defaults.testEnded();

        assertThat(fromEmpty).isEqualTo(fromDefaults);
    }

    @Test
    void shouldRejectYesAndOtherUnknownValuesOfTheSwitchesNamingElementPropertyAndValue() {
        for (String key : List.of(DataGenerator.GENERATE_REQUESTS, DataGenerator.GENERATE_SCENARIOS,
                DataGenerator.UNIQUE_USER_IDS)) {
            DataGenerator plan = element(key, "yes");
            assertThatThrownBy(() -> start(plan)).hasMessage("AGI Data Generator 'Gen': property '" + key
                    + "' = 'yes': must be true or false");
        }
        DataGenerator upper = element("seed", "1", DataGenerator.GENERATE_REQUESTS, "FALSE");
        start(upper);
        assertThat(runThread(upper, "Users", 0, 1).get(0)).doesNotContainKey("eval_request").containsKey("user_id");
        upper.testEnded();
    }

    @Test
    void shouldRemoveStaleActionVariablesWhenTheNextSequenceIsShorter() {
        DataGenerator plan = element("seed", "3", "actionSequences", "login,a,b,c,logout\nlogin,logout");
        start(plan);
        List<Map<String, String>> its = runThread(plan, "Users", 0, 40);
        plan.testEnded();
        boolean sawShortAfterLong = false;
        for (int i = 0; i < its.size(); i++) {
            Map<String, String> v = its.get(i);
            int count = Integer.parseInt(v.get("action_count"));
            assertThat(v.keySet().stream().filter(k -> k.matches("action_\\d+"))).hasSize(count);
            if (i > 0 && count == 2 && "5".equals(its.get(i - 1).get("action_count"))) {
                sawShortAfterLong = true;
            }
        }
        assertThat(sawShortAfterLong).isTrue();
    }

    @Test
    void shouldPutThePrefixBeforeEveryNameWhenAPrefixIsSet() {
        DataGenerator plan = element("seed", "1", "variablePrefix", "gen_", "requestVariable", "body");
        start(plan);
        Map<String, String> vars = runThread(plan, "Users", 0, 1).get(0);
        plan.testEnded();
        assertThat(vars.keySet()).allMatch(k -> k.startsWith("gen_"))
                .contains("gen_body", "gen_model", "gen_prompt_count", "gen_user_id", "gen_action_1", "gen_action_count");
    }

    @Test
    void shouldFailTheTestStartNamingElementPropertyAndValueWhenSettingsAreBad() {
        DataGenerator plan = element("promptsMin", "5", "promptsMax", "2");
        assertThatThrownBy(() -> start(plan))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("AGI Data Generator 'Gen': property 'promptsMax' = '2': must not be below promptsMin = 5");
        DataGenerator noVocabulary = element("models", " , ");
        assertThatThrownBy(() -> start(noVocabulary))
                .hasMessage("AGI Data Generator 'Gen': property 'models' = ',': has an empty entry (check the commas)");
        DataGenerator badLocale = element("locale", "klingon");
        assertThatThrownBy(() -> start(badLocale)).hasMessageContaining("property 'locale' = 'klingon'");
        DataGenerator nothing = element();
        nothing.setProperty(new org.apache.jmeter.testelement.property.BooleanProperty("generateRequests", false));
        nothing.setProperty(new org.apache.jmeter.testelement.property.BooleanProperty("generateScenarios", false));
        assertThatThrownBy(() -> start(nothing)).hasMessageContaining("the element would generate nothing");
    }

    @Test
    void shouldSerializeForDistributedModeWithItsPropertiesAndWithoutRunTimeState() throws Exception {
        DataGenerator plan = element("seed", "9", "models", "m1,m2", "actionSequences", "login,logout");
        start(plan);
        DataGenerator clone = (DataGenerator) plan.clone();
        var ctx = JMeterContextService.getContext();
        ctx.setVariables(new JMeterVariables());
        clone.threadStarted(); // run-time state (Datafaker, stream seeds) now present, all transient
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(clone);
        }
        DataGenerator copy;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (DataGenerator) in.readObject();
        }
        plan.testEnded();
        assertThat(copy.getPropertyAsString("seed")).isEqualTo("9");
        assertThat(copy.getPropertyAsString("models")).isEqualTo("m1,m2");
        assertThat(copy.getPropertyAsString("actionSequences")).isEqualTo("login,logout");
        assertThat(copy.getName()).isEqualTo("Gen");
        // and the copy works as a plan element again
        start(copy);
        Map<String, String> vars = runThread(copy, "Users", 0, 1).get(0);
        copy.testEnded();
        assertThat(vars.get("model")).isIn("m1", "m2");
        assertThat(vars.get("actions")).isEqualTo("login,logout");
    }
}
