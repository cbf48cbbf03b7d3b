package io.github.agieval.jmeter.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.jmeter.engine.StandardJMeterEngine;
import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.util.JMeterUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.common.StartFailure;
import io.github.agieval.jmeter.it.JMeterSupport;
import io.github.agieval.jmeter.kpi.engine.KpiEngine;
import io.github.agieval.jmeter.kpi.engine.KpiOutcome;
import io.github.agieval.jmeter.kpi.engine.KpiRun;
import io.github.agieval.jmeter.kpi.engine.MutableClock;
import io.github.agieval.jmeter.kpi.engine.Verdict;
import io.github.agieval.jmeter.kpi.reports.ConsoleTable;

/**
 * KPI Assertions must never fail open and never mix runs: copies judge for themselves, a failed
 * start leaves nothing stale and "not started" reports, typos and empty KPI sets stop the start,
 * zero samples fail, a stop by the user is said, a failure while judging is never exit code 0.
 */
class KpiListenerReliabilityTest {

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

    private KpiListener listener(String name, String expressions, Path results) {
        KpiListener l = new KpiListener();
        l.setName(name);
        l.setExpressions(expressions);
        l.setResultsDir(results.toString());
        l.inject(clock, stops::add, true);
        return l;
    }

    private static SampleEvent event(String label, long start, long elapsed, boolean ok) {
        SampleResult r = new SampleResult();
        r.setSampleLabel(label);
        r.setStampAndTime(start, elapsed);
        r.setSuccessful(ok);
        r.setResponseCode(ok ? "200" : "500");
        r.setThreadName("Users 1-1");
        r.setAllThreads(1);
        return new SampleEvent(r, "Users");
    }

    private static JsonNode json(Path results) throws Exception {
        return Json.parse(Files.readString(results.resolve("kpi-report.json")));
    }

