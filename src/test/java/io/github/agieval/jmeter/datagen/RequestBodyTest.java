package io.github.agieval.jmeter.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonGenerator;

import io.github.agieval.jmeter.common.Json;

/**
 * The byte path ({@link EvalDataFaker#nextRequestBody()}) against the object path
 * ({@code nextRequest().toJson()}, Jackson): the same text for the same stream, for every kind
 * of settings, so reproducibility and the committed test data do not depend on the path.
 */
class RequestBodyTest {

    private static final String HOSTILE = "quote\" back\\slash ctl\u0001\u001f nul\u0000 line\u2028sep emoji\uD83D\uDE00 caf\u00e9";

    private static GeneratorSettings settings(String... keyValues) {
        GeneratorSettings.Builder builder = GeneratorSettings.builder();
        for (int i = 0; i < keyValues.length; i += 2) {
            builder.set(keyValues[i], keyValues[i + 1]);
        }
        return builder.build();
    }

    private static GeneratorSettings named(String name) {
        return switch (name) {
            case "defaults" -> settings();
            case "short prompts" -> settings("promptCharsMin", "1", "promptCharsMax", "24", "promptsMin", "0");
            case "long words" -> settings("vocabulary", "a bb supercalifragilistic antidisestablishmentarianism x",
                    "promptCharsMin", "2", "promptCharsMax", "120");
            case "japanese" -> settings("locale", "ja");
            case "german" -> settings("locale", "de", "promptCharsMin", "5", "promptCharsMax", "300");
            case "odd temperatures" -> settings("temperatureMin", "0.123", "temperatureMax", "1.7");
            case "big temperatures" -> settings("temperatureMin", "1000000", "temperatureMax", "90000000");
            case "wide numbers" -> settings("maxTokensMin", "0", "maxTokensMax", "2000000000", "timeoutMin", "0",
                    "timeoutMax", "10");
            case "hostile" -> settings("vocabulary", HOSTILE, "models", "gpt\"4,m", "promptCharsMin", "1");
            case "hostile model" -> settings("models", "a\tb,c\\d");
            case "volume" -> settings("promptsMin", "1", "promptsMax", "2", "promptCharsMin", "60000",
                    "promptCharsMax", "70000");
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"defaults", "short prompts", "long words", "japanese", "german", "odd temperatures",
        "big temperatures", "wide numbers", "hostile", "hostile model", "volume"})
    void shouldWriteTheSameTextAsTheObjectPathWhenReseededWithTheSameStream(String name) {
        GeneratorSettings settings = named(name);
        EvalDataFaker bytes = new EvalDataFaker(settings);
        EvalDataFaker objects = new EvalDataFaker(settings);
        int records = name.equals("volume") ? 50 : 5_000;
        for (int i = 0; i < records; i++) {
            long stream = Seeds.derive(42, i);
            objects.reseed(stream);
            EvalRequest expected = objects.nextRequest();
            bytes.reseed(stream);
            RequestBody body = bytes.nextRequestBody();
            String json = expected.toJson();
            assertThat(body.json()).as("record %d", i).isEqualTo(json);
            assertThat(Arrays.copyOf(body.bytes(), body.length())).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
            assertThat(body.model()).isEqualTo(expected.model());
            assertThat(body.benchmark()).isEqualTo(expected.benchmark());
            assertThat(body.promptCount()).isEqualTo(expected.prompts().size());
            assertThat(body.firstPrompt()).isEqualTo(expected.prompts().isEmpty() ? "" : expected.prompts().get(0));
            assertThat(body.temperature()).isEqualTo(expected.temperature());
            assertThat(body.temperatureText()).isEqualTo(Double.toString(expected.temperature()));
            assertThat(body.maxTokens()).isEqualTo(expected.maxTokens());
            assertThat(body.timeout()).isEqualTo(expected.timeout());
            // the next draw is the same too: both paths consumed the same stream
            assertThat(bytes.nextScenario(null)).isEqualTo(objects.nextScenario(null));
        }
    }

    @Test
    void shouldWriteTheWholeRangeOfTheBytePathWhenPromptsAreShort() {
        // prompts of 1 to 24 characters often cannot be filled with whole words: the string way is taken
        // for them inside a byte-path request, and the text must still match
        EvalDataFaker faker = new EvalDataFaker(settings("promptCharsMin", "20", "promptCharsMax", "21"));
        for (int i = 0; i < 1000; i++) {
            faker.reseed(i);
            RequestBody body = faker.nextRequestBody();
            assertThat(Json.parse(body.json()).get("prompts")).allSatisfy(p -> assertThat(p.asText()).hasSizeBetween(20, 21));
        }
    }

    @Test
    void shouldEscapeTextAsJacksonDoesWhenTextNeedsEscapes() {
        String text = HOSTILE + " \b\t\n\f\r\u007f \u0019 /</script>";
        RequestBody body = new RequestBody();
        body.putJsonText(text);
        StringWriter out = new StringWriter();
        try (JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
            json.writeString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String jackson = out.toString();
        assertThat(new String(body.bytes(), 0, body.length(), StandardCharsets.UTF_8))
                .isEqualTo(jackson.substring(1, jackson.length() - 1));
    }

    @Test
    void shouldWriteIntsAsIntegerToStringDoesWhenAnyValue() {
        for (int value : new int[] {0, 7, 10, 99, 100, 2000, 65536, Integer.MAX_VALUE, -1, Integer.MIN_VALUE}) {
            RequestBody body = new RequestBody();
            body.putInt(value);
            assertThat(new String(body.bytes(), 0, body.length(), StandardCharsets.US_ASCII))
                    .isEqualTo(Integer.toString(value));
        }
    }

    @Test
    void shouldTakeTheBytePathWhenWordsNeedNoEscapeAndTheStringPathOtherwise() {
        assertThat(WordTable.of(java.util.Locale.ENGLISH, java.util.List.of()).fast()).isTrue();
        assertThat(WordTable.of(java.util.Locale.ENGLISH, java.util.List.of("ok", "fine")).fast()).isTrue();
        assertThat(WordTable.of(java.util.Locale.ENGLISH, java.util.List.of("ok", "qu\"ote")).fast()).isFalse();
        assertThat(WordTable.of(java.util.Locale.ENGLISH, java.util.List.of("lone\uD800")).fast()).isFalse();
    }
}
