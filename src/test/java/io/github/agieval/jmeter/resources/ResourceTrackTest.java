package io.github.agieval.jmeter.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ResourceTrackTest {

    private static final ResourceQuery Q = ResourceQuery.of("q");

    @Test
    void shouldJudgeAverageAfterGraceWhenWholeRun() {
        ResourceTrack t = new ResourceTrack("cpu_utilization", Q, 10_000, 0, true, 100);
        t.add(0, 0.9);
        t.add(5_000, 0.9);
        assertThat(t.judged().value()).as("only values in the grace period").isNull();
        t.add(10_000, 0.2);
        t.add(15_000, 0.4);
        assertThat(t.judged().value()).isCloseTo(0.3, within(1e-9));
        assertThat(t.judged().detail()).contains("average of 2 values of q after a grace period of 10s");
        assertThat(t.points()).hasSize(4);
    }

    @Test
    void shouldKeepWorstWindowAverageWhenWindowed() {
        ResourceTrack t = new ResourceTrack("cpu_utilization", Q, 0, 10_000, true, 100);
        t.add(0, 0.1);
        t.add(5_000, 0.3);
        assertThat(t.judged().fullWindow()).isFalse();
        assertThat(t.judged().value()).isCloseTo(0.2, within(1e-9));
        assertThat(t.judged().detail()).startsWith("no full 10s window yet");
        t.add(10_000, 0.9); // window (0, 10 s]: 0.3, 0.9
        t.add(15_000, 0.1); // window (5, 15]: 0.9, 0.1
        t.add(20_000, 0.1); // 0.1, 0.1
        assertThat(t.judged().value()).isCloseTo(0.6, within(1e-9));
        assertThat(t.judged().detail()).startsWith("worst 10s window ended at 10s (average of 2 values of q)");
    }

    @Test
    void shouldTakeLowestWindowWhenHigherIsBetter() {
        ResourceTrack t = new ResourceTrack("x", Q, 0, 2_000, false, 100);
        for (int s = 0; s <= 10; s++) {
            t.add(s * 1000L, s == 6 ? 0.0 : 1.0);
        }
        assertThat(t.judged().value()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void shouldBoundChartAndKeepAverageWhenManyValues() {
        ResourceTrack t = new ResourceTrack("x", Q, 0, 0, true, 10);
        for (int i = 0; i < 1000; i++) {
            t.add(i * 1000L, i % 2);
        }
        assertThat(t.points()).hasSizeLessThan(10).allSatisfy(p -> assertThat(p.value()).isCloseTo(0.5, within(0.5)));
        assertThat(t.points().get(0).tMs()).isZero();
        assertThat(t.judged().value()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void shouldReportFailedQueriesWhenSomeFailed() {
        ResourceTrack t = new ResourceTrack("x", Q, 0, 0, true, 10);
        t.failed("boom");
        assertThat(t.judged().value()).isNull();
        assertThat(t.judged().detail()).contains("1 queries failed (last: boom)");
        assertThat(t.failures()).isEqualTo(1);
    }
}
