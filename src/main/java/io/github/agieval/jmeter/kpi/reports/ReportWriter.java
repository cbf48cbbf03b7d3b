package io.github.agieval.jmeter.kpi.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.kpi.engine.KpiRun;

/**
 * Writes a run's three reports ({@code kpi-report.json}, {@code kpi-junit.xml},
 * {@code kpi-report.html}) into the results folder, each atomically: the text goes to a temporary
 * file in the same folder, which is then moved over the report with {@code ATOMIC_MOVE}, so a
 * reader (a CI step publishing the reports, a browser) sees the previous complete file or the new
 * complete file, never a half-written one. On a file system without atomic moves the move
 * replaces the file in one rename where it can.
 *
 * <p>Stateless; callers serialise the writes of one folder (one listener writes its reports from
 * one thread at a time).
 */
public final class ReportWriter {

    public static final String JSON_REPORT = "kpi-report.json";
    public static final String JUNIT_REPORT = "kpi-junit.xml";
    public static final String HTML_REPORT = "kpi-report.html";

    private ReportWriter() {
    }

    /** The paths of the three reports in {@code dir}, in the order they are written. */
    static List<String> files(Path dir) {
        return List.of(dir.resolve(JSON_REPORT).toString(), dir.resolve(JUNIT_REPORT).toString(),
                dir.resolve(HTML_REPORT).toString());
    }

    /** Writes the three reports of {@code run}; returns their paths; {@link UncheckedIOException} if one fails. */
    public static List<String> write(Path dir, KpiRun run, String testName) {
        List<String> files = files(dir);
        List<String> recommendations = Recommendations.of(run);
        try {
            Files.createDirectories(dir);
            writeAtomically(dir.resolve(JSON_REPORT),
                    Json.writePretty(JsonReport.build(run, testName, recommendations, files)));
            writeAtomically(dir.resolve(JUNIT_REPORT), JUnitReport.build(run, testName, ConsoleTable.build(run, files)));
            writeAtomically(dir.resolve(HTML_REPORT), HtmlReport.build(run, testName, recommendations));
            if (run.capacitySearch()) {
                Path capacity = dir.resolve(StageTables.CAPACITY_FILE);
                writeAtomically(capacity, Json.writePretty(StageTables.capacityFile(run, testName)));
                files = new java.util.ArrayList<>(files);
                files.add(capacity.toString());
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return files;
    }

    /** Writes {@code text} to a temporary file next to {@code target} and moves it over {@code target}. */
    static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
