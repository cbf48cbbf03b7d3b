package io.github.agieval.jmeter.sampler;

import java.util.Locale;

/**
 * The endpoints of the Evaluation API that the general {@link ApiCallSampler} calls (the others
 * have their own samplers), with their method, path, whether they need the bearer token, and the
 * status codes that mean success. {@link #CUSTOM} takes method and path from the element.
 */
public enum ApiEndpoint {
    HEALTH("health", "GET", "/health", false, false, new int[] {200}),
    STATUS("status", "GET", "/api/v1/status", false, false, new int[] {200}),
    PROFILE("profile", "GET", "/api/v1/profile", true, false, new int[] {200}),
    MODELS("models", "GET", "/api/v1/models", true, false, new int[] {200}),
    MODEL("model", "GET", "/api/v1/models/{id}", true, false, new int[] {200}),
    DASHBOARD("dashboard", "GET", "/api/v1/dashboard", true, false, new int[] {200}),
    DATASETS("datasets", "POST", "/api/v1/datasets", true, true, new int[] {200, 201}),
    BENCHMARKS("benchmarks", "POST", "/api/v1/benchmarks", true, true, new int[] {200, 201}),
    COMPARE("compare", "GET", "/api/v1/compare", true, false, new int[] {200}),
    EXPORT("export", "GET", "/api/v1/export", true, false, new int[] {200}),
    LOGOUT("logout", "POST", "/auth/logout", true, false, new int[] {200, 204}),
    CUSTOM("custom", null, null, true, false, new int[] {200});

    private final String id;
    private final String method;
    private final String path;
    private final boolean authenticated;
    private final boolean sendsBody;
    private final int[] expected;

    ApiEndpoint(String id, String method, String path, boolean authenticated, boolean sendsBody, int[] expected) {
        this.id = id;
        this.method = method;
        this.path = path;
        this.authenticated = authenticated;
        this.sendsBody = sendsBody;
        this.expected = expected;
    }

    /** The value stored in the element's property. */
    public String id() {
        return id;
    }

    public String method() {
        return method;
    }

    /** The path; {@code {id}} stands for the path parameter. */
    public String path() {
        return path;
    }

    public boolean authenticated() {
        return authenticated;
    }

    public boolean sendsBody() {
        return sendsBody;
    }

    int[] expected() {
        return expected.clone();
    }

    /** What the GUI shows. */
    public String display() {
        return this == CUSTOM ? "custom (method and path below)" : method + " " + path;
    }

    /** The endpoint with this id (case-insensitive), or {@code null}. */
    public static ApiEndpoint byId(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        for (ApiEndpoint e : values()) {
            if (e.id.equals(wanted)) {
                return e;
            }
        }
        return null;
    }
}
