package io.github.agieval.jmeter.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.util.JMeterUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.it.JMeterSupport;
import io.github.agieval.jmeter.kpi.engine.Baseline;
import io.github.agieval.jmeter.kpi.engine.KpiOutcome;
import io.github.agieval.jmeter.kpi.engine.KpiRun;
import io.github.agieval.jmeter.kpi.engine.MutableClock;
import io.github.agieval.jmeter.kpi.engine.Verdict;

class KpiListenerTest {

    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final List<String> stops = new ArrayList<>();

    @BeforeEach
    void props() {
        JMeterSupport.init();
    }

    @AfterEach
    void clearProps() {
        JMeterUtils.getJMeterProperties().remove(KpiListener.KPI_EXPRESSIONS_PROPERTY);
        JMeterUtils.getJMeterProperties().remove(KpiListener.RESULTS_DIR_PROPERTY);
    }

    private KpiListener listener(String expressions) {
        KpiListener l = new KpiListener();
        l.setName("KPIs");
        l.setExpressions(expressions);
        l.setResultsDir(dir.toString());
        l.inject(clock, stops::add, true);
        return l;
    }

    private static SampleEvent event(String label, long start, long elapsed, boolean ok, String code, String thread,
            int allThreads) {
        SampleResult r = new SampleResult();
        r.setSampleLabel(label);
        r.setStampAndTime(start, elapsed);
        r.setLatency(elapsed / 2);
        r.setConnectTime(1);
        r.setSuccessful(ok);
        r.setResponseCode(code);
        r.setResponseMessage(ok ? "OK" : "Service Unavailable");
        r.setThreadName(thread);
        r.setAllThreads(allThreads);
        return new SampleEvent(r, "Users");
    }

