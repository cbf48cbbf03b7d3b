package io.github.agieval.jmeter.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.jmeter.threads.openmodel.ThreadSchedule;
import org.apache.jmeter.threads.openmodel.ThreadScheduleProcessGenerator;
import org.apache.jmeter.threads.openmodel.ThreadScheduleUtils;
import org.junit.jupiter.api.Test;

/**
 * Proves the Artillery → Open Model Thread Group schedules given in {@code docs/elements/threads.md}:
 * they parse with JMeter 5.6.3's own parser, and JMeter's own arrival generator produces the
 * arrivals Artillery's phases would (arrivalRate × duration, or the ramp's average × duration).
 */
class ArtilleryOpenModelMappingTest {

    /** The seed's whole {@code config.phases}, in order, as one schedule. */
    static final String ALL_PHASES = "rate(2/sec) even_arrivals(300 s) rate(2/sec)"
            + " rate(5/sec) even_arrivals(600 s) rate(25/sec)"
            + " rate(25/sec) even_arrivals(1200 s) rate(25/sec)"
            + " rate(25/sec) even_arrivals(600 s) rate(100/sec)"
            + " rate(200/sec) even_arrivals(60 s) rate(200/sec)"
            + " rate(10/sec) even_arrivals(300 s) rate(10/sec)";

    static final String SMOKE = "rate(2/sec) random_arrivals(300 s) rate(2/sec)";
    static final String LOAD = "rate(5/sec) random_arrivals(600 s) rate(25/sec) random_arrivals(1200 s)";
    static final String STRESS = "rate(25/sec) random_arrivals(600 s) rate(100/sec)";
    static final String SPIKE = "rate(200/sec) random_arrivals(60 s) rate(200/sec)";
    static final String COOL_DOWN = "rate(10/sec) random_arrivals(300 s) rate(10/sec)";

    /** Arrivals per window of the schedule, from JMeter's own generator. */
    private static long[] arrivals(String text, double... windowEnds) throws Exception {
        ThreadSchedule schedule = ThreadScheduleUtils.ThreadSchedule(text);
        ThreadScheduleProcessGenerator gen = new ThreadScheduleProcessGenerator(new Random(42), schedule);
        long[] counts = new long[windowEnds.length];
        while (gen.hasNext()) {
            double t = gen.nextDouble();
            for (int i = 0; i < windowEnds.length; i++) {
                if (t < windowEnds[i]) {
                    counts[i]++;
                    break;
                }
            }
        }
        return counts;
    }

    @Test
    void shouldProduceArtilleryArrivalsPerPhaseWhenAllPhasesRunAsOneSchedule() throws Exception {
        assertThat(ThreadScheduleUtils.ThreadSchedule(ALL_PHASES).getTotalDuration()).isEqualTo(3060.0);
        long[] perPhase = arrivals(ALL_PHASES, 300, 900, 2100, 2700, 2760, 3060.000001);
        // smoke 2/s × 300 s; ramp 5→25/s over 600 s = 15 × 600; 25 × 1200; 25→100 over 600 s = 62.5 × 600;
        // spike 200 × 60; cool down 10 × 300 (even arrivals: within one of the exact count)
        long[] expected = {600, 9_000, 30_000, 37_500, 12_000, 3_000};
        for (int i = 0; i < expected.length; i++) {
            assertThat(perPhase[i]).as("phase %d", i + 1).isBetween(expected[i] - 1, expected[i] + 1);
        }
    }

    @Test
    void shouldParseEachPhaseScheduleWhenUsedAlone() throws Exception {
        assertThat(ThreadScheduleUtils.ThreadSchedule(SMOKE).getTotalDuration()).isEqualTo(300.0);
        assertThat(ThreadScheduleUtils.ThreadSchedule(LOAD).getTotalDuration()).isEqualTo(1800.0);
        assertThat(ThreadScheduleUtils.ThreadSchedule(STRESS).getTotalDuration()).isEqualTo(600.0);
        assertThat(ThreadScheduleUtils.ThreadSchedule(SPIKE).getTotalDuration()).isEqualTo(60.0);
        assertThat(ThreadScheduleUtils.ThreadSchedule(COOL_DOWN).getTotalDuration()).isEqualTo(300.0);
        // random (Poisson) arrivals: the count is near rate × duration
        long[] load = arrivals(LOAD, 600, 1800.000001);
        assertThat(load[0]).isBetween(8_700L, 9_300L);
        assertThat(load[1]).isBetween(29_400L, 30_600L);
    }

    @Test
    void shouldDocumentExactlyTheVerifiedSchedulesWhenDocsAreRead() throws Exception {
        Path docs = Path.of(System.getProperty("agieval.project.dir", ".")).resolve("docs/elements/threads.md");
        String text = Files.readString(docs, StandardCharsets.UTF_8);
        for (String s : new String[] {SMOKE, LOAD, STRESS, SPIKE, COOL_DOWN}) {
            assertThat(text).contains(s);
        }
        assertThat(text.replaceAll("\\s+", " ")).contains(ALL_PHASES);
    }
}
