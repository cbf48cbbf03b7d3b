package io.github.agieval.jmeter.kpi.engine;

import io.github.agieval.jmeter.kpi.parsing.KpiExpressions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.agieval.jmeter.resources.ResourceTrack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Resource KPIs in the engine: verdicts from the attached tracks, abort on fail, no data. */
class ResourceKpiEngineTest {

    private static final long T0 = 1_700_000_000_000L;
    private final MutableClock clock = new MutableClock(T0);
    private final List<String> stops = new ArrayList<>();

    private KpiEngine engine(KpiEngine.Settings settings, String lines) {
        KpiEngine e = new KpiEngine(KpiExpressions.parseLines(lines, "test"), settings, clock, stops::add);
        e.start();
        return e;
    }

    private static ResourceTrack track(Kpi k, long graceMs) {
        return new ResourceTrack(k.name(), k.metric().resourceQuery(), graceMs,
                k.windowed() ? k.window().toMillis() : 0, k.op().lowerIsBetter(), 100);
    }

    private void second(KpiEngine e, ResourceTrack... values) {
        clock.advance(1000);
        e.record("GET /", clock.millis() - 10, clock.millis(), 10, 5, 1, true, null, "local", 1);
        e.tick();
    }

    @Test
    void shouldJudgeAverageOfTrackWhenRunEnds() {
        KpiEngine e = engine(KpiEngine.Settings.defaults(), "cpu_utilization<70% query=`c`\ndatabase_connections<80%"
                + " query=`a` pool_query=`m`\np(95)<1000");
        ResourceTrack cpu = track(e.kpis().get(0), 0);
        ResourceTrack db = track(e.kpis().get(1), 0);
        e.attachResources(Map.of(0, cpu, 1, db));
        cpu.add(0, 0.5);
        db.add(0, 0.9);
        second(e);
        cpu.add(1000, 0.7);
        db.add(1000, 0.95);
        second(e);
        KpiRun run = e.finish();
        assertThat(run.outcomes).extracting(KpiOutcome::verdict).containsExactly(Verdict.PASS, Verdict.FAIL,
                Verdict.PASS);
        assertThat(run.outcomes.get(0).observed()).isCloseTo(0.6, within(1e-9));
        assertThat(run.outcomes.get(1).observedText()).isEqualTo("92.5%");
        assertThat(run.outcomes.get(1).detail()).contains("average of 2 values of (a) / (m)");
        assertThat(e.resourceTracks()).containsExactly(cpu, db);
    }

    @Test
    void shouldAbortWhenWindowOfResourceFailsAndAbortIsOn() {
        KpiEngine e = engine(KpiEngine.Settings.defaults().withAbort(true, java.time.Duration.ZERO),
                "database_connections<80% over 2s query=`a`");
        ResourceTrack db = track(e.kpis().get(0), 0);
        e.attachResources(Map.of(0, db));
        db.add(0, 1.0);
        second(e);
        assertThat(stops).as("no full window yet: no abort").isEmpty();
        db.add(1000, 1.0);
        db.add(2000, 1.0);
        second(e);
        assertThat(stops).singleElement().asString().startsWith("KPI failed: database_connections<80% over 2s");
        assertThat(e.abortReason()).contains("observed 100%");
    }

    @Test
    void shouldReportNoDataWhenTrackHasNoValue() {
        KpiEngine e = engine(KpiEngine.Settings.defaults(), "memory_utilization<80% query=`m`");
        ResourceTrack mem = track(e.kpis().get(0), 0);
        e.attachResources(Map.of(0, mem));
        mem.failed("query 'm' returned no data");
        second(e);
        KpiRun run = e.finish();
        assertThat(run.outcomes.get(0).verdict()).isEqualTo(Verdict.NO_DATA);
        assertThat(run.outcomes.get(0).observedText()).isEqualTo("no data");
        assertThat(run.outcomes.get(0).detail()).contains("1 queries failed");
    }
}
