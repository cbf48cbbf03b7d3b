package io.github.agieval.jmeter.bench;

import io.github.agieval.jmeter.it.JMeterHome;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scripted A/B runs of real {@code jmeter -n} plans: the suite's way against the stock JMeter way of
 * doing the same work, on the same target, alternately (A, B, A, B, ...), with medians and ratios.
 *
 * <p>One JVM drives everything from outside: it starts the sandbox as a separate process
 * ({@code java -jar <plugin jar> sandbox ...}, Undertow, 127.0.0.1), then for every pair runs each
 * variant's plan in its own JMeter JVM (stock JMeter 5.6.3 assembled by the build, the same
 * {@code -Xms1g -Xmx1g} for every run). While JMeter runs, a sampler thread of this JVM reads the
 * JMeter process's CPU time ({@link ProcessHandle.Info#totalCpuDuration()}, i.e. {@code /proc/<pid>/stat}
 * utime + stime of all its threads: samplers, GC, JIT) every 100 ms with the wall clock.
 *
 * <p>What is compared is the <em>steady window</em> of each run: from {@code warm} seconds after the
 * first sample started to one second before the last sample started (JIT warm-up and ramp-down left
 * out; five seconds for the 1,000-user polling figure, whose threads take seconds to stop). Samples
 * of the measured label whose start lies in the window (CSV JTL, start time stamps) give samples/s;
 * the CPU time the process used in the window, interpolated from the 100-ms readings, gives CPU
 * seconds per 100,000 samples and cores. The sandbox's CPU time is read the same way, to show how much
 * of the two cores the target took. For the polling figure the JTL also gives each user's wait
 * between two polls (start of the next poll minus end of the previous one, minus the interval).
 *
 * <p>Plans are templates under {@code src/test/resources/bench/}: blocks between
 * {@code <!--BEGIN name-->} and {@code <!--END name-->} are kept only in the variants that name
 * them, so A and B differ in exactly those elements. The prepared plan, JTL and jmeter.log of every
 * run stay in {@code target/bench/<figure>/}.
 *
 * <p>Single-threaded driver; not part of the build (surefire excludes {@code bench/}, no timing is
 * ever asserted). Run through {@code src/tools/bench.sh <figure>}.
 */
public final class AbBench {

    /** One way of doing the work: a plan template, the blocks it keeps and its JMeter properties. */
    record Variant(String name, String template, Set<String> blocks, Map<String, String> props) {
    }

    /**
     * A figure: the sandbox options, the variants (the first is the stock reference), the label whose
     * samples are counted, and whether polling metrics (waits, cores) are reported.
     */
    record Figure(String name, String title, List<String> sandboxArgs, List<Variant> variants, String label,
            boolean polling, long intervalMs, int tailS) {
    }

    /** What one run measured over its steady window. */
    record Run(String variant, int pair, String load, double windowS, long samples, long errors, double cpuS,
            double[] waitLateMs, long waits, double sandboxCpuS) {
        double perSecond() {
            return samples / windowS;
        }

        double cpuPer100k() {
            return samples == 0 ? Double.NaN : cpuS / samples * 100_000;
        }

        double cores() {
            return cpuS / windowS;
        }

        double sandboxCores() {
            return sandboxCpuS / windowS;
        }
    }

    /** Label of figures measured without a JTL, from the summariser's "summary +" lines. */
    static final String SUMMARISER = "(summariser)";

    private static final Pattern SUMMARY = Pattern.compile("^summary \\+\\s+(\\d+) in [\\d:]+ =\\s+([\\d.]+)/s.*Err:\\s+(\\d+)");

    private static final Pattern BLOCK = Pattern.compile("<!--BEGIN (\\w+)-->(.*?)<!--END \\1-->", Pattern.DOTALL);

    /** Port of the exporter's /metrics in the prometheus figure; scraped every second while JMeter runs. */
    static final int PROMETHEUS_PORT = 19270;

    private AbBench() {
    }

