package io.github.agieval.jmeter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agieval.jmeter.common.InvalidSettingException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExporterSettingsTest {

    private static ExporterSettings read(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return ExporterSettings.read("Prometheus", m, () -> "host:42");
    }

    @Test
    void shouldBeOffWithDefaultsWhenNothingIsSet() {
        ExporterSettings s = read();
        assertThat(s.off()).isTrue();
        assertThat(s.listenAddress()).isEqualTo("127.0.0.1");
        assertThat(s.engine()).isEqualTo("host:42");
        assertThat(s.job()).isEqualTo("jmeter");
        assertThat(s.pushIntervalMs()).isEqualTo(15_000);
        assertThat(s.responseTimeBuckets()).startsWith(0.005, 0.01).endsWith(60.0);
        assertThat(s.includeSubResults()).isFalse();
        assertThat(s.maxLabels()).isEqualTo(200);
    }

    @Test
    void shouldReadPullAndPushSettingsWhenGiven() {
        ExporterSettings s = read("port", " 9270 ", "pushgatewayUrl", "http://127.0.0.1:9091/", "pushInterval", "2000",
                "engine", "e1", "responseTimeBucketsMs", "1, 2.5,1000", "includeSubResults", "TRUE");
        assertThat(s.off()).isFalse();
        assertThat(s.port()).isEqualTo(9270);
        assertThat(s.pushgatewayAddress()).isEqualTo("127.0.0.1:9091");
        assertThat(s.pushIntervalMs()).isEqualTo(2000);
        assertThat(s.engine()).isEqualTo("e1");
        assertThat(s.responseTimeBuckets()).containsExactly(0.001, 0.0025, 1.0);
        assertThat(s.includeSubResults()).isTrue();
        assertThat(read("pushgatewayUrl", "https://gw.example").pushgatewayAddress()).isEqualTo("gw.example:443");
    }

    @Test
    void shouldNameElementParameterAndValueWhenPortIsOutOfRange() {
        assertThatThrownBy(() -> read("port", "99999")).isInstanceOf(InvalidSettingException.class)
                .hasMessage("Prometheus exporter (Backend Listener) 'Prometheus': property 'port' = '99999':"
                        + " must be a whole number between 0 and 65535");
        assertThatThrownBy(() -> read("port", "nine")).hasMessageContaining("property 'port' = 'nine'");
    }

    @Test
    void shouldRefuseWhenPushgatewayUrlIsNoBaseHttpUrl() {
        assertThatThrownBy(() -> read("pushgatewayUrl", "127.0.0.1:9091"))
                .hasMessageContaining("property 'pushgatewayUrl' = '127.0.0.1:9091'")
                .hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> read("pushgatewayUrl", "http://exa mple:1")).hasMessageContaining("must be a URL");
        assertThatThrownBy(() -> read("pushgatewayUrl", "http://127.0.0.1:9091/metrics/job/x"))
                .hasMessageContaining("base URL");
        assertThatThrownBy(() -> read("pushgatewayUrl", "ftp://h:1")).hasMessageContaining("http:// or https://");
    }

    @Test
    void shouldNameParameterAndValueWhenRegexBucketsOrNumbersAreBad() {
        assertThatThrownBy(() -> read("labelRegex", "Login(")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("property 'labelRegex' = 'Login('")
                .hasMessageContaining("regular expression");
        assertThatThrownBy(() -> read("responseTimeBucketsMs", "10,5"))
                .hasMessageContaining("property 'responseTimeBucketsMs' = '10,5'").hasMessageContaining("ascending");
        assertThatThrownBy(() -> read("jobTimeBucketsMs", "0,5")).hasMessageContaining("above 0");
        assertThatThrownBy(() -> read("responseTimeBucketsMs", "a")).hasMessageContaining("comma-separated");
        assertThatThrownBy(() -> read("includeSubResults", "yes")).hasMessageContaining("true or false");
        assertThatThrownBy(() -> read("maxLabels", "0")).hasMessageContaining("property 'maxLabels' = '0'");
        assertThatThrownBy(() -> read("pushInterval", "0s")).hasMessageContaining("property 'pushInterval'");
        assertThatThrownBy(() -> read("port", "9270", "listenAddress", "no.such.host.invalid"))
                .hasMessageContaining("property 'listenAddress' = 'no.such.host.invalid'");
    }
}
