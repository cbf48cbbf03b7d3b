package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archive, as a user installs it: unpacked, then its {@code bin/agieval-install.sh}
 * copies it into a stock JMeter 5.6.3 home that has never seen the plugin; {@code jmeter -n} then
 * runs the shipped smoke plan (Sandbox Target, samplers, polling controller, data generator, KPI
 * listener) from that home.
 */
class OverlayInstallIT {

    @Test
    void shouldRunShippedPlanWhenOverlayIsInstalledIntoStockHome(@TempDir Path dir) throws Exception {
        Path overlayZip = overlayArchive();
        Path overlay = dir.resolve("overlay");
        Set<String> overlayFiles = unzip(overlayZip, overlay);
        assertThat(overlayFiles).contains("bin/agieval-install.sh", "test-plans/smoke.jmx",
                "testdata/eval_requests.json");
        assertThat(overlayFiles).anyMatch(f -> f.matches("lib/ext/agieval-jmeter-plugins-.*\\.jar"));
        assertThat(overlayFiles).filteredOn(f -> f.startsWith("lib/ext/")).hasSize(1);

        // a stock home: the assembled one minus everything the overlay brings
        Path stock = dir.resolve("apache-jmeter-5.6.3");
        copyTree(JMeterHome.assembled().home(), stock);
        for (String f : overlayFiles) {
            if (f.startsWith("lib/")) {
                Files.deleteIfExists(stock.resolve(f));
            }
        }
        try (Stream<Path> ext = Files.list(stock.resolve("lib/ext"))) {
            assertThat(ext.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("agieval"));
        }

        Process install = new ProcessBuilder("sh", overlay.resolve("bin/agieval-install.sh").toString(),
                stock.toString()).redirectErrorStream(true).start();
        String installOut = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(install.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(install.exitValue()).as(installOut).isZero();
        assertThat(installOut).contains("Installed agieval-jmeter-plugins-");

        JMeterRun.Result run = JMeterRun.plan(JMeterHome.at(stock), stock.resolve("test-plans/smoke.jmx"))
                .property("TIME_SCALE", 0.01)
                .property("SMOKE_USERS", 2)
                .property("RESULTS_DIR", dir.resolve("kpi"))
                .workDir(dir.resolve("run"))
                .run(Duration.ofMinutes(3));

        assertThat(run.exitCode()).as(run.describe()).isIn(0, 99);
        Jtl jtl = run.jtlRows();
        assertThat(jtl.labels()).as(run.describe()).contains("Login", "Submit Evaluation", "Job Status",
                "job Evaluation", "Job Results");
        assertThat(jtl.withLabel("Submit Evaluation")).isNotEmpty()
                .allMatch(r -> "202".equals(r.get("responseCode")));
        assertThat(dir.resolve("kpi/kpi-report.json")).isRegularFile();
        assertThat(run.console()).contains("KPI verdict");
    }

    @Test
    void shouldRefuseHomeOfAnotherJMeterVersion(@TempDir Path dir) throws Exception {
        Path overlay = dir.resolve("overlay");
        unzip(overlayArchive(), overlay);
        Path other = dir.resolve("apache-jmeter-5.5");
        Files.createDirectories(other.resolve("lib/ext"));
        Files.writeString(other.resolve("lib/ext/ApacheJMeter_core-5.5.jar"), "");

        Process install = new ProcessBuilder("sh", overlay.resolve("bin/agieval-install.sh").toString(),
                other.toString()).redirectErrorStream(true).start();
        String out = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(install.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(install.exitValue()).isEqualTo(3);
        assertThat(out).contains("This overlay is for Apache JMeter 5.6.2 or 5.6.3", "ApacheJMeter_core-5.5.jar");
        try (Stream<Path> ext = Files.list(other.resolve("lib/ext"))) {
            assertThat(ext.map(p -> p.getFileName().toString()).collect(Collectors.toList()))
                    .containsExactly("ApacheJMeter_core-5.5.jar");
        }
    }

    private static Path overlayArchive() throws IOException {
        try (Stream<Path> files = Files.list(JMeterHome.buildDir())) {
            List<Path> zips = files.filter(p -> p.getFileName().toString().endsWith("-jmeter-overlay.zip"))
                    .collect(Collectors.toList());
            assertThat(zips).as("the overlay archive of ./mvnw package").hasSize(1);
            return zips.get(0);
        }
    }

    private static Set<String> unzip(Path zip, Path to) throws IOException {
        Set<String> names = new HashSet<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                Path target = to.resolve(e.getName()).normalize();
                assertThat(target.startsWith(to)).as("zip entry inside the folder: %s", e.getName()).isTrue();
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                names.add(e.getName());
                Files.createDirectories(target.getParent());
                try (InputStream in = z.getInputStream(e)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return names;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
