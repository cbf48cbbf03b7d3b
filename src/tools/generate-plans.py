#!/usr/bin/env python3
"""Writes the shipped plans test-plans/*.jmx from one description, so that every plan has the
same skeleton (Sandbox Target, HTTP Request Defaults, data generator, KPI Assertions), the same
properties and the same labels. Run from the project root: python3 src/tools/generate-plans.py
The .jmx files are the product (they open and save in the JMeter GUI like any plan); this script
only keeps them consistent. docs/plans.md documents them."""
from xml.sax.saxutils import escape
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "test-plans"

SCALE = "${__P(TIME_SCALE,1)}"


def scaled_ms(ms):
    """A whole number of milliseconds: ms x TIME_SCALE, at least 1."""
    return "${__jexl3(var v = (%s * %s + 0.5).longValue(); v < 1 ? 1 : v)}" % (ms, SCALE)


def scaled_ms_floor(ms, floor_ms):
    """ms x TIME_SCALE, at least floor_ms: HTTP and scheduling overheads do not shrink with the scale."""
    return "${__jexl3(var v = (%s * %s + 0.5).longValue(); v < %s ? %s : v)}" % (ms, SCALE, floor_ms, floor_ms)


def scaled_s(s):
    """A whole number of seconds: s x TIME_SCALE, at least 1."""
    return "${__jexl3(var v = (%s * %s + 0.5).longValue(); v < 1 ? 1 : v)}" % (s, SCALE)


def x(s):
    return escape(s, {'"': "&quot;"})


def sp(name, value):
    return '<stringProp name="%s">%s</stringProp>' % (name, x(value))


def bp(name, value):
    return '<boolProp name="%s">%s</boolProp>' % (name, "true" if value else "false")


def el(tag, name, props, children=None, gui=None, test=None, enabled=True):
    gui = gui or tag
    test = test or tag
    head = '<%s guiclass="%s" testclass="%s" testname="%s"%s>' % (
        tag, gui, test, x(name), "" if enabled else ' enabled="false"')
    body = "\n".join(props)
    kids = "\n".join(children or [])
    return "%s\n%s\n</%s>\n<hashTree>%s</hashTree>" % (head, body, tag, ("\n" + kids + "\n") if kids else "")


# ---------------------------------------------------------------- suite elements

def sandbox_target():
    c = "io.github.agieval.jmeter.sandbox.SandboxTarget"
    return el(c, "Sandbox Target", [
        sp("baseUrl", "${__P(BASE_URL,)}"),
        sp("port", "${__P(SANDBOX_PORT,0)}"),
        sp("password", "${__P(PASSWORD,test-password)}"),
        sp("timeFactor", "${__P(SANDBOX_TIME_FACTOR,${__P(TIME_SCALE,1)})}"),
        sp("workers", "${__P(SANDBOX_WORKERS,64)}"),
        sp("queueCapacity", "${__P(SANDBOX_QUEUE_CAPACITY,10000)}"),
        sp("tokenLifetime", "${__P(SANDBOX_TOKEN_LIFETIME,3600)}"),
        sp("latency", "${__P(SANDBOX_LATENCY,none)}"),
        sp("errorRate", "${__P(SANDBOX_ERROR_RATE,0)}"),
        sp("dropRate", "${__P(SANDBOX_DROP_RATE,0)}"),
        sp("jobFailureRate", "${__P(SANDBOX_JOB_FAILURE_RATE,0)}"),
        sp("jobHangRate", "${__P(SANDBOX_JOB_HANG_RATE,0)}"),
        sp("faults", "${__P(SANDBOX_FAULTS,)}"),
    ], gui="TestBeanGUI", test=c)


def http_defaults():
    return el("ConfigTestElement", "HTTP Request Defaults", [
        '<elementProp name="HTTPsampler.Arguments" elementType="Arguments" guiclass="HTTPArgumentsPanel" '
        'testclass="Arguments" testname="User Defined Variables"><collectionProp name="Arguments.arguments"/></elementProp>',
        sp("HTTPSampler.protocol", "${__P(BASE_URL_PROTOCOL)}"),
        sp("HTTPSampler.domain", "${__P(BASE_URL_HOST)}"),
        sp("HTTPSampler.port", "${__P(BASE_URL_PORT)}"),
        sp("HTTPSampler.path", ""),
        sp("HTTPSampler.contentEncoding", ""),
        sp("HTTPSampler.connect_timeout", "${__P(CONNECT_TIMEOUT_MS,10000)}"),
        sp("HTTPSampler.response_timeout", "${__P(RESPONSE_TIMEOUT_MS,30000)}"),
    ], gui="HttpDefaultsGui")


