package io.github.agieval.jmeter.kpi;

import io.github.agieval.jmeter.kpi.engine.StageJudge;

import static io.github.agieval.jmeter.kpi.KpiListener.ABORT_DELAY;
import static io.github.agieval.jmeter.kpi.KpiListener.ABORT_ON_FAIL;
import static io.github.agieval.jmeter.kpi.KpiListener.ALLOW_NO_DATA;
import static io.github.agieval.jmeter.kpi.KpiListener.BASELINE_FILE;
import static io.github.agieval.jmeter.kpi.KpiListener.BASELINE_TOLERANCE;
import static io.github.agieval.jmeter.kpi.KpiListener.DEFAULT_ABORT_DELAY;
import static io.github.agieval.jmeter.kpi.KpiListener.DEFAULT_BASELINE_TOLERANCE;
import static io.github.agieval.jmeter.kpi.KpiListener.DEFAULT_GRACE_PERIOD;
import static io.github.agieval.jmeter.kpi.KpiListener.DEFAULT_RESULTS_DIR;
import static io.github.agieval.jmeter.kpi.KpiListener.EXIT_ON_FAIL;
import static io.github.agieval.jmeter.kpi.KpiListener.EXPRESSIONS;
import static io.github.agieval.jmeter.kpi.KpiListener.GRACE_PERIOD;
import static io.github.agieval.jmeter.kpi.KpiListener.KPI_EXPRESSIONS_PROPERTY;
import static io.github.agieval.jmeter.kpi.KpiListener.KPI_FILE;
import static io.github.agieval.jmeter.kpi.KpiListener.RESULTS_DIR;
import static io.github.agieval.jmeter.kpi.KpiListener.RESULTS_DIR_PROPERTY;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.lang3.StringUtils;
import org.apache.jmeter.engine.util.CompoundVariable;
import org.apache.jmeter.services.FileServer;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.util.JMeterUtils;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.agieval.jmeter.common.Settings;
import io.github.agieval.jmeter.kpi.engine.Baseline;
import io.github.agieval.jmeter.kpi.engine.Kpi;
import io.github.agieval.jmeter.kpi.engine.KpiEngine;
import io.github.agieval.jmeter.kpi.parsing.KpiExpressions;
import io.github.agieval.jmeter.kpi.parsing.KpiParseException;
import io.github.agieval.jmeter.kpi.parsing.KpiYaml;

/**
 * Reads and checks the settings of one KPI Assertions element: its properties (with functions and
 * variables evaluated), the {@code KPI_EXPRESSIONS} and {@code RESULTS_DIR} JMeter properties, the KPI
 * file and the baseline report. Every problem is an {@link IllegalArgumentException} naming the property
 * and the bad value, so that a test start (and the GUI's "Check KPIs") refuses bad settings before any
 * sample is taken.
 *
 * <p>Threading: no state of its own; reads the element's properties on the calling thread (a test start,
 * the GUI's event thread).
 */
final class KpiSettings {

    private final TestElement element;

    KpiSettings(TestElement element) {
        this.element = element;
    }

    /**
     * A property's value with functions and variables evaluated. In a local run JMeter's
     * PreCompiler has already done it; on the controlling client of a distributed run it does so
     * only for ResultCollector and Backend Listener, so this element evaluates its own.
     */
    String resolved(String key, String defaultValue) {
        String v = element.getPropertyAsString(key, defaultValue);
        if (v != null && v.contains("${")) {
            v = new CompoundVariable(v).execute();
        }
        // an empty value (the GUI writes "" for an empty field) means the default
        return v == null || v.isBlank() ? defaultValue : v;
    }

    /** A true/false property: empty means the default; anything but true or false is an error. */
    boolean resolvedFlag(String key, boolean defaultValue) {
        return Settings.of(KpiListener.ELEMENT, element.getName()).bool(key, resolved(key, ""), defaultValue);
    }

