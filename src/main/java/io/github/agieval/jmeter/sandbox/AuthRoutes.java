package io.github.agieval.jmeter.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.sandbox.RequestFields.BadRequest;
import static io.github.agieval.jmeter.sandbox.RequestFields.iso;
import static io.github.agieval.jmeter.sandbox.RequestFields.requiredString;

/**
 * Who is calling: the bearer token of a request, the 401 answers, {@code POST /auth/login} (shared
 * or per-user passwords, compared in constant time), {@code POST /auth/logout} and the caller's
 * profile.
 *
 * <p>Threading: stateless apart from the thread-safe stores of {@link SandboxState}; called
 * concurrently from every request thread.
 */
final class AuthRoutes {

    static final int MAX_USERNAME_CHARS = 128;

    private final SandboxState state;

    AuthRoutes(SandboxState state) {
        this.state = state;
    }

    static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String a = authorization.trim();
        if (a.length() > 7 && a.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String t = a.substring(7).trim();
            return t.isEmpty() ? null : t;
        }
        return null;
    }

    static Reply unauthorized(TokenStore.Check why) {
        String message;
        switch (why) {
            case MISSING:
                message = "missing bearer token: send 'Authorization: Bearer <access_token>' from POST /auth/login";
                break;
            case EXPIRED:
                message = "token expired; log in again";
                break;
            default:
                message = "invalid or revoked token; log in again";
                break;
        }
        return Reply.error(401, "unauthorized", message).withHeader("WWW-Authenticate", "Bearer");
    }

    Reply login(byte[] body) {
        JsonNode req;
        String shape = "; expected {\"username\": \"...\", \"password\": \"...\"}";
        if (body == null || body.length == 0) {
            return Reply.error(400, "invalid_request", "request body is empty" + shape);
        }
        try {
            req = Json.mapper().readTree(body);
        } catch (java.io.IOException | RuntimeException e) {
            // the parser's message may quote a piece of the body, i.e. of the password: never echo it
            return Reply.error(400, "invalid_request", "request body is not valid JSON" + shape);
        }
        if (req == null || !req.isObject()) {
            return Reply.error(400, "invalid_request", "request body must be a JSON object" + shape);
        }
        String username;
        try {
            username = requiredString(req, "username", MAX_USERNAME_CHARS);
        } catch (BadRequest e) {
            return e.reply();
        }
        JsonNode pw = req.get("password");
        if (pw == null || !pw.isTextual() || pw.textValue().isEmpty() || pw.textValue().length() > 1024) {
            // generic on purpose: the submitted value is never described or echoed
            return Reply.error(400, "invalid_request", "field 'password' is required: a string of 1..1024 characters");
        }
        if (!passwordMatches(username, pw.textValue())) {
            return Reply.error(401, "invalid_credentials", "wrong username or password");
        }
        UserStore.User u = state.users.touch(username);
        u.logins.incrementAndGet();
        long lifetime = state.faults().tokenLifetimeSeconds();
        String token = state.tokens.issue(username, lifetime);
        ObjectNode o = Json.object();
        o.put("access_token", token);
        o.put("token_type", "bearer");
        o.put("expires_in", lifetime);
        o.put("username", username);
        return Reply.json(200, o);
    }

    Reply logout(String authorization) {
        state.tokens.revoke(bearer(authorization));
        ObjectNode out = Json.object();
        out.put("status", "logged_out");
        return Reply.json(200, out);
    }

    /**
     * Whether {@code password} is {@code username}'s: its own password when per-user passwords are
     * configured (then an unlisted user cannot log in), else the shared one. Constant time.
     */
    private boolean passwordMatches(String username, String password) {
        java.util.Map<String, String> users = state.config.users();
        if (users.isEmpty()) {
            return AdminGuard.secretEquals(password, state.config.password());
        }
        String own = users.get(username);
        // compare against something even for an unknown user, so timing does not tell who exists
        boolean ok = AdminGuard.secretEquals(password, own == null ? state.config.password() : own);
        return own != null && ok;
    }

    Reply profile(TokenStore.Session s) {
        UserStore.User u = state.users.touch(s.username());
        ObjectNode o = Json.object();
        o.put("username", u.username);
        o.put("created_at", iso(u.createdAtMillis));
        o.put("logins", u.logins.get());
        o.put("jobs_submitted", u.submitted.get());
        o.put("jobs_completed", u.completed.get());
        o.put("jobs_failed", u.failed.get());
        o.put("token_expires_at", iso(s.expiresAtMillis()));
        o.put("plan", "sandbox");
        return Reply.json(200, o);
    }
}
