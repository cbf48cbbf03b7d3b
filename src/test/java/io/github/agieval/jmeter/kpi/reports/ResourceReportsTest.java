package io.github.agieval.jmeter.kpi.reports;

import io.github.agieval.jmeter.kpi.parsing.KpiExpressions;
import io.github.agieval.jmeter.kpi.engine.KpiEngine;
import io.github.agieval.jmeter.kpi.engine.KpiRun;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.resources.ResourceTrack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three reports show the server's resource series next to the load. */
class ResourceReportsTest {

    @Test
    void shouldShowResourceSeriesInAllThreeReportsWhenRunHasThem(@TempDir Path dir) throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
        KpiEngine e = new KpiEngine(KpiExpressions.parseLines("database_connections<80% of pool query=`a` pool_query=`m`"
                + "\np(95)<500", "test"), KpiEngine.Settings.defaults(), clock, r -> { });
        e.start();
        ResourceTrack db = new ResourceTrack("database_connections<80% of pool query=`a` pool_query=`m`",
                e.kpis().get(0).metric().resourceQuery(), 0, 0, true, 100);
        e.attachResources(Map.of(0, db));
        db.add(0, 0.25);
        db.add(1000, 0.5);
        e.record("GET /", 1, 11, 10, 5, 1, true, null, "local", 1);
        KpiRun run = e.finish();

        ReportWriter.write(dir, run, "resources");

        JsonNode json = Json.parse(Files.readString(dir.resolve("kpi-report.json")));
        assertThat(json.at("/resources/0/query").asText()).isEqualTo("(a) / (m)");
        assertThat(json.at("/resources/0/points")).hasSize(2);
        assertThat(json.at("/resources/0/points/1/value").asDouble()).isEqualTo(0.5);
        assertThat(json.at("/kpis/0/verdict").asText()).isEqualTo("PASS");
        assertThat(json.at("/kpis/0/observed_text").asText()).isEqualTo("37.5%");
        assertThat(Files.readString(dir.resolve("kpi-junit.xml")))
                .contains("name=\"resource.database_connections&lt;80% of pool query=`a` pool_query=`m`.series\""
                        + " value=\"0s=25% 1s=50%\"");
        String html = Files.readString(dir.resolve("kpi-report.html"));
        assertThat(html).contains("<h2>Server resources (Prometheus)</h2>", "Load over the same time",
                "<code>(a) / (m)</code>", "stroke-dasharray");
    }

    @Test
    void shouldLeaveResourceSectionOutWhenRunHasNoSource(@TempDir Path dir) throws Exception {
        KpiEngine e = new KpiEngine(KpiExpressions.parseLines("p(95)<500", "t"), KpiEngine.Settings.defaults(),
                Clock.systemUTC(), r -> { });
        e.start();
        ReportWriter.write(dir, e.finish(), "none");
        assertThat(Files.readString(dir.resolve("kpi-report.html"))).doesNotContain("Server resources");
        assertThat(Json.parse(Files.readString(dir.resolve("kpi-report.json"))).path("resources")).isEmpty();
    }
}
