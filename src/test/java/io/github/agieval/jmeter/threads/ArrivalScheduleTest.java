package io.github.agieval.jmeter.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {

    private static List<Double> all(ArrivalSchedule s, long seed) {
        List<Double> out = new ArrayList<>();
        ArrivalSchedule.Arrivals a = s.arrivals(new Random(seed));
        while (a.hasNext()) {
            out.add(a.nextSeconds());
        }
        return out;
    }

    @Test
    void shouldSpaceEvenArrivalsAtTheRateWhenTheRateHolds() {
        ArrivalSchedule s = ArrivalSchedule.parse("rate(10/sec) even_arrivals(2 s)");
        List<Double> t = all(s, 1);
        assertThat(t).hasSize(20);
        assertThat(s.expectedArrivals()).isEqualTo(20);
        assertThat(s.totalDurationMs()).isEqualTo(2000);
        for (int i = 0; i < t.size(); i++) {
            assertThat(t.get(i)).isCloseTo(i * 0.1, within(1e-9));
        }
    }

    @Test
    void shouldRampAndPauseAsTheOpenModelThreadGroupWhenStepsFollowEachOther() {
        // 0 -> 20/s over 10 s: 100 arrivals, denser at the end; then 5 s without arrivals; then 2/s for 5 s
        ArrivalSchedule s = ArrivalSchedule.parse(
                "/* ramp */ rate(0) even_arrivals(10 s) rate(20/sec) pause(5 s) rate(2/sec) random_arrivals(5 s)");
        List<Double> t = all(s, 42);
        assertThat(s.totalDurationMs()).isEqualTo(20_000);
        assertThat(s.peakRate()).isEqualTo(20.0);
        assertThat(t).hasSize(100 + 10).isSorted();
        long firstHalf = t.stream().filter(x -> x < 5).count();
        assertThat(firstHalf).as("a linear ramp from 0 puts a quarter of its arrivals in its first half")
                .isBetween(24L, 26L);
        assertThat(t.stream().filter(x -> x >= 10 && x < 15)).as("the pause").isEmpty();
        assertThat(t.subList(100, 110)).allSatisfy(x -> assertThat(x).isBetween(15.0, 20.0));
    }

    @Test
    void shouldDrawTheSameRandomArrivalsWhenTheSeedIsTheSame() {
        ArrivalSchedule s = ArrivalSchedule.parse("rate(50/min) random_arrivals(1 min)");
        assertThat(all(s, 7)).hasSize(50).isEqualTo(all(s, 7)).isNotEqualTo(all(s, 8));
    }

    @Test
    void shouldExplainThePositionWhenTheScheduleIsInvalid() {
        assertThatThrownBy(() -> ArrivalSchedule.parse("rate(10/sec) even_arrivals(2 parsecs)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unexpected time unit parsecs");
        assertThatThrownBy(() -> ArrivalSchedule.parse("  "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void shouldNameElementPropertyAndValueWhenTheGroupHasABadSchedule() {
        ArrivalRateThreadGroup g = new ArrivalRateThreadGroup();
        g.setName("Peers");
        g.setSchedule("rate(10/sec) evenly(2 s)");
        assertThatThrownBy(g::schedule)
                .hasMessageContaining("Arrival-Rate Thread Group")
                .hasMessageContaining("Peers")
                .hasMessageContaining(ArrivalRateThreadGroup.SCHEDULE)
                .hasMessageContaining("evenly(2 s)");
        g.setMaxUsers("0");
        assertThatThrownBy(g::maxUsers).hasMessageContaining(ArrivalRateThreadGroup.MAX_USERS);
        assertThat(g.getNumThreads()).isZero();
    }
}
