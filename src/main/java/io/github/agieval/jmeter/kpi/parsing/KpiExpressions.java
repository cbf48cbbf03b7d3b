package io.github.agieval.jmeter.kpi.parsing;

import io.github.agieval.jmeter.common.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.agieval.jmeter.kpi.engine.Kpi;
import io.github.agieval.jmeter.kpi.engine.Metric;
import io.github.agieval.jmeter.kpi.engine.Op;
import io.github.agieval.jmeter.kpi.engine.Scope;
import io.github.agieval.jmeter.resources.ResourceQuery;

/**
 * Parses KPI lines in a k6-like syntax, one KPI a line:
 *
 * <pre>
 * [scope:] metric op value[unit] [over duration]
 *
 * p(95)&lt;500                                   95th percentile of response time under 500 ms, all samples
 * label=Submit Evaluation: p(95)&lt;500 over 30s in every 30 s window, samples labelled "Submit Evaluation"
 * label~^job .*: rate&lt;1%                       error rate of the samples whose label matches the regex
 * latency.avg&lt;=200ms, connect.max&lt;50, rps&gt;100, count&gt;1000, errors&lt;10, availability&gt;=99.9%, threads&gt;=500
 * label=job Evaluation: polls.p(95)&lt;20                   polls per job of the job samples labelled "job Evaluation"
 * </pre>
 *
 * <p>Scope: {@code label=<exact label>}, {@code label~<regex>} or {@code all}; it ends at the
 * line's last colon (so labels may contain colons). Metrics: {@code p(N)} (also {@code pN}),
 * {@code med}/{@code median}, {@code avg}/{@code mean}, {@code min}, {@code max} of response time,
 * or of latency/connect time with the prefix {@code latency.}/{@code connect.}, or of the poll count of
 * the Job Polling Controller's job samples with {@code polls.} (a count: no unit, or {@code polls}); {@code rate}
 * (also {@code error_rate}), {@code availability}, {@code rps} (also {@code throughput}),
 * {@code count}, {@code errors}, {@code threads} (also {@code peak_threads}, {@code users}),
 * {@code recovery} (time after the spike until the KPIs hold again, a duration).
 * Units: times in {@code ms} (default), {@code s}, {@code m}; rates as a fraction or with
 * {@code %}; throughput optionally {@code /s} or {@code rps}; threads optionally {@code users}.
 * Blank lines and lines starting with {@code #} are ignored.
 *
 * <p>Server-side metrics ({@code cpu_utilization}, {@code memory_utilization},
 * {@code database_connections} and the other names of {@link KpiYaml#NOT_MEASURABLE}) take a
 * fraction or percentage ({@code <70%}, {@code <80% of pool}) and optionally their own PromQL at the
 * end of the line, in backquotes: {@code database_connections<80% of pool over 30s
 * query=`sum(pg_stat_activity_count)` pool_query=`sum(pg_settings_max_connections)`}. They are
 * judged from a Prometheus source when KPI Assertions has one, else reported not measured.
 *
 * <p>Stateless and thread-safe.
 */
public final class KpiExpressions {

