package io.github.agieval.jmeter.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void shouldRejectTrailingContentWhenParsingWholeDocuments() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.parse("{\"a\":1} junk"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.parse("{\"a\":1}{\"b\":2}".getBytes(
                StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Json.parse("{\"a\":1}\n").get("a").asInt()).isEqualTo(1);
    }
}
