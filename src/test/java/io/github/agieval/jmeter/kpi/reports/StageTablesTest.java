package io.github.agieval.jmeter.kpi.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.common.StageTimeline;
import io.github.agieval.jmeter.kpi.engine.KpiEngine;
import io.github.agieval.jmeter.kpi.engine.KpiRun;
import io.github.agieval.jmeter.kpi.engine.StageJudge;
import io.github.agieval.jmeter.kpi.parsing.KpiExpressions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageTablesTest {

    private static final long T0 = 1_700_000_000_000L;

    /** Two holds of 10 s (10 and 20 users) between ramps; p95 100 ms in the first, 800 ms from the second on. */
    private static KpiRun run(boolean capacitySearch, List<String> stops) {
        long[] now = {T0};
        Clock clock = new Clock() {
            @Override
            public long millis() {
                return now[0];
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now[0]);
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        List<StageTimeline.Stage> stages = List.of(new StageTimeline.Stage(1, T0, T0 + 2000, 0, 10),
                new StageTimeline.Stage(2, T0 + 2000, T0 + 12_000, 10, 10),
                new StageTimeline.Stage(3, T0 + 12_000, T0 + 14_000, 10, 20),
                new StageTimeline.Stage(4, T0 + 14_000, T0 + 24_000, 20, 20));
        StageTimeline.Plan plan = new StageTimeline.Plan("Stages 1", stages);
        KpiEngine e = new KpiEngine(KpiExpressions.parseLines("p(95)<500\nrate<1%", "test"),
                KpiEngine.Settings.defaults(), clock, stops::add);
        e.judgeStages(new StageJudge.Settings(false, capacitySearch, Duration.ofSeconds(3), Duration.ofSeconds(3)),
                () -> plan);
        e.start();
        for (int s = 0; s < 24 && stops.isEmpty(); s++) {
            long elapsed = s < 12 ? 100 : 800;
            for (int i = 0; i < 10; i++) {
                long end = T0 + s * 1000L + 10 + i * 90L;
                e.record("Request", end - elapsed, end, elapsed, elapsed, 0, true, null, "local", 1);
            }
            now[0] = T0 + (s + 1) * 1000L;
            e.tick();
        }
        return e.finish();
    }

    @Test
    void shouldShowTheStageTableInEveryReportWhenTheRunHadStages(@TempDir Path dir) throws Exception {
        KpiRun run = run(false, new ArrayList<>());
        List<String> files = ReportWriter.write(dir, run, "plan.jmx / KPI Assertions");
        assertThat(files).hasSize(3);
        assertThat(dir.resolve(StageTables.CAPACITY_FILE)).doesNotExist();
        JsonNode stages = Json.parse(Files.readString(dir.resolve("kpi-report.json"))).path("stages");
        assertThat(stages.path("group").asText()).isEqualTo("Stages 1");
        assertThat(stages.path("rows")).hasSize(2);
        assertThat(stages.path("rows").get(0).path("held").asBoolean()).isTrue();
        assertThat(stages.path("rows").get(0).path("requests_per_second").asDouble()).isEqualTo(10.0);
        assertThat(stages.path("rows").get(1).path("kpis").get(0).path("verdict").asText()).isEqualTo("FAIL");
        assertThat(stages.path("first_break").path("stage").asInt()).isEqualTo(4);
        assertThat(stages.path("first_break").path("kpi").asText()).isEqualTo("p(95)<500");
        assertThat(stages.has("capacity")).isFalse();
        assertThat(Files.readString(dir.resolve("kpi-report.html"))).contains("<h2>Stage by stage</h2>")
                .contains("BROKE").contains("First break: stage 4 (hold 20): p(95)&lt;500ms (observed 800ms)");
        assertThat(Files.readString(dir.resolve("kpi-junit.xml"))).contains("Stage by stage (Stages 1");
        assertThat(ConsoleTable.build(run, files)).contains("| held   | 2 hold 10 | 10    | 10    | 100ms")
                .contains("| BROKE  | 4 hold 20 | 20    | 10    | 800ms FAIL");
    }

    @Test
    void shouldWriteCapacityJsonNextToTheReportsWhenTheRunWasACapacitySearch(@TempDir Path dir) throws Exception {
        List<String> stops = new ArrayList<>();
        KpiRun run = run(true, stops);
        assertThat(stops).singleElement().asString().startsWith("capacity search: stage 4 (hold 20)");
        List<String> files = ReportWriter.write(dir, run, "capacity.jmx / KPI Assertions");
        assertThat(files).hasSize(4).last().isEqualTo(dir.resolve("capacity.json").toString());
        JsonNode c = Json.parse(Files.readString(dir.resolve("capacity.json")));
        assertThat(c.path("format").asText()).isEqualTo("agieval-capacity/1");
        assertThat(c.path("test_name").asText()).isEqualTo("capacity.jmx / KPI Assertions");
        assertThat(c.path("verdict").asText()).isEqualTo("PASS");
        assertThat(c.path("found").asBoolean()).isTrue();
        assertThat(c.path("max_sustainable").path("stage").asInt()).isEqualTo(2);
        assertThat(c.path("max_sustainable").path("users").asInt()).isEqualTo(10);
        assertThat(c.path("max_sustainable").path("requests_per_second").asDouble()).isEqualTo(10.0);
        assertThat(c.path("broke").path("users").asInt()).isEqualTo(20);
        assertThat(c.path("broke").path("kpi").asText()).isEqualTo("p(95)<500");
        assertThat(c.path("stopped").asText()).startsWith("capacity search: stage 4");
        JsonNode report = Json.parse(Files.readString(dir.resolve("kpi-report.json")));
        assertThat(report.path("stages").path("capacity").path("found").asBoolean()).isTrue();
        assertThat(report.path("test_summary").path("verdict").asText()).isEqualTo("PASS");
        assertThat(ConsoleTable.build(run, files)).contains("Capacity: maximum sustainable load: 10 users, 10 req/s")
                .contains(dir.resolve("capacity.json").toString());
    }
}