    private static final Pattern QUERY_PART = Pattern.compile("\\s+(pool_query|query)\\s*=\\s*`([^`]*)`",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SERVER_SIDE = Pattern.compile("(" + String.join("|", KpiYaml.NOT_MEASURABLE)
            + ")(?![a-z0-9_])", Pattern.CASE_INSENSITIVE);
    private static final Pattern METRIC = Pattern.compile(
            "(?:(response_time|elapsed|latency|connect|polls)\\.)?"
                    + "(p\\(\\s*([0-9]+(?:\\.[0-9]+)?)\\s*\\)|p([0-9]+(?:\\.[0-9]+)?)|median|med|mean|avg|min|max"
                    + "|rate|error_rate|availability|rps|throughput|count|errors|threads|peak_threads|users|recovery)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMBER_UNIT = Pattern.compile(
            "([0-9]+(?:\\.[0-9]+)?|\\.[0-9]+)\\s*([a-zA-Z%/]+(?:\\s+of\\s+pool)?)?");

    private KpiExpressions() {
    }

    /**
     * Parses every line of {@code text}; {@code sourceName} names it in errors and in
     * {@link Kpi#source()} (e.g. "KPI expressions"). Throws {@link KpiParseException} at the first
     * bad line, naming its number.
     */
    public static List<Kpi> parseLines(String text, String sourceName) {
        List<Kpi> kpis = new ArrayList<>();
        if (text == null) {
            return kpis;
        }
        String[] lines = text.split("\\r?\\n|\\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            kpis.add(parse(line, sourceName + " line " + (i + 1)));
        }
        return kpis;
    }

    /** Parses one KPI line. */
    public static Kpi parse(String line, String source) {
        String text = line.trim();
        String where = source + " '" + text + "'";
        if (text.isEmpty()) {
            throw new KpiParseException(where, "empty KPI");
        }
        String query = null;
        String poolQuery = null;
        Matcher q = QUERY_PART.matcher(text);
        StringBuilder rest = new StringBuilder();
        while (q.find()) {
            boolean pool = q.group(1).equalsIgnoreCase("pool_query");
            if ((pool ? poolQuery : query) != null) {
                throw new KpiParseException(where, q.group(1) + "= given twice");
            }
            if (q.group(2).isBlank()) {
                throw new KpiParseException(where, q.group(1) + "= needs a PromQL query between the backquotes");
            }
            if (pool) {
                poolQuery = q.group(2);
            } else {
                query = q.group(2);
            }
            q.appendReplacement(rest, "");
        }
        q.appendTail(rest);
        String body = rest.toString().trim();
        if (body.contains("`") || body.matches("(?is).*\\b(pool_query|query)\\s*=.*")) {
            throw new KpiParseException(where, "write query= and pool_query= at the end of the line, each with its"
                    + " PromQL between backquotes, e.g. query=`sum(x)`");
        }
        Scope scope = Scope.ALL;
        String expr = body;
        int colon = body.lastIndexOf(':');
        if (colon >= 0) {
            scope = parseScope(body.substring(0, colon).trim(), where);
            expr = body.substring(colon + 1).trim();
        }
        Duration window = null;
        Matcher over = Pattern.compile("\\s+over\\s+(\\S+)\\s*$", Pattern.CASE_INSENSITIVE).matcher(expr);
        if (over.find()) {
            window = parseWindow(over.group(1), where);
            expr = expr.substring(0, over.start()).trim();
        } else if (expr.toLowerCase(Locale.ROOT).contains(" over")) {
            throw new KpiParseException(where, "'over' needs a window length, e.g. 'over 30s'");
        }
        Kpi k = parseExpression(expr, scope, window, text, null, where);
        return withQuery(k, query, poolQuery, where);
    }

    /**
     * {@code k} judged from its own PromQL ({@code query}, optional {@code poolQuery}) when a query is
     * given; checks that only server-side metrics get one and that they have no sample scope.
     */
    static Kpi withQuery(Kpi k, String query, String poolQuery, String where) {
        Metric m = k.metric();
        if (m.serverSide() && k.scope() != Scope.ALL) {
            throw new KpiParseException(where, m.unmeasuredName() + " is a server-side metric: it has no sample"
                    + " scope (remove '" + k.scope().expression() + "')");
        }
        if (query == null && poolQuery == null) {
            return k;
        }
        if (!m.serverSide()) {
            throw new KpiParseException(where, "query= and pool_query= apply to server-side metrics only ("
                    + String.join(", ", KpiYaml.NOT_MEASURABLE) + "), not to " + m.describe());
        }
        if (query == null) {
            throw new KpiParseException(where, "pool_query= needs a query= (the value divided by the pool)");
        }
        if (Double.isNaN(k.threshold())) {
            throw new KpiParseException(where, "a KPI with a query needs a threshold such as <70%");
        }
        return new Kpi(k.name(), k.description(), k.scope(),
                Metric.resource(m.unmeasuredName(), new ResourceQuery(query, poolQuery)), k.op(), k.threshold(),
                k.window(), k.source());
    }

    /** Parses {@code metric op value[unit]} (the part after the scope, before {@code over}). */
    static Kpi parseExpression(String expr, Scope scope, Duration window, String name, String description,
            String where) {
        Matcher server = SERVER_SIDE.matcher(expr);
        Matcher m = server.lookingAt() ? server : METRIC.matcher(expr);
        if (!m.lookingAt()) {
            throw new KpiParseException(where, "unknown metric in '" + expr + "': expected p(N), med, avg, min,"
                    + " max (optionally latency., connect. or polls.), rate, availability, rps, count, errors, threads or recovery");
        }
        Metric metric = metric(m, where);
        int pos = skipSpaces(expr, m.end());
        Op op = Op.parseAt(expr, pos);
        if (op == null) {
            throw new KpiParseException(where, "expected <, <=, > or >= after '" + expr.substring(0, m.end())
                    + "'" + (pos < expr.length() ? " but found '" + expr.substring(pos) + "'" : ""));
        }
        pos = skipSpaces(expr, pos + op.symbol().length());
        String valueText = expr.substring(pos).trim();
        double threshold = parseThreshold(metric, valueText, where);
        return new Kpi(name, description, scope, metric, op, threshold, window, where);
    }

    private static Metric metric(Matcher m, String where) {
        if (m.pattern() == SERVER_SIDE) {
            return Metric.notMeasured(m.group(1).toLowerCase(Locale.ROOT));
        }
        String fieldText = m.group(1) == null ? "" : m.group(1).toLowerCase(Locale.ROOT);
        Metric.Field field;
        switch (fieldText) {
            case "latency":
                field = Metric.Field.LATENCY;
                break;
            case "connect":
                field = Metric.Field.CONNECT;
                break;
            case "polls":
                field = Metric.Field.POLLS;
                break;
            default:
                field = Metric.Field.RESPONSE_TIME;
        }
        String stat = m.group(2).toLowerCase(Locale.ROOT);
        String p = m.group(3) != null ? m.group(3) : m.group(4);
        if (p != null) {
            double percentile = Double.parseDouble(p);
            if (percentile <= 0 || percentile > 100) {
                throw new KpiParseException(where, "percentile " + p + " is outside (0, 100]");
            }
            return Metric.percentile(field, percentile);
        }
        Metric.Kind kind;
        switch (stat) {
            case "med":
            case "median":
                return Metric.percentile(field, 50);
            case "avg":
            case "mean":
                kind = Metric.Kind.AVG;
                break;
            case "min":
                kind = Metric.Kind.MIN;
                break;
            case "max":
                kind = Metric.Kind.MAX;
                break;
            case "rate":
            case "error_rate":
                kind = Metric.Kind.ERROR_RATE;
                break;
            case "availability":
                kind = Metric.Kind.AVAILABILITY;
                break;
            case "rps":
            case "throughput":
                kind = Metric.Kind.THROUGHPUT;
                break;
            case "count":
                kind = Metric.Kind.COUNT;
                break;
            case "errors":
                kind = Metric.Kind.ERRORS;
                break;
            case "recovery":
                kind = Metric.Kind.RECOVERY;
                break;
            default:
                kind = Metric.Kind.PEAK_THREADS;
        }
        if (!kind.isTiming() && !fieldText.isEmpty()) {
            throw new KpiParseException(where, "'" + fieldText + ".' applies to p(N), med, avg, min and max only,"
                    + " not to '" + stat + "'");
        }
        return Metric.timing(kind, field);
    }

    /** Parses a threshold with its optional unit into the metric's base unit. */
    static double parseThreshold(Metric metric, String valueText, String where) {
        Matcher v = NUMBER_UNIT.matcher(valueText);
        if (valueText.isEmpty() || !v.matches()) {
            throw new KpiParseException(where, "expected a number with an optional unit after the operator"
                    + (valueText.isEmpty() ? "" : " but found '" + valueText + "'"));
        }
        double number = Double.parseDouble(v.group(1));
        String unit = v.group(2) == null ? "" : v.group(2).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (metric.serverSide()) {
            // a fraction (0.7), a percentage (70%, "80% of pool") or the query's own number
            if (unit.equals("%") || unit.equals("% of pool")) {
                return number / 100;
            }
            if (unit.isEmpty()) {
                return number;
            }
            throw badUnit(where, unit, metric, "%, % of pool or none (a fraction such as 0.7)");
        }
        switch (metric.unit()) {
            case MILLISECONDS:
                switch (unit) {
                    case "":
                    case "ms":
                        return number;
                    case "s":
                        return number * 1000;
                    case "m":
                    case "min":
                        return number * 60_000;
                    default:
                        throw badUnit(where, unit, metric, "ms, s or m");
                }
            case RATIO:
                if (unit.equals("%")) {
                    number = number / 100;
                } else if (!unit.isEmpty()) {
                    throw badUnit(where, unit, metric, "% or none (a fraction such as 0.01)");
                }
                if (number > 1) {
                    throw new KpiParseException(where, "a rate is a fraction between 0 and 1 (or a percentage"
                            + " with %), not " + valueText);
                }
                return number;
            case PER_SECOND:
                if (unit.isEmpty() || unit.equals("/s") || unit.equals("rps")) {
                    return number;
                }
                if (unit.equals("/m") || unit.equals("rpm")) {
                    return number / 60;
                }
                throw badUnit(where, unit, metric, "/s, rps, /m or none");
            default:
                boolean polls = metric.field() == Metric.Field.POLLS && metric.kind().isTiming();
                if (unit.isEmpty() || (metric.kind() == Metric.Kind.PEAK_THREADS
                        && (unit.equals("users") || unit.equals("threads"))) || polls && unit.equals("polls")) {
                    return number;
                }
                throw badUnit(where, unit, metric, metric.kind() == Metric.Kind.PEAK_THREADS
                        ? "users, threads or none" : polls ? "polls or none" : "none");
        }
    }

    private static KpiParseException badUnit(String where, String unit, Metric metric, String allowed) {
        return new KpiParseException(where, "unit '" + unit + "' does not fit " + metric.describe()
                + " (use " + allowed + ")");
    }

    static Scope parseScope(String scopeText, String where) {
        if (scopeText.equalsIgnoreCase("all") || scopeText.equals("*")) {
            return Scope.ALL;
        }
        if (scopeText.startsWith("label=")) {
            String label = scopeText.substring("label=".length()).trim();
            if (label.isEmpty()) {
                throw new KpiParseException(where, "label= needs a sample label");
            }
            return Scope.label(label);
        }
        if (scopeText.startsWith("label~")) {
            String regex = scopeText.substring("label~".length()).trim();
            if (regex.isEmpty()) {
                throw new KpiParseException(where, "label~ needs a regular expression");
            }
            try {
                return Scope.regex(regex);
            } catch (IllegalArgumentException e) {
                throw new KpiParseException(where, e.getMessage());
            }
        }
        throw new KpiParseException(where, "unknown scope '" + scopeText
                + "': use label=<sample label>, label~<regular expression> or all");
    }

    /** Parses a window length such as {@code 30s}, {@code 1m}, {@code 1m30s}: whole seconds, at least 1 s. */
    static Duration parseWindow(String text, String where) {
        Duration d = parseDuration(text);
        if (d == null) {
            throw new KpiParseException(where, "bad window '" + text + "': use e.g. 30s, 1m or 1m30s");
        }
        if (d.toMillis() < 1000 || d.toMillis() % 1000 != 0) {
            throw new KpiParseException(where, "window '" + text + "' must be whole seconds, at least 1s");
        }
        return d;
    }

    /**
     * Parses a duration in the suite's one grammar ({@link Durations}: {@code 500ms}, {@code 30s},
     * {@code 2m}, {@code 1h}, {@code 1m30s}, or a bare number of milliseconds); {@code null} if it is none.
     */
    public static Duration parseDuration(String text) {
        try {
            return Duration.ofMillis(Durations.parseMillis(text));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int skipSpaces(String s, int pos) {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
        return pos;
    }
}