    static List<Figure> figures(int threads) {
        String t = Integer.toString(threads);
        List<String> fastJobs = List.of("--time-factor", "0.0001", "--job-retention", "2", "--queue-capacity",
                "100000", "--workers", "512");
        List<Figure> all = new ArrayList<>();
        all.add(new Figure("status", "Job Status sampler vs HTTP Request + Header Manager + JSON Extractor",
                List.of("--time-factor", "1000"),
                List.of(v("stock", "sampler.jmx", "STOCK_LOGIN,STOCK_SUBMIT,STOCK_STATUS", "THREADS", t),
                        v("suite", "sampler.jmx", "SUITE_LOGIN,SUITE_SUBMIT,SUITE_STATUS", "THREADS", t)),
                "Job Status", false, 0, 1));
        all.add(new Figure("submit", "Submit Evaluation sampler vs HTTP Request + Header Manager + JSON Extractor",
                fastJobs,
                List.of(v("stock", "sampler.jmx", "STOCK_LOGIN,STOCK_SUBMIT_LOOP", "THREADS", t),
                        v("suite", "sampler.jmx", "SUITE_LOGIN,SUITE_SUBMIT_LOOP", "THREADS", t)),
                "Submit Evaluation", false, 0, 1));
        all.add(new Figure("kpi", "KPI Assertions listener vs no listener vs Aggregate Report (CSV file);"
                + " no JTL, rates from the summariser",
                List.of(),
                List.of(v("none", "kpi.jmx", "", "THREADS", t),
                        v("kpi", "kpi.jmx", "KPI", "THREADS", t),
                        v("aggregate", "kpi.jmx", "AGGREGATE", "THREADS", t)),
                SUMMARISER, false, 0, 1));
        all.add(new Figure("kpi-jtl", "KPI Assertions listener vs no listener vs Aggregate Report (CSV file);"
                + " CSV JTL written in every run",
                List.of(),
                List.of(v("none", "kpi.jmx", "", "THREADS", t),
                        v("kpi", "kpi.jmx", "KPI", "THREADS", t),
                        v("aggregate", "kpi.jmx", "AGGREGATE", "THREADS", t)),
                "GET health", false, 0, 1));
        String metricsPort = Integer.toString(PROMETHEUS_PORT);
        all.add(new Figure("prometheus", "Prometheus exporter (Backend Listener, /metrics scraped every second)"
                + " vs the Backend Listener with the exporter off vs no listener; no JTL, rates from the summariser",
                List.of(),
                List.of(v("none", "prometheus.jmx", "", "THREADS", t),
                        // the Backend Listener's own per-sample work (its argument map, the call into the
                        // client): the exporter configured off (no port, no push), nothing recorded or queued
                        v("listener-off", "prometheus.jmx", "PROMETHEUS", "THREADS", t),
                        v("prometheus", "prometheus.jmx", "PROMETHEUS", "THREADS", t, "PROMETHEUS_EXPORTER_PORT",
                                metricsPort)),
                SUMMARISER, false, 0, 1));
        all.add(new Figure("datagen", "Data generator vs fixed body vs JSR223 PreProcessor with Datafaker",
                fastJobs,
                List.of(v("fixed", "datagen.jmx", "FIXED", "THREADS", t),
                        v("generator", "datagen.jmx", "GENERATOR", "THREADS", t),
                        v("jsr223", "datagen.jmx", "JSR223", "THREADS", t)),
                "Submit Evaluation", false, 0, 1));
        all.add(new Figure("datagen-split", "Data generator: where its cost goes (scenarios only, requests only, both)",
                fastJobs,
                List.of(v("fixed", "datagen.jmx", "FIXED", "THREADS", t),
                        v("scenarios", "datagen.jmx", "FIXED,GENERATOR_SCENARIOS", "THREADS", t),
                        v("requests", "datagen.jmx", "GENERATOR_REQUESTS", "THREADS", t),
                        v("generator", "datagen.jmx", "GENERATOR", "THREADS", t)),
                "Submit Evaluation", false, 0, 1));
        all.add(new Figure("poll", "1,000 users polling slow jobs: Job Polling Controller vs While + timer",
                List.of("--time-factor", "40", "--workers", "4000", "--queue-capacity", "10000"),
                List.of(v("stock", "poll.jmx", "STOCK", "USERS", "1000", "POLL_MS", "1000"),
                        v("suite", "poll.jmx", "SUITE", "USERS", "1000", "POLL_MS", "1000")),
                "Job Status", true, 1000, 5));
        return all;
    }

