package io.github.agieval.jmeter.datagen.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Companion to {@link DataGeneratorBenchmark} for shared, loaded machines: runs the same four
 * workloads on one thread and reports <em>CPU</em> nanoseconds per request (the thread's CPU
 * time, which time slices lost to other processes do not inflate, unlike JMH's wall-clock
 * average). Rounds alternate between the workloads so that load changes hit all of them alike;
 * the median round is reported.
 *
 * <p>Run: {@code java -cp target/test-classes:target/classes:$(cat target/cp.txt)
 * io.github.agieval.jmeter.datagen.bench.DataGeneratorCpuTime}
 */
public final class DataGeneratorCpuTime {

    private static volatile Object sink;

    private DataGeneratorCpuTime() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        DataGeneratorBenchmark bench = new DataGeneratorBenchmark();
        bench.setUp();
        Map<String, Supplier<?>> workloads = new LinkedHashMap<>();
        workloads.put("evalDataFaker", bench::evalDataFaker);
        workloads.put("requestBytes", bench::requestBytes);
        workloads.put("requestBody", bench::requestBody);
        workloads.put("elementIteration", bench::elementIteration);
        workloads.put("elementIterationRequests", bench::elementIterationRequests);
        workloads.put("evalDataFakerVolume64k", bench::evalDataFakerVolume64k);
        workloads.put("naiveFakerPerThread", bench::naiveFakerPerThread);
        workloads.put("naiveNewFakerPerRequest", bench::naiveNewFakerPerRequest);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, long[]> results = new LinkedHashMap<>();
        workloads.keySet().forEach(k -> results.put(k, new long[rounds]));
        for (int warm = 0; warm < 3; warm++) {
            workloads.forEach((name, w) -> run(mx, w, ops(name)));
        }
        for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, Supplier<?>> e : workloads.entrySet()) {
                results.get(e.getKey())[r] = run(mx, e.getValue(), ops(e.getKey()));
            }
        }
        results.forEach((name, values) -> {
            java.util.Arrays.sort(values);
            System.out.printf("%-26s median %,10d CPU ns/op   (min %,d, max %,d, %d rounds)%n", name,
                    values[values.length / 2], values[0], values[values.length - 1], values.length);
        });
    }

    private static int ops(String name) {
        return name.contains("64k") ? 500 : 20_000;
    }

    private static long run(ThreadMXBean mx, Supplier<?> workload, int ops) {
        long start = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < ops; i++) {
            sink = workload.get();
        }
        return (mx.getCurrentThreadCpuTime() - start) / ops;
    }
}
