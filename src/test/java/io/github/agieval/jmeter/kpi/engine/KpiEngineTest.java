package io.github.agieval.jmeter.kpi.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.github.agieval.jmeter.kpi.parsing.KpiExpressions;

class KpiEngineTest {

    private static final long T0 = 1_700_000_000_000L;

    private final MutableClock clock = new MutableClock(T0);
    private final List<String> stops = new ArrayList<>();

    private KpiEngine engine(KpiEngine.Settings settings, String... lines) {
        KpiEngine e = new KpiEngine(KpiExpressions.parseLines(String.join("\n", lines), "test"), settings, clock,
                stops::add);
        e.start();
        return e;
    }

    private KpiEngine engine(String... lines) {
        return engine(KpiEngine.Settings.defaults(), lines);
    }

    /** One sample as the tests feed it, kept to compute the expected values independently. */
    record S(String label, long start, long elapsed, long latency, long connect, boolean ok) {
        long end() {
            return start + elapsed;
        }
    }

    private static void feed(KpiEngine e, S s) {
        e.record(s.label(), s.start(), s.end(), s.elapsed(), s.latency(), s.connect(), s.ok(),
                s.ok() ? null : "500 Internal Server Error", "local", 1);
    }

    /** Nearest rank: the ceil(p/100 * n)-th smallest value. */
    private static long nearestRank(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.length / 100.0 - 1e-9);
        return sorted[Math.max(1, rank) - 1];
    }

    private static double observed(KpiRun run, String name) {
        return run.outcomes.stream().filter(o -> o.kpi().name().equals(name)).findFirst().orElseThrow().observed();
    }

    private static Verdict verdict(KpiRun run, String name) {
        return run.outcomes.stream().filter(o -> o.kpi().name().equals(name)).findFirst().orElseThrow().verdict();
    }

    @Test
    void shouldComputeEveryMetricExactlyFromTheSameSamples() {
        Random rnd = new Random(42);
        List<S> samples = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            long elapsed = rnd.nextInt(2000);
            samples.add(new S(i % 3 == 0 ? "Login" : "Submit Evaluation", T0 + 10 + i * 7L, elapsed,
                    elapsed / 2 + rnd.nextInt(5), rnd.nextInt(40), rnd.nextInt(50) != 0));
        }
        String[] lines = {"p(50)<1000", "p(90)<1000", "p(95)<1000", "p(99)<1000", "p(99.9)<5000", "avg<1000",
            "min<1000", "max<1000", "latency.p(95)<100", "latency.avg<100", "connect.p(99)<100", "connect.max<100",
            "rate<0.01", "availability>0.99", "rps>100", "count>500", "errors<5",
            "label=Login: p(95)<1000", "label=Login: count>=334", "label~Sub.*: rate<1%"};
        KpiEngine e = engine(lines);
        samples.forEach(s -> feed(e, s));
        clock.advance(7100);
        KpiRun run = e.finish();

        long[] el = samples.stream().mapToLong(S::elapsed).toArray();
        long[] lat = samples.stream().mapToLong(S::latency).toArray();
        long[] con = samples.stream().mapToLong(S::connect).toArray();
        long errors = samples.stream().filter(s -> !s.ok()).count();
        long first = samples.stream().mapToLong(S::start).min().getAsLong();
        long last = samples.stream().mapToLong(S::end).max().getAsLong();
        assertThat(observed(run, "p(50)<1000")).isEqualTo(nearestRank(el, 50));
        assertThat(observed(run, "p(90)<1000")).isEqualTo(nearestRank(el, 90));
        assertThat(observed(run, "p(95)<1000")).isEqualTo(nearestRank(el, 95));
        assertThat(observed(run, "p(99)<1000")).isEqualTo(nearestRank(el, 99));
        assertThat(observed(run, "p(99.9)<5000")).isEqualTo(nearestRank(el, 99.9));
        assertThat(observed(run, "avg<1000")).isCloseTo(Arrays.stream(el).average().getAsDouble(), within(1e-9));
        assertThat(observed(run, "min<1000")).isEqualTo(Arrays.stream(el).min().getAsLong());
        assertThat(observed(run, "max<1000")).isEqualTo(Arrays.stream(el).max().getAsLong());
        assertThat(observed(run, "latency.p(95)<100")).isEqualTo(nearestRank(lat, 95));
        assertThat(observed(run, "latency.avg<100")).isCloseTo(Arrays.stream(lat).average().getAsDouble(),
                within(1e-9));
        assertThat(observed(run, "connect.p(99)<100")).isEqualTo(nearestRank(con, 99));
        assertThat(observed(run, "connect.max<100")).isEqualTo(Arrays.stream(con).max().getAsLong());
        assertThat(observed(run, "rate<0.01")).isEqualTo(errors / 1000.0);
        assertThat(observed(run, "availability>0.99")).isEqualTo(1 - errors / 1000.0);
        assertThat(observed(run, "rps>100")).isCloseTo(1000 * 1000.0 / (last - first), within(1e-9));
        assertThat(observed(run, "count>500")).isEqualTo(1000.0);
        assertThat(observed(run, "errors<5")).isEqualTo(errors);
        long[] login = samples.stream().filter(s -> s.label().equals("Login")).mapToLong(S::elapsed).toArray();
        assertThat(observed(run, "label=Login: p(95)<1000")).isEqualTo(nearestRank(login, 95));
        assertThat(observed(run, "label=Login: count>=334")).isEqualTo(334.0);
        long subErrors = samples.stream().filter(s -> s.label().startsWith("Sub") && !s.ok()).count();
        assertThat(observed(run, "label~Sub.*: rate<1%")).isEqualTo(subErrors / 666.0);

        assertThat(verdict(run, "p(50)<1000")).isEqualTo(nearestRank(el, 50) < 1000 ? Verdict.PASS : Verdict.FAIL);
        assertThat(verdict(run, "max<1000")).isEqualTo(Verdict.FAIL);
        assertThat(verdict(run, "count>500")).isEqualTo(Verdict.PASS);
        assertThat(run.all.count()).isEqualTo(1000);
        assertThat(run.byLabel.get("Login").count()).isEqualTo(334);
        assertThat(run.byLabel.get("Submit Evaluation").count()).isEqualTo(666);
        assertThat(run.all.errorTypes()).containsExactly(java.util.Map.entry("500 Internal Server Error", errors));
    }

    @Test
    void shouldFailWindowKpiOnWorstWindowWhenWholeRunPasses() {
        KpiEngine e = engine("p(95)<500 over 3s", "p(95)<1000", "rps>=10 over 2s");
        // 20 one-second slots, 10 samples each; seconds 10..12 are slow (900 ms)
        for (int sec = 0; sec < 20; sec++) {
            for (int i = 0; i < 10; i++) {
                long elapsed = sec >= 10 && sec <= 12 ? 900 : 100;
                feed(e, new S("GET /", T0 + sec * 1000L + i * 10, elapsed, 1, 0, true));
            }
            clock.advance(1000);
            e.tick();
        }
        KpiRun run = e.finish();

        KpiOutcome windowed = run.outcomes.get(0);
        assertThat(windowed.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(windowed.observed()).isEqualTo(900.0);
        assertThat(windowed.detail()).isEqualTo("worst 3s window ended at 11s (30 samples)");
        assertThat(run.outcomes.get(1).verdict()).isEqualTo(Verdict.PASS);
        assertThat(run.outcomes.get(1).observed()).isEqualTo(900.0);
        assertThat(run.outcomes.get(2).observed()).isEqualTo(10.0);
        assertThat(run.outcomes.get(2).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void shouldReportLowestWindowThroughputWhenLoadDrops() {
        KpiEngine e = engine("rps>=8 over 2s");
        int[] perSecond = {10, 10, 10, 2, 4, 10, 10};
        for (int sec = 0; sec < perSecond.length; sec++) {
            for (int i = 0; i < perSecond[sec]; i++) {
                feed(e, new S("GET /", T0 + sec * 1000L + i, 5, 1, 0, true));
            }
            clock.advance(1000);
            e.tick();
        }
        KpiRun run = e.finish();

        assertThat(run.outcomes.get(0).observed()).isEqualTo(3.0);
        assertThat(run.outcomes.get(0).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void shouldJudgeRunShorterThanWindowOverWhatThereIs() {
        KpiEngine e = engine("p(95)<500 over 30s");
        feed(e, new S("GET /", T0, 200, 1, 0, true));
        clock.advance(1000);
        e.tick();
        feed(e, new S("GET /", T0 + 1000, 300, 1, 0, true));
        clock.advance(500);
        KpiRun run = e.finish();

        assertThat(run.outcomes.get(0).observed()).isEqualTo(300.0);
        assertThat(run.outcomes.get(0).verdict()).isEqualTo(Verdict.PASS);
        assertThat(run.outcomes.get(0).detail()).isEqualTo("run shorter than the window: over 1.5s (2 samples)");
    }

    @Test
    void shouldIgnoreGracePeriodForKpisButReportAllSamples() {
        KpiEngine.Settings grace = KpiEngine.Settings.defaults().withGrace(Duration.ofSeconds(5));
        KpiEngine withGrace = engine(grace, "p(99)<500", "rate<0.01", "count>=50");
        List<S> samples = new ArrayList<>();
        for (int sec = 0; sec < 10; sec++) {
            for (int i = 0; i < 10; i++) {
                boolean rampUp = sec < 5;
                samples.add(new S("GET /", T0 + sec * 1000L + i, rampUp ? 2000 : 100, 1, 0, !rampUp || i > 0));
            }
        }
        KpiEngine noGrace = engine("p(99)<500", "rate<0.01", "count>=50");
        for (int sec = 0; sec < 10; sec++) {
            for (int i = 0; i < 10; i++) {
                feed(withGrace, samples.get(sec * 10 + i));
                feed(noGrace, samples.get(sec * 10 + i));
            }
            clock.advance(1000);
            withGrace.tick();
            noGrace.tick();
        }
        KpiRun run = withGrace.finish();
        KpiRun plain = noGrace.finish();

        assertThat(run.outcomes).extracting(KpiOutcome::verdict).containsOnly(Verdict.PASS);
        assertThat(run.outcomes.get(0).observed()).isEqualTo(100.0);
        assertThat(run.outcomes.get(2).observed()).isEqualTo(50.0);
        assertThat(run.outcomes.get(0).detail()).isEqualTo("50 samples after a grace period of 5s");
        assertThat(run.all.count()).isEqualTo(100);
        assertThat(run.all.errors()).isEqualTo(5);
        assertThat(run.counted.count()).isEqualTo(50);
        assertThat(plain.outcomes.get(0).observed()).isEqualTo(2000.0);
        assertThat(plain.outcomes.get(1).observed()).isEqualTo(0.05);
        assertThat(plain.outcomes).extracting(KpiOutcome::verdict)
                .containsExactly(Verdict.FAIL, Verdict.FAIL, Verdict.PASS);
    }

    @Test
    void shouldAbortOnceAfterDelayWhenKpiFails() {
        KpiEngine e = engine(KpiEngine.Settings.defaults().withAbort(true, Duration.ofSeconds(10)),
                "count>1000000", "rate<0.01");
        for (int sec = 0; sec < 15; sec++) {
            feed(e, new S("GET /", T0 + sec * 1000L, 5, 1, 0, false));
            clock.advance(1000);
            e.tick();
            if (sec < 9) {
                assertThat(stops).as("no abort before the delay, second %d", sec).isEmpty();
                assertThat(e.liveOutcomes().get(1).verdict()).isEqualTo(Verdict.FAIL);
            }
        }

        assertThat(stops).containsExactly(
                "KPI failed: rate<0.01 (observed 100%, threshold <1%) at 10s");
        assertThat(e.abortReason()).isEqualTo(stops.get(0));
        assertThat(e.finish().abortReason).isEqualTo(stops.get(0));
    }

    @Test
    void shouldNotAbortOnFloorOfGrowingMetricWhenRunIsYoung() {
        KpiEngine e = engine(KpiEngine.Settings.defaults().withAbort(true, Duration.ZERO), "count>100",
                "threads>=50");
        feed(e, new S("GET /", T0, 5, 1, 0, true));
        clock.advance(1000);
        e.tick();

        assertThat(e.liveOutcomes()).extracting(KpiOutcome::verdict).containsOnly(Verdict.FAIL);
        assertThat(stops).isEmpty();
    }

    @Test
    void shouldAbortOnWindowBreachOnlyOnceAFullWindowWasSeen() {
        KpiEngine e = engine(KpiEngine.Settings.defaults().withAbort(true, Duration.ZERO), "p(95)<500 over 3s");
        feed(e, new S("GET /", T0, 900, 1, 0, true));
        clock.advance(1000);
        e.tick();
        clock.advance(1000);
        e.tick();
        assertThat(stops).isEmpty();
        clock.advance(1000);
        e.tick();
        assertThat(stops).singleElement().asString().startsWith("KPI failed: p(95)<500 over 3s (observed 900ms");
    }

    @Test
    void shouldSumPeakThreadsOverEnginesInTheSameSlot() {
        KpiEngine e = engine("threads>=8");
        e.record("GET /", T0, T0 + 5, 5, 1, 0, true, null, "127.0.0.1:1099", 3);
        e.record("GET /", T0, T0 + 5, 5, 1, 0, true, null, "127.0.0.1:1099", 2);
        e.record("GET /", T0, T0 + 5, 5, 1, 0, true, null, "127.0.0.1:1100", 5);
        clock.advance(1000);
        e.tick();
        e.record("GET /", T0 + 1000, T0 + 1005, 5, 1, 0, true, null, "127.0.0.1:1099", 7);
        clock.advance(1000);
        KpiRun run = e.finish();

        assertThat(run.outcomes.get(0).observed()).isEqualTo(8.0);
        assertThat(run.outcomes.get(0).verdict()).isEqualTo(Verdict.PASS);
        assertThat(run.all.peakThreadsByEngine()).containsEntry("127.0.0.1:1099", 7L)
                .containsEntry("127.0.0.1:1100", 5L);
    }

    @Test
    void shouldReportNoDataAndNotMeasuredWhenScopeIsEmptyOrMetricUnknown() {
        List<Kpi> kpis = new ArrayList<>(KpiExpressions.parseLines("label=Nope: p(95)<500\ncount<10", "t"));
        kpis.add(new Kpi("cpu_utilization", null, Scope.ALL, Metric.notMeasured("cpu_utilization"), Op.LT,
                Double.NaN, null, "y"));
        KpiEngine e = new KpiEngine(kpis, KpiEngine.Settings.defaults(), clock, stops::add);
        e.start();
        e.record("GET /", T0, T0 + 5, 5, 1, 0, true, null, "local", 1);
        KpiRun run = e.finish();

        assertThat(run.outcomes).extracting(KpiOutcome::verdict)
                .containsExactly(Verdict.NO_DATA, Verdict.PASS, Verdict.NOT_MEASURED);
        assertThat(run.outcomes.get(1).observed()).isEqualTo(1.0);
        assertThat(run.failedKpis()).isEqualTo(1);
        assertThat(run.passed()).isFalse();
    }

    @Test
    void shouldCountEverySampleOnceWhenManyThreadsRecordWhileTicking() throws Exception {
        KpiEngine e = engine("p(99)<1000", "max<1000", "errors<1", "count>=1");
        int threads = 16;
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        Thread ticker = new Thread(() -> {
            while (!done.get()) {
                clock.advance(1000);
                e.tick();
            }
        });
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < perThread; i++) {
                    long elapsed = (i % 1000) + id;
                    e.record("label " + (i % 4), T0 + i, T0 + i + elapsed, elapsed, 0, 0, i % 100 != 0, "503",
                            "local", threads);
                }
                return null;
            }));
        }
        ticker.start();
        go.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        done.set(true);
        ticker.join();
        pool.shutdown();
        KpiRun run = e.finish();

        long[] all = new long[threads * perThread];
        int n = 0;
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                all[n++] = (i % 1000) + t;
            }
        }
        assertThat(run.all.count()).isEqualTo(320_000);
        assertThat(run.all.errors()).isEqualTo(3_200);
        assertThat(run.outcomes.get(0).observed()).isEqualTo(nearestRank(all, 99));
        assertThat(run.outcomes.get(1).observed()).isEqualTo(1014.0);
        assertThat(run.byLabel.values().stream().mapToLong(Stats::count).sum()).isEqualTo(320_000);
        assertThat(run.all.peakConcurrent()).isEqualTo(16);
    }

    @Test
    void shouldKeepTimelineBoundedWhateverTheRunLength() {
        KpiEngine e = engine(new KpiEngine.Settings(Duration.ZERO, false, Duration.ZERO, 200, 100), "p(95)<500");
        for (int sec = 0; sec < 1000; sec++) {
            feed(e, new S("GET /", T0 + sec * 1000L, 10, 1, 0, true));
            clock.advance(1000);
            e.tick();
        }
        KpiRun run = e.finish();

        assertThat(run.timeline.size()).isLessThan(100);
        assertThat(run.timeline.stream().mapToLong(Timeline.Point::count).sum()).isEqualTo(1000);
        assertThat(run.timeline.get(run.timeline.size() - 1).startMs()
                + run.timeline.get(run.timeline.size() - 1).durationMs()).isEqualTo(1_000_000L);
    }

    @Test
    void shouldShareOtherLabelsScopeWhenLabelsExceedTheCap() {
        KpiEngine e = engine(new KpiEngine.Settings(Duration.ZERO, false, Duration.ZERO, 3, 600),
                "label=kpi label: count>=1");
        for (int i = 0; i < 10; i++) {
            feed(e, new S("label " + i, T0, 10, 1, 0, true));
        }
        feed(e, new S("kpi label", T0, 10, 1, 0, true));
        KpiRun run = e.finish();

        assertThat(run.byLabel.keySet()).containsExactly("kpi label", "label 0", "label 1",
                ScopeRegistry.OTHER_LABELS);
        assertThat(run.byLabel.get(ScopeRegistry.OTHER_LABELS).count()).isEqualTo(8);
        assertThat(run.outcomes.get(0).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void shouldCountAndForgetFoldedLabelsWhenLabelsAreDynamic() {
        KpiEngine e = engine(new KpiEngine.Settings(Duration.ZERO, false, Duration.ZERO, 3, 600), "count>=1",
                "label~dyn .*: count>=1");
        int labels = 3 + ScopeRegistry.MAX_FOLDED_CACHED + 50;
        for (int i = 0; i < labels; i++) {
            feed(e, new S("dyn " + i, T0, 10, 1, 0, true));
        }
        KpiRun run = e.finish();

        assertThat(run.byLabel.keySet()).containsExactly("dyn 0", "dyn 1", "dyn 2", ScopeRegistry.OTHER_LABELS);
        assertThat(run.byLabel.get(ScopeRegistry.OTHER_LABELS).count()).isEqualTo(labels - 3);
        assertThat(run.byRegexScope.get("label~dyn .*").count()).as("uncached labels still reach regex scopes")
                .isEqualTo(labels);
        assertThat(run.foldedLabels).isEqualTo(ScopeRegistry.MAX_FOLDED_CACHED);
        assertThat(run.foldedLabelsCapped).isTrue();
        assertThat(run.notes()).contains("more than " + ScopeRegistry.MAX_FOLDED_CACHED
                + " sample labels beyond the first 3 were folded into '(other labels)'");
    }

    @Test
    void shouldNotHoldTheEngineLockWhenStoppingTheTest() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            KpiEngine[] holder = new KpiEngine[1];
            List<String> seenByOtherThread = new ArrayList<>();
            // JMeter's stop reaches sampler threads whose callbacks read the engine: that must not wait for the stopper
            TestStopper stopper = reason -> {
                Future<List<KpiOutcome>> read = other.submit(() -> holder[0].liveOutcomes());
                try {
                    seenByOtherThread.add(read.get(5, TimeUnit.SECONDS).get(0).verdict().name());
                } catch (Exception ex) {
                    throw new IllegalStateException("the engine's lock was held while stopping", ex);
                }
            };
            KpiEngine e = new KpiEngine(KpiExpressions.parseLines("rate<1%", "t"),
                    KpiEngine.Settings.defaults().withAbort(true, Duration.ZERO), clock, stopper);
            holder[0] = e;
            e.start();
            feed(e, new S("GET /", T0, 5, 0, 0, false));
            clock.advance(1000);
            e.tick();

            assertThat(seenByOtherThread).containsExactly("FAIL");
            assertThat(e.abortReason()).startsWith("KPI failed: rate<1%");
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void shouldNotClaimAStopWhenTheStopFailed() {
        KpiEngine e = new KpiEngine(KpiExpressions.parseLines("rate<1%", "t"),
                KpiEngine.Settings.defaults().withAbort(true, Duration.ZERO), clock,
                TestStopper.remoteEngines(() -> List.of("127.0.0.1:1"))); // no jmeter-server there
        e.start();
        feed(e, new S("GET /", T0, 5, 0, 0, false));
        clock.advance(1000);
        e.tick();
        clock.advance(1000);
        e.tick();
        KpiRun run = e.finish();

        assertThat(run.abortReason).as("nothing stopped early").isNull();
        assertThat(run.warnings).singleElement().asString()
                .startsWith("Abort on fail could not stop the test (could not stop engine(s) 127.0.0.1:1 (")
                .contains("it ran on", "because KPI failed: rate<1%");
    }

    @Test
    void shouldFailEveryKpiWithNoDataWhenNoSampleArrivedUnlessAllowed() {
        KpiRun strict = engine("count<10", "rps<100", "errors<1").finish();
        assertThat(strict.outcomes).extracting(KpiOutcome::verdict).containsOnly(Verdict.NO_DATA);
        assertThat(strict.outcomes.get(0).detail()).isEqualTo("the run recorded no samples at all");

        KpiRun lenient = engine(KpiEngine.Settings.defaults().withAllowNoData(true), "count<10", "errors<1").finish();
        assertThat(lenient.outcomes).extracting(KpiOutcome::verdict).containsOnly(Verdict.PASS);
    }
}