    private static Variant v(String name, String template, String blocks, String... props) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < props.length; i += 2) {
            p.put(props[i], props[i + 1]);
        }
        return new Variant(name, template, blocks.isEmpty() ? Set.of() : Set.of(blocks.split(",")), p);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            opt.put(eq < 0 ? a : a.substring(0, eq), eq < 0 ? "true" : a.substring(eq + 1));
        }
        String figureName = opt.getOrDefault("figure", "status");
        int pairs = Integer.parseInt(opt.getOrDefault("pairs", "3"));
        int duration = Integer.parseInt(opt.getOrDefault("duration", "25"));
        int warm = Integer.parseInt(opt.getOrDefault("warm", Integer.toString(Math.max(3, duration / 3))));
        int threads = Integer.parseInt(opt.getOrDefault("threads", "20"));
        Path resources = Paths.get(opt.getOrDefault("plans", "src/test/resources/bench")).toAbsolutePath();
        Figure fig = figures(threads).stream().filter(f -> f.name().equals(figureName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown figure " + figureName));

        JMeterHome home = JMeterHome.assembled();
        Path work = JMeterHome.buildDir().resolve("bench").resolve(fig.name());
        Files.createDirectories(work);
        System.out.printf(Locale.ROOT, "%n=== %s: %s ===%n", fig.name(), fig.title());
        System.out.printf(Locale.ROOT, "date %s, %d cores, Java %s, JMeter home %s%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), home.home());
        System.out.printf(Locale.ROOT, "%d pairs, %d s per run, steady window from %d s after the first sample; "
                + "threads %s; load average at start: %s%n", pairs, duration, warm,
                fig.polling() ? "1000" : Integer.toString(threads), loadAverage());

        int port = freePort();
        List<String> sandboxCmd = new ArrayList<>(List.of(javaBin(), "-Xms512m", "-Xmx512m", "-jar",
                home.pluginJar().toString(), "sandbox", "--port", Integer.toString(port)));
        sandboxCmd.addAll(fig.sandboxArgs());
        System.out.println("sandbox: " + String.join(" ", sandboxCmd));
        Process sandbox = new ProcessBuilder(sandboxCmd).redirectErrorStream(true)
                .redirectOutput(work.resolve("sandbox.log").toFile()).start();
        List<Run> runs = new ArrayList<>();
        try {
            waitForHealth(port, sandbox);
            for (int pair = 1; pair <= pairs; pair++) {
                // alternate the order inside a pair too, so neither way always runs right after the other
                List<Variant> order = new ArrayList<>(fig.variants());
                if (pair % 2 == 0) {
                    Collections.reverse(order);
                }
                for (Variant variant : order) {
                    Run r = runOnce(home, fig, variant, pair, port, duration, warm, resources, work, sandbox.toHandle());
                    runs.add(r);
                    System.out.println(describe(fig, r));
                }
            }
        } finally {
            sandbox.destroy();
            if (!sandbox.waitFor(10, TimeUnit.SECONDS)) {
                sandbox.destroyForcibly();
            }
        }
        summary(fig, runs);
    }

    private static Run runOnce(JMeterHome home, Figure fig, Variant variant, int pair, int port, int duration,
            int warm, Path resources, Path work, ProcessHandle sandbox) throws Exception {
        Path dir = work.resolve(variant.name() + "-" + pair);
        Files.createDirectories(dir);
        Path plan = dir.resolve("plan.jmx");
        Files.writeString(plan, prepare(Files.readString(resources.resolve(variant.template())), variant.blocks()));
        Path jtl = dir.resolve("result.jtl");
        Files.deleteIfExists(jtl);
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xms1g", "-Xmx1g", "-jar",
                home.launcherJar().toString(), "-n", "-t", plan.toString(),
                "-j", dir.resolve("jmeter.log").toString(),
                "-JBASE_URL=http://127.0.0.1:" + port, "-JBASE_URL_PROTOCOL=http", "-JBASE_URL_HOST=127.0.0.1",
                "-JBASE_URL_PORT=" + port, "-JDURATION=" + duration, "-JRESULTS_DIR=" + dir.resolve("kpi"),
                "-JAGGREGATE_FILE=" + dir.resolve("aggregate.csv"),
                "-Jjmeter.save.saveservice.output_format=csv", "-Jsampleresult.timestamp.start=true",
                "-Jjmeter.save.saveservice.response_message=false", "-Jjmeter.save.saveservice.data_type=false",
                "-Jjmeter.save.saveservice.bytes=false", "-Jjmeter.save.saveservice.sent_bytes=false",
                "-Jjmeter.save.saveservice.url=false", "-Jjmeter.save.saveservice.latency=false",
                "-Jjmeter.save.saveservice.connect_time=false", "-Jjmeter.save.saveservice.idle_time=false",
                "-Jjmeter.save.saveservice.thread_counts=false",
                "-Jsummariser.interval=" + (SUMMARISER.equals(fig.label()) ? 5 : 10)));
        if (!SUMMARISER.equals(fig.label())) {
            cmd.add("-l");
            cmd.add(jtl.toString());
        }
        variant.props().forEach((k, val) -> cmd.add("-J" + k + "=" + val));
        String load = loadAverage();
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        List<long[]> summaries = Collections.synchronizedList(new ArrayList<>()); // {arrival ms, count, rate*10, errors}
        Thread console = new Thread(() -> copyConsole(p, dir.resolve("console.txt"), summaries), "console");
        console.start();
        ProcessHandle ph = p.toHandle();
        Thread scraper = null;
        if (variant.props().containsKey("PROMETHEUS_EXPORTER_PORT")) {
            // what Prometheus does: GET /metrics every second, so the collection cost is counted too
            String url = "http://127.0.0.1:" + variant.props().get("PROMETHEUS_EXPORTER_PORT") + "/metrics";
            scraper = new Thread(() -> scrape(url, p), "scraper");
            scraper.setDaemon(true);
            scraper.start();
        }
        List<long[]> cpu = new ArrayList<>(); // {epoch ms, cpu ns} of JMeter
        List<long[]> sandboxCpu = new ArrayList<>(); // the same of the sandbox
        while (p.isAlive()) {
            long now = System.currentTimeMillis();
            ph.info().totalCpuDuration().ifPresent(d -> cpu.add(new long[] {now, d.toNanos()}));
            sandbox.info().totalCpuDuration().ifPresent(d -> sandboxCpu.add(new long[] {now, d.toNanos()}));
            Thread.sleep(100);
        }
        console.join();
        if (scraper != null) {
            scraper.join(5000);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(variant.name() + " run exited with " + p.exitValue() + ", see " + dir);
        }
        if (SUMMARISER.equals(fig.label())) {
            return measureSummaries(variant, pair, load, summaries, cpu, sandboxCpu, warm);
        }
        return measure(fig, variant, pair, load, jtl, cpu, sandboxCpu, warm);
    }

    /** GETs {@code url} every second while {@code p} runs; failures (not serving yet, or any more) are ignored. */
    private static void scrape(String url, Process p) {
        while (p.isAlive()) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(5000);
                try (var in = c.getInputStream()) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            } catch (IOException notServing) {
                // before setupTest or after teardownTest
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Copies JMeter's console to a file and notes when each "summary +" line arrived. */
    private static void copyConsole(Process p, Path file, List<long[]> summaries) {
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8));
                var out = Files.newBufferedWriter(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                long now = System.currentTimeMillis();
                out.write(line);
                out.newLine();
                Matcher m = SUMMARY.matcher(line);
                if (m.find()) {
                    summaries.add(new long[] {now, Long.parseLong(m.group(1)),
                        Math.round(Double.parseDouble(m.group(2)) * 10), Long.parseLong(m.group(3))});
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A run without JTL: the summariser's interval lines ("summary +", every 5 s) that start
     * {@code warm} s after the first one and are not the last one (the ramp-down); each covers
     * count / rate seconds before it arrived.
     */
    private static Run measureSummaries(Variant variant, int pair, String load, List<long[]> summaries,
            List<long[]> cpu, List<long[]> sandboxCpu, int warm) {
        if (summaries.size() < 3) {
            throw new IllegalStateException(variant.name() + ": too few summariser lines: " + summaries.size());
        }
        long t0 = summaries.get(0)[0];
        double windowS = 0;
        long samples = 0;
        long errors = 0;
        double cpuS = 0;
        double sandboxS = 0;
        for (int i = 0; i < summaries.size() - 1; i++) {
            long[] l = summaries.get(i);
            double durMs = l[1] / (l[2] / 10.0) * 1000;
            long start = l[0] - Math.round(durMs);
            if (start < t0 + warm * 1000L) {
                continue;
            }
            windowS += durMs / 1000;
            samples += l[1];
            errors += l[3];
            cpuS += (cpuAt(cpu, l[0]) - cpuAt(cpu, start)) / 1e9;
            sandboxS += (cpuAt(sandboxCpu, l[0]) - cpuAt(sandboxCpu, start)) / 1e9;
        }
        return new Run(variant.name(), pair, load, windowS, samples, errors, cpuS, new double[0], 0, sandboxS);
    }

    /** Keeps the blocks the variant names, drops the others. */
    static String prepare(String template, Set<String> keep) {
        Matcher m = BLOCK.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(keep.contains(m.group(1)) ? m.group(2) : ""));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The measured label's rows of a CSV JTL: start, elapsed, success, thread (labels hold no commas here). */
    record Row(long start, long elapsed, boolean ok, String thread) {
    }

    static List<Row> readRows(Path jtl, String label) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (var lines = Files.lines(jtl)) {
            var it = lines.iterator();
            List<String> header = Arrays.asList(it.next().split(","));
            int ts = header.indexOf("timeStamp");
            int el = header.indexOf("elapsed");
            int lb = header.indexOf("label");
            int ok = header.indexOf("success");
            int th = header.indexOf("threadName");
            int max = Math.max(Math.max(ts, el), Math.max(Math.max(lb, ok), th)) + 2;
            while (it.hasNext()) {
                String[] f = it.next().split(",", max);
                if (f.length >= max - 1 && label.equals(f[lb])) {
                    rows.add(new Row(Long.parseLong(f[ts]), Long.parseLong(f[el]), "true".equals(f[ok]), f[th]));
                }
            }
        }
        return rows;
    }

    private static Run measure(Figure fig, Variant variant, int pair, String load, Path jtl, List<long[]> cpu,
            List<long[]> sandboxCpu, int warm) throws IOException {
        List<Row> rows = readRows(jtl, fig.label());
        if (rows.isEmpty()) {
            throw new IllegalStateException(variant.name() + ": no '" + fig.label() + "' samples in " + jtl);
        }
        long first = rows.stream().mapToLong(Row::start).min().getAsLong();
        long last = rows.stream().mapToLong(Row::start).max().getAsLong();
        long w0 = first + warm * 1000L;
        long w1 = last - fig.tailS() * 1000L; // JMeter stopping its threads
        long samples = 0;
        long errors = 0;
        Map<String, Long> lastEndByThread = new HashMap<>();
        List<Double> late = new ArrayList<>();
        for (Row r : rows) {
            boolean in = r.start() >= w0 && r.start() < w1;
            if (in) {
                samples++;
                if (!r.ok()) {
                    errors++;
                }
            }
            if (fig.polling()) {
                Long prevEnd = lastEndByThread.put(r.thread(), r.start() + r.elapsed());
                if (prevEnd != null && in) {
                    late.add((double) (r.start() - prevEnd - fig.intervalMs()));
                }
            }
        }
        double cpuS = (cpuAt(cpu, w1) - cpuAt(cpu, w0)) / 1e9;
        Collections.sort(late);
        double[] lateMs = late.isEmpty() ? new double[0]
                : new double[] {pct(late, 50), pct(late, 90), pct(late, 99), pct(late, 99.9), late.get(late.size() - 1),
                        late.get(0)};
        return new Run(variant.name(), pair, load, (w1 - w0) / 1000.0, samples, errors, cpuS, lateMs, late.size(),
                (cpuAt(sandboxCpu, w1) - cpuAt(sandboxCpu, w0)) / 1e9);
    }

    private static double pct(List<Double> sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** CPU time at an epoch ms, interpolated linearly between the readings around it. */
    static double cpuAt(List<long[]> cpu, long t) {
        if (cpu.isEmpty()) {
            return Double.NaN;
        }
        long[] before = cpu.get(0);
        for (long[] c : cpu) {
            if (c[0] >= t) {
                if (c[0] == before[0]) {
                    return c[1];
                }
                return before[1] + (double) (c[1] - before[1]) * (t - before[0]) / (c[0] - before[0]);
            }
            before = c;
        }
        return before[1];
    }

    private static String describe(Figure fig, Run r) {
        String base = String.format(Locale.ROOT,
                "pair %d %-10s load %-16s window %5.1f s: %8d samples %9.0f/s, errors %d, CPU %6.2f s = %.2f cores,"
                        + " %6.2f CPU s per 100k samples; sandbox %.2f cores",
                r.pair(), r.variant(), r.load(), r.windowS(), r.samples(), r.perSecond(), r.errors(), r.cpuS(),
                r.cores(), r.cpuPer100k(), r.sandboxCores());
        if (fig.polling() && r.waitLateMs().length > 0) {
            double[] l = r.waitLateMs();
            base += String.format(Locale.ROOT,
                    "%n        wait beyond the %d ms interval over %d waits: p50 %.0f ms, p90 %.0f, p99 %.0f, p99.9 %.0f,"
                            + " max %.0f, min %.0f",
                    fig.intervalMs(), r.waits(), l[0], l[1], l[2], l[3], l[4], l[5]);
        }
        return base;
    }

    private static void summary(Figure fig, List<Run> runs) {
        Variant ref = fig.variants().get(0);
        System.out.printf(Locale.ROOT, "%n--- %s: medians over %d pairs (reference: %s); load average now %s ---%n",
                fig.name(), runs.stream().filter(r -> r.variant().equals(ref.name())).count(), ref.name(),
                loadAverage());
        System.out.println("| variant | samples/s | CPU s per 100k samples | JMeter cores | sandbox cores | errors |"
                + (fig.polling() ? " wait p50 / p99 / max beyond interval (ms) |" : "")
                + " throughput vs " + ref.name() + " | CPU per sample vs " + ref.name() + " |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |" + (fig.polling() ? " ---: |" : "") + " ---: | ---: |");
        for (Variant v : fig.variants()) {
            List<Run> mine = runs.stream().filter(r -> r.variant().equals(v.name())).toList();
            List<Double> tputRatio = new ArrayList<>();
            List<Double> cpuRatio = new ArrayList<>();
            for (Run r : mine) {
                runs.stream().filter(x -> x.variant().equals(ref.name()) && x.pair() == r.pair()).findFirst()
                        .ifPresent(x -> {
                            tputRatio.add(r.perSecond() / x.perSecond());
                            cpuRatio.add(r.cpuPer100k() / x.cpuPer100k());
                        });
            }
            String waits = "";
            if (fig.polling()) {
                waits = String.format(Locale.ROOT, " %.0f / %.0f / %.0f |",
                        median(mine.stream().map(r -> r.waitLateMs().length > 0 ? r.waitLateMs()[0] : Double.NaN).toList()),
                        median(mine.stream().map(r -> r.waitLateMs().length > 0 ? r.waitLateMs()[2] : Double.NaN).toList()),
                        median(mine.stream().map(r -> r.waitLateMs().length > 0 ? r.waitLateMs()[4] : Double.NaN).toList()));
            }
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.2f | %d |%s %.3f (%s) | %.3f (%s) |%n",
                    v.name(),
                    median(mine.stream().map(Run::perSecond).toList()),
                    median(mine.stream().map(Run::cpuPer100k).toList()),
                    median(mine.stream().map(Run::cores).toList()),
                    median(mine.stream().map(Run::sandboxCores).toList()),
                    mine.stream().mapToLong(Run::errors).sum(), waits,
                    median(tputRatio), fmt(tputRatio), median(cpuRatio), fmt(cpuRatio));
        }
        System.out.println("(ratios: median of the per-pair ratios, each pair's ratios in brackets; CPU per sample"
                + " below 1 = cheaper than " + ref.name() + ")");
    }

    private static String fmt(List<Double> xs) {
        return String.join(", ", xs.stream().map(x -> String.format(Locale.ROOT, "%.3f", x)).toList());
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.removeIf(x -> x.isNaN());
        if (s.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
            return f[0] + "," + f[1] + "," + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static String javaBin() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitForHealth(int port, Process sandbox) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!sandbox.isAlive()) {
                throw new IllegalStateException("sandbox exited with " + sandbox.exitValue());
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health").toURL()
                        .openConnection();
                c.setConnectTimeout(500);
                if (c.getResponseCode() == 200) {
                    c.getInputStream().readAllBytes();
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("sandbox did not answer /health on port " + port + " within 30 s");
    }
}
