package io.github.agieval.jmeter.plans;

import static io.github.agieval.jmeter.plans.Elements.all;
import static io.github.agieval.jmeter.plans.Elements.flag;
import static io.github.agieval.jmeter.plans.Elements.prop;
import static io.github.agieval.jmeter.plans.Elements.scaled;
import static io.github.agieval.jmeter.plans.Elements.set;
import static io.github.agieval.jmeter.plans.Elements.viaGui;
import static io.github.agieval.jmeter.plans.Elements.viaTestBeanGui;

import io.github.agieval.jmeter.datagen.DataGenerator;
import io.github.agieval.jmeter.datagen.GeneratorSettings;
import io.github.agieval.jmeter.functions.WeightedChoiceFunction;
import io.github.agieval.jmeter.kpi.KpiListener;
import io.github.agieval.jmeter.kpi.gui.KpiListenerGui;
import io.github.agieval.jmeter.plans.Elements.Node;
import io.github.agieval.jmeter.poll.JobPollController;
import io.github.agieval.jmeter.poll.gui.JobPollControllerGui;
import io.github.agieval.jmeter.sampler.ApiCallSampler;
import io.github.agieval.jmeter.sampler.ApiSampler;
import io.github.agieval.jmeter.sampler.JobResultsSampler;
import io.github.agieval.jmeter.sampler.JobSampler;
import io.github.agieval.jmeter.sampler.JobStatusSampler;
import io.github.agieval.jmeter.sampler.LoginSampler;
import io.github.agieval.jmeter.sampler.SubmitEvaluationSampler;
import io.github.agieval.jmeter.sampler.gui.ApiCallSamplerGui;
import io.github.agieval.jmeter.sampler.gui.JobResultsSamplerGui;
import io.github.agieval.jmeter.sampler.gui.JobStatusSamplerGui;
import io.github.agieval.jmeter.sampler.gui.LoginSamplerGui;
import io.github.agieval.jmeter.sampler.gui.SubmitEvaluationSamplerGui;
import io.github.agieval.jmeter.sandbox.SandboxTarget;
import io.github.agieval.jmeter.threads.StageThreadGroup;
import io.github.agieval.jmeter.threads.gui.StageThreadGroupGui;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import io.github.agieval.jmeter.prometheus.ExporterSettings;
import io.github.agieval.jmeter.prometheus.PrometheusBackendListenerClient;
import org.apache.jmeter.config.Arguments;
import org.apache.jmeter.control.ForeachController;
import org.apache.jmeter.control.IfController;
import org.apache.jmeter.control.SwitchController;
import org.apache.jmeter.control.gui.ForeachControlPanel;
import org.apache.jmeter.control.gui.IfControllerPanel;
import org.apache.jmeter.control.gui.LogicControllerGui;
import org.apache.jmeter.control.gui.SwitchControllerGui;
import org.apache.jmeter.control.gui.TestPlanGui;
import org.apache.jmeter.protocol.http.config.gui.HttpDefaultsGui;
import org.apache.jmeter.protocol.http.sampler.HTTPSamplerBase;
import org.apache.jmeter.sampler.TestAction;
import org.apache.jmeter.sampler.gui.TestActionGui;
import org.apache.jmeter.save.SaveService;
import org.apache.jmeter.visualizers.backend.BackendListener;
import org.apache.jmeter.visualizers.backend.BackendListenerGui;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.testelement.TestPlan;
import org.apache.jmeter.threads.AbstractThreadGroup;
import org.apache.jmeter.threads.ThreadGroup;
import org.apache.jmeter.threads.gui.ThreadGroupGui;
import org.apache.jmeter.threads.openmodel.gui.OpenModelThreadGroupGui;
import org.apache.jmeter.timers.ConstantTimer;
import org.apache.jmeter.timers.gui.ConstantTimerGui;
import org.apache.jmeter.timers.gui.UniformRandomTimerGui;
import org.apache.jorphan.collections.ListedHashTree;

