package io.github.agieval.jmeter.kpi.bench;


import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

import io.github.agieval.jmeter.kpi.engine.KpiEngine;
import io.github.agieval.jmeter.kpi.parsing.KpiExpressions;

/**
 * Cost of recording one sample in the KPI engine (what every sampler thread pays per sample),
 * with the engine ticking once a second as in a run. Run:
 * {@code java -cp target/test-classes:<deps> org.openjdk.jmh.Main KpiRecordBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class KpiRecordBenchmark {

    private KpiEngine engine;
    private Thread ticker;
    private volatile boolean running;

    @Setup(Level.Trial)
    public void setUp() {
        engine = new KpiEngine(KpiExpressions.parseLines(String.join("\n", List.of("p(95)<500", "p(99)<1000",
                "rate<0.01", "label=GET status: p(95)<300 over 30s", "label~GET .*: avg<200", "threads>=1")), "bench"),
                KpiEngine.Settings.defaults(), Clock.systemUTC(), reason -> { });
        engine.start();
        running = true;
        ticker = new Thread(() -> {
            while (running) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                engine.tick();
            }
        });
        ticker.setDaemon(true);
        ticker.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        running = false;
        ticker.interrupt();
        ticker.join();
        engine.finish();
    }

    /** Per-thread sample data. */
    @State(Scope.Thread)
    public static class Sampler {
        long n;
        String label;

        @Setup
        public void setUp(ThreadParams p) {
            label = p.getThreadIndex() % 2 == 0 ? "GET health" : "GET status";
        }
    }

    @Benchmark
    @Threads(1)
    public void recordOneThread(Sampler s) {
        record(s);
    }

    @Benchmark
    @Threads(4)
    public void recordFourThreads(Sampler s) {
        record(s);
    }

    @Benchmark
    @Threads(16)
    public void recordSixteenThreads(Sampler s) {
        record(s);
    }

    private void record(Sampler s) {
        long i = s.n++;
        long elapsed = i & 511;
        engine.record(s.label, i, i + elapsed, elapsed, elapsed >> 1, 1, (i & 127) != 0, "500 Internal Server Error",
                "local", 20);
    }
}
