package io.github.agieval.jmeter.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One headless {@code jmeter -n} run of a real {@code .jmx} file in a separate JVM of the
 * {@linkplain JMeterHome assembled stock JMeter}: what a user's CI does, so a test sees the exit
 * code, console output, JTL and reports that the user would see.
 *
 * <pre>{@code
 * JMeterRun.Result r = JMeterRun.plan(Path.of("test-plans/smoke.jmx"))
 *         .property("BASE_URL", sandbox.baseUrl())
 *         .workDir(tempDir)
 *         .dashboard(true)
 *         .run(Duration.ofMinutes(2));
 * assertThat(r.exitCode()).isZero();
 * }</pre>
 */
public final class JMeterRun {

    private final JMeterHome jmeter;
    private final Path plan;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private final List<String> extraArgs = new ArrayList<>();
    private Path workDir;
    private boolean dashboard;
    private String heap = "512m";

    private JMeterRun(JMeterHome jmeter, Path plan) {
        this.jmeter = jmeter;
        this.plan = plan.toAbsolutePath();
    }

    /** A run of {@code plan} in the assembled JMeter home. */
    public static JMeterRun plan(Path plan) {
        return new JMeterRun(JMeterHome.assembled(), plan);
    }

    /** A run of {@code plan} in another JMeter home. */
    public static JMeterRun plan(JMeterHome home, Path plan) {
        return new JMeterRun(home, plan);
    }

    /** A shipped plan of {@code test-plans/}, e.g. {@code shipped("smoke.jmx")}. */
    public static JMeterRun shipped(String name) {
        return plan(JMeterHome.projectDir().resolve("test-plans").resolve(name));
    }

    /** A plan among the test resources, e.g. {@code testPlan("plans/harness.jmx")}. */
    public static JMeterRun testPlan(String resource) {
        return plan(JMeterHome.projectDir().resolve("src/test/resources").resolve(resource));
    }

    /** A JMeter property, passed as {@code -Jname=value}. */
    public JMeterRun property(String name, Object value) {
        properties.put(name, String.valueOf(value));
        return this;
    }

    /** A Java system property of the JMeter JVM, passed as {@code -Dname=value}. */
    public JMeterRun systemProperty(String name, Object value) {
        systemProperties.put(name, String.valueOf(value));
        return this;
    }

    /** Further JMeter command-line arguments (e.g. {@code -R host:port}). */
    public JMeterRun args(String... args) {
        extraArgs.addAll(List.of(args));
        return this;
    }

    /** Folder for the JTL, log, dashboard and the process's working directory. */
    public JMeterRun workDir(Path dir) {
        this.workDir = dir.toAbsolutePath();
        return this;
    }

    /** Whether JMeter writes its HTML dashboard ({@code -e -o}). */
    public JMeterRun dashboard(boolean dashboard) {
        this.dashboard = dashboard;
        return this;
    }

    public JMeterRun heap(String heap) {
        this.heap = heap;
        return this;
    }

    /** Runs JMeter and waits for it; a run that outlives {@code timeout} is killed and fails. */
    public Result run(Duration timeout) throws IOException, InterruptedException {
        Result r = runOrKill(timeout);
        if (r.timedOut()) {
            throw new AssertionError("JMeter did not end within " + timeout + ": " + plan + "\n" + r.describe());
        }
        return r;
    }

    /**
     * Runs JMeter and waits for it; a run that outlives {@code timeout} is killed (with the processes
     * it started) and its result says so ({@link Result#timedOut()}, exit code -1), for tests whose
     * subject is whether a run ends at all.
     */
    public Result runOrKill(Duration timeout) throws IOException, InterruptedException {
        Path dir = workDir != null ? workDir : Files.createTempDirectory("jmeter-run");
        Files.createDirectories(dir);
        Path jtl = dir.resolve("results.jtl");
        Path log = dir.resolve("jmeter.log");
        Path report = dir.resolve("dashboard");
        Path console = dir.resolve("console.txt");
        Files.deleteIfExists(jtl);

        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xms" + heap);
        cmd.add("-Xmx" + heap);
        cmd.add("-Djava.awt.headless=true");
        systemProperties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jmeter.launcherJar().toString());
        cmd.add("-n");
        cmd.add("-t");
        cmd.add(plan.toString());
        cmd.add("-l");
        cmd.add(jtl.toString());
        cmd.add("-j");
        cmd.add(log.toString());
        if (dashboard) {
            cmd.add("-e");
            cmd.add("-o");
            cmd.add(report.toString());
        }
        properties.forEach((k, v) -> cmd.add("-J" + k + "=" + v));
        cmd.addAll(extraArgs);

        Process process = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(console.toFile())
                .start();
        long started = System.nanoTime();
        boolean timedOut = !process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (timedOut) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        return new Result(timedOut ? -1 : process.exitValue(), read(console), dir, jtl, log,
                dashboard ? report : null, took, String.join(" ", cmd), timedOut);
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }

    private static String tail(String s, int n) {
        return s.length() <= n ? s : s.substring(s.length() - n);
    }

    /** What a run left behind. */
    public record Result(int exitCode, String console, Path workDir, Path jtl, Path log, Path dashboard,
            Duration took, String commandLine, boolean timedOut) {

        /** The JTL's rows (CSV with header, JMeter's default format). */
        public Jtl jtlRows() throws IOException {
            return Jtl.read(jtl);
        }

        public String logText() throws IOException {
            return read(log);
        }

        /** A description for assertion messages: the command, console and the log's tail. */
        public String describe() {
            try {
                return (timedOut ? "killed: still running" : "exit " + exitCode) + " after " + took.toMillis()
                        + " ms\n$ " + commandLine
                        + "\n--- console ---\n" + console + "\n--- log tail ---\n" + tail(read(log), 6000);
            } catch (IOException e) {
                return "exit " + exitCode + "\n" + console;
            }
        }
    }
}
