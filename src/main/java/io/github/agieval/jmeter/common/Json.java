package io.github.agieval.jmeter.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one Jackson {@link ObjectMapper} of the suite and small helpers around it.
 *
 * <p>Threading: {@link ObjectMapper} is thread-safe once configured, so a single shared, never
 * reconfigured instance is used by every sampler thread, the sandbox and the report writers.
 * Jackson is the version stock JMeter 5.6.3 ships in {@code lib/}, so the plugin does not bring
 * its own.
 */
public final class Json {

    /** Strict about documents: trailing content after the value ({@code {"a":1} junk}) is an error. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * For streaming readers that read one value out of a larger document (the trailing-token check
     * would fail there) and check the rest of the document themselves, as the samplers' {@code JsonFields} does.
     */
    private static final ObjectMapper STREAMING = MAPPER.copy()
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final ObjectMapper PRETTY = MAPPER.copy()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** The shared mapper. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The mapper for streaming parsers that check the end of the document themselves. Do not reconfigure it. */
    public static ObjectMapper streamingMapper() {
        return STREAMING;
    }

    /** A new empty JSON object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * Parses {@code text} as JSON.
     *
     * @throws IllegalArgumentException if it is not JSON, with the parser's message
     */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses {@code bytes} as UTF-8 JSON, or throws {@link IllegalArgumentException}. */
    public static JsonNode parse(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Compact JSON text of {@code value}. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Indented JSON text of {@code value}, for reports people read. */
    public static String writePretty(Object value) {
        try {
            return PRETTY.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The text of field {@code name} of {@code node}, or {@code null} if absent or not a value. */
    public static String text(JsonNode node, String name) {
        if (node == null) {
            return null;
        }
        JsonNode field = node.get(name);
        return field == null || field.isNull() || field.isContainerNode() ? null : field.asText();
    }
}