def data_generator(name, extra=()):
    c = "io.github.agieval.jmeter.datagen.DataGenerator"
    return el(c, name, [sp("seed", "${__P(SEED,)}")] + list(extra), gui="TestBeanGUI", test=c)


def kpi_listener(plan, expressions):
    c = "io.github.agieval.jmeter.kpi.KpiListener"
    return el(c, "KPI Assertions", [
        sp("KpiListener.expressions", "\n".join(expressions)),
        sp("KpiListener.kpiFile", "${__P(KPI_FILE,kpis/%s.yml)}" % plan),
        sp("KpiListener.resultsDir", "${__P(RESULTS_DIR,)}"),
        sp("KpiListener.gracePeriod", "${__P(KPI_GRACE,0s)}"),
        sp("KpiListener.abortOnFail", "${__P(ABORT_ON_FAIL,false)}"),
        sp("KpiListener.abortDelay", "0s"),
        sp("KpiListener.baselineFile", "${__P(BASELINE,)}"),
        sp("KpiListener.baselineTolerance", "10"),
        sp("KpiListener.exitOnFail", "true"),
    ], gui="io.github.agieval.jmeter.kpi.KpiListenerGui", test=c)


API_COMMON = [
    sp("HTTPSampler.protocol", ""), sp("HTTPSampler.domain", ""), sp("HTTPSampler.port", ""),
    sp("AgiApi.base_path", "${__P(BASE_URL_PATH,)}"),
    sp("HTTPSampler.connect_timeout", ""), sp("HTTPSampler.response_timeout", ""),
    bp("HTTPSampler.use_keepalive", True), bp("HTTPSampler.follow_redirects", True),
    bp("AgiApi.relogin_on_401", True),
]


def sampler(cls, name, props):
    full = "io.github.agieval.jmeter.sampler." + cls
    return el(full, name, API_COMMON + props, gui="io.github.agieval.jmeter.sampler.gui.%sGui" % cls, test=full)


def login(name="Login", username="${__P(USERNAME,test-user)}"):
    return sampler("LoginSampler", name, [
        sp("AgiLogin.username", username), sp("AgiLogin.password", "${__P(PASSWORD,test-password)}")])


def api_call(name, endpoint, path_param="", query="", body="", method="GET"):
    return sampler("ApiCallSampler", name, [
        sp("AgiApiCall.endpoint", endpoint), sp("AgiApiCall.path_param", path_param),
        sp("AgiApiCall.query", query), sp("AgiApiCall.body", body), sp("AgiApiCall.method", method),
        sp("AgiApiCall.path", ""), bp("AgiApiCall.authenticated", True), sp("AgiApiCall.expected_codes", "")])


def submit(name="Submit Evaluation", mode="body", model="gpt-4", benchmark="mmlu", prompts="Test prompt",
           temperature="0.7", max_tokens="1000"):
    return sampler("SubmitEvaluationSampler", name, [
        sp("AgiSubmit.body_mode", mode), sp("AgiSubmit.body", "${eval_request}"),
        sp("AgiSubmit.model", model), sp("AgiSubmit.benchmark", benchmark), sp("AgiSubmit.prompts", prompts),
        sp("AgiSubmit.temperature", temperature), sp("AgiSubmit.max_tokens", max_tokens), sp("AgiSubmit.timeout", ""),
        sp("AgiSubmit.job_id_var", "job_id"), sp("AgiSubmit.status_var", "job_status"),
        sp("AgiSubmit.submitted_at_var", "job_submitted_at")])


def job_status():
    return sampler("JobStatusSampler", "Job Status", [
        sp("AgiJob.job_id", "${job_id}"), sp("AgiJobStatus.known_statuses", "queued,running,completed,failed"),
        sp("AgiJobStatus.status_var", "job_status"), sp("AgiJobStatus.progress_var", "job_progress")])


def job_results():
    return sampler("JobResultsSampler", "Job Results", [
        sp("AgiJob.job_id", "${job_id}"), sp("AgiJobResults.score_field", "score"),
        sp("AgiJobResults.score_var", "job_score")])


