package io.github.agieval.jmeter.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.agieval.jmeter.common.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One HTTP answer, built by the API and written by the transport: status, content type, body
 * and extra headers (name, value pairs). Immutable.
 */
record Reply(int status, String contentType, byte[] body, List<String> headers) {

    static final String JSON = "application/json";

    static Reply json(int status, JsonNode body) {
        try {
            return new Reply(status, JSON, Json.mapper().writeValueAsBytes(body), List.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** The documented error shape {@code {"error": code, "message": text}}. */
    static Reply error(int status, String code, String message) {
        ObjectNode o = Json.object();
        o.put("error", code);
        o.put("message", message);
        return json(status, o);
    }

    static Reply text(int status, String contentType, String body) {
        return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8), List.of());
    }

    /** This reply with one more header. */
    Reply withHeader(String name, String value) {
        List<String> h = new java.util.ArrayList<>(headers);
        h.add(name);
        h.add(value);
        return new Reply(status, contentType, body, List.copyOf(h));
    }
}