/**
 * Builds the shipped plans ({@code test-plans/*.jmx}) from the elements' own classes and property
 * constants, and writes them with JMeter's {@link SaveService}: what the GUI would save. Every plan
 * has the same skeleton (KPI Assertions, Sandbox Target, HTTP Request Defaults, data generator,
 * thread groups), the same properties and the same labels; {@code docs/plans.md} documents them.
 *
 * <p>{@code PlanDriftIT} fails when {@code test-plans/} differs from what this class writes; run it
 * with {@code -Dplans.write=true} to rewrite the plans after a change here. An edit made in the GUI
 * belongs here too, or the next generation undoes it.
 *
 * <p>Durations of stock elements are scaled by the {@code __scaled} function (TIME_SCALE); the
 * suite's own elements read TIME_SCALE themselves.
 *
 * <p>Threading: one thread; needs JMeter's properties and SaveService set up (see SaveServiceSupport).
 */
public final class PlanGenerator {

    /** The plan names, in the order the docs list them. */
    public static final List<String> PLANS = List.of("smoke", "load", "stress", "spike", "volume", "endurance", "user-journey",
            "capacity");

    private static final String PROPS_COMMENT = "Properties: BASE_URL (empty: embedded sandbox), USERNAME, PASSWORD "
            + "(pass it with -q secrets.properties), RESULTS_DIR, TIME_SCALE (factor on every duration), %s. See docs/plans.md.";
    private static final String MAX_POLLS = prop("MAX_POLLS", 60);

    private PlanGenerator() {
    }

    /** Every shipped plan by name, in {@link #PLANS} order. */
    public static Map<String, ListedHashTree> plans() {
        Map<String, ListedHashTree> plans = new LinkedHashMap<>();
        String smokeUsers = prop("SMOKE_USERS", 5);
        plans.put("smoke", k6Plan("smoke", "Smoke test",
                "Seed: k6 smoke_test (constant-vus: 5 VUs for 5 minutes). Basic functionality before load testing.",
                "smoke_test (k6 constant-vus)", smokeUsers, List.of("5m," + smokeUsers), "SMOKE_USERS", smokeUsers,
                List.of(), MAX_POLLS, jobKpis(60, 0, "100%"), prop("GRACEFUL_RAMP_DOWN", "60s")));

        String loadUsers = prop("LOAD_USERS", 50);
        plans.put("load", k6Plan("load", "Load test",
                "Seed: k6 load_test (ramping-vus: 10 start VUs, 5m to 50, 10m at 50, 5m to 0). Normal expected load.",
                "load_test (k6 ramping-vus)", prop("LOAD_START_USERS", 10),
                List.of("5m," + loadUsers, "10m," + loadUsers, "5m,0"), "LOAD_USERS", loadUsers,
                List.of(), MAX_POLLS, jobKpis(60, 120, "99%"), prop("GRACEFUL_RAMP_DOWN", "60s")));

        String stressUsers = prop("STRESS_USERS", 100);
        String stressPeak = prop("STRESS_PEAK_USERS", 200);
        plans.put("stress", k6Plan("stress", "Stress test",
                "Seed: k6 stress_test (ramping-vus: 10 start VUs, 2m to 100, 5m at 100, 2m to 200, 5m at 200, 2m to 0). "
                        + "Beyond normal capacity: find the breaking point.",
                "stress_test (k6 ramping-vus)", prop("STRESS_START_USERS", 10),
                List.of("2m," + stressUsers, "5m," + stressUsers, "2m," + stressPeak, "5m," + stressPeak, "2m,0"),
                "STRESS_PEAK_USERS", stressPeak, List.of(), MAX_POLLS, jobKpis(120, 240, "95%"),
                prop("GRACEFUL_RAMP_DOWN", "60s")));

        String spikeBase = prop("SPIKE_BASE_USERS", 10);
        String spikeUsers = prop("SPIKE_USERS", 200);
        plans.put("spike", k6Plan("spike", "Spike test",
                "Seed: k6 spike_test (ramping-vus: 10 start VUs, 1m at 10, 30s to 200, 1m at 200, 30s to 10, 1m at 10). "
                        + "Sudden traffic increase and recovery.",
                "spike_test (k6 ramping-vus)", spikeBase,
                List.of("1m," + spikeBase, "30s," + spikeUsers, "1m," + spikeUsers, "30s," + spikeBase, "1m," + spikeBase),
                "SPIKE_USERS", spikeUsers, List.of(), MAX_POLLS, jobKpis(120, 240, "95%"),
                prop("GRACEFUL_RAMP_DOWN", "60s")));

        String volumeUsers = prop("VOLUME_USERS", 20);
        plans.put("volume", k6Plan("volume", "Volume test",
                "Large amounts of data: evaluation requests of 10 to 100 prompts of 1,000 to 10,000 characters each "
                        + "(bodies up to about 1 MB, the sandbox's limit), 20 users for 30 minutes (2m ramp, 26m hold, 2m down).",
                "volume_test (large requests)", "0", List.of("2m," + volumeUsers, "26m," + volumeUsers, "2m,0"),
                "VOLUME_USERS", volumeUsers,
                List.of(set(GeneratorSettings.PROMPTS_MIN, prop("VOLUME_PROMPTS_MIN", 10)),
                        set(GeneratorSettings.PROMPTS_MAX, prop("VOLUME_PROMPTS_MAX", 100)),
                        set(GeneratorSettings.PROMPT_CHARS_MIN, prop("VOLUME_PROMPT_CHARS_MIN", 1000)),
                        set(GeneratorSettings.PROMPT_CHARS_MAX, prop("VOLUME_PROMPT_CHARS_MAX", 10000)),
                        set(GeneratorSettings.TIMEOUT_MIN, "600"), set(GeneratorSettings.TIMEOUT_MAX, "900")),
                prop("MAX_POLLS", 120), jobKpis(400, 500, "99%"), prop("GRACEFUL_RAMP_DOWN", "5m")));

        String enduranceUsers = prop("ENDURANCE_USERS", 50);
        List<String> enduranceKpis = new ArrayList<>(jobKpis(60, 120, "99%"));
        enduranceKpis.add("# no degradation: every 10-minute window (scaled) keeps the request latency and error rate");
        enduranceKpis.add("label~(?!job ).*: p(95)<500 over " + scaled("600") + "s");
        enduranceKpis.add("rate<1% over " + scaled("600") + "s");
        plans.put("endurance", k6Plan("endurance", "Endurance test",
                "Normal expected load (the load test's 50 users) held for hours to find leaks and degradation: "
                        + "10 start VUs, 5m to 50, ENDURANCE_HOLD (4h) at 50, 5m to 0. Windowed KPIs catch degradation over time.",
                "endurance_test (k6 ramping-vus)", prop("ENDURANCE_START_USERS", 10),
                List.of("5m," + enduranceUsers, prop("ENDURANCE_HOLD", "4h") + "," + enduranceUsers, "5m,0"),
                "ENDURANCE_USERS", enduranceUsers, List.of(), MAX_POLLS, enduranceKpis, prop("GRACEFUL_RAMP_DOWN", "60s")));

        plans.put("user-journey", userJourney());
        plans.put("capacity", capacity());
        return plans;
    }

