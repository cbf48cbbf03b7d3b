package io.github.agieval.jmeter.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agieval.jmeter.common.InvalidSettingException;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeneratorSettingsTest {

    @Test
    void shouldUseTheSeedsVocabulariesAndRangesWhenNothingIsSet() {
        GeneratorSettings s = GeneratorSettings.defaults();
        assertThat(s.models()).containsExactly("gpt-4", "gpt-3.5-turbo", "claude-3-opus", "claude-3-sonnet");
        assertThat(s.benchmarks()).containsExactly("mmlu", "humaneval", "truthfulqa", "hellaswag");
        assertThat(List.of(s.promptsMin(), s.promptsMax(), s.promptCharsMin(), s.promptCharsMax()))
                .containsExactly(1, 10, 20, 200);
        assertThat(s.temperatureMin()).isEqualTo(0.0);
        assertThat(s.temperatureMax()).isEqualTo(1.0);
        assertThat(List.of(s.maxTokensMin(), s.maxTokensMax(), s.timeoutMin(), s.timeoutMax()))
                .containsExactly(100, 2000, 30, 300);
        assertThat(List.of(s.thinkTimeMinMs(), s.thinkTimeMaxMs())).containsExactly(1000L, 5000L);
        assertThat(List.of(s.sessionMinS(), s.sessionMaxS())).containsExactly(300, 3600);
        assertThat(s.actionSequences()).containsExactly(
                List.of("login", "list_models", "start_evaluation", "check_status", "download_results", "logout"),
                List.of("login", "view_dashboard", "compare_models", "export_data", "logout"),
                List.of("login", "upload_dataset", "create_benchmark", "run_evaluation", "logout"));
        assertThat(s.locale()).isEqualTo(Locale.ENGLISH);
        assertThat(s.seed()).isNull();
        assertThat(s.vocabulary()).isEmpty();
    }

    @Test
    void shouldTrimListsAndParseEveryValueWhenSet() {
        GeneratorSettings s = GeneratorSettings.builder()
                .set("models", " a , b ")
                .set("promptCharsMax", "65536")
                .set("temperatureMax", "1.5")
                .set("actionSequences", "login, logout\n\n  login ,list_models  \n")
                .set("locale", "de_AT")
                .set("seed", " -42 ")
                .set("vocabulary", " alpha  beta\tgamma ")
                .build();
        assertThat(s.models()).containsExactly("a", "b");
        assertThat(s.promptCharsMax()).isEqualTo(65536);
        assertThat(s.temperatureMax()).isEqualTo(1.5);
        assertThat(s.actionSequences()).containsExactly(List.of("login", "logout"), List.of("login", "list_models"));
        assertThat(s.locale()).isEqualTo(Locale.forLanguageTag("de-AT"));
        assertThat(s.seed()).isEqualTo(-42L);
        assertThat(s.vocabulary()).containsExactly("alpha", "beta", "gamma");
    }

    @ParameterizedTest
    @CsvSource({
        "promptsMin, 5, promptsMax, 4",
        "promptCharsMin, 300, promptCharsMax, 200",
        "temperatureMin, 0.9, temperatureMax, 0.5",
        "maxTokensMin, 2001, maxTokensMax, 2000",
        "timeoutMin, 301, timeoutMax, 300",
        "thinkTimeMinMs, 6000, thinkTimeMaxMs, 5000",
        "sessionMinS, 3601, sessionMaxS, 3600",
    })
    void shouldNameTheMaximumWhenMinimumIsAboveIt(String minKey, String min, String maxKey, String max) {
        assertThatThrownBy(() -> GeneratorSettings.builder().set(minKey, min).set(maxKey, max).build())
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.property()).isEqualTo(maxKey);
                    assertThat(e.value()).isEqualTo(max);
                })
                .hasMessage("AGI Data Generator: property '" + maxKey + "' = '" + max + "': must not be below " + minKey + " = " + min);
    }

    @ParameterizedTest
    @CsvSource({
        "promptsMin, -1",
        "promptCharsMin, -3",
        "maxTokensMin, -100",
        "timeoutMin, -1",
        "thinkTimeMinMs, -1",
        "sessionMinS, -60",
    })
    void shouldRejectNegativeCountsWhenSet(String key, String value) {
        assertThatThrownBy(() -> GeneratorSettings.builder().set(key, value).build())
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.property()).isEqualTo(key))
                .hasMessageStartingWith("AGI Data Generator: property '" + key + "' = '" + value + "': must be between ");
    }

    @Test
    void shouldRejectPromptCountsAndSizesBeyondTheLimits() {
        assertThatThrownBy(() -> GeneratorSettings.builder().set("promptsMax", "10001").build())
                .hasMessage("AGI Data Generator: property 'promptsMax' = '10001': must be between 0 and 10000");
        assertThatThrownBy(() -> GeneratorSettings.builder().set("promptCharsMax", "16777217").build())
                .hasMessage("AGI Data Generator: property 'promptCharsMax' = '16777217': must be between 1 and 16777216");
        assertThatThrownBy(() -> GeneratorSettings.builder().set("temperatureMin", "-0.1").build())
                .hasMessage("AGI Data Generator: property 'temperatureMin' = '-0.1': must be a finite number >= 0");
        assertThatThrownBy(() -> GeneratorSettings.builder().set("temperatureMax", "NaN").build())
                .hasMessage("AGI Data Generator: property 'temperatureMax' = 'NaN': must be a finite number >= 0");
    }

    @Test
    void shouldRejectEmptyVocabulariesWhenModelsOrBenchmarksAreBlank() {
        assertThatThrownBy(() -> GeneratorSettings.builder().set("models", "  ").build())
                .hasMessage("AGI Data Generator: property 'models' = '': must list at least one value (comma-separated)");
        assertThatThrownBy(() -> GeneratorSettings.builder().set("benchmarks", "mmlu,,hellaswag").build())
                .hasMessage("AGI Data Generator: property 'benchmarks' = 'mmlu,,hellaswag': has an empty entry (check the commas)");
        assertThatThrownBy(() -> GeneratorSettings.builder().set("actionSequences", " \n \n").build())
                .isInstanceOfSatisfying(InvalidSettingException.class,
                        e -> assertThat(e.property()).isEqualTo("actionSequences"))
                .hasMessageEndingWith("must hold at least one sequence (one per line, actions separated by commas)");
        assertThatThrownBy(() -> GeneratorSettings.builder().set("actionSequences", "login,,logout").build())
                .hasMessage("AGI Data Generator: property 'actionSequences' = 'login,,logout': has an empty action (check the commas)");
    }

    @Test
    void shouldRejectUnknownLocaleAndNonNumericValues() {
        assertThatThrownBy(() -> GeneratorSettings.builder().set("locale", "xx").build())
                .hasMessage("AGI Data Generator: property 'locale' = 'xx': is not a locale Datafaker has data for (e.g. en, en-GB, de, fr, ja)");
        assertThatThrownBy(() -> GeneratorSettings.builder().set("locale", "").build())
                .hasMessage("AGI Data Generator: property 'locale' = '': must name a locale, e.g. en or de-AT");
        assertThatThrownBy(() -> GeneratorSettings.builder().set("seed", "forty-two").build())
                .hasMessage("AGI Data Generator: property 'seed' = 'forty-two': must be empty (random) or a whole number");
        assertThatThrownBy(() -> GeneratorSettings.builder().set("maxTokensMax", "2k").build())
                .hasMessage("AGI Data Generator: property 'maxTokensMax' = '2k': is not a whole number");
        assertThat(GeneratorSettings.builder().set("locale", "ja").build().locale()).isEqualTo(Locale.JAPANESE);
    }

    @Test
    void shouldRefuseUnknownKeysWhenSetting() {
        assertThatThrownBy(() -> GeneratorSettings.builder().set("modells", "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no such setting: modells");
    }
}