def poll(name="Evaluation", max_polls="${__P(MAX_POLLS,60)}"):
    c = "io.github.agieval.jmeter.poll.JobPollController"
    return el(c, name, [
        sp("JobPollController.conditionSource", "VARIABLE"),
        sp("JobPollController.statusVariable", "job_status"),
        sp("JobPollController.statusJsonPath", "$.status"),
        sp("JobPollController.expression", ""),
        sp("JobPollController.terminalValues", "completed,failed"),
        sp("JobPollController.successValues", "completed"),
        sp("JobPollController.maxPolls", max_polls),
        sp("JobPollController.timeoutMs", "0"),
        sp("JobPollController.maxFailedPolls", "0"),
        sp("JobPollController.intervalMs", scaled_ms("${__P(POLL_INTERVAL_MS,5000)}")),
        bp("JobPollController.waitBeforeFirstPoll", True),
        sp("JobPollController.backoff", "FIXED"),
        sp("JobPollController.backoffMultiplier", "2"),
        sp("JobPollController.maxIntervalMs", "600000"),
        sp("JobPollController.jitterPercent", "0"),
        bp("JobPollController.honourRetryAfter", True),
        sp("JobPollController.startTimeVariable", "job_submitted_at"),
        sp("JobPollController.jobIdVariable", "job_id"),
        bp("JobPollController.recordSample", True),
        sp("JobPollController.sampleLabel", ""),
        sp("JobPollController.variablePrefix", "job_"),
    ], [job_status()], gui="io.github.agieval.jmeter.poll.gui.JobPollControllerGui", test=c)


def if_ctrl(name, condition, children):
    return el("IfController", name, [
        sp("IfController.condition", condition), bp("IfController.evaluateAll", False),
        bp("IfController.useExpression", True)], children, gui="IfControllerPanel")


def simple(name, children):
    return el("GenericController", name, [], children, gui="LogicControllerGui")


def think_time(name, delay_ms, range_ms):
    timer = el("UniformRandomTimer", name, [
        sp("ConstantTimer.delay", delay_ms), sp("RandomTimer.range", range_ms)], gui="UniformRandomTimerGui")
    return el("TestAction", "Think time", [
        '<intProp name="ActionProcessor.action">1</intProp>',
        '<intProp name="ActionProcessor.target">0</intProp>',
        sp("ActionProcessor.duration", "0")], [timer], gui="TestActionGui")


def job_flow(max_polls="${__P(MAX_POLLS,60)}"):
    """Submit, poll the job to its end (one 'job Evaluation' sample), fetch the results."""
    return [
        submit(),
        if_ctrl("If the job was accepted", '${__jexl3("${job_id}" != "",)}', [poll(max_polls=max_polls)]),
        if_ctrl("If the job completed", '${__jexl3("${job_succeeded}" == "true",)}', [job_results()]),
    ]


def evaluation_flow(max_polls="${__P(MAX_POLLS,60)}"):
    """The seed's k6 iteration: login, health, models, submit, poll, (results), think time 1-4 s."""
    return [login(), api_call("Health", "health"), api_call("List Models", "models")] + job_flow(max_polls) + [
        think_time("1-4 s think time (k6: sleep(Math.random() * 3 + 1))", scaled_ms(1000), scaled_ms(3000))]


def stage_group(name, start_users, stages, children, graceful="${__P(GRACEFUL_RAMP_DOWN,60s)}"):
    c = "io.github.agieval.jmeter.threads.StageThreadGroup"
    return el(c, name, [
        sp("ThreadGroup.on_sample_error", "continue"),
        '<elementProp name="ThreadGroup.main_controller" elementType="io.github.agieval.jmeter.threads.StageLoopController">'
        '<intProp name="LoopController.loops">-1</intProp><boolProp name="LoopController.continue_forever">false</boolProp></elementProp>',
        sp("StageThreadGroup.start_users", start_users),
        sp("StageThreadGroup.stages", "\n".join(stages)),
        sp("StageThreadGroup.time_scale", SCALE),
        sp("StageThreadGroup.graceful_ramp_down", graceful),
        bp("ThreadGroup.same_user_on_next_iteration", True),
    ], children, gui="io.github.agieval.jmeter.threads.gui.StageThreadGroupGui", test=c)


def stock_group(name, users, loops, duration_s, children):
    return el("ThreadGroup", name, [
        sp("ThreadGroup.on_sample_error", "continue"),
        '<elementProp name="ThreadGroup.main_controller" elementType="LoopController" guiclass="LoopControlPanel" '
        'testclass="LoopController" testname="Loop Controller">%s%s</elementProp>' % (
            bp("LoopController.continue_forever", False), sp("LoopController.loops", loops)),
        sp("ThreadGroup.num_threads", users), sp("ThreadGroup.ramp_time", "0"),
        bp("ThreadGroup.scheduler", True), sp("ThreadGroup.duration", duration_s), sp("ThreadGroup.delay", ""),
        bp("ThreadGroup.same_user_on_next_iteration", True),
    ], children, gui="ThreadGroupGui")


