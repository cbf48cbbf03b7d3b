package io.github.agieval.jmeter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencyTest {

    private static long[] samples(Latency l, int n) {
        Random r = new Random(42);
        return LongStream.range(0, n).map(i -> l.sampleMillis(r)).toArray();
    }

    @Test
    void shouldRoundTripSpecs() {
        for (String spec : new String[] {"none", "fixed:50", "uniform:10,100", "normal:100,20", "exponential:40",
            "normal:12.5,3"}) {
            assertThat(Latency.parse(spec).toString()).isEqualTo(spec);
            assertThat(Latency.parse(Latency.parse(spec).toString())).isEqualTo(Latency.parse(spec));
        }
        assertThat(Latency.parse(" Uniform:10, 100 ").toString()).isEqualTo("uniform:10,100");
        assertThat(Latency.parse("")).isSameAs(Latency.NONE);
        assertThat(Latency.fixed(0).isNone()).isTrue();
    }

    @Test
    void shouldDrawFromTheDistribution() {
        assertThat(samples(Latency.fixed(70), 100)).containsOnly(70);
        assertThat(LongStream.of(samples(Latency.uniform(10, 20), 10_000)).min().orElseThrow()).isEqualTo(10);
        assertThat(LongStream.of(samples(Latency.uniform(10, 20), 10_000)).max().orElseThrow()).isEqualTo(20);
        double normalMean = LongStream.of(samples(Latency.normal(100, 10), 20_000)).average().orElseThrow();
        assertThat(normalMean).isBetween(99.0, 101.0);
        double expMean = LongStream.of(samples(Latency.exponential(50), 20_000)).average().orElseThrow();
        assertThat(expMean).isBetween(48.0, 52.0);
        assertThat(LongStream.of(samples(Latency.normal(5, 50), 1000)).min().orElseThrow()).isZero();
        assertThat(samples(Latency.fixed(10_000_000), 1)).containsOnly(Latency.MAX_MS);
    }

    @Test
    void shouldNameTheBadSpec() {
        assertThatThrownBy(() -> Latency.parse("gauss:1,2")).hasMessageContaining("bad latency 'gauss:1,2'")
                .hasMessageContaining("unknown distribution 'gauss'");
        assertThatThrownBy(() -> Latency.parse("uniform:5")).hasMessageContaining("expected 2 parameter(s)");
        assertThatThrownBy(() -> Latency.parse("uniform:9,3")).hasMessageContaining("MIN <= MAX");
        assertThatThrownBy(() -> Latency.parse("fixed:-1")).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> Latency.parse("fixed:abc")).hasMessageContaining("numbers of milliseconds");
        assertThatThrownBy(() -> Latency.parse("fixed")).hasMessageContaining("expected 1 parameter(s)");
    }
}