    /** Writes every plan as {@code <name>.jmx} into {@code dir}. */
    public static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, ListedHashTree> plan : plans().entrySet()) {
            try (OutputStream out = Files.newOutputStream(dir.resolve(plan.getKey() + ".jmx"))) {
                SaveService.saveTree(plan.getValue(), out);
            }
        }
    }

    // ---------------------------------------------------------------- plans

    private static ListedHashTree k6Plan(String plan, String title, String comment, String groupName, String startUsers,
            List<String> stages, String usersProperty, String peakUsers, List<Consumer<TestElement>> datagenExtra,
            String maxPolls, List<String> jobKpis, String gracefulRampDown) {
        List<Consumer<TestElement>> datagen = new ArrayList<>();
        datagen.add(set(GeneratorSettings.SEED, prop("SEED", "")));
        datagen.add(flag(DataGenerator.GENERATE_SCENARIOS, false));
        datagen.addAll(datagenExtra);
        Node group = stageGroup(groupName, startUsers, stages, gracefulRampDown, evaluationFlow(maxPolls));
        List<String> kpis = new ArrayList<>(jobKpis);
        kpis.add("# the shape reached its peak");
        kpis.add("threads>=" + peakUsers);
        return testPlan(title, comment + " " + String.format(PROPS_COMMENT, usersProperty), false,
                kpiListener(plan, kpis), sandboxTarget(), httpDefaults(),
                dataGenerator("Evaluation requests", datagen), group, prometheusExporter());
    }

    /**
     * The capacity search: the seed's k6 iteration under a staircase of users (CAPACITY_MAX_STEPS
     * steps of CAPACITY_STEP_USERS more users, each ramped over CAPACITY_STEP_RAMP and held for
     * CAPACITY_STEP_TIME) while KPI Assertions judges every step; the first step whose KPIs fail over
     * the confirmation window ends the test, the last one that held is the maximum sustainable load.
     */
    private static ListedHashTree capacity() {
        List<Consumer<TestElement>> datagen = List.of(set(GeneratorSettings.SEED, prop("SEED", "")),
                flag(DataGenerator.GENERATE_SCENARIOS, false));
        String steps = "steps(" + prop("CAPACITY_MAX_STEPS", 10) + ",+" + prop("CAPACITY_STEP_USERS", 10) + ","
                + prop("CAPACITY_STEP_RAMP", "30s") + "," + prop("CAPACITY_STEP_TIME", "2m") + ")";
        Node group = stageGroup("capacity_search (steps of users)", prop("CAPACITY_START_USERS", 0), List.of(steps),
                prop("GRACEFUL_RAMP_DOWN", "60s"), evaluationFlow(MAX_POLLS));
        List<String> kpis = List.of(
                "# the capacity is judged on the API requests (kpis/capacity.yml) step by step; the step that breaks",
                "# one of them over the confirmation window ends the search");
        Node listener = new Node(viaGui(KpiListenerGui.class, "KPI Assertions", all(
                set(KpiListener.EXPRESSIONS, String.join("\n", kpis)),
                set(KpiListener.KPI_FILE, prop("KPI_FILE", "kpis/capacity.yml")),
                set(KpiListener.RESULTS_DIR, prop("RESULTS_DIR", "")),
                set(KpiListener.GRACE_PERIOD, prop("KPI_GRACE", "0s")),
                set(KpiListener.ABORT_ON_FAIL, "false"),
                set(KpiListener.ABORT_DELAY, "0s"),
                set(KpiListener.BASELINE_FILE, prop("BASELINE", "")),
                set(KpiListener.BASELINE_TOLERANCE, "10"),
                set(KpiListener.EXIT_ON_FAIL, "true"),
                set(KpiListener.CAPACITY_SEARCH, "true"),
                set(KpiListener.CAPACITY_WINDOW, prop("CAPACITY_WINDOW", scaled("30000", 2000))))));
        String comment = "Capacity search (the seed's stress test question: the maximum sustainable throughput): the "
                + "seed's k6 iteration under steps of users while every KPI holds; the first step that breaks a KPI "
                + "(confirmed over CAPACITY_WINDOW) ends the test; the reports, the console and capacity.json give the "
                + "last step that held: its users and requests/s, and the KPI that broke next. Exit code 0 when a "
                + "capacity was found, 99 when even the first step broke. ";
        return testPlan("Capacity search", comment + String.format(PROPS_COMMENT, "CAPACITY_START_USERS, "
                        + "CAPACITY_STEP_USERS, CAPACITY_STEP_RAMP, CAPACITY_STEP_TIME, CAPACITY_MAX_STEPS, CAPACITY_WINDOW"),
                false, listener, sandboxTarget(), httpDefaults(), dataGenerator("Evaluation requests", datagen), group,
                prometheusExporter());
    }

    private static ListedHashTree userJourney() {
        Node k6Group = stockGroup("user_journey (k6 per-vu-iterations)", prop("JOURNEY_USERS", 50),
                prop("JOURNEY_ITERATIONS", 10), scaled("1800"),
                dataGenerator("User scenarios", List.of(set(GeneratorSettings.SEED, prop("SEED", "")))),
                journeyLoop());
        List<String> kpis = new ArrayList<>(jobKpis(60, 120, "99%"));
        kpis.add("# every journey step was served");
        kpis.add("label=Login: rate<1%");
        String comment = "Seed: k6 user_journey (per-vu-iterations: 50 VUs x 10 iterations of a generated user scenario, "
                + "max 30m) followed by the Artillery comprehensive test (arrival-rate phases, weighted scenarios). "
                + "Thread groups run one after the other.";
        return testPlan("User journey", comment + " "
                        + String.format(PROPS_COMMENT, "JOURNEY_USERS, JOURNEY_ITERATIONS, ARRIVAL_RATE_SCALE"), true,
                kpiListener("user-journey", kpis), sandboxTarget(), httpDefaults(), k6Group, artilleryGroup(),
                prometheusExporter());
    }

    /** k6 user_journey: each iteration walks the generated scenario's actions, with its think time. */
    private static Node journeyLoop() {
        List<Node> actions = List.of(
                simple("login", login("Login", "${username}")),
                simple("list_models", apiCall("List Models", "models", "", "", "", "GET")),
                simple("start_evaluation", submit("Submit Evaluation", "body", "gpt-4", "mmlu", "Test prompt")),
                simple("check_status", poll("Evaluation", MAX_POLLS)),
                simple("download_results", ifJobCompleted()),
                simple("view_dashboard", apiCall("Dashboard", "dashboard", "", "", "", "GET")),
                simple("compare_models", apiCall("Compare Models", "compare", "", "models=gpt-4,claude-3-opus", "", "GET")),
                simple("export_data", apiCall("Export Data", "export", "", "format=json", "", "GET")),
                simple("upload_dataset", apiCall("Upload Dataset", "datasets", "", "",
                        "{\"name\":\"journey-${__threadNum}\",\"size\":${__Random(10,500,)}}", "POST")),
                simple("create_benchmark", apiCall("Create Benchmark", "benchmarks", "", "",
                        "{\"name\":\"journey-${__threadNum}-${__time(,)}\",\"metric\":\"accuracy\"}", "POST")),
                simple("run_evaluation", jobFlow(MAX_POLLS).toArray(Node[]::new)),
                simple("logout", apiCall("Logout", "logout", "", "", "", "POST")));
        Node doAction = new Node(viaGui(SwitchControllerGui.class, "do ${current_action}",
                e -> ((SwitchController) e).setSelection("${current_action}")), actions.toArray(Node[]::new));
        Node think = new Node(viaGui(ConstantTimerGui.class, "scenario think time (k6: sleep(scenario.think_time))",
                set(ConstantTimer.DELAY, scaled("${think_time_ms}", 0))));
        return new Node(viaGui(ForeachControlPanel.class, "each action of the scenario", e -> {
            ForeachController f = (ForeachController) e;
            f.setInputVal("action");
            f.setReturnVal("current_action");
            f.setUseSeparator(true);
        }), doAction, thinkTime(think));
    }

    /** The Artillery comprehensive test: its phases as open-model arrivals of the weighted scenarios (10/15/25/50). */
    private static Node artilleryGroup() {
        String[][] phases = {
            {"2", "300", "2", "Smoke test"}, {"5", "600", "25", "Load test - ramp up"},
            {"25", "1200", "25", "Load test - sustained"}, {"25", "600", "100", "Stress test"},
            {"200", "60", "200", "Spike test"}, {"10", "300", "10", "Cool down"}};
        StringBuilder schedule = new StringBuilder();
        for (String[] p : phases) {
            schedule.append("/* ").append(p[3]).append(" */ ").append(rate(p[0])).append(" even_arrivals(")
                    .append(scaled(p[1] + ".0")).append(" s) ").append(rate(p[2])).append('\n');
        }
        schedule.append("/* let the last arrivals finish */ pause(").append(scaled("120.0")).append(" s)");
        List<Node> scenarios = List.of(
                simple("health", apiCall("Health", "health", "", "", "", "GET"), apiCall("Status", "status", "", "", "", "GET")),
                simple("auth", login("Login", "${__RandomString(12,abcdefghijklmnopqrstuvwxyz0123456789,)}"),
                        apiCall("Profile", "profile", "", "", "", "GET")),
                simple("models", login("Login", prop("USERNAME", "test-user")), apiCall("List Models", "models", "", "", "", "GET"),
                        apiCall("Get Model", "model", "gpt-4", "", "", "GET")),
                evaluationScenario());
        // seeded by the SEED property per thread, like the generated data (WeightedChoiceFunction)
        String pick = "${" + WeightedChoiceFunction.KEY + "(health:10,auth:15,models:25,evaluation:50)}";
        Node weighted = new Node(viaGui(SwitchControllerGui.class, "weighted scenario (10/15/25/50)",
                e -> ((SwitchController) e).setSelection(pick)), scenarios.toArray(Node[]::new));
        TestElement group = viaGui(OpenModelThreadGroupGui.class, "artillery-comprehensive (open model arrivals)", all(
                set(AbstractThreadGroup.ON_SAMPLE_ERROR, AbstractThreadGroup.ON_SAMPLE_ERROR_CONTINUE),
                set("OpenModelThreadGroup.schedule", schedule.toString()),
                set("OpenModelThreadGroup.random_seed", prop("ARRIVALS_SEED", 0))));
        return new Node(group, dataGenerator("Payload (model, benchmark, prompt)", List.of(
                set(GeneratorSettings.SEED, prop("SEED", "")), flag(DataGenerator.GENERATE_SCENARIOS, false))), weighted);
    }

    private static Node evaluationScenario() {
        List<Node> steps = new ArrayList<>();
        steps.add(login("Login", prop("USERNAME", "test-user")));
        steps.add(submit("Submit Evaluation", "fields", "${model}", "${benchmark}", "${prompt}"));
        steps.addAll(jobFlow(MAX_POLLS).subList(1, 3));
        return simple("evaluation", steps.toArray(Node[]::new));
    }

    private static String rate(String perSecond) {
        return "rate(" + "${__scaled(" + perSecond + ".0,,ARRIVAL_RATE_SCALE)}" + "/sec)";
    }

    // ---------------------------------------------------------------- flows

    /** The seed's k6 iteration: login, health, models, submit, poll, (results), think time 1-4 s. */
    private static Node[] evaluationFlow(String maxPolls) {
        List<Node> flow = new ArrayList<>();
        flow.add(login("Login", prop("USERNAME", "test-user")));
        flow.add(apiCall("Health", "health", "", "", "", "GET"));
        flow.add(apiCall("List Models", "models", "", "", "", "GET"));
        flow.addAll(jobFlow(maxPolls));
        Node timer = new Node(viaGui(UniformRandomTimerGui.class, "1-4 s think time (k6: sleep(Math.random() * 3 + 1))",
                all(set("ConstantTimer.delay", scaled("1000")), set("RandomTimer.range", scaled("3000")))));
        flow.add(thinkTime(timer));
        return flow.toArray(Node[]::new);
    }

    /** Submit, poll the job to its end (one {@code job Evaluation} sample; no job id, no poll), fetch the results. */
    private static List<Node> jobFlow(String maxPolls) {
        return List.of(submit("Submit Evaluation", "body", "gpt-4", "mmlu", "Test prompt"), poll("Evaluation", maxPolls),
                ifJobCompleted());
    }

    private static Node ifJobCompleted() {
        return new Node(viaGui(IfControllerPanel.class, "If the job completed", e -> {
            IfController c = (IfController) e;
            c.setCondition("${job_succeeded}");
            c.setEvaluateAll(false);
            c.setUseExpression(true);
        }), jobResults());
    }

    private static Node thinkTime(Node timer) {
        return new Node(viaGui(TestActionGui.class, "Think time", e -> {
            TestAction a = (TestAction) e;
            a.setAction(TestAction.PAUSE);
            a.setTarget(TestAction.THREAD);
            a.setDuration("0");
        }), timer);
    }

    private static Node simple(String name, Node... children) {
        return new Node(viaGui(LogicControllerGui.class, name, e -> { }), children);
    }

    // ---------------------------------------------------------------- suite elements

    private static Node sandboxTarget() {
        return new Node(viaTestBeanGui(SandboxTarget.class, "Sandbox Target", all(
                set(SandboxTarget.PROP_BASE_URL, prop("BASE_URL", "")),
                set(SandboxTarget.PROP_PORT, prop("SANDBOX_PORT", 0)),
                set(SandboxTarget.PROP_PASSWORD, prop("PASSWORD", "test-password")),
                set(SandboxTarget.PROP_TIME_FACTOR, prop("SANDBOX_TIME_FACTOR", "")),
                set("workers", prop("SANDBOX_WORKERS", 64)),
                set("queueCapacity", prop("SANDBOX_QUEUE_CAPACITY", 10000)),
                set("tokenLifetime", prop("SANDBOX_TOKEN_LIFETIME", "1h")),
                set(SandboxTarget.PROP_LATENCY, prop("SANDBOX_LATENCY", "none")),
                set("errorRate", prop("SANDBOX_ERROR_RATE", 0)),
                set("dropRate", prop("SANDBOX_DROP_RATE", 0)),
                set("jobFailureRate", prop("SANDBOX_JOB_FAILURE_RATE", 0)),
                set("jobHangRate", prop("SANDBOX_JOB_HANG_RATE", 0)),
                set(SandboxTarget.PROP_FAULTS, prop("SANDBOX_FAULTS", "")))));
    }

    /**
     * The Prometheus exporter in JMeter's own Backend Listener: off unless PROMETHEUS_EXPORTER_PORT
     * (pull) or PUSHGATEWAY_URL (push) is set; last in the plan, so that KPI Assertions' final
     * verdicts are in before its last push.
     */
    private static Node prometheusExporter() {
        return new Node(viaGui(BackendListenerGui.class, "Prometheus exporter", e -> {
            BackendListener l = (BackendListener) e;
            l.setClassname(PrometheusBackendListenerClient.class.getName());
            l.setQueueSize(prop("PROMETHEUS_EXPORTER_QUEUE", 5000));
            Arguments args = new Arguments();
            args.addArgument(ExporterSettings.LISTEN_ADDRESS, prop("PROMETHEUS_EXPORTER_ADDRESS", ExporterSettings.DEFAULT_LISTEN_ADDRESS));
            args.addArgument(ExporterSettings.PORT, prop("PROMETHEUS_EXPORTER_PORT", ""));
            args.addArgument(ExporterSettings.PUSHGATEWAY_URL, prop("PUSHGATEWAY_URL", ""));
            args.addArgument(ExporterSettings.PUSH_INTERVAL, prop("PUSHGATEWAY_INTERVAL", ExporterSettings.DEFAULT_PUSH_INTERVAL));
            args.addArgument(ExporterSettings.JOB, prop("PROMETHEUS_JOB", ExporterSettings.DEFAULT_JOB));
            args.addArgument(ExporterSettings.ENGINE, prop("PROMETHEUS_ENGINE", ""));
            args.addArgument(ExporterSettings.LINGER, prop("PROMETHEUS_EXPORTER_LINGER", ExporterSettings.DEFAULT_LINGER));
            l.setArguments(args);
        }));
    }

    private static Node httpDefaults() {
        return new Node(viaGui(HttpDefaultsGui.class, "HTTP Request Defaults", all(
                set(HTTPSamplerBase.PROTOCOL, "${__P(BASE_URL_PROTOCOL)}"),
                set(HTTPSamplerBase.DOMAIN, "${__P(BASE_URL_HOST)}"),
                set(HTTPSamplerBase.PORT, "${__P(BASE_URL_PORT)}"),
                set(HTTPSamplerBase.CONNECT_TIMEOUT, prop("CONNECT_TIMEOUT_MS", 10000)),
                set(HTTPSamplerBase.RESPONSE_TIMEOUT, prop("RESPONSE_TIMEOUT_MS", 30000)))));
    }

    private static Node dataGenerator(String name, List<Consumer<TestElement>> settings) {
        return new Node(viaTestBeanGui(DataGenerator.class, name, all(settings.toArray(Consumer[]::new))));
    }

    private static Node kpiListener(String plan, List<String> expressions) {
        return new Node(viaGui(KpiListenerGui.class, "KPI Assertions", all(
                set(KpiListener.EXPRESSIONS, String.join("\n", expressions)),
                set(KpiListener.KPI_FILE, prop("KPI_FILE", "kpis/" + plan + ".yml")),
                set(KpiListener.RESULTS_DIR, prop("RESULTS_DIR", "")),
                set(KpiListener.GRACE_PERIOD, prop("KPI_GRACE", "0s")),
                set(KpiListener.ABORT_ON_FAIL, prop("ABORT_ON_FAIL", false)),
                set(KpiListener.ABORT_DELAY, "0s"),
                set(KpiListener.BASELINE_FILE, prop("BASELINE", "")),
                set(KpiListener.BASELINE_TOLERANCE, "10"),
                set(KpiListener.EXIT_ON_FAIL, "true"))));
    }

    /** Job completion time (submit to terminal status, scaled, at least 3 s) and job success rate, on the job samples. */
    private static List<String> jobKpis(int p95Seconds, int p99Seconds, String success) {
        List<String> lines = new ArrayList<>();
        lines.add("# job completion time (submit to the terminal status): seconds x TIME_SCALE, at least 3 s");
        lines.add("label=job Evaluation: p(95)<" + scaled(Integer.toString(p95Seconds * 1000), 3000));
        if (p99Seconds > 0) {
            lines.add("label=job Evaluation: p(99)<" + scaled(Integer.toString(p99Seconds * 1000), 3000));
        }
        lines.add("# job success rate: completed jobs / jobs polled to their end");
        lines.add("label=job Evaluation: availability>=" + success);
        return lines;
    }

    private static Node apiSampler(Class<? extends org.apache.jmeter.gui.JMeterGUIComponent> gui, String name,
            Consumer<TestElement> settings) {
        return new Node(viaGui(gui, name, all(set(ApiSampler.BASE_PATH, prop("BASE_URL_PATH", "")), settings)));
    }

    private static Node login(String name, String username) {
        return apiSampler(LoginSamplerGui.class, name, all(set(LoginSampler.USERNAME, username),
                set(LoginSampler.PASSWORD, prop("PASSWORD", "test-password"))));
    }

    private static Node apiCall(String name, String endpoint, String pathParam, String query, String body, String method) {
        return apiSampler(ApiCallSamplerGui.class, name, all(set(ApiCallSampler.ENDPOINT, endpoint),
                set(ApiCallSampler.PATH_PARAM, pathParam), set(ApiCallSampler.QUERY, query), set(ApiCallSampler.BODY, body),
                set(ApiCallSampler.CUSTOM_METHOD, method)));
    }

    private static Node submit(String name, String mode, String model, String benchmark, String prompts) {
        return apiSampler(SubmitEvaluationSamplerGui.class, name, all(
                set(SubmitEvaluationSampler.BODY_MODE, mode), set(SubmitEvaluationSampler.BODY, "${eval_request}"),
                set(SubmitEvaluationSampler.MODEL, model), set(SubmitEvaluationSampler.BENCHMARK, benchmark),
                set(SubmitEvaluationSampler.PROMPTS, prompts), set(SubmitEvaluationSampler.TEMPERATURE, "0.7"),
                set(SubmitEvaluationSampler.MAX_TOKENS, "1000")));
    }

    private static Node jobStatus() {
        return apiSampler(JobStatusSamplerGui.class, "Job Status", set(JobSampler.JOB_ID, "${job_id}"));
    }

    private static Node jobResults() {
        return apiSampler(JobResultsSamplerGui.class, "Job Results", set(JobSampler.JOB_ID, "${job_id}"));
    }

    private static Node poll(String name, String maxPolls) {
        return new Node(viaGui(JobPollControllerGui.class, name, all(
                set(JobPollController.MAX_POLLS, maxPolls),
                set(JobPollController.INTERVAL, prop("POLL_INTERVAL_MS", 5000)),
                set(JobPollController.MAX_INTERVAL, "600000"),
                set(JobPollController.START_TIME_VARIABLE, SubmitEvaluationSampler.DEFAULT_SUBMITTED_AT_VAR))), jobStatus());
    }

    private static Node stageGroup(String name, String startUsers, List<String> stages, String gracefulRampDown,
            Node... children) {
        return new Node(viaGui(StageThreadGroupGui.class, name, all(
                set(AbstractThreadGroup.ON_SAMPLE_ERROR, AbstractThreadGroup.ON_SAMPLE_ERROR_CONTINUE),
                set(StageThreadGroup.START_USERS, startUsers),
                set(StageThreadGroup.STAGES, String.join("\n", stages)),
                set(StageThreadGroup.GRACEFUL_RAMP_DOWN, gracefulRampDown))), children);
    }

    private static Node stockGroup(String name, String users, String loops, String durationSeconds, Node... children) {
        return new Node(viaGui(ThreadGroupGui.class, name, e -> {
            ThreadGroup g = (ThreadGroup) e;
            g.setProperty(AbstractThreadGroup.ON_SAMPLE_ERROR, AbstractThreadGroup.ON_SAMPLE_ERROR_CONTINUE);
            g.setProperty(AbstractThreadGroup.NUM_THREADS, users);
            g.setProperty(ThreadGroup.RAMP_TIME, "0");
            g.setScheduler(true);
            g.setProperty(ThreadGroup.DURATION, durationSeconds);
            g.setProperty(ThreadGroup.DELAY, "");
            ((org.apache.jmeter.control.LoopController) g.getSamplerController()).setProperty(
                    org.apache.jmeter.control.LoopController.LOOPS, loops);
        }), children);
    }

    private static ListedHashTree testPlan(String name, String comments, boolean serialize, Node... children) {
        TestElement plan = viaGui(TestPlanGui.class, name, e -> {
            TestPlan p = (TestPlan) e;
            p.setComment(comments);
            p.setFunctionalMode(false);
            p.setTearDownOnShutdown(true);
            p.setSerialized(serialize);
        });
        ListedHashTree tree = new ListedHashTree();
        new Node(plan, children).addTo(tree);
        return tree;
    }
}
