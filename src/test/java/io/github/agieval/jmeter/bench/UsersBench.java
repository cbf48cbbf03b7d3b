package io.github.agieval.jmeter.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.agieval.jmeter.it.JMeterHome;

/**
 * The seed's concurrency target ({@code concurrent_users > 500}): the load plan's flow
 * ({@code test-plans/load.jmx}: login, health, models, submit, the Job Polling Controller every
 * 5 s, results, 1-4 s think time, the KPI listener and the data generator as shipped) with N
 * virtual users in a real {@code jmeter -n}, against the sandbox started as a separate process on
 * 127.0.0.1. Only the plan's thread group shape is replaced: 0 start users, a ramp to N in
 * {@code ramp} seconds, N held for {@code hold} seconds, then the end (graceful ramp-down 5 s).
 *
 * <p>Per user count it prints: JMeter's CPU in cores over the steady window (from {@code settle}
 * seconds after the ramp to 6 s before the hold ends), the sandbox's, samples/s and errors in that
 * window (CSV JTL), JMeter's threads and resident memory, its live heap after a full GC near the
 * end of the hold ({@code jcmd GC.run} then {@code GC.heap_info}), the KPI verdicts from the KPI
 * listener's console lines and the exit code, and the load average at start and end. Heap per
 * user is the difference of two user counts' live heaps divided by the difference of users.
 *
 * <p>Threading: the main thread runs one JMeter after the other; a reader thread copies each
 * JMeter's console. Nothing is asserted. Run through {@code src/tools/bench.sh users}.
 */
public final class UsersBench {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern STATUS = Pattern.compile("^(Threads|VmRSS):\\s+(\\d+)", Pattern.MULTILINE);

    private UsersBench() {
    }

