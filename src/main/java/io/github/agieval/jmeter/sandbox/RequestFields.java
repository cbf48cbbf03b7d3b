package io.github.agieval.jmeter.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.agieval.jmeter.common.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * Reading a request for the API routes: JSON bodies and their fields (with a {@link BadRequest}
 * naming the field), query parameters, percent-decoding of path segments, and the few value
 * formats every answer shares (ISO instants, scores to three decimals).
 *
 * <p>Threading: static and stateless; safe from every request thread.
 */
final class RequestFields {

    private RequestFields() {
    }

    /** A 400 with a message naming the field. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }

        Reply reply() {
            return Reply.error(400, "invalid_request", getMessage());
        }
    }

    static JsonNode object(byte[] body) throws BadRequest {
        if (body == null || body.length == 0) {
            throw new BadRequest("request body is empty; expected a JSON object");
        }
        JsonNode n;
        try {
            n = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequest("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException | RuntimeException e) {
            throw new BadRequest("request body is not valid JSON");
        }
        if (n == null || !n.isObject()) {
            throw new BadRequest("request body must be a JSON object, got " + kind(n));
        }
        return n;
    }

    static String requiredString(JsonNode req, String field, int maxChars) throws BadRequest {
        JsonNode v = req.get(field);
        if (v == null || v.isNull()) {
            throw new BadRequest("field '" + field + "' is required");
        }
        if (!v.isTextual()) {
            throw new BadRequest("field '" + field + "' must be a string, got " + kind(v));
        }
        String s = v.textValue();
        if (s.isBlank()) {
            throw new BadRequest("field '" + field + "' must not be empty");
        }
        if (s.length() > maxChars) {
            throw new BadRequest("field '" + field + "' is longer than " + maxChars + " characters");
        }
        return s;
    }

    static int intField(JsonNode obj, String prefix, String field, int dflt, int min, int max) throws BadRequest {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        String name = prefix + field;
        if (!v.isIntegralNumber() && !(v.isNumber() && v.doubleValue() == Math.rint(v.doubleValue()))) {
            throw new BadRequest("field '" + name + "' must be an integer, got " + kind(v));
        }
        long n = v.longValue();
        if (v.isNumber() && (v.doubleValue() < min || v.doubleValue() > max)) {
            throw new BadRequest("field '" + name + "' must be between " + min + " and " + max + ", got " + v);
        }
        return (int) n;
    }

    static String kind(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "null";
        }
        String text = n.toString();
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return n.getNodeType().name().toLowerCase(Locale.ROOT) + " " + text;
    }

    static String queryParam(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
            if (k.equals(name)) {
                return eq < 0 ? "" : decodeQuery(pair.substring(eq + 1));
            }
        }
        return null;
    }

    /** A path segment, percent-decoded ('+' stays '+'); undecodable text is kept as sent. */
    static String decode(String s) {
        if (s == null || s.indexOf('%') < 0) {
            return s;
        }
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** A query string name or value, form-decoded ('+' is a space). */
    static String decodeQuery(String s) {
        if (s == null || s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    static void putTime(ObjectNode o, String field, long millis) {
        if (millis == 0) {
            o.putNull(field);
        } else {
            o.put(field, iso(millis));
        }
    }

    static double round3(double d) {
        return Math.round(d * 1000) / 1000.0;
    }
}
