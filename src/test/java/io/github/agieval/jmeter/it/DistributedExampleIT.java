package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked example of {@code docs/distributed.md} runs as written (only its ports are swapped
 * for free ones on this shared machine): the overlay unpacked over a plain stock JMeter 5.6.3 home,
 * {@code bin/agieval-servers.sh start} starts two {@code jmeter-server} engines on 127.0.0.1, the
 * client runs the smoke plan on both with {@code -R ... -X}, and prints the one verdict; the JTL
 * on the client holds both engines' samples and the KPI report counts both engines' threads.
 */
class DistributedExampleIT {

    private static final Pattern BLOCK = Pattern.compile(
            "## Worked example: two engines on one machine.*?```bash\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path tmp;

    @Test
    void shouldRunSmokePlanOnTwoEnginesWhenDocsExampleRuns() throws Exception {
        String doc = Files.readString(JMeterHome.projectDir().resolve("docs/distributed.md"));
        Matcher m = BLOCK.matcher(doc);
        assertThat(m.find()).as("worked example block").isTrue();
        int[] ports = freePorts();
        String script = m.group(1)
                .replace("start 2 1099", "start 2 " + ports[0])
                .replace("127.0.0.1:1099,127.0.0.1:1100", "127.0.0.1:" + ports[0] + ",127.0.0.1:" + (ports[0] + 1));
        assertThat(script).contains("bin/agieval-servers.sh start", "-R 127.0.0.1:" + ports[0]);

        Path home = StockHome.copyTo(tmp.resolve("apache-jmeter-5.6.3")).home();
        unzip(overlayArchive(), home);
        Path file = tmp.resolve("distributed.sh");
        Files.writeString(file, script);
        ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).directory(tmp.toFile()).redirectErrorStream(true);
        pb.environment().put("JMETER_HOME", home.toString());
        pb.environment().put("JVM_ARGS", "-Xms256m -Xmx256m");
        pb.environment().put("AGIEVAL_SERVERS_DIR", tmp.resolve("servers").toString());
        Process p = pb.start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(4, TimeUnit.MINUTES)).as(out).isTrue();
            String described = script + "\n--- output ---\n" + out;
            assertThat(out).as(described).contains("Started 2 jmeter-server engines");
            Matcher exit = Pattern.compile("exit code (\\d+)").matcher(out);
            assertThat(exit.find()).as(described).isTrue();
            assertThat(exit.group(1)).as(described).isIn("0", "99");

            Jtl jtl = Jtl.read(home.resolve("results/distributed.jtl"));
            for (int port : new int[] {ports[0], ports[0] + 1}) {
                assertThat(jtl.rows()).as("samples of engine %d; %s", port, described)
                        .anyMatch(r -> r.get("threadName").startsWith("127.0.0.1:" + port + "-"));
            }
            JsonNode report = new ObjectMapper().readTree(home.resolve("results/distributed-kpi/kpi-report.json").toFile());
            assertThat(report.path("test_summary").path("samples").asLong()).isEqualTo(jtl.size());
            // 2 engines x 2 users when their runs overlap; a busy machine can start the second engine's users
            // after the first engine's 6-s hold is over (seen once), so the peak is one engine's 2 at least
            assertThat(report.path("test_summary").path("peak_threads").asInt()).as("2 engines x 2 users, or one engine's 2")
                    .isBetween(2, 4);
            if (exit.group(1).equals("99")) {
                for (JsonNode k : report.path("kpis")) {
                    if (!"PASS".equals(k.path("verdict").asText())) {
                        // latency on a loaded machine; the plan's "threads>=" only when the engines did not overlap
                        String allowed = report.path("test_summary").path("peak_threads").asInt() < 4
                                ? "p\\d+_response_time|threads>=.*" : "p\\d+_response_time";
                        assertThat(k.path("name").asText()).as(described).matches(allowed);
                    }
                }
            }
            assertThat(home.resolve("results/distributed-dashboard/index.html")).isRegularFile();
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            // engines the script started (-X ends them; this is for a failed run)
            new ProcessBuilder("sh", home.resolve("bin/agieval-servers.sh").toString(), "stop")
                    .directory(tmp.toFile()).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("stop.txt").toFile())
                    .start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A port p with p, p+1, p+100 and p+101 free (the script's layout). */
    private static int[] freePorts() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p;
            try (ServerSocket s = new ServerSocket(0)) {
                p = s.getLocalPort();
            }
            if (p + 101 > 65535) {
                continue;
            }
            if (free(p) && free(p + 1) && free(p + 100) && free(p + 101)) {
                return new int[] {p};
            }
        }
        throw new IllegalStateException("no free port block");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return s.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path overlayArchive() throws IOException {
        try (Stream<Path> files = Files.list(JMeterHome.buildDir())) {
            List<Path> zips = files.filter(f -> f.getFileName().toString().endsWith("-jmeter-overlay.zip")).toList();
            assertThat(zips).hasSize(1);
            return zips.get(0);
        }
    }

    private static void unzip(Path zip, Path to) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                Path target = to.resolve(e.getName()).normalize();
                assertThat(target.startsWith(to)).isTrue();
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = z.getInputStream(e)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                if (e.getName().startsWith("bin/") && e.getName().endsWith(".sh")) {
                    target.toFile().setExecutable(true);
                }
            }
        }
    }
}
