package io.github.agieval.jmeter.sampler;

import io.github.agieval.jmeter.common.Json;

/**
 * The API's contract as the samplers check it: the expected status with the API's error shape
 * turned into a failure message, response headers read from JMeter's header text, and the login
 * exchange shared by the Login sampler and the re-login of {@link ApiSampler}.
 *
 * <p>Threading: static and stateless.
 */
final class ApiContract {

    private ApiContract() {
    }

    static ApiRequest loginRequest(String username, String password, String fullLoginPath) {
        String body = Json.write(Json.object().put("username", username).put("password", password));
        return new ApiRequest("POST", fullLoginPath, null, body,
                false, true, ApiSampler.ACCESS_TOKEN).withFullPath(true);
    }

    /** Contract of POST /auth/login: 200 with a non-empty access_token. */
    static String checkLogin(Exchange login) {
        String failure = expectStatus(login, 200);
        if (failure != null) {
            return failure;
        }
        String token = login.field(ApiSampler.ACCESS_TOKEN);
        if (token == null || token.isEmpty()) {
            return "200 without access_token in the body";
        }
        return null;
    }

    /** {@code null} when the status is one of {@code expected}, else a message with the API's error. */
    static String expectStatus(Exchange ex, int... expected) {
        for (int code : expected) {
            if (ex.status == code) {
                return null;
            }
        }
        StringBuilder sb = new StringBuilder("expected ");
        for (int i = 0; i < expected.length; i++) {
            sb.append(i == 0 ? "" : i == expected.length - 1 ? " or " : ", ").append(expected[i]);
        }
        if (ex.status == 0) {
            return sb.append(", got no HTTP answer: ").append(ex.result.getResponseMessage()).toString();
        }
        sb.append(", got ").append(ex.status);
        String error = ex.field(ApiRequest.ERROR);
        String message = ex.field(ApiRequest.MESSAGE);
        if (error != null || message != null) {
            sb.append(": ").append(error == null ? "" : error);
            if (message != null) {
                sb.append(error == null ? "" : ": ").append(message);
            }
        } else if (ex.result.getResponseMessage() != null && !ex.result.getResponseMessage().isEmpty()) {
            sb.append(' ').append(ex.result.getResponseMessage());
        }
        String retryAfter = responseHeader(ex.result.getResponseHeaders(), "Retry-After");
        if (retryAfter != null) {
            sb.append(" (Retry-After: ").append(retryAfter).append(')');
        }
        String location = ex.status >= 300 && ex.status < 400
                ? responseHeader(ex.result.getResponseHeaders(), "Location") : null;
        if (location != null) {
            sb.append(" (redirect to ").append(location).append(" not followed)");
        }
        return sb.toString();
    }

    /** The value of the first header {@code name} in JMeter's response header text, or null. */
    static String responseHeader(String headers, String name) {
        if (headers == null) {
            return null;
        }
        int n = name.length();
        int i = 0;
        int len = headers.length();
        while (i < len) {
            int eol = headers.indexOf('\n', i);
            if (eol < 0) {
                eol = len;
            }
            if (eol - i > n && headers.regionMatches(true, i, name, 0, n) && headers.charAt(i + n) == ':') {
                return headers.substring(i + n + 1, eol).trim();
            }
            i = eol + 1;
        }
        return null;
    }
}
