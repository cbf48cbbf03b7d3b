package io.github.agieval.jmeter.datagen;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;

import io.github.agieval.jmeter.common.Json;

/**
 * One evaluation request as {@code POST /api/v1/evaluate} takes it:
 * {@code {"model","benchmark","prompts":[...],"config":{"temperature","max_tokens","timeout"}}}.
 *
 * <p>Immutable. The JSON is written by Jackson, so any text in the prompts, model or benchmark
 * (quotes, backslashes, control characters, non-BMP characters) comes out properly escaped.
 */
public record EvalRequest(String model, String benchmark, List<String> prompts,
        double temperature, int maxTokens, int timeout) {

    public EvalRequest {
        prompts = List.copyOf(prompts);
    }

    /** Writes this request as one JSON object to {@code json}. */
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("model", model);
        json.writeStringField("benchmark", benchmark);
        json.writeArrayFieldStart("prompts");
        for (String prompt : prompts) {
            json.writeString(prompt);
        }
        json.writeEndArray();
        json.writeObjectFieldStart("config");
        json.writeNumberField("temperature", temperature);
        json.writeNumberField("max_tokens", maxTokens);
        json.writeNumberField("timeout", timeout);
        json.writeEndObject();
        json.writeEndObject();
    }

    /** The compact JSON body. */
    public String toJson() {
        int estimate = 96 + model.length() + benchmark.length();
        for (String prompt : prompts) {
            estimate += prompt.length() + 3;
        }
        StringWriter out = new StringWriter(estimate);
        try (JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
            writeJson(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
