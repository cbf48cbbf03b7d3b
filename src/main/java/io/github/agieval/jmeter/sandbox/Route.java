package io.github.agieval.jmeter.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The sandbox's endpoints, each named by its route template ({@code GET /api/v1/jobs/{id}}): the
 * key of the request counters and of per-endpoint fault settings. Matching is done on path
 * segments, so the set of counter keys stays bounded whatever paths clients send.
 */
public enum Route {
    HEALTH("GET", "/health", false),
    LOGIN("POST", "/auth/login", false),
    LOGOUT("POST", "/auth/logout", true),
    STATUS("GET", "/api/v1/status", false),
    PROFILE("GET", "/api/v1/profile", true),
    MODELS("GET", "/api/v1/models", true),
    MODEL("GET", "/api/v1/models/{id}", true),
    EVALUATE("POST", "/api/v1/evaluate", true),
    JOB("GET", "/api/v1/jobs/{id}", true),
    JOB_RESULTS("GET", "/api/v1/jobs/{id}/results", true),
    DASHBOARD("GET", "/api/v1/dashboard", true),
    DATASETS_LIST("GET", "/api/v1/datasets", true),
    DATASETS_CREATE("POST", "/api/v1/datasets", true),
    BENCHMARKS_LIST("GET", "/api/v1/benchmarks", true),
    BENCHMARKS_CREATE("POST", "/api/v1/benchmarks", true),
    COMPARE("GET", "/api/v1/compare", true),
    EXPORT("GET", "/api/v1/export", true);

    /** Counter key of requests whose path matches no route. */
    public static final String UNMATCHED = "unmatched";

    private static final Set<String> STANDARD_METHODS =
            Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT");

    private final String method;
    private final String pathTemplate;
    private final String template;
    private final String[] segments;
    private final boolean authenticated;

    Route(String method, String pathTemplate, boolean authenticated) {
        this.method = method;
        this.pathTemplate = pathTemplate;
        this.template = method + " " + pathTemplate;
        this.segments = pathTemplate.substring(1).split("/");
        this.authenticated = authenticated;
    }

    public String method() {
        return method;
    }

    public String pathTemplate() {
        return pathTemplate;
    }

    /** {@code METHOD /path/{param}}: the counter and fault key. */
    public String template() {
        return template;
    }

    /** Whether the endpoint needs a bearer token. */
    public boolean authenticated() {
        return authenticated;
    }

    /** The route with {@code template}, or {@code null}. */
    public static Route byTemplate(String template) {
        for (Route r : values()) {
            if (r.template.equals(template)) {
                return r;
            }
        }
        return null;
    }

    /** All route templates, in declaration order. */
    public static List<String> templates() {
        List<String> out = new ArrayList<>();
        for (Route r : values()) {
            out.add(r.template);
        }
        return out;
    }

    /**
     * Result of matching a request line: the route and its {@code {id}} parameter, or the methods
     * that the path allows (a 405), or nothing (a 404).
     */
    public record Match(Route route, String param, List<String> allowed, String counterKey) {
        public boolean found() {
            return route != null;
        }
    }

    /** Matches {@code method} and a raw {@code path} (without query). */
    public static Match match(String method, String path) {
        List<String> allowed = null;
        String pathTemplate = null;
        for (Route r : values()) {
            String param = r.matchPath(path);
            if (param == null) {
                continue;
            }
            if (r.method.equals(method)) {
                return new Match(r, param.isEmpty() ? null : param, List.of(), r.template);
            }
            if (allowed == null) {
                allowed = new ArrayList<>();
            }
            allowed.add(r.method);
            pathTemplate = r.pathTemplate;
        }
        if (allowed == null) {
            return new Match(null, null, List.of(), UNMATCHED);
        }
        String m = method.toUpperCase(Locale.ROOT);
        String key = (STANDARD_METHODS.contains(m) ? m : "OTHER") + " " + pathTemplate;
        return new Match(null, null, List.copyOf(allowed), key);
    }

    /** The {@code {id}} value ("" if the template has none) when {@code path} matches, else null. */
    private String matchPath(String path) {
        if (path.length() < 2 || path.charAt(0) != '/') {
            return null;
        }
        int pos = 1;
        String param = "";
        for (int i = 0; i < segments.length; i++) {
            int end = path.indexOf('/', pos);
            boolean last = i == segments.length - 1;
            if (end < 0) {
                end = path.length();
                if (!last) {
                    return null;
                }
            } else if (last) {
                return null;
            }
            String seg = segments[i];
            if (seg.charAt(0) == '{') {
                if (end == pos) {
                    return null;
                }
                param = path.substring(pos, end);
            } else if (end - pos != seg.length() || !path.regionMatches(pos, seg, 0, seg.length())) {
                return null;
            }
            pos = end + 1;
        }
        return param;
    }
}
