package io.github.agieval.jmeter.threads;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.agieval.jmeter.it.JMeterHome;
import io.github.agieval.jmeter.it.JMeterRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributed mode: a {@code jmeter -n -R} client drives two {@code jmeter-server} engines on
 * 127.0.0.1; the group travels to each engine by RMI serialization and each engine runs the full
 * schedule with its own users.
 */
class StageThreadGroupDistributedIT {

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Process startServer(Path dir, int port, int targetPort) throws IOException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx256m", "-Djava.awt.headless=true", "-Djava.rmi.server.hostname=127.0.0.1",
                "-jar", JMeterHome.assembled().launcherJar().toString(), "-s",
                "-j", dir.resolve("server.log").toString(),
                "-Jserver_port=" + port, "-Jserver.rmi.localport=" + freePort(), "-Jserver.rmi.ssl.disable=true",
                "-JPORT=" + targetPort, "-JSTART_USERS=1", "-JSTAGES=1s,3;1s,3;1s,0", "-JTIME_SCALE=1",
                "-JTHINK_MS=100"));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.txt").toFile()).start();
    }

    private static void awaitReady(Process server, Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Path console = dir.resolve("console.txt");
        while (System.nanoTime() < deadline && server.isAlive()) {
            if (Files.exists(console) && Files.readString(console, StandardCharsets.UTF_8).contains("Created remote object")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("jmeter-server did not start: " + Files.readString(console, StandardCharsets.UTF_8));
    }

    @Test
    void shouldRunFullScheduleOnEachEngineWhenDistributed(@TempDir Path dir) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        target.createContext("/ping", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        target.setExecutor(Executors.newFixedThreadPool(4));
        target.start();
        int p1 = freePort();
        int p2 = freePort();
        List<Process> servers = new ArrayList<>();
        try {
            servers.add(startServer(dir.resolve("server1"), p1, target.getAddress().getPort()));
            servers.add(startServer(dir.resolve("server2"), p2, target.getAddress().getPort()));
            awaitReady(servers.get(0), dir.resolve("server1"));
            awaitReady(servers.get(1), dir.resolve("server2"));

            JMeterRun.Result run = JMeterRun.testPlan("plans/stage-shape.jmx")
                    .systemProperty("java.rmi.server.hostname", "127.0.0.1")
                    .property("server.rmi.ssl.disable", true)
                    .args("-R", "127.0.0.1:" + p1 + ",127.0.0.1:" + p2, "-X")
                    .workDir(dir.resolve("client"))
                    .run(Duration.ofMinutes(1));
            assertThat(run.exitCode()).as(run.describe()).isZero();
            List<Map<String, String>> rows = run.jtlRows().withLabel("GET ping");
            assertThat(rows).as(run.describe()).isNotEmpty().allMatch(r -> "true".equals(r.get("success")));
            for (int port : new int[] {p1, p2}) {
                String prefix = "127.0.0.1:" + port + "-Stages 1-";
                List<Map<String, String>> engine = rows.stream()
                        .filter(r -> r.get("threadName").startsWith(prefix)).collect(Collectors.toList());
                Set<String> users = engine.stream().map(r -> r.get("threadName").substring(prefix.length()))
                        .collect(Collectors.toCollection(TreeSet::new));
                // 1 → 3 users over 1 s, hold 1 s, 3 → 0 over 1 s: three users on each engine
                assertThat(users).as("users of engine %d", port).containsExactly("1", "2", "3");
                assertThat(engine.stream().mapToInt(r -> Integer.parseInt(r.get("grpThreads"))).max()).hasValue(3);
            }
            for (Process s : servers) {
                assertThat(s.waitFor(30, TimeUnit.SECONDS)).as("-X ends the servers").isTrue();
            }
        } finally {
            for (Process s : servers) {
                s.destroyForcibly();
            }
            target.stop(0);
        }
    }
}
