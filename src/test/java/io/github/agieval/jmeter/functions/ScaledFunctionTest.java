package io.github.agieval.jmeter.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agieval.jmeter.it.JMeterSupport;
import org.apache.jmeter.engine.util.CompoundVariable;
import org.apache.jmeter.util.JMeterUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScaledFunctionTest {

    @BeforeEach
    void jmeter() {
        JMeterSupport.freshVariables();
    }

    @AfterEach
    void clearProperties() {
        JMeterUtils.getJMeterProperties().remove("TIME_SCALE");
        JMeterUtils.getJMeterProperties().remove("RATE_SCALE");
    }

    private static String eval(String expression) {
        return new CompoundVariable(expression).execute();
    }

    @Test
    void shouldMultiplyByTimeScaleWhenAPlanUsesTheFunction() {
        JMeterUtils.setProperty("TIME_SCALE", "0.05");

        assertThat(eval("${__scaled(5000)}")).isEqualTo("250");
        assertThat(eval("${__scaled(${__P(NOT_SET,3000)})}")).isEqualTo("150");
        assertThat(eval("wait ${__scaled(1800)} s")).isEqualTo("wait 90 s");
    }

    @Test
    void shouldKeepTheValueWhenNoTimeScaleIsSet() {
        assertThat(eval("${__scaled(5000)}")).isEqualTo("5000");
    }

    @Test
    void shouldNotGoBelowTheMinimum() {
        JMeterUtils.setProperty("TIME_SCALE", "0.01");

        assertThat(eval("${__scaled(60000,3000)}")).isEqualTo("3000");
        assertThat(eval("${__scaled(20)}")).as("default minimum 1").isEqualTo("1");
        assertThat(eval("${__scaled(20,0)}")).isEqualTo("0");
    }

    @Test
    void shouldReadAnotherFactorPropertyAndKeepDecimalsWhenTheValueHasThem() {
        JMeterUtils.setProperty("RATE_SCALE", "0.25");

        assertThat(eval("${__scaled(2.0,0,RATE_SCALE)}")).isEqualTo("0.5");
        assertThat(eval("${__scaled(25,0,RATE_SCALE)}")).isEqualTo("6");
        assertThat(eval("${__scaled(0.6,,RATE_SCALE)}")).as("decimals: no minimum of 1").isEqualTo("0.15");
    }

    @Test
    void shouldRoundToTheNearestWholeNumber() {
        assertThat(ScaledFunction.scale("1000", "", "TIME_SCALE", "0.0333")).isEqualTo("33");
        assertThat(ScaledFunction.scale("3000", "", "TIME_SCALE", "0.0005")).isEqualTo("2");
    }

    @Test
    void shouldNameTheFunctionAndTheValueWhenTheInputIsNotANumber() {
        assertThatThrownBy(() -> ScaledFunction.scale("5s", "", "TIME_SCALE", "1"))
                .hasMessage("__scaled: value = '5s': must be a number >= 0");
        assertThatThrownBy(() -> ScaledFunction.scale("5000", "", "TIME_SCALE", "fast"))
                .hasMessage("__scaled: property TIME_SCALE = 'fast': must be a number >= 0");
        assertThatThrownBy(() -> ScaledFunction.scale("5000", "", "TIME_SCALE", "-1"))
                .hasMessage("__scaled: property TIME_SCALE = '-1': must be a number >= 0");
    }
}
