package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs the suite the way most JMeter users install plugins: the real JMeter Plugins Manager
 * ({@code kg.apc:jmeter-plugins-manager:1.3} in {@code lib/ext}, {@code kg.apc:cmdrunner:2.3} in
 * {@code lib/}, both from Maven Central) runs its command-line tool {@code PluginManagerCMD} in a
 * plain stock JMeter 5.6.3 home against a repository served on 127.0.0.1
 * ({@code jpgc.repo.address}): the descriptor this build wrote
 * ({@code target/<artifact>-<version>-plugins-manager.json}) with its Maven Central URLs pointed at
 * the test's server, which serves the jars from this build and the local Maven repository, and a
 * second repository file with the stock JMeter entries the public repository has (the descriptor
 * depends on {@code jmeter-core}, {@code jmeter-http}, {@code jmeter-components}).
 *
 * <p>{@code install} must add exactly the plugin jar to {@code lib/ext} and the descriptor's libs
 * to {@code lib/}; the shipped smoke plan then runs in that home; {@code uninstall} must leave the
 * home as it was before. The Plugins Manager applies its changes after its JVM ends, in a separate
 * JVM it starts ({@code SafeDeleter}); the test waits for that JVM's log to say it is done (its
 * temporary files are kept in the test's folder with {@code java.io.tmpdir}).
 */
class PluginsManagerIT {

    private static final String ID = "agieval-jmeter-plugins";
    private static final String CENTRAL = "https://repo1.maven.org/maven2/";

    @TempDir
    Path tmp;

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void shouldInstallRunAndUninstallWhenPluginsManagerUsesTheDescriptor() throws Exception {
        String version = System.getProperty("agieval.project.version", "0.1.0-SNAPSHOT");
        Path descriptor = JMeterHome.buildDir().resolve(ID + "-" + version + "-plugins-manager.json");
        assertThat(descriptor).as("the descriptor the build writes in package").isRegularFile();
        JsonNode entry = new ObjectMapper().readTree(descriptor.toFile()).get(0);
        assertThat(entry.path("id").asText()).isEqualTo(ID);
        for (String field : List.of("name", "description", "screenshotUrl", "helpUrl", "vendor", "markerClass")) {
            assertThat(entry.path(field).asText()).as(field).isNotBlank();
        }
        assertThat(entry.path("componentClasses")).isNotEmpty();
        JsonNode release = entry.path("versions").path(version);
        assertThat(release.path("downloadUrl").asText()).startsWith(CENTRAL).endsWith("/" + ID + "-" + version + ".jar");
        assertThat(release.path("depends").toString()).contains("jmeter-core>=5.6.2");
        Set<String> libFiles = new TreeSet<>();
        release.path("libs").fields().forEachRemaining(l -> {
            assertThat(l.getValue().asText()).startsWith(CENTRAL);
            libFiles.add(l.getValue().asText().substring(l.getValue().asText().lastIndexOf('/') + 1));
        });
        assertThat(libFiles).isEqualTo(StockHome.suiteLibraryFileNames());

        // a stock home with the Plugins Manager, as its own install instructions put it there
        JMeterHome stock = StockHome.copyTo(tmp.resolve("apache-jmeter-5.6.3"));
        Path home = stock.home();
        Path pm = JMeterHome.buildDir().resolve("plugins-manager");
        Files.copy(pm.resolve("jmeter-plugins-manager-1.3.jar"), home.resolve("lib/ext/jmeter-plugins-manager-1.3.jar"));
        Files.copy(pm.resolve("cmdrunner-2.3.jar"), home.resolve("lib/cmdrunner-2.3.jar"));
        Map<String, String> before = StockHome.files(home);

        String base = startRepository(descriptor, version);
        String address = base + "/agieval.json;" + base + "/jmeter.json";

        // install
        String installOut = pluginsManager(home, address, "install", ID);
        assertThat(installOut).as(installOut).doesNotContain("Exception");
        awaitChangesApplied(1);
        Map<String, String> installed = StockHome.files(home);
        Set<String> added = new TreeSet<>(installed.keySet());
        added.removeAll(before.keySet());
        Set<String> expected = new TreeSet<>();
        expected.add("lib/ext/" + ID + "-" + version + ".jar");
        libFiles.forEach(f -> expected.add("lib/" + f));
        assertThat(added).as(cleanerLogs()).isEqualTo(expected);
        assertThat(requests).as("every jar came from the 127.0.0.1 repository")
                .anyMatch(r -> r.endsWith("/" + ID + "-" + version + ".jar"))
                .filteredOn(r -> r.endsWith(".jar")).hasSize(expected.size());
        assertThat(installed.get("lib/ext/" + ID + "-" + version + ".jar"))
                .isEqualTo(StockHome.sha256(JMeterHome.buildDir().resolve(ID + "-" + version + ".jar")));
        String status = pluginsManager(home, address, "status");
        assertThat(status).contains(ID + "=" + version);

        // the shipped smoke plan in that home
        JMeterRun.Result run = JMeterRun.plan(stock, JMeterHome.projectDir().resolve("test-plans/smoke.jmx"))
                .property("TIME_SCALE", 0.02)
                .property("SMOKE_USERS", 2)
                .property("RESULTS_DIR", tmp.resolve("kpi"))
                .workDir(tmp.resolve("run"))
                .run(Duration.ofMinutes(3));
        assertSmokePassed(run, tmp.resolve("kpi"));

        // uninstall: the home is as it was
        String uninstallOut = pluginsManager(home, address, "uninstall", ID);
        assertThat(uninstallOut).as(uninstallOut).doesNotContain("Exception");
        awaitChangesApplied(2);
        assertThat(StockHome.files(home)).as(cleanerLogs()).isEqualTo(before);
    }