def open_model_group(name, schedule, children):
    return el("OpenModelThreadGroup", name, [
        sp("ThreadGroup.on_sample_error", "continue"),
        '<elementProp name="ThreadGroup.main_controller" elementType="OpenModelThreadGroupController"/>',
        sp("OpenModelThreadGroup.schedule", schedule),
        sp("OpenModelThreadGroup.random_seed", "${__P(ARRIVALS_SEED,0)}"),
    ], children, gui="OpenModelThreadGroupGui")


def test_plan(name, comments, children, serialize=False):
    plan = el("TestPlan", name, [
        sp("TestPlan.comments", comments),
        bp("TestPlan.functional_mode", False), bp("TestPlan.tearDown_on_shutdown", True),
        bp("TestPlan.serialize_threadgroups", serialize),
        '<elementProp name="TestPlan.user_defined_variables" elementType="Arguments" guiclass="ArgumentsPanel" '
        'testclass="Arguments" testname="User Defined Variables"><collectionProp name="Arguments.arguments"/></elementProp>',
    ], children, gui="TestPlanGui")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<jmeterTestPlan version="1.2" properties="5.0" jmeter="5.6.3">\n'
            '<hashTree>\n%s\n</hashTree>\n</jmeterTestPlan>\n' % plan)


# ---------------------------------------------------------------- KPIs

def job_kpis(p95_s, p99_s=None, success="99%"):
    """Job completion time (submit to terminal status) and job success rate, on the job samples."""
    lines = ["# job completion time (submit to the terminal status): seconds x TIME_SCALE, at least 3 s",
             "label=job Evaluation: p(95)<%s" % scaled_ms_floor(p95_s * 1000, 3000)]
    if p99_s:
        lines.append("label=job Evaluation: p(99)<%s" % scaled_ms_floor(p99_s * 1000, 3000))
    lines += ["# job success rate: completed jobs / jobs polled to their end",
              "label=job Evaluation: availability>=%s" % success]
    return lines


def common_children(plan, datagen, groups, kpis):
    return [sandbox_target(), http_defaults()] + ([datagen] if datagen else []) + groups + [kpi_listener(plan, kpis)]


PROPS_COMMENT = ("Properties: BASE_URL (empty: embedded sandbox), USERNAME, PASSWORD (pass it with -q secrets.properties), "
                 "RESULTS_DIR, TIME_SCALE (factor on every duration), %s. See docs/plans.md.")


def write(name, xml):
    (OUT / (name + ".jmx")).write_text(xml, encoding="utf-8")


def k6_plan(plan, title, comment, group_name, start, stages, users_prop, datagen_extra=(), max_polls="${__P(MAX_POLLS,60)}",
            kpis=None, graceful="${__P(GRACEFUL_RAMP_DOWN,60s)}"):
    group = stage_group(group_name, start, stages, evaluation_flow(max_polls), graceful)
    dg = data_generator("Evaluation requests", [bp("generateScenarios", False)] + list(datagen_extra))
    kpi_lines = (kpis or []) + ["# the shape reached its peak", "threads>=%s" % users_prop]
    write(plan, test_plan(title, comment + " " + PROPS_COMMENT % users_prop.replace("${__P(", "").split(",")[0],
                          common_children(plan, dg, [group], kpi_lines)))


