package io.github.agieval.jmeter.prometheus;

import io.github.agieval.jmeter.common.Durations;
import io.github.agieval.jmeter.common.InvalidSettingException;
import io.github.agieval.jmeter.common.Settings;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The Prometheus exporter's parameters, as the Backend Listener's argument table holds them, read and
 * checked once at test start. Every bad value is an {@link InvalidSettingException} naming the element,
 * the parameter and the value.
 *
 * <p>Threading: immutable.
 *
 * @param listenAddress address {@code /metrics} listens on
 * @param port port of {@code /metrics}; 0 = pull mode off
 * @param pushgateway the Pushgateway's base URL ({@code http://host:port}); {@code null} = push mode off
 * @param pushIntervalMs time between two pushes
 * @param job the Pushgateway's {@code job} grouping key
 * @param engine the {@code engine} label on every metric, and the Pushgateway's {@code instance} grouping key
 * @param responseTimeBuckets upper bounds of the response-time histogram, in seconds
 * @param jobTimeBuckets upper bounds of the job completion time histogram, in seconds
 * @param labelFilter sample labels exported (whole-label match)
 * @param includeSubResults whether sub-samples are exported as samples of their own labels
 * @param maxLabels distinct sample labels exported; more are counted under {@link LabelCap#OVERFLOW}
 * @param lingerMs how long {@code /metrics} keeps serving after the test ended (a last scrape)
 */
public record ExporterSettings(String listenAddress, int port, URI pushgateway, long pushIntervalMs, String job,
        String engine, double[] responseTimeBuckets, double[] jobTimeBuckets, Pattern labelFilter,
        boolean includeSubResults, int maxLabels, long lingerMs) {

    /** Element kind as messages name it. */
    public static final String KIND = "Prometheus exporter (Backend Listener)";

    public static final String LISTEN_ADDRESS = "listenAddress";
    public static final String PORT = "port";
    public static final String PUSHGATEWAY_URL = "pushgatewayUrl";
    public static final String PUSH_INTERVAL = "pushInterval";
    public static final String JOB = "job";
    public static final String ENGINE = "engine";
    public static final String RESPONSE_TIME_BUCKETS = "responseTimeBucketsMs";
    public static final String JOB_TIME_BUCKETS = "jobTimeBucketsMs";
    public static final String LABEL_REGEX = "labelRegex";
    public static final String INCLUDE_SUB_RESULTS = "includeSubResults";
    public static final String MAX_LABELS = "maxLabels";
    public static final String LINGER = "lingerAfterTest";

    public static final String DEFAULT_LISTEN_ADDRESS = "127.0.0.1";
    public static final String DEFAULT_PUSH_INTERVAL = "15s";
    public static final String DEFAULT_JOB = "jmeter";
    public static final String DEFAULT_RESPONSE_TIME_BUCKETS = "5,10,25,50,100,250,500,1000,2500,5000,10000,30000,60000";
    public static final String DEFAULT_JOB_TIME_BUCKETS =
            "100,250,500,1000,2500,5000,10000,30000,60000,120000,300000,600000,1800000";
    public static final String DEFAULT_LABEL_REGEX = ".*";
    public static final int DEFAULT_MAX_LABELS = 200;
    public static final String DEFAULT_LINGER = "0s";

    /** Reads {@code params} (the Backend Listener's arguments; missing or blank = default). */
    public static ExporterSettings read(String elementName, Map<String, String> params, Supplier<String> defaultEngine) {
        Settings s = Settings.of(KIND, elementName);
        String listen = s.text(LISTEN_ADDRESS, params.get(LISTEN_ADDRESS), DEFAULT_LISTEN_ADDRESS);
        int port = s.wholeInt(PORT, params.get(PORT), 0, 0, 65535);
        if (port > 0) {
            try {
                InetAddress.getByName(listen);
            } catch (UnknownHostException | SecurityException e) {
                throw s.bad(LISTEN_ADDRESS, params.get(LISTEN_ADDRESS), "must be an address of this machine ("
                        + e.getMessage() + ")");
            }
        }
        URI push = pushgateway(s, params.get(PUSHGATEWAY_URL));
        long interval = s.durationMs(PUSH_INTERVAL, params.get(PUSH_INTERVAL),
                Durations.parseMillis(DEFAULT_PUSH_INTERVAL), 100, 3_600_000);
        String job = s.required(JOB, params.get(JOB), DEFAULT_JOB);
        String engine = s.text(ENGINE, params.get(ENGINE), null);
        if (engine == null) {
            engine = defaultEngine.get();
        }
        double[] rt = buckets(s, RESPONSE_TIME_BUCKETS, params.get(RESPONSE_TIME_BUCKETS), DEFAULT_RESPONSE_TIME_BUCKETS);
        double[] jt = buckets(s, JOB_TIME_BUCKETS, params.get(JOB_TIME_BUCKETS), DEFAULT_JOB_TIME_BUCKETS);
        String regex = s.text(LABEL_REGEX, params.get(LABEL_REGEX), DEFAULT_LABEL_REGEX);
        Pattern filter;
        try {
            filter = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw s.bad(LABEL_REGEX, regex, "must be a Java regular expression ("
                    + e.getDescription() + " near index " + e.getIndex() + ")");
        }
        boolean subs = s.bool(INCLUDE_SUB_RESULTS, params.get(INCLUDE_SUB_RESULTS), false);
        int maxLabels = s.wholeInt(MAX_LABELS, params.get(MAX_LABELS), DEFAULT_MAX_LABELS, 1, 100_000);
        long linger = s.durationMs(LINGER, params.get(LINGER), 0, 0, 600_000);
        return new ExporterSettings(listen, port, push, interval, job, engine, rt, jt, filter, subs, maxLabels, linger);
    }

    /** {@code true} when neither {@code /metrics} nor the Pushgateway is configured. */
    public boolean off() {
        return port == 0 && pushgateway == null;
    }

    /** The Pushgateway's {@code host:port} (as the client's builder takes it). */
    public String pushgatewayAddress() {
        int p = pushgateway.getPort() > 0 ? pushgateway.getPort()
                : "https".equals(pushgateway.getScheme()) ? 443 : 80;
        String host = pushgateway.getHost();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + p;
    }

    private static URI pushgateway(Settings s, String raw) {
        if (Settings.isBlank(raw)) {
            return null;
        }
        String v = raw.trim();
        if (!v.contains("://")) {
            throw s.bad(PUSHGATEWAY_URL, raw, "must be an http:// or https:// URL such as http://127.0.0.1:9091");
        }
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw s.bad(PUSHGATEWAY_URL, raw, "must be a URL such as http://127.0.0.1:9091 (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw s.bad(PUSHGATEWAY_URL, raw, "must be an http:// or https:// URL such as http://127.0.0.1:9091");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw s.bad(PUSHGATEWAY_URL, raw, "must name a host, as in http://127.0.0.1:9091");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!path.isEmpty() && !path.equals("/") || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw s.bad(PUSHGATEWAY_URL, raw, "must be the Pushgateway's base URL, scheme://host:port only"
                    + " (the exporter adds /metrics/job/<job>/instance/<engine>)");
        }
        return uri;
    }

    /** Comma-separated milliseconds, strictly ascending, each above 0; returned in seconds. */
    static double[] buckets(Settings s, String property, String raw, String def) {
        String v = s.text(property, raw, def);
        String[] parts = v.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            double ms;
            try {
                ms = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw s.bad(property, raw, "must be comma-separated milliseconds, ascending, such as " + def);
            }
            if (!(ms > 0) || Double.isInfinite(ms)) {
                throw s.bad(property, raw, "every bucket must be a number of milliseconds above 0");
            }
            if (i > 0 && ms / 1000.0 <= out[i - 1]) {
                throw s.bad(property, raw, "buckets must be in strictly ascending order");
            }
            out[i] = ms / 1000.0;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExporterSettings e && toString().equals(e.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "listen=" + (port > 0 ? listenAddress + ":" + port : "off") + ", pushgateway="
                + (pushgateway == null ? "off" : pushgateway + " every " + Durations.format(pushIntervalMs))
                + ", job=" + job + ", engine=" + engine + ", responseTimeBuckets(s)="
                + Arrays.toString(responseTimeBuckets) + ", jobTimeBuckets(s)=" + Arrays.toString(jobTimeBuckets)
                + ", labelRegex=" + labelFilter + ", includeSubResults=" + includeSubResults + ", maxLabels="
                + maxLabels + ", linger=" + Durations.format(lingerMs);
    }
}
