package io.github.agieval.jmeter.kpi.parsing;

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

import io.github.agieval.jmeter.kpi.engine.Kpi;
import io.github.agieval.jmeter.kpi.engine.Metric;
import io.github.agieval.jmeter.kpi.engine.Op;
import io.github.agieval.jmeter.kpi.engine.Scope;

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
 * {@code availability}, {@code total_requests}, {@code error_count}. The server-side names of
 * {@link #NOT_MEASURABLE} (the seed's {@code cpu_utilization}, {@code memory_utilization},
 * {@code database_connections}...) are metrics the load generator cannot measure: each becomes a
 * "not measured" KPI and a warning, never silently dropped. Any other name is an error naming the
 * file, line and name, with the closest known name as a hint (a typo must never turn a KPI into
 * one that cannot fail). Optional extensions per entry: {@code expression} (a line of
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

    /** Names of server-side metrics the load generator cannot measure: reported NOT MEASURED. */
    static final List<String> NOT_MEASURABLE = List.of("cpu_utilization", "memory_utilization",
            "database_connections", "disk_utilization", "disk_io", "network_utilization", "network_bandwidth",
            "heap_utilization", "gc_time", "thread_pool_utilization", "connection_pool_utilization", "queue_depth");

    /** The measurable names without a number in them (for hints). */
    private static final List<String> MEASURABLE = List.of("requests_per_second", "throughput", "rps",
            "concurrent_users", "concurrent_threads", "peak_threads", "virtual_users", "error_rate", "availability",
            "total_requests", "request_count", "error_count", "total_errors");
    private static final List<String> FIELDS = List.of("response_time", "latency", "connect_time");
    private static final List<String> STATS = List.of("p50", "p90", "p95", "p99", "avg", "average", "mean", "median",
            "min", "max");

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
        if (metric.kind() == Metric.Kind.NOT_MEASURED
                && !NOT_MEASURABLE.contains(name.trim().toLowerCase(Locale.ROOT))) {
            throw new KpiParseException(where, unknownName(name));
        }
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

    /** The message for a KPI name that is neither measurable nor a known server-side metric. */
    static String unknownName(String name) {
        String hint = closestKnownName(name);
        return "unknown KPI name '" + name + "'" + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                + ": expected pNN_response_time, pNN_latency, pNN_connect_time, avg_/median_/min_/max_response_time,"
                + " requests_per_second, concurrent_users, error_rate, availability, total_requests, error_count,"
                + " a server-side metric reported as not measured (" + String.join(", ", NOT_MEASURABLE)
                + "), or an entry with expression";
    }

    /** The known name closest to {@code name} (edit distance at most a third of its length, at least 2), or {@code null}. */
    static String closestKnownName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        List<String> candidates = new ArrayList<>(MEASURABLE);
        candidates.addAll(NOT_MEASURABLE);
        List<String> stats = new ArrayList<>(STATS);
        Matcher p = Pattern.compile("(p[0-9]+(?:\\.[0-9]+)?)_.*").matcher(n);
        if (p.matches()) {
            stats.add(p.group(1));
        }
        for (String stat : stats) {
            for (String field : FIELDS) {
                candidates.add(stat + "_" + field);
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(n, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(2, n.length() / 3) ? best : null;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
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
