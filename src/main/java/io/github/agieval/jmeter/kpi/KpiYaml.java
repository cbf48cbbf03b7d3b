package io.github.agieval.jmeter.kpi;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Loads KPIs from a file in the seed's {@code performance-kpis.yml} format, as is:
 *
 * <pre>
 * response_time_metrics:
 *   - name: "p95_response_time"
 *     description: "95th percentile response time"
 *     target: "&lt;500ms"
 * </pre>
 *
 * <p>Every top-level key is a section holding a list of entries with {@code name}, optional
 * {@code description} and {@code target} ({@code <200ms}, {@code >100 RPS}, {@code <1%},
 * {@code >99.9%}, {@code >500 users}). Names map to metrics: {@code pNN_response_time},
 * {@code pNN_latency}, {@code pNN_connect_time}, {@code avg_/median_/min_/max_response_time},
 * {@code requests_per_second}/{@code throughput}, {@code concurrent_users}, {@code error_rate},
 * {@code availability}, {@code total_requests}, {@code error_count}. Any other name (the seed's
 * {@code cpu_utilization}, {@code memory_utilization}, {@code database_connections}) is a metric
 * the load generator cannot measure: it becomes a "not measured" KPI and a warning, never
 * silently dropped. Optional extensions per entry: {@code expression} (a line of
 * {@link KpiExpressions} syntax instead of name + target), {@code label}, {@code label_regex}
 * and {@code window} ({@code 30s}).
 *
 * <p>Errors name the file and line. Stateless and thread-safe.
 */
public final class KpiYaml {

