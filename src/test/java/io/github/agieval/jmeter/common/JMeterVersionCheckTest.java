package io.github.agieval.jmeter.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agieval.jmeter.common.JMeterVersionCheck.Support;
import org.junit.jupiter.api.Test;

class JMeterVersionCheckTest {

    @Test
    void shouldReadSupportedVersionsFromTheBuildWhenLoaded() {
        assertThat(JMeterVersionCheck.MIN_VERSION).isEqualTo("5.6.2");
        assertThat(JMeterVersionCheck.TESTED_VERSIONS).containsExactly("5.6.2", "5.6.3");
        assertThat(JMeterVersionCheck.SUITE_VERSION).isNotBlank().doesNotContain("${");
    }

    @Test
    void shouldSupportTestedVersionsWhenJMeterSpellsThemWithRevision() {
        assertThat(JMeterVersionCheck.classify("5.6.2")).isEqualTo(Support.SUPPORTED);
        assertThat(JMeterVersionCheck.classify("5.6.3")).isEqualTo(Support.SUPPORTED);
        assertThat(JMeterVersionCheck.classify("5.6.3 r1234abc")).isEqualTo(Support.SUPPORTED);
        assertThat(JMeterVersionCheck.message("5.6.3")).isEmpty();
    }

    @Test
    void shouldWarnWhenVersionIsLaterFiveRelease() {
        assertThat(JMeterVersionCheck.classify("5.6.4")).isEqualTo(Support.UNTESTED);
        assertThat(JMeterVersionCheck.classify("5.7-SNAPSHOT")).isEqualTo(Support.UNTESTED);
        assertThat(JMeterVersionCheck.message("5.7")).contains("tested with Apache JMeter 5.6.2, 5.6.3", "not with 5.7");
    }

    @Test
    void shouldRefuseWhenVersionIsOlderOrNextMajorOrUnreadable() {
        assertThat(JMeterVersionCheck.classify("5.6.1")).isEqualTo(Support.UNSUPPORTED);
        assertThat(JMeterVersionCheck.classify("5.5")).isEqualTo(Support.UNSUPPORTED);
        assertThat(JMeterVersionCheck.classify("4.0 r1823414")).isEqualTo(Support.UNSUPPORTED);
        assertThat(JMeterVersionCheck.classify("6.0.0")).isEqualTo(Support.UNSUPPORTED);
        assertThat(JMeterVersionCheck.classify("")).isEqualTo(Support.UNSUPPORTED);
        assertThat(JMeterVersionCheck.classify(null)).isEqualTo(Support.UNSUPPORTED);
        assertThat(JMeterVersionCheck.message("5.5"))
                .contains("need Apache JMeter 5.6.2 or later 5.x", "this is JMeter '5.5'", "will not start");
    }
}
