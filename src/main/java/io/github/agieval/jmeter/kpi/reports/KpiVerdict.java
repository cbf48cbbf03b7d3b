package io.github.agieval.jmeter.kpi.reports;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import io.github.agieval.jmeter.common.StartFailure;
import io.github.agieval.jmeter.kpi.KpiListener;
import io.github.agieval.jmeter.kpi.engine.KpiEngine;
import io.github.agieval.jmeter.kpi.engine.KpiRun;

/**
 * The end of a judged run for callers outside this package (the {@code judge} command): finishes a
 * {@link KpiEngine}, writes the three reports with {@link ReportWriter}, builds the
 * {@link ConsoleTable} and the exit code, exactly as {@link KpiListener} does at test end.
 *
 * <p>Threading: stateless; call it once per engine, after the last sample was recorded.
 */
public final class KpiVerdict {

    /**
     * What a finished run came to.
     *
     * @param exitCode 0 all KPIs passed, 99 a KPI failed, 1 not judged or reports not written
     * @param table the console verdict table (with a line saying why reports are missing, if so)
     * @param files the written reports' paths (empty when they could not be written)
     */
    public record Result(int exitCode, String table, List<String> files) {
    }

    private KpiVerdict() {
    }

    /** Finishes {@code engine}, writes the reports to {@code resultsDir} and returns the verdict. */
    public static Result conclude(KpiEngine engine, Path resultsDir, String testName) {
        KpiRun run = engine.finish();
        List<String> files = List.of();
        String problem = "";
        try {
            files = ReportWriter.write(resultsDir, run, testName);
        } catch (UncheckedIOException ex) {
            problem = "KPI reports could not be written to " + resultsDir + ": " + ex.getCause() + "\n";
        }
        int code = run.unjudgedVerdict != null || !problem.isEmpty() ? StartFailure.EXIT_CODE
                : run.passed() ? 0 : KpiListener.KPI_FAILED_EXIT_CODE;
        return new Result(code, ConsoleTable.build(run, files) + problem, files);
    }
}
