package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the harness end to end: stock JMeter 5.6.3 assembled from Maven Central, with this
 * build's jar, runs a real plan headless against a real HTTP server, writes a JTL and the HTML
 * dashboard, and ends with the exit code the plugin asked for.
 */
class HarnessIT {

    private static HttpServer server;
    private static final AtomicInteger served = new AtomicInteger();

    @BeforeAll
    static void startTarget() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ping", exchange -> {
            served.incrementAndGet();
            byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    @AfterAll
    static void stopTarget() {
        server.stop(0);
    }

    @Test
    void shouldLoadPluginJarIntoStockJMeterHome() throws IOException {
        JMeterHome jmeter = JMeterHome.assembled();
        Path plugin = jmeter.pluginJar();
        try (JarFile jar = new JarFile(plugin.toFile())) {
            assertThat(jar.getEntry("io/github/agieval/jmeter/common/HeadlessExit.class")).isNotNull();
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("io.github.agieval.jmeter.cli.Main");
        }
        Set<String> lib;
        try (Stream<Path> files = Files.list(jmeter.lib())) {
            lib = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        assertThat(lib).contains("datafaker-2.4.2.jar", "HdrHistogram-2.2.2.jar", "snakeyaml-2.3.jar",
                "jackson-databind-2.16.1.jar", "httpclient-4.5.14.jar", "prometheus-metrics-core-1.3.10.jar",
                "prometheus-metrics-exporter-httpserver-1.3.10.jar",
                "prometheus-metrics-exporter-pushgateway-1.3.10.jar");
        // the pom lists the shipped jars twice: the overlay (runtime dependencies) and this home
        // (jmeter-maven-plugin's testPlanLibraries, one by one): every jar the overlay ships is here
        assertThat(lib).as("the home's lib/ holds every jar of the overlay's lib/ (pom: testPlanLibraries)")
                .containsAll(overlayLibJars());
        assertThat(lib).noneMatch(name -> name.startsWith("junit-jupiter") || name.startsWith("assertj")
                || name.startsWith("jmh-"));
        try (Stream<Path> files = Files.list(jmeter.libExt())) {
            List<String> nonJMeter = files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("ApacheJMeter_")).collect(Collectors.toList());
            assertThat(nonJMeter).as("lib/ext holds only JMeter's jars and the plugin")
                    .containsExactly(plugin.getFileName().toString());
        }
    }

    private static Set<String> overlayLibJars() throws IOException {
        Path zip;
        try (Stream<Path> files = Files.list(JMeterHome.buildDir())) {
            zip = files.filter(p -> p.getFileName().toString().endsWith("-jmeter-overlay.zip")).findFirst()
                    .orElseThrow(() -> new AssertionError("no overlay archive in " + JMeterHome.buildDir()));
        }
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            Set<String> jars = z.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(n -> n.startsWith("lib/") && !n.startsWith("lib/ext/") && n.endsWith(".jar"))
                    .map(n -> n.substring("lib/".length())).collect(Collectors.toSet());
            assertThat(jars).as("overlay lib/").isNotEmpty();
            return jars;
        }
    }

    @Test
    void shouldExitZeroAndWriteJtlWhenNoExitCodeIsRequested(@TempDir Path dir) throws Exception {
        int before = served.get();
        JMeterRun.Result run = JMeterRun.testPlan("plans/harness.jmx")
                .property("PORT", server.getAddress().getPort())
                .property("THREADS", 3)
                .property("LOOPS", 7)
                .property("EXIT_CODE", 0)
                .workDir(dir)
                .run(Duration.ofMinutes(2));

        assertThat(run.exitCode()).as(run.describe()).isZero();
        Jtl jtl = run.jtlRows();
        assertThat(jtl.withLabel("GET /ping")).hasSize(21).allMatch(r -> "true".equals(r.get("success"))
                && "200".equals(r.get("responseCode")));
        assertThat(served.get() - before).isEqualTo(21);
        assertThat(jtl.withLabel("request exit code")).singleElement()
                .satisfies(r -> assertThat(r.get("success")).isEqualTo("true"));
    }

    @Test
    void shouldExitWithRequestedCodeAfterDashboardIsWritten(@TempDir Path dir) throws Exception {
        JMeterRun.Result run = JMeterRun.testPlan("plans/harness.jmx")
                .property("PORT", server.getAddress().getPort())
                .property("EXIT_CODE", 99)
                .workDir(dir)
                .dashboard(true)
                .run(Duration.ofMinutes(2));

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(99);
        assertThat(run.dashboard().resolve("index.html")).as(run.describe()).isRegularFile();
        assertThat(run.dashboard().resolve("statistics.json")).isRegularFile();
        assertThat(run.console()).contains("... end of run");
        assertThat(run.jtlRows().withLabel("GET /ping")).hasSize(20);
        assertThat(run.logText()).contains("JMeter is done; exiting with code 99");
    }
}