    /** How stages are judged: {@link IllegalArgumentException} naming a bad property. */
    StageJudge.Settings stageSettings() {
        Duration window = duration(KpiListener.CAPACITY_WINDOW,
                resolved(KpiListener.CAPACITY_WINDOW, KpiListener.DEFAULT_CAPACITY_WINDOW));
        Duration recovery = duration(KpiListener.RECOVERY_WINDOW,
                resolved(KpiListener.RECOVERY_WINDOW, KpiListener.DEFAULT_RECOVERY_WINDOW));
        if (recovery.isZero()) {
            throw new IllegalArgumentException("property " + KpiListener.RECOVERY_WINDOW + ": '"
                    + resolved(KpiListener.RECOVERY_WINDOW, "") + "' must be longer than 0 (e.g. 5s)");
        }
        return new StageJudge.Settings(resolvedFlag(KpiListener.STAGE_RAMPS, false),
                resolvedFlag(KpiListener.CAPACITY_SEARCH, false), window, recovery);
    }

    /** Everything a run needs from the properties, checked: {@link IllegalArgumentException} naming the property. */
    RunState.Config resolve() {
        List<String> warnings = new ArrayList<>();
        List<Kpi> kpis = loadKpis(warnings);
        KpiEngine.Settings settings = engineSettings();
        boolean exitOnFail = resolvedFlag(EXIT_ON_FAIL, true);
        double tolerance = tolerance();
        Path baselinePath = null;
        JsonNode baseline = null;
        String baselineFile = resolved(BASELINE_FILE, "").trim();
        if (!baselineFile.isEmpty()) {
            baselinePath = resolveInput(baselineFile);
            if (!Files.isRegularFile(baselinePath)) {
                throw new IllegalArgumentException("property " + BASELINE_FILE + ": baseline report '" + baselineFile
                        + "' not found (looked at " + baselinePath + ")");
            }
            try {
                baseline = Baseline.read(baselinePath);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("property " + BASELINE_FILE + ": " + e.getMessage(), e);
            }
        }
        return new RunState.Config(List.copyOf(kpis), List.copyOf(warnings), settings, exitOnFail, resultsDir(),
                baselinePath, baseline, tolerance);
    }

