package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributed mode: a {@code jmeter -n -R} client drives two {@code jmeter-server} engines on
 * 127.0.0.1; the group travels to each engine by RMI serialization and each engine runs the full
 * schedule with its own users.
 */
class StageThreadGroupDistributedIT {

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
        Map<String, Object> engineProperties = Map.of("PORT", target.getAddress().getPort(), "START_USERS", 1,
                "STAGES", "1s,3;1s,3;1s,0", "TIME_SCALE", 1, "THINK_MS", 100);
        try (JMeterServers servers = JMeterServers.start(dir, 2, engineProperties)) {
            JMeterRun.Result run = servers.client(JMeterRun.testPlan("plans/stage-shape.jmx"))
                    .args("-X")
                    .workDir(dir.resolve("client"))
                    .run(Duration.ofMinutes(1));
            assertThat(run.exitCode()).as(run.describe()).isZero();
            List<Map<String, String>> rows = run.jtlRows().withLabel("GET ping");
            assertThat(rows).as(run.describe()).isNotEmpty().allMatch(r -> "true".equals(r.get("success")));
            for (int port : new int[] {servers.port(0), servers.port(1)}) {
                String prefix = "127.0.0.1:" + port + "-Stages 1-";
                List<Map<String, String>> engine = rows.stream()
                        .filter(r -> r.get("threadName").startsWith(prefix)).collect(Collectors.toList());
                Set<String> users = engine.stream().map(r -> r.get("threadName").substring(prefix.length()))
                        .collect(Collectors.toCollection(TreeSet::new));
                // 1 → 3 users over 1 s, hold 1 s, 3 → 0 over 1 s: three users on each engine
                assertThat(users).as("users of engine %d", port).containsExactly("1", "2", "3");
                assertThat(engine.stream().mapToInt(r -> Integer.parseInt(r.get("grpThreads"))).max()).hasValue(3);
            }
            assertThat(servers.awaitExit(Duration.ofSeconds(30))).as("-X ends the servers").isTrue();
        } finally {
            target.stop(0);
        }
    }
}
