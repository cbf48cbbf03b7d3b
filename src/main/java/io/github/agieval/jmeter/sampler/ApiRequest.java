package io.github.agieval.jmeter.sampler;

/**
 * One API request as a sampler wants it sent: method, endpoint path (without the base path),
 * optional query and JSON body, whether it carries the user's bearer token, and which top-level
 * fields of the JSON answer the sampler needs (read in one streaming pass, nothing else parsed).
 * Immutable.
 */
final class ApiRequest {

    /** Fields read from every answer: the API's error shape. */
    static final String ERROR = "error";
    static final String MESSAGE = "message";

    final String method;
    final String path;
    final String query;
    final String body;
    final boolean authenticated;
    final boolean secretResponse;
    final String[] fields;
    /** Whether {@link #path} already includes the base path (a re-login uses the session's path). */
    final boolean fullPath;

    ApiRequest(String method, String path, String query, String body, boolean authenticated,
            boolean secretResponse, String... fields) {
        this.method = method;
        this.path = path;
        this.query = query == null || query.isEmpty() ? null : query;
        this.body = body;
        this.authenticated = authenticated;
        this.secretResponse = secretResponse;
        String[] all = new String[fields.length + 2];
        System.arraycopy(fields, 0, all, 0, fields.length);
        all[fields.length] = ERROR;
        all[fields.length + 1] = MESSAGE;
        this.fields = all;
        this.fullPath = false;
    }

    private ApiRequest(ApiRequest r) {
        this.method = r.method;
        this.path = r.path;
        this.query = r.query;
        this.body = r.body;
        this.authenticated = r.authenticated;
        this.secretResponse = r.secretResponse;
        this.fields = r.fields;
        this.fullPath = true;
    }

    /** The same request, its path taken as the full path (no base path prepended). */
    ApiRequest withFullPath() {
        return new ApiRequest(this);
    }

    int fieldIndex(String name) {
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("field not requested: " + name);
    }
}