    /**
     * All KPIs: the element's lines, the {@code KPI_EXPRESSIONS} property's, the YAML file's.
     * {@link IllegalArgumentException} for a bad line or file, and for a set that could never
     * fail a run (no KPI at all, or none the load generator can measure).
     */
    List<Kpi> loadKpis(List<String> warnings) {
        List<Kpi> kpis = new ArrayList<>(KpiExpressions.parseLines(resolved(EXPRESSIONS, ""), "property " + EXPRESSIONS));
        String extra = JMeterUtils.getPropDefault(KPI_EXPRESSIONS_PROPERTY, "");
        if (StringUtils.isNotBlank(extra)) {
            kpis.addAll(KpiExpressions.parseLines(extra.replace(';', '\n'), "JMeter property "
                    + KPI_EXPRESSIONS_PROPERTY));
        }
        String file = resolved(KPI_FILE, "").trim();
        if (!file.isEmpty()) {
            Path path = resolveInput(file);
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("property " + KPI_FILE + ": KPI file '" + file
                        + "' not found (looked at " + path + ")");
            }
            KpiYaml.Loaded loaded;
            try {
                loaded = KpiYaml.load(path);
            } catch (KpiParseException e) {
                throw new IllegalArgumentException("property " + KPI_FILE + ": " + e.getMessage(), e);
            }
            if (loaded.kpis().isEmpty()) {
                throw new IllegalArgumentException("property " + KPI_FILE + ": KPI file '" + file
                        + "' defines no KPIs (looked at " + path + ")");
            }
            kpis.addAll(loaded.kpis());
            warnings.addAll(loaded.warnings());
        }
        ResourceSource.Config source = resourceSource();
        ResourceKpis.Resolved withResources = ResourceKpis.resolve(kpis, warnings, source.sourceName(),
                source.profile());
        kpis = new ArrayList<>(withResources.kpis());
        warnings.clear();
        warnings.addAll(withResources.warnings());
        if (kpis.isEmpty()) {
            throw new IllegalArgumentException("no KPIs defined (property " + EXPRESSIONS + ", JMeter property "
                    + KPI_EXPRESSIONS_PROPERTY + " and property " + KPI_FILE + " are all empty): a run without KPIs"
                    + " cannot fail; give at least one, e.g. p(95)<500");
        }
        if (kpis.stream().noneMatch(Kpi::measured)) {
            throw new IllegalArgumentException("none of the " + kpis.size() + " KPIs can be measured by the load"
                    + " generator (" + kpis.stream().map(Kpi::name).reduce((a, b) -> a + ", " + b).orElse("")
                    + "): a run judged on them alone cannot fail; add a KPI such as p(95)<500, or set "
                    + ResourceSource.URL_PROPERTY + " to judge server-side KPIs from Prometheus");
        }
        return kpis;
    }

    /** The Prometheus source of the server-side KPIs (its client is {@code null} when there is none). */
    ResourceSource.Config resourceSource() {
        return ResourceSource.settings(Settings.of(KpiListener.ELEMENT, element.getName()), this::resolved);
    }

    /** The engine's settings: grace period, abort on fail and its delay, allow no data. */
    KpiEngine.Settings engineSettings() {
        Duration grace = duration(GRACE_PERIOD, resolved(GRACE_PERIOD, DEFAULT_GRACE_PERIOD));
        Duration delay = duration(ABORT_DELAY, resolved(ABORT_DELAY, DEFAULT_ABORT_DELAY));
        tolerance();
        return KpiEngine.Settings.defaults().withGrace(grace).withAbort(resolvedFlag(ABORT_ON_FAIL, false), delay)
                .withAllowNoData(resolvedFlag(ALLOW_NO_DATA, false));
    }

    private double tolerance() {
        String raw = resolved(BASELINE_TOLERANCE, DEFAULT_BASELINE_TOLERANCE);
        String t = raw.trim().replace("%", "");
        try {
            double v = Double.parseDouble(t);
            if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property " + BASELINE_TOLERANCE + ": '" + raw
                    + "' is not a percentage >= 0 (e.g. 10)");
        }
    }

    private static Duration duration(String property, String text) {
        String t = text == null || text.isBlank() ? "0" : text.trim();
        Duration d = KpiExpressions.parseDuration(t);
        if (d == null) {
            throw new IllegalArgumentException("property " + property + ": '" + text
                    + "' is not a duration (e.g. 30s, 1m, 500ms or plain milliseconds)");
        }
        return d;
    }

    /** An input file: absolute as given, else in the plan's folder if it is there, else in the working folder. */
    private static Path resolveInput(String file) {
        Path p = Paths.get(file);
        if (p.isAbsolute()) {
            return p;
        }
        String base = FileServer.getFileServer().getBaseDir();
        if (base != null) {
            Path inBase = Paths.get(base).resolve(p);
            if (Files.exists(inBase)) {
                return inBase;
            }
        }
        return p.toAbsolutePath();
    }

    /** The folder the reports go to. */
    Path resultsDir() {
        String dir = resolved(RESULTS_DIR, "").trim();
        if (dir.isEmpty()) {
            dir = JMeterUtils.getPropDefault(RESULTS_DIR_PROPERTY, "").trim();
        }
        if (dir.isEmpty()) {
            dir = DEFAULT_RESULTS_DIR;
        }
        try {
            return Paths.get(dir).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("property " + RESULTS_DIR + ": '" + dir + "' is not a folder path: "
                    + e.getMessage(), e);
        }
    }

    /** {@link #resultsDir()}, or {@code null} when the setting is bad (a run that did not start still reports). */
    Path resultsDirOrNull() {
        try {
            return resultsDir();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