def main():
    OUT.mkdir(exist_ok=True)
    smoke_users = "${__P(SMOKE_USERS,5)}"
    k6_plan("smoke", "Smoke test",
            "Seed: k6 smoke_test (constant-vus: 5 VUs for 5 minutes). Basic functionality before load testing.",
            "smoke_test (k6 constant-vus)", smoke_users,
            ["5m," + smoke_users], smoke_users,
            kpis=job_kpis(60, success="100%"))

    load_users = "${__P(LOAD_USERS,50)}"
    k6_plan("load", "Load test",
            "Seed: k6 load_test (ramping-vus: 10 start VUs, 5m to 50, 10m at 50, 5m to 0). Normal expected load.",
            "load_test (k6 ramping-vus)", "${__P(LOAD_START_USERS,10)}",
            ["5m," + load_users, "10m," + load_users, "5m,0"], load_users,
            kpis=job_kpis(60, 120))

    stress_users = "${__P(STRESS_USERS,100)}"
    stress_peak = "${__P(STRESS_PEAK_USERS,200)}"
    k6_plan("stress", "Stress test",
            "Seed: k6 stress_test (ramping-vus: 10 start VUs, 2m to 100, 5m at 100, 2m to 200, 5m at 200, 2m to 0). "
            "Beyond normal capacity: find the breaking point.",
            "stress_test (k6 ramping-vus)", "${__P(STRESS_START_USERS,10)}",
            ["2m," + stress_users, "5m," + stress_users, "2m," + stress_peak, "5m," + stress_peak, "2m,0"], stress_peak,
            kpis=job_kpis(120, 240, success="95%"))

    spike_base = "${__P(SPIKE_BASE_USERS,10)}"
    spike_users = "${__P(SPIKE_USERS,200)}"
    k6_plan("spike", "Spike test",
            "Seed: k6 spike_test (ramping-vus: 10 start VUs, 1m at 10, 30s to 200, 1m at 200, 30s to 10, 1m at 10). "
            "Sudden traffic increase and recovery.",
            "spike_test (k6 ramping-vus)", spike_base,
            ["1m," + spike_base, "30s," + spike_users, "1m," + spike_users, "30s," + spike_base, "1m," + spike_base],
            spike_users,
            kpis=job_kpis(120, 240, success="95%"))

    volume_users = "${__P(VOLUME_USERS,20)}"
    k6_plan("volume", "Volume test",
            "Large amounts of data: evaluation requests of 10 to 100 prompts of 1,000 to 10,000 characters each "
            "(bodies up to about 1 MB, the sandbox's limit), 20 users for 30 minutes (2m ramp, 26m hold, 2m down).",
            "volume_test (large requests)", "0",
            ["2m," + volume_users, "26m," + volume_users, "2m,0"], volume_users,
            datagen_extra=[sp("promptsMin", "${__P(VOLUME_PROMPTS_MIN,10)}"), sp("promptsMax", "${__P(VOLUME_PROMPTS_MAX,100)}"),
                           sp("promptCharsMin", "${__P(VOLUME_PROMPT_CHARS_MIN,1000)}"),
                           sp("promptCharsMax", "${__P(VOLUME_PROMPT_CHARS_MAX,10000)}"),
                           sp("timeoutMin", "600"), sp("timeoutMax", "900")],
            max_polls="${__P(MAX_POLLS,120)}", graceful="${__P(GRACEFUL_RAMP_DOWN,5m)}",
            kpis=job_kpis(400, 500))

    end_users = "${__P(ENDURANCE_USERS,50)}"
    k6_plan("endurance", "Endurance test",
            "Normal expected load (the load test's 50 users) held for hours to find leaks and degradation: "
            "10 start VUs, 5m to 50, ENDURANCE_HOLD (4h) at 50, 5m to 0. Windowed KPIs catch degradation over time.",
            "endurance_test (k6 ramping-vus)", "${__P(ENDURANCE_START_USERS,10)}",
            ["5m," + end_users, "${__P(ENDURANCE_HOLD,4h)}," + end_users, "5m,0"], end_users,
            kpis=job_kpis(60, 120) + [
                "# no degradation: every 10-minute window (scaled) keeps the request latency and error rate",
                "label~(?!job ).*: p(95)<500 over %ss" % scaled_s(600),
                "rate<1%% over %ss" % scaled_s(600)])

    user_journey()


def journey_action(name, children):
    return simple(name, children)


