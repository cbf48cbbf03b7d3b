package io.github.agieval.jmeter.datagen;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * One simulated user session, as the seed's {@code user_scenarios.json} holds it: a user id
 * (a version-4 UUID), the user name the seed's k6 script logs in with
 * ({@code user_} + the id's last 8 hex digits, or a longer unique suffix in unique mode), the
 * think time between actions, the session duration and one action sequence. Immutable.
 */
public record UserScenario(String userId, String username, long thinkTimeMs, int sessionDurationS,
        List<String> actions) {

    public UserScenario {
        actions = List.copyOf(actions);
    }

    /**
     * Writes the scenario as the seed's JSON object: {@code user_id}, {@code username},
     * {@code session_duration} (s), {@code actions}, {@code think_time} (s, as k6 sleeps it).
     */
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("user_id", userId);
        json.writeStringField("username", username);
        json.writeNumberField("session_duration", sessionDurationS);
        json.writeArrayFieldStart("actions");
        for (String action : actions) {
            json.writeString(action);
        }
        json.writeEndArray();
        json.writeNumberField("think_time", thinkTimeMs / 1000.0);
        json.writeEndObject();
    }
}