    private static Document xml(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    @Test
    void shouldWriteAllThreeReportsWithEachKpiVerdict() throws Exception {
        KpiListener l = listener("p(95)<500\nlabel=Submit Evaluation: p(95)<100\nrate<1%\n# comment\ncount>=40");
        l.testStarted();
        for (int sec = 0; sec < 4; sec++) {
            for (int i = 0; i < 10; i++) {
                boolean fail = sec == 3 && i == 0;
                l.sampleOccurred(event(i % 2 == 0 ? "Login" : "Submit Evaluation", T0 + sec * 1000L + i * 50,
                        i % 2 == 0 ? 40 : 150 + i, !fail, fail ? "503" : "200", "Users 1-" + (i + 1), 10));
            }
            clock.advance(1000);
            l.tick();
        }
        l.testEnded();

        JsonNode json = Json.parse(Files.readString(dir.resolve("kpi-report.json")));
        assertThat(json.at("/test_summary/verdict").asText()).isEqualTo("FAIL");
        assertThat(json.at("/test_summary/samples").asLong()).isEqualTo(40);
        assertThat(json.at("/test_summary/failed_samples").asLong()).isEqualTo(1);
        assertThat(json.at("/test_summary/kpis_failed").asLong()).isEqualTo(2);
        assertThat(json.at("/test_summary/peak_threads").asLong()).isEqualTo(10);
        assertThat(json.at("/test_summary/test_duration_s").asDouble()).isEqualTo(4.0);
        assertThat(json.at("/response_times/all/p95").asLong()).isEqualTo(159);
        assertThat(json.at("/response_times/all/min").asLong()).isEqualTo(40);
        assertThat(json.at("/response_times/by_label/Login/count").asLong()).isEqualTo(20);
        assertThat(json.at("/response_times/by_label/Submit Evaluation/max").asLong()).isEqualTo(159);
        assertThat(json.at("/throughput/total_requests").asLong()).isEqualTo(40);
        assertThat(json.at("/errors/error_rate").asDouble()).isEqualTo(0.025);
        assertThat(json.at("/errors/by_type/0/type").asText()).isEqualTo("503 Service Unavailable");
        assertThat(json.at("/errors/by_type/0/count").asLong()).isEqualTo(1);
        JsonNode kpis = json.get("kpis");
        assertThat(kpis).hasSize(4);
        assertThat(kpis.get(0).get("name").asText()).isEqualTo("p(95)<500");
        assertThat(kpis.get(0).get("observed").asDouble()).isEqualTo(159.0);
        assertThat(kpis.get(0).get("threshold").asDouble()).isEqualTo(500.0);
        assertThat(kpis.get(0).get("verdict").asText()).isEqualTo("PASS");
        assertThat(kpis.get(1).get("verdict").asText()).isEqualTo("FAIL");
        assertThat(kpis.get(1).get("observed").asDouble()).isEqualTo(159.0);
        assertThat(kpis.get(1).get("scope").asText()).isEqualTo("label=Submit Evaluation");
        assertThat(kpis.get(2).get("observed").asDouble()).isEqualTo(0.025);
        assertThat(kpis.get(2).get("verdict").asText()).isEqualTo("FAIL");
        assertThat(kpis.get(3).get("verdict").asText()).isEqualTo("PASS");
        assertThat(json.get("recommendations").toString()).contains("KPI 'rate<1%' failed (2.5% against <1%)",
                "503 Service Unavailable x1", "Error rate exceeds 1%");
        assertThat(json.at("/timeline/points")).hasSize(4);
        assertThat(json.at("/timeline/points/3/errors").asLong()).isEqualTo(1);

        Document junit = xml(dir.resolve("kpi-junit.xml"));
        Element suite = (Element) junit.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("4");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        NodeList cases = junit.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(4);
        Element second = (Element) cases.item(1);
        assertThat(second.getAttribute("name")).isEqualTo("label=Submit Evaluation: p(95)<100");
        assertThat(second.getAttribute("classname")).isEqualTo("kpi.label=Submit Evaluation");
        assertThat(((Element) second.getElementsByTagName("failure").item(0)).getAttribute("message"))
                .isEqualTo("observed 159ms, threshold <100ms");
        assertThat(((Element) cases.item(0)).getElementsByTagName("failure").getLength()).isZero();

        String html = Files.readString(dir.resolve("kpi-report.html"));
        assertThat(html).contains("&#10008; FAIL", "2 of 4 KPIs passed", "label=Submit Evaluation: p(95)&lt;100",
                "<svg", "Response-time percentiles", "Throughput over time", "Failures by type",
                "503 Service Unavailable", "class=\"kpi fail\"", "class=\"kpi pass\"");
        assertThat(html).doesNotContain("<script", "src=\"http", "href=\"http", "@import");
        assertThat(l.lastReportFiles()).containsExactly(dir.resolve("kpi-report.json").toString(),
                dir.resolve("kpi-junit.xml").toString(), dir.resolve("kpi-report.html").toString());
    }

    @Test
    void shouldFailTestStartNamingLineAndProblemWhenKpiIsBad() {
        KpiListener l = listener("p(95)<500\np(95)=500");

        assertThatThrownBy(l::testStarted)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("KPI Assertions 'KPIs': property KpiListener.expressions line 2 'p(95)=500': expected"
                        + " <, <=, > or >= after 'p(95)' but found '=500'");
        assertThat(l.engine()).isNull();
    }

    @Test
    void shouldFailTestStartWhenKpiFileIsMissingOrSettingIsBad() {
        KpiListener missing = listener("");
        missing.setKpiFile(dir.resolve("nope.yml").toString());
        assertThatThrownBy(missing::testStarted).hasMessageContaining("property KpiListener.kpiFile: KPI file '"
                + dir.resolve("nope.yml") + "' not found");

        KpiListener grace = listener("p(95)<500");
        grace.setGracePeriod("soon");
        assertThatThrownBy(grace::testStarted).hasMessage("KPI Assertions 'KPIs': property KpiListener.gracePeriod:"
                + " 'soon' is not a duration (e.g. 30s, 1m, 500ms or plain milliseconds)");

        KpiListener tolerance = listener("p(95)<500");
        tolerance.setBaselineTolerance("-3");
        assertThatThrownBy(tolerance::testStarted).hasMessageContaining("property KpiListener.baselineTolerance");
    }

    @Test
    void shouldAddKpisFromPropertyAndReportSeedResourceMetricsAsNotMeasured() throws Exception {
        JMeterUtils.setProperty(KpiListener.KPI_EXPRESSIONS_PROPERTY, "avg<100;errors<1");
        KpiListener l = listener("");
        Path yml = Path.of(getClass().getResource("/kpi/performance-kpis.yml").toURI());
        l.setKpiFile(yml.toString());
        l.testStarted();
        for (int i = 0; i < 200; i++) {
            l.sampleOccurred(event("GET /health", T0 + i * 5, 20, true, "200", "Users 1-1", 600));
        }
        clock.advance(1000);
        l.testEnded();

        KpiRun run = l.lastRun();
        assertThat(run.outcomes).extracting(o -> o.kpi().name()).containsExactly("avg<100", "errors<1",
                "p50_response_time", "p95_response_time", "p99_response_time", "requests_per_second",
                "concurrent_users", "error_rate", "availability", "cpu_utilization", "memory_utilization",
                "database_connections");
        assertThat(run.outcomes).extracting(KpiOutcome::verdict).containsExactly(Verdict.PASS, Verdict.PASS,
                Verdict.PASS, Verdict.PASS, Verdict.PASS, Verdict.PASS, Verdict.PASS, Verdict.PASS, Verdict.PASS,
                Verdict.NOT_MEASURED, Verdict.NOT_MEASURED, Verdict.NOT_MEASURED);
        assertThat(run.passed()).isTrue();
        assertThat(run.warnings).hasSize(3).allMatch(w -> w.contains("not measured by the load generator"));
        Document junit = xml(dir.resolve("kpi-junit.xml"));
        assertThat(junit.getElementsByTagName("skipped").getLength()).isEqualTo(3);
        assertThat(((Element) junit.getElementsByTagName("testsuite").item(0)).getAttribute("failures"))
                .isEqualTo("0");
        JsonNode json = Json.parse(Files.readString(dir.resolve("kpi-report.json")));
        assertThat(json.at("/kpis/9/verdict").asText()).isEqualTo("NOT_MEASURED");
        assertThat(json.at("/kpis/9/observed").isNull()).isTrue();
        assertThat(json.at("/test_summary/verdict").asText()).isEqualTo("PASS");
    }

    @Test
    void shouldCoverEveryEngineAndReportAfterTheLastEndedWhenDistributed() throws Exception {
        KpiListener plan = listener("count>=6\nthreads>=7");
        // the distributed client clones the tree once per engine; each clone hears its engine only
        KpiListener first = (KpiListener) plan.clone();
        KpiListener second = (KpiListener) plan.clone();
        first.testStarted("127.0.0.1:1099");
        second.testStarted("127.0.0.1:1100");
        for (int i = 0; i < 3; i++) {
            first.sampleOccurred(event("GET /", T0 + i, 5, true, "200", "127.0.0.1:1099-Users 1-" + (i + 1), 3));
            second.sampleOccurred(event("GET /", T0 + i, 5, true, "200", "127.0.0.1:1100-Users 1-" + (i + 1), 4));
        }
        clock.advance(1000);
        first.testEnded("127.0.0.1:1099");
        assertThat(first.lastRun()).as("waits for the second engine").isNull();
        assertThat(Json.parse(Files.readString(dir.resolve("kpi-report.json"))).at("/test_summary/verdict").asText())
                .as("only the placeholder written at start").isEqualTo("NOT_FINISHED");
        second.sampleOccurred(event("GET /", T0 + 10, 5, true, "200", "127.0.0.1:1100-Users 1-1", 4));
        second.testEnded("127.0.0.1:1100");

        KpiRun run = second.lastRun();
        assertThat(first.lastRun()).isSameAs(run);
        assertThat(run.all.count()).isEqualTo(7);
        assertThat(run.outcomes).extracting(KpiOutcome::observed).containsExactly(7.0, 7.0);
        assertThat(run.all.peakThreadsByEngine()).containsEntry("127.0.0.1:1099", 3L)
                .containsEntry("127.0.0.1:1100", 4L);
        assertThat(Json.parse(Files.readString(dir.resolve("kpi-report.json"))).at("/test_summary/samples").asLong())
                .isEqualTo(7);
    }

    @Test
    void shouldStartAFreshRunWhenTheNextTestStarts() {
        KpiListener plan = listener("count>=1");
        KpiListener run1 = (KpiListener) plan.clone();
        run1.testStarted();
        run1.sampleOccurred(event("GET /", T0, 5, true, "200", "t", 1));
        run1.testEnded();
        KpiListener run2 = (KpiListener) plan.clone();
        run2.testStarted();
        run2.testEnded();

        assertThat(run2.lastRun().all.count()).isZero();
        assertThat(run2.lastRun().outcomes.get(0).verdict()).isEqualTo(Verdict.NO_DATA);
    }

    @Test
    void shouldFailOnRegressionBeyondToleranceAgainstBaseline() throws Exception {
        KpiListener first = listener("p(95)<500");
        first.testStarted();
        for (int i = 0; i < 20; i++) {
            first.sampleOccurred(event("GET /", T0 + i, 100, true, "200", "t", 1));
        }
        first.testEnded();
        Path baseline = dir.resolve("baseline.json");
        Files.move(dir.resolve("kpi-report.json"), baseline);

        KpiListener second = listener("p(95)<500");
        second.setBaselineFile(baseline.toString());
        second.testStarted();
        for (int i = 0; i < 20; i++) {
            second.sampleOccurred(event("GET /", T0 + i, 125, true, "200", "t", 1));
        }
        second.testEnded();

        KpiRun run = second.lastRun();
        assertThat(run.outcomes.get(0).verdict()).isEqualTo(Verdict.PASS);
        assertThat(run.baseline).extracting(Baseline.Check::name).containsExactly("KPI p(95)<500",
                "p95 response time of all samples", "p99 response time of all samples");
        assertThat(run.baseline.get(0).changePercent()).isEqualTo(25.0);
        assertThat(run.baseline).noneMatch(Baseline.Check::passed);
        assertThat(run.passed()).isFalse();
        Document junit = xml(dir.resolve("kpi-junit.xml"));
        assertThat(junit.getElementsByTagName("testcase").getLength()).isEqualTo(4);
        assertThat(((Element) junit.getElementsByTagName("testsuite").item(0)).getAttribute("failures"))
                .isEqualTo("3");
        assertThat(Files.readString(dir.resolve("kpi-report.json"))).contains("\"change_percent\" : 25.0");

        KpiListener tolerant = listener("p(95)<500");
        tolerant.setBaselineFile(baseline.toString());
        tolerant.setBaselineTolerance("30");
        tolerant.testStarted();
        tolerant.sampleOccurred(event("GET /", T0, 125, true, "200", "t", 1));
        tolerant.testEnded();
        assertThat(tolerant.lastRun().passed()).isTrue();
    }

    @Test
    void shouldStopTestGracefullyAfterDelayWhenAbortOnFail() {
        KpiListener l = listener("rate<0.1");
        l.setAbortOnFail(true);
        l.setAbortDelay("3s");
        l.testStarted();
        for (int sec = 0; sec < 5; sec++) {
            l.sampleOccurred(event("GET /", T0 + sec * 1000L, 5, false, "500", "t", 1));
            clock.advance(1000);
            l.tick();
            assertThat(stops).hasSize(sec < 2 ? 0 : 1);
        }
        l.testEnded();
        assertThat(stops.get(0)).isEqualTo("KPI failed: rate<0.1 (observed 100%, threshold <10%) at 3s");
        assertThat(l.lastRun().abortReason).isEqualTo(stops.get(0));
    }

    @Test
    void shouldUseResultsDirPropertyWhenElementLeavesItEmpty() {
        JMeterUtils.setProperty(KpiListener.RESULTS_DIR_PROPERTY, dir.resolve("from-prop").toString());
        KpiListener l = listener("count>=0");
        l.setResultsDir("");
        l.testStarted();
        l.testEnded();
        assertThat(dir.resolve("from-prop/kpi-report.json")).isRegularFile();
        assertThat(dir.resolve("from-prop/kpi-report.html")).isRegularFile();
        assertThat(dir.resolve("from-prop/kpi-junit.xml")).isRegularFile();
    }

    @Test
    void shouldSendLiveVerdictsToViewEveryTickAndAtEnd() {
        KpiListener l = listener("p(95)<10");
        List<String> statuses = new ArrayList<>();
        l.setLiveView((outcomes, status) -> statuses.add(outcomes.size() + " " + status));
        KpiListener runCopy = (KpiListener) l.clone();
        runCopy.testStarted();
        runCopy.sampleOccurred(event("GET /", T0, 50, true, "200", "t", 1));
        clock.advance(1000);
        runCopy.tick();
        runCopy.testEnded();

        assertThat(statuses).containsExactly("1 running: 1 of 1 KPIs failing",
                "1 FAILED: 1 of 1 KPIs failing; reports in " + dir);
    }

    @Test
    void shouldSurviveSerializationWithEveryProperty() throws Exception {
        KpiListener l = listener("p(95)<500");
        l.setKpiFile("kpis.yml");
        l.setGracePeriod("30s");
        l.setAbortOnFail(true);
        l.setAbortDelay("1m");
        l.setBaselineFile("prev.json");
        l.setBaselineTolerance("15");
        l.setExitOnFail(false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(l);
        }
        KpiListener back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (KpiListener) in.readObject();
        }
        assertThat(back.getExpressions()).isEqualTo("p(95)<500");
        assertThat(back.getKpiFile()).isEqualTo("kpis.yml");
        assertThat(back.getResultsDir()).isEqualTo(dir.toString());
        assertThat(back.getGracePeriod()).isEqualTo("30s");
        assertThat(back.isAbortOnFail()).isTrue();
        assertThat(back.getAbortDelay()).isEqualTo("1m");
        assertThat(back.getBaselineFile()).isEqualTo("prev.json");
        assertThat(back.getBaselineTolerance()).isEqualTo("15");
        assertThat(back.isExitOnFail()).isFalse();
    }

    @Test
    void shouldGroupAssertionFailuresByTheirMessage() {
        SampleResult r = new SampleResult();
        r.setResponseCode("200");
        r.setSuccessful(false);
        org.apache.jmeter.assertions.AssertionResult a = new org.apache.jmeter.assertions.AssertionResult("json");
        a.setFailure(true);
        a.setFailureMessage("expected status queued");
        r.addAssertionResult(a);
        assertThat(SampleIntake.errorType(r)).isEqualTo("Assertion failed: expected status queued");
        SampleResult http = new SampleResult();
        http.setResponseCode("503");
        http.setResponseMessage("Service Unavailable");
        assertThat(SampleIntake.errorType(http)).isEqualTo("503 Service Unavailable");
        assertThat(new String("x".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo("x");
    }
}