    private static Document junit(Path results) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(results.resolve("kpi-junit.xml").toFile());
    }

    // ------------------------------------------------------------------ defect 3: copies, stale state

    @Test
    void shouldJudgeEachCopyForItselfWhenTheElementIsDuplicatedInOneTree() throws Exception {
        // in the GUI tree: an element and its Duplicate (a clone), then given KPIs and a folder of its own
        KpiListener original = listener("KPIs A", "count>=5", dir.resolve("a"));
        KpiListener duplicate = (KpiListener) original.clone();
        duplicate.setName("KPIs B");
        duplicate.setExpressions("count<=5\nrate<1%");
        duplicate.setResultsDir(dir.resolve("b").toString());
        // Start clones the GUI tree; JMeter hands every sample to both listeners of the plan
        KpiListener runA = (KpiListener) original.clone();
        KpiListener runB = (KpiListener) duplicate.clone();
        runA.testStarted();
        runB.testStarted();
        for (int i = 0; i < 5; i++) {
            SampleEvent e = event("GET /", T0 + i, 5, true);
            runA.sampleOccurred(e);
            runB.sampleOccurred(e);
        }
        clock.advance(1000);
        runA.testEnded();
        runB.testEnded();

        assertThat(runA.lastRun().all.count()).as("each sample counted once").isEqualTo(5);
        assertThat(runB.lastRun().all.count()).isEqualTo(5);
        assertThat(runA.lastRun().outcomes).extracting(o -> o.kpi().name()).containsExactly("count>=5");
        assertThat(runB.lastRun().outcomes).extracting(o -> o.kpi().name()).containsExactly("count<=5", "rate<1%");
        assertThat(runB.lastRun().passed()).isTrue();
        assertThat(json(dir.resolve("a")).at("/kpis/0/name").asText()).isEqualTo("count>=5");
        assertThat(json(dir.resolve("b")).at("/kpis/1/name").asText()).isEqualTo("rate<1%");
        assertThat(json(dir.resolve("b")).at("/test_summary/samples").asLong()).isEqualTo(5);
    }

    @Test
    void shouldWriteTheNextRunsReportsAfterARunThatFailedToStart() throws Exception {
        KpiListener gui = listener("KPIs", "count>=1", dir);
        // run 1: this listener started, then another element refused to start: JMeter never calls testEnded
        KpiListener run1 = (KpiListener) gui.clone();
        run1.testStarted();
        assertThat(json(dir).at("/test_summary/verdict").asText()).isEqualTo("NOT_FINISHED");

        KpiListener run2 = (KpiListener) gui.clone();
        run2.testStarted();
        run2.sampleOccurred(event("GET /", T0, 5, true));
        clock.advance(1000);
        run2.testEnded();

        assertThat(run2.lastRun()).as("run 2 judged").isNotNull();
        assertThat(run2.lastRun().all.count()).isEqualTo(1);
        assertThat(json(dir).at("/test_summary/verdict").asText()).isEqualTo("PASS");
    }

    // ------------------------------------------------------------------ defect 5: reports of a run that did not start

    @Test
    void shouldReplacePreviousPassWithNotStartedReportsWhenStartFails() throws Exception {
        KpiListener good = listener("KPIs", "count>=1", dir);
        good.testStarted();
        good.sampleOccurred(event("GET /", T0, 5, true));
        good.testEnded();
        assertThat(json(dir).at("/test_summary/verdict").asText()).isEqualTo("PASS");

        KpiListener bad = listener("KPIs", "count>=1\np(95)<fast", dir);
        assertThatThrownBy(bad::testStarted).hasMessageContaining("'p(95)<fast'");

        JsonNode report = json(dir);
        assertThat(report.at("/test_summary/verdict").asText()).isEqualTo("NOT_STARTED");
        assertThat(report.at("/test_summary/not_judged_reason").asText())
                .startsWith("KPI Assertions 'KPIs': property KpiListener.expressions line 2");
        Document xml = junit(dir);
        assertThat(((Element) xml.getElementsByTagName("testsuite").item(0)).getAttribute("failures")).isEqualTo("1");
        assertThat(xml.getElementsByTagName("failure").item(0).getAttributes().getNamedItem("type").getNodeValue())
                .isEqualTo("NOT_STARTED");
        assertThat(Files.readString(dir.resolve("kpi-report.html"))).contains("&#10008; NOT STARTED");
        assertThat(bad.lastRun().verdict()).isEqualTo("NOT_STARTED");
    }

    @Test
    void shouldSayNotStartedWhenAThreadGroupRefusesToStartAfterThisListenerStarted() throws Exception {
        KpiListener l = listener("KPIs", "count>=1", dir);
        l.testStarted();
        // what a thread group's start does with bad settings; JMeter then still calls testEnded
        StartFailure.report(org.slf4j.LoggerFactory.getLogger(getClass()),
                new IllegalArgumentException("Stage Thread Group 'Users': property 'graceful_ramp_down' = 'abc'"));
        l.testEnded();

        RunState st = stateOf(l);
        assertThat(json(dir).at("/test_summary/verdict").asText()).isEqualTo("NOT_STARTED");
        assertThat(json(dir).at("/test_summary/not_judged_reason").asText()).contains("did not start");
        assertThat(l.lastRun().verdict()).isEqualTo("NOT_STARTED");
        assertThat(RunCoordinator.exitCode(l.lastRun(), st.config, false)).isEqualTo(StartFailure.EXIT_CODE);
    }

    @Test
    void shouldSayNotStartedWhenALaterListenerRefusesToStartAndTestEndedNeverComes() throws Exception {
        KpiListener l = listener("KPIs", "count>=1", dir);
        l.testStarted();
        StartFailure.report(org.slf4j.LoggerFactory.getLogger(getClass()),
                new IllegalStateException("AGI Data Generator 'Data': property 'locale' = 'xx': must name a locale"));

        assertThat(json(dir).at("/test_summary/verdict").asText()).isEqualTo("NOT_STARTED");
        assertThat(l.lastRun().verdict()).isEqualTo("NOT_STARTED");
    }

    @Test
    void shouldJudgeNormallyWhenAStartFailureCameBeforeThisRun() throws Exception {
        StartFailure.report(org.slf4j.LoggerFactory.getLogger(getClass()), new IllegalStateException("an old run"));
        KpiListener l = listener("KPIs", "count>=1", dir);
        l.testStarted();
        l.sampleOccurred(event("GET /", T0, 5, true));
        l.testEnded();

        assertThat(l.lastRun().verdict()).isEqualTo("PASS");
    }

    private static RunState stateOf(KpiListener l) throws Exception {
        java.lang.reflect.Field f = KpiListener.class.getDeclaredField("state");
        f.setAccessible(true);
        return (RunState) f.get(l);
    }

    // ------------------------------------------------------------------ defect 4: fail-open

    @Test
    void shouldStopTheStartWithAHintWhenAMetricNameIsMisspelled() throws Exception {
        Path yml = dir.resolve("kpis.yml");
        Files.writeString(yml, "response_time_metrics:\n  - name: \"p95_responce_time\"\n    target: \"<500ms\"\n");
        KpiListener l = listener("KPIs", "", dir.resolve("out"));
        l.setKpiFile(yml.toString());

        assertThatThrownBy(l::testStarted).hasMessageStartingWith("KPI Assertions 'KPIs': property"
                + " KpiListener.kpiFile: kpis.yml line 2 (p95_responce_time): unknown KPI name 'p95_responce_time'"
                + " (did you mean 'p95_response_time'?)");
    }

    @Test
    void shouldStopTheStartWhenTheKpiSetCouldNeverFail() throws Exception {
        assertThatThrownBy(listener("KPIs", "  \n# nothing\n", dir)::testStarted)
                .hasMessageStartingWith("KPI Assertions 'KPIs': no KPIs defined");

        Path empty = dir.resolve("empty.yml");
        Files.writeString(empty, "# no KPIs yet\n");
        KpiListener emptyFile = listener("KPIs", "p(95)<500", dir);
        emptyFile.setKpiFile(empty.toString());
        assertThatThrownBy(emptyFile::testStarted).hasMessageContaining("property KpiListener.kpiFile: KPI file '"
                + empty + "' defines no KPIs");

        Path serverOnly = dir.resolve("server.yml");
        Files.writeString(serverOnly, "resource_metrics:\n  - name: cpu_utilization\n    target: \"<70%\"\n");
        KpiListener unmeasurable = listener("KPIs", "", dir);
        unmeasurable.setKpiFile(serverOnly.toString());
        assertThatThrownBy(unmeasurable::testStarted).hasMessageContaining("none of the 1 KPIs can be measured");
    }

    @Test
    void shouldStopTheStartWhenTheBaselineIsMissing() {
        KpiListener l = listener("KPIs", "p(95)<500", dir);
        l.setBaselineFile(dir.resolve("nope.json").toString());
        assertThatThrownBy(l::testStarted).hasMessage("KPI Assertions 'KPIs': property KpiListener.baselineFile:"
                + " baseline report '" + dir.resolve("nope.json") + "' not found (looked at " + dir.resolve("nope.json")
                + ")");
    }

    @Test
    void shouldFailWithNoDataWhenTheRunHasNoSamplesUnlessAllowed() throws Exception {
        KpiListener strict = listener("KPIs", "count<10\nrps<100\nerrors<1", dir.resolve("strict"));
        strict.testStarted();
        clock.advance(1000);
        strict.testEnded();
        KpiRun run = strict.lastRun();
        assertThat(run.outcomes).extracting(KpiOutcome::verdict).containsOnly(Verdict.NO_DATA);
        assertThat(run.passed()).isFalse();
        assertThat(json(dir.resolve("strict")).at("/test_summary/notes/0").asText()).startsWith("NO DATA");
        assertThat(RunCoordinator.exitCode(run, stateOf(strict).config, false)).isEqualTo(99);

        KpiListener lenient = listener("KPIs", "count<10", dir.resolve("lenient"));
        lenient.setAllowNoData(true);
        lenient.testStarted();
        lenient.testEnded();
        assertThat(lenient.lastRun().passed()).isTrue();
    }

    @Test
    void shouldSayStoppedByUserInEveryReportWhenTheEngineWasStopped() throws Exception {
        KpiListener l = listener("KPIs", "count>=1", dir);
        AtomicBoolean stopped = new AtomicBoolean();
        l.inject(new StopProbe() {
            @Override
            Object mark() {
                return "engine";
            }

            @Override
            boolean stoppedSince(Object mark) {
                return stopped.get();
            }
        });
        l.testStarted();
        l.sampleOccurred(event("GET /", T0, 5, true));
        stopped.set(true);
        l.testEnded();

        KpiRun run = l.lastRun();
        assertThat(run.stoppedBy).contains("stopped by user");
        assertThat(json(dir).at("/test_summary/stopped_by").asText()).contains("stopped by user");
        assertThat(Files.readString(dir.resolve("kpi-junit.xml"))).contains("stopped by user");
        assertThat(Files.readString(dir.resolve("kpi-report.html"))).contains("stopped by user");
        assertThat(ConsoleTable.build(run, List.of())).contains("Note: Test stopped by user");
    }

    @Test
    void shouldSeeTheStopWhenARealEngineIsShutDown() {
        StopProbe probe = new StopProbe();
        new StandardJMeterEngine(); // becomes JMeter's current engine, as at the start of a run
        Object mark = probe.mark();
        assertThat(mark).isNotNull();
        assertThat(probe.stoppedSince(mark)).isFalse();

        StandardJMeterEngine.stopEngine(); // what the GUI's Shutdown and shutdown.sh call
        awaitTrue(() -> probe.stoppedSince(mark), Duration.ofSeconds(10));
    }

    @Test
    void shouldEndWithANonZeroExitCodeWhenJudgingFails() throws Exception {
        AtomicBoolean broken = new AtomicBoolean();
        Clock breaking = new Clock() {
            @Override
            public long millis() {
                if (broken.get()) {
                    throw new IllegalStateException("clock broke");
                }
                return T0;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis());
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        KpiListener l = listener("KPIs", "count>=1", dir);
        l.inject(breaking, stops::add, true);
        l.testStarted();
        l.sampleOccurred(event("GET /", T0, 5, true));
        broken.set(true);
        l.testEnded();

        KpiRun run = l.lastRun();
        assertThat(run.verdict()).isEqualTo("ERROR");
        assertThat(run.unjudgedReason).contains("clock broke");
        assertThat(RunCoordinator.exitCode(run, stateOf(l).config, false)).isEqualTo(1);
        RunState.Config lenient = new RunState.Config(List.of(), List.of(), KpiEngine.Settings.defaults(), false,
                dir, null, null, 10);
        assertThat(RunCoordinator.exitCode(run, lenient, false)).as("even with exit on fail off").isEqualTo(1);
    }

    // ------------------------------------------------------------------ defect 00, booleans

    @Test
    void shouldUseTheDefaultWhenTheGuiWritesAnEmptyValue() {
        KpiListener l = listener("KPIs", "count>=0", dir);
        l.setProperty(KpiListener.GRACE_PERIOD, "");
        l.setProperty(KpiListener.ABORT_DELAY, "");
        l.setProperty(KpiListener.BASELINE_TOLERANCE, "");
        l.setProperty(KpiListener.ABORT_ON_FAIL, "");
        l.setProperty(KpiListener.EXIT_ON_FAIL, "");
        l.setProperty(KpiListener.ALLOW_NO_DATA, "");

        RunState.Config cfg = l.resolveConfig();
        assertThat(cfg.tolerance()).isEqualTo(10.0);
        assertThat(cfg.exitOnFail()).isTrue();
        assertThat(cfg.settings().abortOnFail()).isFalse();
        assertThat(cfg.settings().allowNoData()).isFalse();
        assertThat(cfg.settings().grace()).isZero();
    }

    @Test
    void shouldStopTheStartWhenABooleanIsNeitherTrueNorFalse() {
        KpiListener l = listener("KPIs", "p(95)<500", dir);
        l.setProperty(KpiListener.ABORT_ON_FAIL, "yes");
        assertThatThrownBy(l::testStarted).hasMessage("KPI Assertions 'KPIs': property 'KpiListener.abortOnFail'"
                + " = 'yes': must be true or false");

        KpiListener exit = listener("KPIs", "p(95)<500", dir);
        exit.setProperty(KpiListener.EXIT_ON_FAIL, "on");
        assertThatThrownBy(exit::testStarted).hasMessageContaining("property 'KpiListener.exitOnFail' = 'on'");
    }

    // ------------------------------------------------------------------ defect 8: sub-samples

    @Test
    void shouldCountSubSamplesApartWhenSamplesHaveSubResults() throws Exception {
        KpiListener l = listener("KPIs", "count>=2", dir);
        l.testStarted();
        SampleEvent withSubs = event("Login", T0, 20, true);
        SampleResult redirect = new SampleResult();
        redirect.setSampleLabel("Login-0");
        SampleResult target = new SampleResult();
        target.setSampleLabel("Login-1");
        target.addRawSubResult(new SampleResult()); // a sub-result of a sub-result is a JTL row too
        withSubs.getResult().addRawSubResult(redirect);
        withSubs.getResult().addRawSubResult(target);
        l.sampleOccurred(withSubs);
        l.sampleOccurred(event("GET /", T0 + 1, 5, true));
        clock.advance(1000);
        l.testEnded();

        JsonNode report = json(dir);
        assertThat(report.at("/test_summary/samples").asLong()).isEqualTo(2);
        assertThat(report.at("/test_summary/sub_samples").asLong()).isEqualTo(3);
        assertThat(report.at("/test_summary/jtl_rows").asLong()).isEqualTo(5);
        assertThat(report.at("/response_times/by_label/Login/sub_samples").asLong()).isEqualTo(3);
        assertThat(Files.readString(dir.resolve("kpi-junit.xml"))).contains("name=\"sub_samples\" value=\"3\"");
        assertThat(Files.readString(dir.resolve("kpi-report.html"))).contains("Sub-samples");
        assertThat(ConsoleTable.build(l.lastRun(), List.of())).contains("2 samples + 3 sub-samples");
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within " + timeout).isLessThan(deadline);
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }
}
