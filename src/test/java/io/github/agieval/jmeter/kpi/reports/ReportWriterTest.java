package io.github.agieval.jmeter.kpi.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.kpi.engine.KpiEngine;
import io.github.agieval.jmeter.kpi.engine.KpiRun;
import io.github.agieval.jmeter.kpi.parsing.KpiExpressions;

class ReportWriterTest {

    @TempDir
    Path dir;

    private static KpiRun run(String verdict) {
        return KpiRun.unjudged(verdict, "because", 0, 0, KpiExpressions.parseLines("p(95)<500", "t"),
                KpiEngine.Settings.defaults());
    }

    @Test
    void shouldLeaveNoTemporaryFileWhenReplacingReports() throws Exception {
        ReportWriter.write(dir, run(KpiRun.NOT_FINISHED), "plan");
        List<String> files = ReportWriter.write(dir, run(KpiRun.NOT_STARTED), "plan");

        assertThat(files).containsExactly(dir.resolve("kpi-report.json").toString(),
                dir.resolve("kpi-junit.xml").toString(), dir.resolve("kpi-report.html").toString());
        assertThat(Json.parse(Files.readString(dir.resolve("kpi-report.json"))).at("/test_summary/verdict").asText())
                .isEqualTo("NOT_STARTED");
        try (Stream<Path> all = Files.list(dir)) {
            assertThat(all.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("kpi-report.json",
                    "kpi-junit.xml", "kpi-report.html");
        }
    }

    @Test
    void shouldReplaceTheWholeContentWhenTheReportExists() throws Exception {
        Path target = dir.resolve("kpi-report.json");
        Files.writeString(target, "old");
        ReportWriter.writeAtomically(target, "new");
        assertThat(target).hasContent("new");
        try (Stream<Path> all = Files.list(dir)) {
            assertThat(all).containsExactly(target);
        }
    }
}