    private static final Pattern TIMING_NAME = Pattern.compile(
            "(p[0-9]+(?:\\.[0-9]+)?|avg|average|mean|median|min|max)_(response_time|latency|connect_time)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TARGET = Pattern.compile("\\s*(<=|>=|<|>)\\s*(.+?)\\s*");

    /** KPIs read from a file and the warnings about what they cannot measure. */
    public record Loaded(List<Kpi> kpis, List<String> warnings) {
    }

    private KpiYaml() {
    }

    public static Loaded load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KpiParseException("KPI file " + file, "cannot be read: " + e);
        }
        return parse(text, file.getFileName().toString());
    }

    public static Loaded parse(String yamlText, String fileName) {
        Node root;
        try (Reader reader = new StringReader(yamlText)) {
            root = new Yaml(new LoaderOptions()).compose(reader);
        } catch (YAMLException | IOException e) {
            throw new KpiParseException(fileName, "not valid YAML: " + e.getMessage());
        }
        List<Kpi> kpis = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (root == null) {
            return new Loaded(kpis, warnings);
        }
        if (root instanceof SequenceNode) {
            readEntries((SequenceNode) root, fileName, kpis, warnings);
            return new Loaded(kpis, warnings);
        }
        if (!(root instanceof MappingNode)) {
            throw new KpiParseException(at(fileName, root), "expected sections (e.g. response_time_metrics:)"
                    + " each holding a list of KPIs");
        }
        for (NodeTuple section : ((MappingNode) root).getValue()) {
            Node value = section.getValueNode();
            if (!(value instanceof SequenceNode)) {
                throw new KpiParseException(at(fileName, value), "section '" + scalar(section.getKeyNode(), fileName)
                        + "' must hold a list of entries with name and target");
            }
            readEntries((SequenceNode) value, fileName, kpis, warnings);
        }
        return new Loaded(kpis, warnings);
    }

    private static void readEntries(SequenceNode list, String fileName, List<Kpi> kpis, List<String> warnings) {
        for (Node item : list.getValue()) {
            if (!(item instanceof MappingNode)) {
                throw new KpiParseException(at(fileName, item), "a KPI entry must have name and target");
            }
            kpis.add(entry((MappingNode) item, fileName, warnings));
        }
    }

    private static Kpi entry(MappingNode node, String fileName, List<String> warnings) {
        String where = at(fileName, node);
        String name = null;
        String description = null;
        String target = null;
        String expression = null;
        String label = null;
        String labelRegex = null;
        String window = null;
        for (NodeTuple t : node.getValue()) {
            String key = scalar(t.getKeyNode(), fileName);
            String value = scalar(t.getValueNode(), fileName);
            switch (key) {
                case "name":
                    name = value;
                    break;
                case "description":
                    description = value;
                    break;
                case "target":
                    target = value;
                    break;
                case "expression":
                    expression = value;
                    break;
                case "label":
                    label = value;
                    break;
                case "label_regex":
                    labelRegex = value;
                    break;
                case "window":
                    window = value;
                    break;
                default:
                    throw new KpiParseException(at(fileName, t.getKeyNode()), "unknown key '" + key
                            + "' (expected name, description, target, expression, label, label_regex, window)");
            }
        }
        if (name == null || name.isBlank()) {
            throw new KpiParseException(where, "KPI entry without a name");
        }
        where = where + " (" + name + ")";
        if (label != null && labelRegex != null) {
            throw new KpiParseException(where, "give label or label_regex, not both");
        }
        if (expression != null) {
            if (label != null || labelRegex != null || window != null || target != null) {
                throw new KpiParseException(where, "an entry with expression takes the scope, target and window"
                        + " from the expression; remove label, label_regex, window and target");
            }
            Kpi k = KpiExpressions.parse(expression, where);
            return new Kpi(name, description, k.scope(), k.metric(), k.op(), k.threshold(), k.window(), where);
        }
        if (target == null || target.isBlank()) {
            throw new KpiParseException(where, "KPI entry without a target (e.g. target: \"<500ms\")");
        }
        Matcher tm = TARGET.matcher(target);
        if (!tm.matches()) {
            throw new KpiParseException(where, "bad target '" + target + "': expected <, <=, > or >= and a value,"
                    + " e.g. \"<500ms\"");
        }
        Op op = Op.parseAt(tm.group(1), 0);
        Scope scope = Scope.ALL;
        try {
            if (label != null) {
                scope = Scope.label(label);
            } else if (labelRegex != null) {
                scope = Scope.regex(labelRegex);
            }
        } catch (IllegalArgumentException e) {
            throw new KpiParseException(where, e.getMessage());
        }
        Duration windowLength = window == null ? null : KpiExpressions.parseWindow(window, where);
        Metric metric = metricForName(name);
        if (metric.kind() == Metric.Kind.NOT_MEASURED) {
            warnings.add(where + ": " + name + " (target " + target + ") is not measured by the load generator;"
                    + " reported as not measured");
            return new Kpi(name, description, scope, metric, op, Double.NaN, windowLength, where + " target "
                    + target.trim());
        }
        double threshold = KpiExpressions.parseThreshold(metric, tm.group(2), where);
        return new Kpi(name, description, scope, metric, op, threshold, windowLength, where);
    }

    /** The metric a seed-style KPI name stands for; {@link Metric.Kind#NOT_MEASURED} if none. */
    static Metric metricForName(String rawName) {
        String name = rawName.trim().toLowerCase(Locale.ROOT);
        Matcher m = TIMING_NAME.matcher(name);
        if (m.matches()) {
            Metric.Field field = m.group(2).equals("latency") ? Metric.Field.LATENCY
                    : m.group(2).equals("connect_time") ? Metric.Field.CONNECT : Metric.Field.RESPONSE_TIME;
            String stat = m.group(1);
            switch (stat) {
                case "avg":
                case "average":
                case "mean":
                    return Metric.timing(Metric.Kind.AVG, field);
                case "median":
                    return Metric.percentile(field, 50);
                case "min":
                    return Metric.timing(Metric.Kind.MIN, field);
                case "max":
                    return Metric.timing(Metric.Kind.MAX, field);
                default:
                    double p = Double.parseDouble(stat.substring(1));
                    if (p > 0 && p <= 100) {
                        return Metric.percentile(field, p);
                    }
                    return Metric.notMeasured(rawName);
            }
        }
        switch (name) {
            case "requests_per_second":
            case "throughput":
            case "rps":
                return Metric.of(Metric.Kind.THROUGHPUT);
            case "concurrent_users":
            case "concurrent_threads":
            case "peak_threads":
            case "virtual_users":
                return Metric.of(Metric.Kind.PEAK_THREADS);
            case "error_rate":
                return Metric.of(Metric.Kind.ERROR_RATE);
            case "availability":
                return Metric.of(Metric.Kind.AVAILABILITY);
            case "total_requests":
            case "request_count":
                return Metric.of(Metric.Kind.COUNT);
            case "error_count":
            case "total_errors":
                return Metric.of(Metric.Kind.ERRORS);
            default:
                return Metric.notMeasured(rawName);
        }
    }

    private static String scalar(Node node, String fileName) {
        if (node instanceof ScalarNode) {
            return ((ScalarNode) node).getValue();
        }
        throw new KpiParseException(at(fileName, node), "expected a plain value, not a list or map");
    }

    private static String at(String fileName, Node node) {
        return fileName + " line " + (node.getStartMark().getLine() + 1);
    }
}
