package io.github.agieval.jmeter.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import io.github.agieval.jmeter.kpi.engine.KpiEngine;
import io.github.agieval.jmeter.kpi.parsing.KpiExpressions;

/**
 * Heap the KPI engine retains as samples accumulate: 10 million synthetic samples (by default) are
 * recorded into a {@link KpiEngine} judging ten KPIs (whole run, per label, regex scopes, sliding
 * windows) over 20 labels, with the engine ticking once per simulated second (10,000 samples a
 * second, so 10 million samples are a 1,000-second run: more seconds than the timeline's 600 points,
 * so its merging is exercised). After 0, 1, 2, 5 and 10 million samples the JVM is collected
 * (System.gc() until the used heap stops falling) and the used heap is printed; the difference to
 * the heap before the first sample is what the engine retains.
 *
 * <p>One thread records and ticks (the engine's tick is what the listener's daemon thread does once
 * a second; here it follows a simulated clock so the run takes seconds, not 17 minutes). Not part of
 * the build. Run: {@code src/tools/bench.sh kpi-heap} or
 * {@code java -Xmx1g -cp <test classpath> io.github.agieval.jmeter.bench.KpiHeapBench [samples] [perSecond]}.
 */
public final class KpiHeapBench {

    /** A clock the driver moves forward one simulated second at a time. */
    static final class SimulatedClock extends Clock {
        private volatile long millis;

        SimulatedClock(long startMillis) {
            this.millis = startMillis;
        }

        void advance(long ms) {
            millis += ms;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private KpiHeapBench() {
    }

    public static void main(String[] args) {
        long total = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int perSecond = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        String[] labels = new String[20];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (i % 2 == 0 ? "GET " : "POST ") + "endpoint " + i;
        }
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long base = usedAfterGc(mem); // before the engine exists: its fixed structures count as retained
        SimulatedClock clock = new SimulatedClock(1_700_000_000_000L);
        KpiEngine engine = new KpiEngine(KpiExpressions.parseLines(String.join("\n", List.of(
                "p(95)<1s", "p(99)<2s over 10s", "rate<1%", "availability>=99%",
                "label=GET endpoint 0: p(95)<500 over 10s", "label=GET endpoint 0: p(99.9)<2s",
                "label=POST endpoint 1: rps>1 over 5s", "label~GET .*: avg<200", "label~POST .*: rate<1% over 30s",
                "threads>=1")), "bench"), KpiEngine.Settings.defaults(), clock, reason -> { });
        engine.start();
        System.out.printf(Locale.ROOT, "%n=== KPI engine heap: %,d samples, %,d per simulated second, 20 labels,"
                + " 10 KPIs (4 windowed); Java %s, -Xmx %d MB ===%n", total, perSecond,
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
        long started = usedAfterGc(mem);
        System.out.printf(Locale.ROOT, "before the engine: used heap %.1f MB; engine started, no sample yet: %.1f MB%n",
                base / 1e6, started / 1e6);
        long[] marks = java.util.stream.LongStream.of(1_000_000L, 2_000_000L, 5_000_000L, 10_000_000L, total)
                .filter(m -> m <= total).distinct().sorted().toArray();
        int mark = 0;
        SplittableRandom rnd = new SplittableRandom(42);
        long t0 = System.nanoTime();
        for (long n = 1; n <= total; n++) {
            long now = clock.millis();
            long elapsed = 1 + (long) (-Math.log(1 - rnd.nextDouble()) * 80); // exponential, mean ~80 ms
            boolean ok = rnd.nextInt(1000) != 0;
            engine.record(labels[(int) (n % labels.length)], now - elapsed, now, elapsed, elapsed / 2, 1, ok,
                    ok ? null : "500 Internal Server Error", "local", 20);
            if (n % perSecond == 0) {
                clock.advance(1000);
                engine.tick();
            }
            while (mark < marks.length && n == marks[mark]) {
                long used = usedAfterGc(mem);
                System.out.printf(Locale.ROOT, "after %,11d samples (%,5d s simulated): used heap %.1f MB, "
                        + "retained by the engine %.2f MB%n", n, n / perSecond, used / 1e6, (used - base) / 1e6);
                mark++;
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        engine.finish();
        System.out.printf(Locale.ROOT, "recording took %.1f s incl. GCs (%.0f ns per sample incl. ticks and GCs); "
                + "engine finished (report computed)%n", secs, secs * 1e9 / total);
    }

    private static long usedAfterGc(MemoryMXBean mem) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long used = mem.getHeapMemoryUsage().getUsed();
            if (used >= best) {
                break;
            }
            best = used;
        }
        return best;
    }
}
