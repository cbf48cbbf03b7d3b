package io.github.agieval.jmeter.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadWantedTopLevelFieldsAndSkipNestedOnes() {
        String[] v = JsonFields.read(b("{\"nested\":{\"status\":\"inner\"},\"status\":\"running\",\"progress\":0.25,"
                + "\"ok\":true}"), "status", "progress", "ok", "missing");
        assertThat(v).containsExactly("running", "0.25", "true", null);
    }

    @Test
    void shouldReturnObjectsAndArraysAsCompactJson() {
        String[] v = JsonFields.read(b("{\"score\": {\"accuracy\": 0.5 }, \"list\": [1, 2]}"), "score", "list");
        assertThat(v).containsExactly("{\"accuracy\":0.5}", "[1,2]");
    }

    @Test
    void shouldTreatJsonNullAsAbsent() {
        assertThat(JsonFields.read(b("{\"error\":null}"), "error")).containsExactly((String) null);
    }

    @Test
    void shouldReturnNullWhenBodyIsNotAJsonObject() {
        assertThat(JsonFields.read(b("[1,2]"), "a")).isNull();
        assertThat(JsonFields.read(b("<html>"), "a")).isNull();
        assertThat(JsonFields.read(b("{\"a\":"), "b")).isNull();
        assertThat(JsonFields.read(new byte[0], "a")).isNull();
        assertThat(JsonFields.read(null, "a")).isNull();
    }

    @Test
    void shouldRejectMalformedOrTruncatedTailEvenWhenAllFieldsCameBeforeIt() {
        assertThat(JsonFields.read(b("{\"job_id\":\"j1\",\"status\":\"queued\",\"rest\":[1,"), "job_id", "status"))
                .isNull();
        assertThat(JsonFields.read(b("{\"status\":\"running\", \"x\": }"), "status")).isNull();
        assertThat(JsonFields.read(b("{\"status\":\"running\"} trailing garbage"), "status")).isNull();
        assertThat(JsonFields.read(b("{\"status\":\"running\"}{\"status\":\"completed\"}"), "status")).isNull();
        assertThat(JsonFields.read(b("{\"status\":\"running\",}"), "status")).isNull();
        assertThat(JsonFields.read(b("{\"status\":\"running\"}\r\n  "), "status")).containsExactly("running");
    }
}
