package io.github.agieval.jmeter.sampler;

/**
 * One API request as a sampler wants it sent: method, endpoint path (without the base path),
 * optional query and JSON body, whether it carries the user's bearer token, and which top-level
 * fields of the JSON answer the sampler needs (read in one streaming pass, nothing else parsed).
 * Immutable.
 */
final class ApiRequest {

    /** Fields read from an answer that is not 2xx: the API's error shape. */
    static final String ERROR = "error";
    static final String MESSAGE = "message";
    static final String[] ERROR_FIELDS = {ERROR, MESSAGE};

    final String method;
    final String path;
    final String query;
    final String body;
    final boolean authenticated;
    final boolean secretResponse;
    /** Top-level fields read from a 2xx answer. */
    final String[] fields;
    /** Whether {@link #path} already includes the base path (a re-login uses the session's path). */
    final boolean fullPath;
    /** Whether the body carries credentials (Login): never sent to another origin by a redirect. */
    final boolean credentialBody;

    ApiRequest(String method, String path, String query, String body, boolean authenticated,
            boolean secretResponse, String... fields) {
        this.method = method;
        this.path = path;
        this.query = query == null || query.isEmpty() ? null : query;
        this.body = body;
        this.authenticated = authenticated;
        this.secretResponse = secretResponse;
        this.fields = fields.clone();
        this.fullPath = false;
        this.credentialBody = false;
    }

    private ApiRequest(ApiRequest r, boolean credentialBody) {
        this.method = r.method;
        this.path = r.path;
        this.query = r.query;
        this.body = r.body;
        this.authenticated = r.authenticated;
        this.secretResponse = r.secretResponse;
        this.fields = r.fields;
        this.fullPath = true;
        this.credentialBody = credentialBody;
    }

    /**
     * The same request, its path taken as the full path (no base path prepended), its body marked
     * as carrying credentials when {@code credentialBody}.
     */
    ApiRequest withFullPath(boolean credentialBody) {
        return new ApiRequest(this, credentialBody);
    }

    /** The fields to read from an answer with this HTTP status. */
    String[] fieldsFor(int status) {
        return status >= 200 && status < 300 ? fields : ERROR_FIELDS;
    }
}
