package io.github.agieval.jmeter.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Stock {@code jmeter-server} engines (the assembled home's launcher with {@code -s}) on
 * 127.0.0.1 for distributed ITs: each on its own free RMI registry port and local object port,
 * SSL for RMI off, its {@code server.log} and {@code console.txt} kept in
 * {@code workDir/server<i>}. {@link #start} returns once every engine has exported its remote
 * object; {@link #close()} ends every engine still alive, with the processes it started.
 *
 * <p>A client drives them with {@link #client(JMeterRun)} ({@code -R} with {@link #remoteHosts()}).
 *
 * <p>Threading: one test thread owns an instance.
 */
public final class JMeterServers implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String READY = "Created remote object";

    private final List<Process> processes = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    private JMeterServers() {
    }

    /**
     * Starts {@code count} engines, each with the JMeter properties {@code properties} ({@code -Jk=v}),
     * and waits until every one is ready; on failure ends those started and throws.
     */
    public static JMeterServers start(Path workDir, int count, Map<String, ?> properties) throws Exception {
        JMeterServers servers = new JMeterServers();
        try {
            int[] free = freePorts(2 * count);
            for (int i = 0; i < count; i++) {
                servers.launch(workDir.resolve("server" + (i + 1)), free[2 * i], free[2 * i + 1], properties);
            }
            for (int i = 0; i < count; i++) {
                servers.awaitReady(i);
            }
            return servers;
        } catch (Exception | Error e) {
            servers.close();
            throw e;
        }
    }

    private void launch(Path dir, int port, int localPort, Map<String, ?> properties) throws IOException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx256m", "-Djava.awt.headless=true", "-Djava.rmi.server.hostname=127.0.0.1",
                "-jar", JMeterHome.assembled().launcherJar().toString(), "-s",
                "-j", dir.resolve("server.log").toString(),
                "-Jserver_port=" + port, "-Jserver.rmi.localport=" + localPort, "-Jserver.rmi.ssl.disable=true"));
        properties.forEach((k, v) -> cmd.add("-J" + k + "=" + v));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.txt").toFile()).start();
        processes.add(p);
        dirs.add(dir);
        ports.add(port);
    }

    /**
     * Ready when the console says the remote engine is exported; a registry port that has accepted
     * connections for 5 s counts too (the console line is the server's, not ours to rely on alone).
     */
    private void awaitReady(int i) throws Exception {
        Process server = processes.get(i);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        int listening = 0;
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("jmeter-server " + (i + 1) + " ended: " + console(i));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.get(i)), 500);
                if (console(i).contains(READY) || ++listening > 25) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("jmeter-server " + (i + 1) + " did not start on port " + ports.get(i) + ": "
                + console(i));
    }

    /** The RMI registry port of engine {@code i} (0-based): engine thread names start with {@code 127.0.0.1:<port>-}. */
    public int port(int i) {
        return ports.get(i);
    }

    /** The engines for {@code jmeter -R}: {@code 127.0.0.1:<port>,...}. */
    public String remoteHosts() {
        return ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /**
     * {@code run} set up to drive these engines: RMI on 127.0.0.1 without SSL and
     * {@code -R <remoteHosts>}; add {@code -X} to end the engines with the test.
     */
    public JMeterRun client(JMeterRun run) {
        return run.systemProperty("java.rmi.server.hostname", "127.0.0.1")
                .property("server.rmi.ssl.disable", true)
                .args("-R", remoteHosts());
    }

    /** Whether every engine ended within {@code timeout} (as {@code -X} makes them). */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Process p : processes) {
            long left = deadline - System.nanoTime();
            if (left <= 0 ? p.isAlive() : !p.waitFor(left, TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }

    /** The console (stdout and stderr) of engine {@code i} so far. */
    public String console(int i) throws IOException {
        Path f = dirs.get(i).resolve("console.txt");
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }

    /** Ends every engine and what it started, and waits briefly for each to go. */
    @Override
    public void close() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** {@code n} distinct free loopback ports (all held open together, so none is given twice). */
    static int[] freePorts(int n) throws IOException {
        int[] result = new int[n];
        List<ServerSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                open.add(s);
                result[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : open) {
                s.close();
            }
        }
        return result;
    }
}
