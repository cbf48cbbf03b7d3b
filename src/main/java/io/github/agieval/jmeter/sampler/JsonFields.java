package io.github.agieval.jmeter.sampler;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.agieval.jmeter.common.Json;
import java.io.IOException;

/**
 * Reads a few named top-level fields of a JSON object in one streaming pass, without building a
 * tree: nested objects and arrays of fields nobody asked for are skipped (but still checked by the
 * tokenizer). The whole body must be one well-formed JSON object: a malformed or truncated rest,
 * or anything after the object, makes the body "not JSON", even when every wanted field came
 * before it. This is what the API samplers use on every response, so the hot path allocates only
 * the parser and the wanted values.
 *
 * <p>Threading: stateless; the parser comes from the shared {@link Json#mapper()} (thread-safe).
 */
public final class JsonFields {

    private JsonFields() {
    }

    /**
     * The values of {@code names} in the top-level object of {@code body}, in the order of
     * {@code names}: the text of a string, number or boolean; the compact JSON text of an object
     * or array; {@code null} when the field is absent or JSON {@code null}.
     *
     * @return the values, or {@code null} when {@code body} is empty, not (entirely) well-formed
     *         JSON, or not a JSON object
     */
    public static String[] read(byte[] body, String... names) {
        if (body == null || body.length == 0) {
            return null;
        }
        String[] values = new String[names.length];
        try (JsonParser p = Json.streamingMapper().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                int i = indexOf(names, name);
                if (i < 0) {
                    p.skipChildren();
                    continue;
                }
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    values[i] = Json.write(p.readValueAsTree());
                } else if (value != JsonToken.VALUE_NULL) {
                    values[i] = p.getText();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null; // a malformed or truncated rest, or anything after the object
            }
            return values;
        } catch (IOException e) {
            return null;
        }
    }

    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
