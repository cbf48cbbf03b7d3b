package io.github.agieval.jmeter.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private final Settings settings = Settings.of("Stage Thread Group", "Load");

    enum Mode { FIXED, EXPONENTIAL_JITTER }

    @Test
    void shouldUseTheDefaultWhenTheValueIsMissingEmptyOrBlank() {
        assertThat(settings.text("p", null, "d")).isEqualTo("d");
        assertThat(settings.text("p", "", "d")).isEqualTo("d");
        assertThat(settings.text("p", "  ", "d")).isEqualTo("d");
        assertThat(settings.bool("p", "", true)).isTrue();
        assertThat(settings.whole("p", " ", 7, 0, 10)).isEqualTo(7);
        assertThat(settings.decimal("p", "", 0.5, 0, 1)).isEqualTo(0.5);
        assertThat(settings.durationMs("p", "", 30_000, 0, Long.MAX_VALUE)).isEqualTo(30_000);
        assertThat(settings.choice("p", "", Mode.class, Mode.FIXED)).isEqualTo(Mode.FIXED);
    }

    @Test
    void shouldTrimValues() {
        assertThat(settings.text("p", " v ", "d")).isEqualTo("v");
        assertThat(settings.whole("p", " 3 ", 7, 0, 10)).isEqualTo(3);
    }

    @Test
    void shouldAcceptTrueAndFalseInAnyCaseAndRejectOtherWords() {
        assertThat(settings.bool("abort", "TRUE", false)).isTrue();
        assertThat(settings.bool("abort", "False", true)).isFalse();
        assertThatThrownBy(() -> settings.bool("abort", "yes", false))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Stage Thread Group 'Load': property 'abort' = 'yes': must be true or false");
    }

    @Test
    void shouldNameElementPropertyAndValueWhenANumberIsOutOfRange() {
        assertThatThrownBy(() -> settings.wholeInt("port", "99999", 0, 0, 65535))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Stage Thread Group 'Load': property 'port' = '99999': must be a whole number between 0 and 65535")
                .satisfies(e -> {
                    InvalidSettingException ise = (InvalidSettingException) e;
                    assertThat(ise.element()).isEqualTo("Stage Thread Group 'Load'");
                    assertThat(ise.property()).isEqualTo("port");
                    assertThat(ise.value()).isEqualTo("99999");
                });
        assertThatThrownBy(() -> settings.whole("n", "1.5", 0, 0, 10)).hasMessageContaining("whole number");
        assertThatThrownBy(() -> settings.decimal("f", "NaN", 0, 0, 1)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> settings.decimal("f", "1.5", 0, 0, 1)).hasMessageContaining("'1.5'");
    }

    @Test
    void shouldReadDurationsWithUnitsAndBareNumbersAsMilliseconds() {
        assertThat(settings.durationMs("d", "1m30s", 0, 0, Long.MAX_VALUE)).isEqualTo(90_000);
        assertThat(settings.durationMs("d", "250", 0, 0, Long.MAX_VALUE)).isEqualTo(250);
        assertThat(settings.durationMs("d", "2.5", 0, 0, Long.MAX_VALUE)).isEqualTo(3);
        assertThat(settings.durationMs("d", "2.5s", 0, 0, Long.MAX_VALUE)).isEqualTo(2500);
        assertThat(settings.durationMs("d", " ", 7, 0, Long.MAX_VALUE)).isEqualTo(7);
        assertThatThrownBy(() -> settings.durationMs("graceful_ramp_down", "abc", 0, 0, Long.MAX_VALUE))
                .hasMessageStartingWith("Stage Thread Group 'Load': property 'graceful_ramp_down' = 'abc': is not a duration")
                .hasMessageContaining("a number of milliseconds");
        assertThatThrownBy(() -> settings.durationMs("d", "5ms", 0, 10, 1000))
                .hasMessageEndingWith("must be between 10ms and 1s");
    }

    @Test
    void shouldAcceptEnumNamesInAnyCaseWithDashes() {
        assertThat(settings.choice("m", "exponential-jitter", Mode.class, Mode.FIXED)).isEqualTo(Mode.EXPONENTIAL_JITTER);
        assertThatThrownBy(() -> settings.choice("m", "linear", Mode.class, Mode.FIXED))
                .hasMessageEndingWith("must be one of fixed, exponential_jitter");
    }

    @Test
    void shouldRefuseABlankRequiredValue() {
        assertThatThrownBy(() -> settings.required("stages", " ", ""))
                .hasMessage("Stage Thread Group 'Load': property 'stages' = '': must not be empty");
    }

    @Test
    void shouldNameAnUnnamedElementByItsKind() {
        assertThat(Settings.of("KPI Assertions", "").element()).isEqualTo("KPI Assertions");
    }

    @Test
    void shouldParseEveryDurationForm() {
        assertThat(Durations.parseMillis("500ms")).isEqualTo(500);
        assertThat(Durations.parseMillis("1h30m")).isEqualTo(TimeUnit.MINUTES.toMillis(90));
        assertThat(Durations.parseMillis("1.5m")).isEqualTo(90_000);
        assertThat(Durations.parseMillis(" 30S ")).isEqualTo(30_000);
        assertThat(Durations.parseMillis("90")).isEqualTo(90);
        assertThat(Durations.parseMillis("0")).isZero();
        assertThatThrownBy(() -> Durations.parseMillis("-1s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parseMillis("5 m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parseMillis("400d")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parseMillis("9999999999h")).hasMessage("is longer than one year");
        assertThat(Durations.format(90_000)).isEqualTo("90s");
        assertThat(Durations.format(120_000)).isEqualTo("2m");
        assertThat(Durations.format(0)).isEqualTo("0ms");
    }
}