    /** Exit 0; on a machine too loaded for the API latency KPIs, 99 with nothing but those failed. */
    static void assertSmokePassed(JMeterRun.Result run, Path kpiDir) throws IOException {
        assertThat(run.exitCode()).as(run.describe()).isIn(0, 99);
        assertThat(run.console()).as(run.describe()).contains("KPI verdict");
        JsonNode report = new ObjectMapper().readTree(kpiDir.resolve("kpi-report.json").toFile());
        assertThat(report.path("test_summary").path("samples").asLong()).isPositive();
        if (run.exitCode() == 99) {
            for (JsonNode k : report.path("kpis")) {
                if (!k.path("verdict").asText().equals("PASS")) {
                    assertThat(k.path("name").asText()).as(run.describe()).matches("p\\d+_response_time");
                }
            }
        }
        assertThat(run.jtlRows().labels()).as(run.describe()).contains("Login", "Submit Evaluation", "Job Results");
    }

    /**
     * Serves {@code /agieval.json} (the build's descriptor, Maven Central URLs pointed here),
     * {@code /jmeter.json} (stock JMeter's entries), and {@code /maven2/...}: this build's jar from
     * {@code target/}, every other jar from the local Maven repository. Records every request path.
     */
    private String startRepository(Path descriptor, String version) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        byte[] agieval = Files.readString(descriptor).replace(CENTRAL, base + "/maven2/")
                .getBytes(StandardCharsets.UTF_8);
        byte[] jmeter = stockJMeterEntries().getBytes(StandardCharsets.UTF_8);
        Path localRepo = Paths.get(System.getProperty("agieval.local.repo",
                Paths.get(System.getProperty("user.home"), ".m2", "repository").toString()));
        String ownJar = "/maven2/io/github/agieval/" + ID + "/" + version + "/" + ID + "-" + version + ".jar";
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            requests.add(ex.getRequestMethod() + " " + path);
            if ("POST".equals(ex.getRequestMethod())) { // the manager's usage statistics
                ex.getRequestBody().readAllBytes();
                send(ex, 200, new byte[0]);
            } else if (path.equals("/agieval.json")) {
                send(ex, 200, agieval);
            } else if (path.equals("/jmeter.json")) {
                send(ex, 200, jmeter);
            } else if (path.equals(ownJar)) {
                send(ex, 200, Files.readAllBytes(JMeterHome.buildDir().resolve(ID + "-" + version + ".jar")));
            } else if (path.startsWith("/maven2/") && !path.contains("..")
                    && Files.isRegularFile(localRepo.resolve(path.substring("/maven2/".length())))) {
                send(ex, 200, Files.readAllBytes(localRepo.resolve(path.substring("/maven2/".length()))));
            } else {
                send(ex, 404, new byte[0]);
            }
        });
        server.start();
        return base;
    }

    private static void send(HttpExchange ex, int code, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** The stock JMeter plugins the descriptor depends on, as the public repository lists them. */
    private static String stockJMeterEntries() {
        StringBuilder b = new StringBuilder("[");
        String[][] stock = {
            {"jmeter-core", "JMeter Core", "org.apache.jmeter.engine.JMeterEngine", "ApacheJMeter_core"},
            {"jmeter-http", "HTTP Protocol Support", "org.apache.jmeter.protocol.http.sampler.HTTPSampler", "ApacheJMeter_http"},
            {"jmeter-components", "Various Core Components", "org.apache.jmeter.sampler.DebugSampler", "ApacheJMeter_components"},
        };
        for (int i = 0; i < stock.length; i++) {
            String[] s = stock[i];
            b.append(i == 0 ? "" : ",").append("{\"id\":\"").append(s[0]).append("\",\"name\":\"").append(s[1])
                    .append("\",\"description\":\"stock JMeter\",\"vendor\":\"JMeter Core Team\",\"helpUrl\":\"\",")
                    .append("\"markerClass\":\"").append(s[2]).append("\",\"canUninstall\":false,")
                    .append("\"versions\":{\"\":{\"downloadUrl\":\"http://127.0.0.1:9/").append(s[3])
                    .append("-%1$s.jar\"}}}");
        }
        return b.append("]").toString();
    }

    /** Runs {@code PluginsManagerCMD <args>} in {@code home} as its script does; returns its output. */
    private String pluginsManager(Path home, String address, String... args) throws Exception {
        Path pmTmp = Files.createDirectories(tmp.resolve("pm-tmp"));
        List<String> cmd = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-Djpgc.repo.address=" + address,
                "-jar", home.resolve("lib/cmdrunner-2.3.jar").toString(),
                "--tool", "org.jmeterplugins.repository.PluginManagerCMD"));
        cmd.addAll(List.of(args));
        // run from outside the home, as bin/PluginsManagerCMD.sh may be: its jmeter.log lands in the working folder
        Path work = Files.createDirectories(tmp.resolve("pm-work"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true);
        // the manager's temporary files and those of the JVM it starts to move the jars stay here
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + pmTmp);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as(out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** Waits until the {@code n}th SafeDeleter JVM has logged that it moved the files and ran installers. */
    private void awaitChangesApplied(int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<String> logs = cleanerLogList();
            if (logs.size() >= n && logs.stream().filter(l -> l.contains("Done running installers")).count() >= n) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("The Plugins Manager did not apply its changes within 60 s: " + cleanerLogs());
    }

    private List<String> cleanerLogList() throws IOException {
        Path dir = tmp.resolve("pm-tmp");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> logs = new ArrayList<>();
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("jpgc-cleaner-")).sorted().toList()) {
                logs.add(Files.readString(f, StandardCharsets.UTF_8));
            }
            return logs;
        }
    }

    private String cleanerLogs() {
        try {
            return "requests " + requests + "\n" + cleanerLogList().stream().collect(Collectors.joining("\n---\n"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