def user_journey():
    users = "${__P(JOURNEY_USERS,50)}"
    iterations = "${__P(JOURNEY_ITERATIONS,10)}"
    actions = [
        journey_action("login", [login("Login", "${username}")]),
        journey_action("list_models", [api_call("List Models", "models")]),
        journey_action("start_evaluation", [submit()]),
        journey_action("check_status", [if_ctrl("If the job was accepted", '${__jexl3("${job_id}" != "",)}', [poll()])]),
        journey_action("download_results", [if_ctrl("If the job completed", '${__jexl3("${job_succeeded}" == "true",)}',
                                                     [job_results()])]),
        journey_action("view_dashboard", [api_call("Dashboard", "dashboard")]),
        journey_action("compare_models", [api_call("Compare Models", "compare", query="models=gpt-4,claude-3-opus")]),
        journey_action("export_data", [api_call("Export Data", "export", query="format=json")]),
        journey_action("upload_dataset", [api_call("Upload Dataset", "datasets", method="POST",
                                                   body='{"name":"journey-${__threadNum}","size":${__Random(10,500,)}}')]),
        journey_action("create_benchmark", [api_call("Create Benchmark", "benchmarks", method="POST",
                                                     body='{"name":"journey-${__threadNum}-${__time(,)}","metric":"accuracy"}')]),
        journey_action("run_evaluation", job_flow()),
        journey_action("logout", [api_call("Logout", "logout", method="POST")]),
    ]
    switch = el("SwitchController", "do ${current_action}", [sp("SwitchController.value", "${current_action}")], actions,
                gui="SwitchControllerGui")
    think = el("ConstantTimer", "scenario think time (k6: sleep(scenario.think_time))",
               [sp("ConstantTimer.delay", "${__jexl3((${think_time_ms} * %s + 0.5).longValue())}" % SCALE)],
               gui="ConstantTimerGui")
    think_action = el("TestAction", "Think time", [
        '<intProp name="ActionProcessor.action">1</intProp>', '<intProp name="ActionProcessor.target">0</intProp>',
        sp("ActionProcessor.duration", "0")], [think], gui="TestActionGui")
    foreach = el("ForeachController", "each action of the scenario", [
        sp("ForeachController.inputVal", "action"), sp("ForeachController.returnVal", "current_action"),
        bp("ForeachController.useSeparator", True)], [switch, think_action], gui="ForeachControlPanel")
    k6_group = stock_group("user_journey (k6 per-vu-iterations)", users, iterations, scaled_s(1800), [
        data_generator("User scenarios", []), foreach])

    # Artillery: the seed's phases, arrivals of the weighted scenarios (10/15/25/50)
    r = "${__P(ARRIVAL_RATE_SCALE,1)}"

    def rate(n):
        return "rate(${__jexl3(%s * %s)}/sec)" % (n, r)

    def arrivals(s):
        return "even_arrivals(${__jexl3(%s * %s)} s)" % (s, SCALE)

    phases = [(2, 300, 2, "Smoke test"), (5, 600, 25, "Load test - ramp up"), (25, 1200, 25, "Load test - sustained"),
              (25, 600, 100, "Stress test"), (200, 60, 200, "Spike test"), (10, 300, 10, "Cool down")]
    schedule = "\n".join("/* %s */ %s %s %s" % (n, rate(a), arrivals(d), rate(b)) for a, d, b, n in phases)
    schedule += "\n/* let the last arrivals finish */ pause(${__jexl3(120 * %s)} s)" % SCALE
    scenarios = [
        simple("health", [api_call("Health", "health"), api_call("Status", "status")]),
        simple("auth", [login("Login", "${__RandomString(12,abcdefghijklmnopqrstuvwxyz0123456789,)}"),
                        api_call("Profile", "profile")]),
        simple("models", [login(), api_call("List Models", "models"), api_call("Get Model", "model", path_param="gpt-4")]),
        simple("evaluation", [login(), submit("Submit Evaluation", mode="fields", model="${model}", benchmark="${benchmark}",
                                            prompts="${prompt}", temperature="0.7", max_tokens="1000")] + job_flow()[1:]),
    ]
    pick = ('${__groovy(def r = new java.util.Random().nextInt(100); r < 10 ? "health" : '
            '(r < 25 ? "auth" : (r < 50 ? "models" : "evaluation")))}')
    weighted = el("SwitchController", "weighted scenario (10/15/25/50)", [sp("SwitchController.value", pick)], scenarios,
                  gui="SwitchControllerGui")
    artillery = open_model_group("artillery-comprehensive (open model arrivals)", schedule, [
        data_generator("Payload (model, benchmark, prompt)", [bp("generateScenarios", False)]), weighted])
    kpis = job_kpis(60, 120) + ["# every journey step was served", "label=Login: rate<1%"]
    comment = ("Seed: k6 user_journey (per-vu-iterations: 50 VUs x 10 iterations of a generated user scenario, "
               "max 30m) followed by the Artillery comprehensive test (arrival-rate phases, weighted scenarios). "
               "Thread groups run one after the other.")
    write("user-journey", test_plan("User journey", comment + " " + PROPS_COMMENT % "JOURNEY_USERS, JOURNEY_ITERATIONS, ARRIVAL_RATE_SCALE",
                                    common_children("user-journey", None, [k6_group, artillery], kpis), serialize=True))


if __name__ == "__main__":
    main()