    record Result(int users, String loadStart, String loadEnd, double window, long samples, long errors,
            double cores, double sandboxCores, long threads, long rssMb, long liveHeapMb, int exit,
            List<String> kpis) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            opt.put(eq < 0 ? a : a.substring(0, eq), eq < 0 ? "true" : a.substring(eq + 1));
        }
        int[] users = Arrays.stream(opt.getOrDefault("users", "500,5000").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        int ramp = Integer.parseInt(opt.getOrDefault("ramp", "20"));
        int hold = Integer.parseInt(opt.getOrDefault("hold", "60"));
        int settle = Integer.parseInt(opt.getOrDefault("settle", "15"));
        String heap = opt.getOrDefault("heap", "1g");
        String jvmArgs = opt.getOrDefault("jvm", "");
        boolean withJtl = Boolean.parseBoolean(opt.getOrDefault("jtl", "true"));

        JMeterHome home = JMeterHome.assembled();
        Path work = JMeterHome.buildDir().resolve("bench").resolve("users");
        Files.createDirectories(work);
        System.out.printf(Locale.ROOT, "%n=== users: the load plan's flow with N virtual users ===%n");
        System.out.printf(Locale.ROOT, "date %s, %d cores, Java %s, JMeter home %s%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), home.home());
        System.out.printf(Locale.ROOT, "ramp %d s, hold %d s, window from %d s after the ramp; JMeter -Xms%s -Xmx%s %s;"
                + " %s; load average %s%n", ramp, hold, settle, heap, heap, jvmArgs,
                withJtl ? "CSV JTL (-l)" : "no JTL (samples/s from the summariser's lines in jmeter.log)",
                AbBench.loadAverage());

        int port = freePort();
        // enough job slots and queue that the sandbox's own capacity is not what is measured
        List<String> sandboxCmd = List.of(javaBin(), "-Xms1g", "-Xmx1g", "-jar", home.pluginJar().toString(),
                "sandbox", "--port", Integer.toString(port), "--workers", "100000", "--queue-capacity", "100000");
        System.out.println("sandbox: " + String.join(" ", sandboxCmd));
        Process sandbox = new ProcessBuilder(sandboxCmd).redirectErrorStream(true)
                .redirectOutput(work.resolve("sandbox.log").toFile()).start();
        List<Result> results = new ArrayList<>();
        try {
            waitForHealth(port, sandbox);
            for (int n : users) {
                Result r = runOnce(home, work, n, port, ramp, hold, settle, heap, jvmArgs, withJtl, sandbox.toHandle());
                results.add(r);
                System.out.println(describe(r));
            }
        } finally {
            sandbox.destroy();
            if (!sandbox.waitFor(10, TimeUnit.SECONDS)) {
                sandbox.destroyForcibly();
            }
        }
        System.out.println();
        System.out.println("| users | load average (start / end) | JMeter cores | sandbox cores | samples/s | errors |"
                + " JMeter threads | RSS MB | live heap MB | exit | KPIs |");
        System.out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %d | %s / %s | %.3f | %.3f | %.1f | %d | %d | %d | %d | %d | %s |%n",
                    r.users(), r.loadStart(), r.loadEnd(), r.cores(), r.sandboxCores(), r.samples() / r.window(),
                    r.errors(), r.threads(), r.rssMb(), r.liveHeapMb(), r.exit(), String.join("; ", r.kpis()));
        }
        for (int i = 1; i < results.size(); i++) {
            Result a = results.get(i - 1);
            Result b = results.get(i);
            System.out.printf(Locale.ROOT, "%d -> %d users: live heap %+d MB = %.1f KB per added user; JMeter cores x%.2f"
                    + " for x%.1f users; CPU per sample x%.2f%n", a.users(), b.users(), b.liveHeapMb() - a.liveHeapMb(),
                    (b.liveHeapMb() - a.liveHeapMb()) * 1024.0 / (b.users() - a.users()), b.cores() / a.cores(),
                    (double) b.users() / a.users(),
                    (b.cores() / (b.samples() / b.window())) / (a.cores() / (a.samples() / a.window())));
        }
    }

    private static Result runOnce(JMeterHome home, Path work, int users, int port, int ramp, int hold, int settle,
            String heap, String jvmArgs, boolean withJtl, ProcessHandle sandbox) throws Exception {
        Path dir = work.resolve(users + "-users" + (withJtl ? "" : "-nojtl"));
        Files.createDirectories(dir);
        Path project = JMeterHome.projectDir();
        String plan = Files.readString(project.resolve("test-plans/load.jmx"));
        plan = replaceProp(plan, "StageThreadGroup.start_users", "0");
        plan = replaceProp(plan, "StageThreadGroup.stages", ramp + "s," + users + ";" + hold + "s," + users);
        Path planFile = dir.resolve("load-users.jmx");
        Files.writeString(planFile, plan);
        Path jtl = dir.resolve("result.jtl");
        Files.deleteIfExists(jtl);
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xms" + heap, "-Xmx" + heap));
        if (!jvmArgs.isBlank()) {
            cmd.addAll(Arrays.asList(jvmArgs.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-jar", home.launcherJar().toString(), "-n", "-t", planFile.toString(),
                "-j", dir.resolve("jmeter.log").toString(),
                "-JBASE_URL=http://127.0.0.1:" + port, "-JBASE_URL_PROTOCOL=http", "-JBASE_URL_HOST=127.0.0.1",
                "-JBASE_URL_PORT=" + port, "-JLOAD_USERS=" + users, "-JGRACEFUL_RAMP_DOWN=5s", "-JSEED=42",
                "-JKPI_FILE=" + project.resolve("test-plans/kpis/load.yml"), "-JRESULTS_DIR=" + dir.resolve("kpi"),
                "-Jjmeter.save.saveservice.output_format=csv", "-Jsampleresult.timestamp.start=true",
                "-Jjmeter.save.saveservice.response_message=false", "-Jjmeter.save.saveservice.data_type=false",
                "-Jjmeter.save.saveservice.bytes=false", "-Jjmeter.save.saveservice.sent_bytes=false",
                "-Jjmeter.save.saveservice.url=false", "-Jjmeter.save.saveservice.latency=false",
                "-Jjmeter.save.saveservice.connect_time=false", "-Jjmeter.save.saveservice.idle_time=false",
                "-Jjmeter.save.saveservice.thread_counts=false", "-Jsummariser.interval=10"));
        if (withJtl) {
            cmd.add("-l");
            cmd.add(jtl.toString());
        }
        String loadStart = AbBench.loadAverage();
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.txt").toFile()).start();
        ProcessHandle ph = p.toHandle();
        List<long[]> cpu = new ArrayList<>();
        List<long[]> sandboxCpu = new ArrayList<>();
        long testStart = 0;
        long baseThreads = 0;
        long heapAt = Long.MAX_VALUE;
        long liveHeapMb = -1;
        long threads = 0;
        long rssMb = 0;
        Map<String, Long> tasksAtStart = null;
        Map<String, Long> tasksAtW0 = null;
        Map<String, Long> tasksAtW1 = null;
        while (p.isAlive()) {
            long now = System.currentTimeMillis();
            ph.info().totalCpuDuration().ifPresent(d -> cpu.add(new long[] {now, d.toNanos()}));
            sandbox.info().totalCpuDuration().ifPresent(d -> sandboxCpu.add(new long[] {now, d.toNanos()}));
            long[] st = status(ph.pid());
            if (baseThreads == 0 && st[0] > 0) {
                baseThreads = st[0];
            }
            if (testStart == 0 && baseThreads > 0 && st[0] > baseThreads + 5) {
                testStart = now; // users are being started: the ramp has begun
                tasksAtStart = threadCpu(ph.pid());
                heapAt = testStart + (ramp + hold - 5) * 1000L;
            }
            if (testStart > 0 && tasksAtW0 == null && now >= testStart + (ramp + settle) * 1000L) {
                tasksAtW0 = threadCpu(ph.pid());
                threadDump(ph.pid(), dir.resolve("threads.txt")); // where the users are, for the reading
            }
            if (testStart > 0 && tasksAtW1 == null && now >= heapAt - 1000) {
                tasksAtW1 = threadCpu(ph.pid());
            }
            if (now >= heapAt && liveHeapMb < 0) {
                long[] status = status(ph.pid());
                threads = status[0];
                rssMb = status[1] / 1024;
                liveHeapMb = liveHeapMb(ph.pid());
            }
            Thread.sleep(250);
        }
        int exit = p.waitFor();
        if (tasksAtStart != null && tasksAtW0 != null) {
            printThreadCpu(users + " users, ramp and settling", tasksAtStart, tasksAtW0);
        }
        if (tasksAtW0 != null && tasksAtW1 != null) {
            printThreadCpu(users + " users, window", tasksAtW0, tasksAtW1);
        }
        String loadEnd = AbBench.loadAverage();
        // the window: from settle s after the ramp to 6 s before the hold ends; with a JTL on the first
        // sample's clock, else on the moment the users' threads appeared
        long first = withJtl ? firstSampleStart(jtl) : testStart;
        long w0 = first + (ramp + settle) * 1000L;
        long w1 = first + (ramp + hold - 6) * 1000L;
        long[] counts;
        if (withJtl) {
            counts = countSamples(jtl, w0, w1);
        } else {
            long[] s = summarised(dir.resolve("jmeter.log"), w0, w1);
            counts = new long[] {s[0], s[1]};
            w0 = s[2];
            w1 = s[3];
        }
        double window = (w1 - w0) / 1000.0;
        double cores = (AbBench.cpuAt(cpu, w1) - AbBench.cpuAt(cpu, w0)) / 1e9 / window;
        double sandboxCores = (AbBench.cpuAt(sandboxCpu, w1) - AbBench.cpuAt(sandboxCpu, w0)) / 1e9 / window;
        return new Result(users, loadStart, loadEnd, window, counts[0], counts[1], cores, sandboxCores, threads, rssMb,
                liveHeapMb, exit, kpiLines(dir.resolve("console.txt")));
    }

    /** Replaces the text of {@code <stringProp name="key">...</stringProp>} (the first one). */
    static String replaceProp(String jmx, String key, String value) {
        Pattern p = Pattern.compile("(<stringProp name=\"" + Pattern.quote(key) + "\">)(.*?)(</stringProp>)", Pattern.DOTALL);
        Matcher m = p.matcher(jmx);
        if (!m.find()) {
            throw new IllegalStateException("no property " + key + " in the plan");
        }
        return jmx.substring(0, m.start(2)) + value + jmx.substring(m.end(2));
    }

    /**
     * CPU ticks (utime + stime) per thread kind of a process, from /proc/PID/task/TID/stat; the kind
     * is the thread name (at most 15 characters there) without its digits, so that all users, all
     * GC workers, all compiler threads add up.
     */
    private static Map<String, Long> threadCpu(long pid) {
        Map<String, Long> byKind = new HashMap<>();
        try (var tasks = Files.list(Paths.get("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String kind = stat.substring(open + 1, close).replaceAll("[0-9]+", "#");
                    String[] f = stat.substring(close + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                    byKind.merge(kind, ticks, Long::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        return byKind;
    }

    private static void printThreadCpu(String what, Map<String, Long> w0, Map<String, Long> w1) {
        Map<String, Long> delta = new HashMap<>();
        w1.forEach((k, v) -> delta.put(k, v - w0.getOrDefault(k, 0L)));
        long total = delta.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %s: JMeter CPU by thread kind"
                + " (%.1f s of CPU):", what, total / 100.0));
        delta.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> sb.append(String.format(Locale.ROOT, " '%s' %.0f%%", e.getKey(),
                        100.0 * e.getValue() / Math.max(1, total))));
        System.out.println(sb);
    }

    private static void threadDump(long pid, Path file) {
        try {
            String jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString();
            new ProcessBuilder(jcmd, Long.toString(pid), "Thread.print").redirectErrorStream(true)
                    .redirectOutput(file.toFile()).start().waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no dump
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Threads and VmRSS (KB) of a process, from /proc. */
    private static long[] status(long pid) {
        try {
            Matcher m = STATUS.matcher(Files.readString(Paths.get("/proc/" + pid + "/status")));
            long[] r = new long[2];
            while (m.find()) {
                r[m.group(1).equals("Threads") ? 0 : 1] = Long.parseLong(m.group(2));
            }
            return r;
        } catch (IOException e) {
            return new long[2];
        }
    }

    /** The heap in use right after a full GC (jcmd GC.run, then GC.heap_info), MB; -1 if unknown. */
    private static long liveHeapMb(long pid) {
        try {
            String jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString();
            new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").redirectErrorStream(true).start().waitFor(60,
                    TimeUnit.SECONDS);
            Process info = new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            info.waitFor(60, TimeUnit.SECONDS);
            Matcher m = HEAP_USED.matcher(out);
            return m.find() ? Long.parseLong(m.group(1)) / 1024 : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static long firstSampleStart(Path jtl) throws IOException {
        long first = Long.MAX_VALUE;
        try (var lines = Files.lines(jtl)) {
            var it = lines.iterator();
            int ts = Arrays.asList(it.next().split(",")).indexOf("timeStamp");
            while (it.hasNext()) {
                String[] f = it.next().split(",", ts + 2);
                try {
                    first = Math.min(first, Long.parseLong(f[ts]));
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    // a line of a multi-line message
                }
            }
        }
        return first;
    }

    private static final Pattern SUMMARY_LINE = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}) .*summary \\+\\s+(\\d+) in (\\d\\d):(\\d\\d):(\\d\\d) .*Err:\\s+(\\d+)");

    /**
     * {samples, errors, from, to} of the summariser's "summary +" lines in jmeter.log whose
     * intervals lie in [w0, w1] (each line ends at its log time and covers its printed duration).
     */
    static long[] summarised(Path log, long w0, long w1) throws IOException {
        java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
        long samples = 0;
        long errors = 0;
        long from = Long.MAX_VALUE;
        long to = 0;
        for (String line : Files.readAllLines(log)) {
            Matcher m = SUMMARY_LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            long end = java.time.LocalDateTime.parse(m.group(1), f).atZone(java.time.ZoneId.systemDefault()).toInstant()
                    .toEpochMilli();
            long start = end - 1000L * (3600L * Integer.parseInt(m.group(3)) + 60L * Integer.parseInt(m.group(4))
                    + Integer.parseInt(m.group(5)));
            if (start >= w0 - 2000 && end <= w1 + 2000) {
                samples += Long.parseLong(m.group(2));
                errors += Long.parseLong(m.group(6));
                from = Math.min(from, start);
                to = Math.max(to, end);
            }
        }
        return from < to ? new long[] {samples, errors, from, to} : new long[] {0, 0, w0, w1};
    }

    /** {samples, errors} whose start falls in [w0, w1). */
    private static long[] countSamples(Path jtl, long w0, long w1) throws IOException {
        long[] counts = new long[2];
        try (var lines = Files.lines(jtl)) {
            var it = lines.iterator();
            List<String> header = Arrays.asList(it.next().split(","));
            int ts = header.indexOf("timeStamp");
            int ok = header.indexOf("success");
            int max = Math.max(ts, ok) + 2;
            while (it.hasNext()) {
                String[] f = it.next().split(",", max);
                if (f.length < max - 1) {
                    continue;
                }
                long t;
                try {
                    t = Long.parseLong(f[ts]);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (t >= w0 && t < w1) {
                    counts[0]++;
                    if (!"true".equals(f[ok])) {
                        counts[1]++;
                    }
                }
            }
        }
        return counts;
    }

    /** The KPI listener's verdict lines from the console. */
    private static List<String> kpiLines(Path console) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(console)) {
            if (line.contains("PASS") || line.contains("FAIL")) {
                out.add(line.trim());
            }
        }
        return out;
    }

    private static String javaBin() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitForHealth(int port, Process sandbox) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!sandbox.isAlive()) {
                throw new IllegalStateException("sandbox exited with " + sandbox.exitValue());
            }
            try {
                java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI
                        .create("http://127.0.0.1:" + port + "/health").toURL().openConnection();
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
        throw new IllegalStateException("sandbox did not answer /health on port " + port + " within 60 s");
    }

    private static String describe(Result r) {
        return String.format(Locale.ROOT,
                "%5d users, load %s -> %s: window %.0f s, %d samples = %.1f/s, errors %d; JMeter %.3f cores, sandbox"
                        + " %.3f cores; JMeter %d threads, RSS %d MB, live heap %d MB; exit %d%n  KPIs: %s",
                r.users(), r.loadStart(), r.loadEnd(), r.window(), r.samples(), r.samples() / r.window(), r.errors(),
                r.cores(), r.sandboxCores(), r.threads(), r.rssMb(), r.liveHeapMb(), r.exit(),
                String.join("\n        ", r.kpis()));
    }
}
