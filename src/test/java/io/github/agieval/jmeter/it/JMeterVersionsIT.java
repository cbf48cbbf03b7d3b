package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agieval.jmeter.common.JMeterVersionCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped smoke plan on every JMeter version the suite supports: the build assembles a stock
 * home for each (jmeter-maven-plugin executions {@code configuration} for 5.6.3 and
 * {@code configuration-jmeter-other} for the other, {@code jmeter.other.version} in pom.xml); a
 * plain stock copy of the other version's home gets the overlay with {@code bin/agieval-install.sh},
 * and the plan must run and produce the whole flow there (on 5.6.3
 * the smoke plan already runs in {@code PlansIT}, {@code OverlayInstallIT}, {@code PluginsManagerIT}
 * and {@code ReadmeCommandsIT}, so this test runs it on the other version only). The list
 * of versions is the one {@link JMeterVersionCheck} calls supported, so the docs, the load-time
 * check and this test cannot disagree.
 */
class JMeterVersionsIT {

    @TempDir
    Path tmp;

    @Test
    void shouldTestEverySupportedVersionWhenBuildAssemblesThem() {
        String other = System.getProperty("agieval.jmeter.other.version", "5.6.2");
        assertThat(JMeterVersionCheck.TESTED_VERSIONS).containsExactlyInAnyOrder(other, JMeterHome.JMETER_VERSION);
        assertThat(JMeterVersionCheck.MIN_VERSION).isEqualTo(JMeterVersionCheck.TESTED_VERSIONS.get(0));
    }

    @Test
    void shouldInstallOverlayAndRunSmokePlanWhenJMeterIsTheOtherSupportedVersion() throws Exception {
        String other = System.getProperty("agieval.jmeter.other.version", "5.6.2");
        // a plain stock home of that version, the overlay installed with its script as a user does
        JMeterHome home = StockHome.copyOf(JMeterHome.assembled("configuration-jmeter-other", other),
                tmp.resolve("apache-jmeter-" + other));
        Path overlay = tmp.resolve("overlay");
        try (Stream<Path> files = Files.list(JMeterHome.buildDir())) {
            Path zip = files.filter(f -> f.getFileName().toString().endsWith("-jmeter-overlay.zip")).findFirst()
                    .orElseThrow();
            Process unzip = new ProcessBuilder("unzip", "-q", zip.toString(), "-d", overlay.toString())
                    .redirectErrorStream(true).start();
            assertThat(unzip.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(unzip.exitValue()).isZero();
        }
        Process install = new ProcessBuilder("sh", overlay.resolve("bin/agieval-install.sh").toString(),
                home.home().toString()).redirectErrorStream(true).start();
        String out = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(install.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(install.exitValue()).as(out).isZero();
        smoke(home, tmp.resolve(other));
    }

    private static void smoke(JMeterHome home, Path dir) throws Exception {
        JMeterRun.Result run = JMeterRun.plan(home, JMeterHome.projectDir().resolve("test-plans/smoke.jmx"))
                .property("TIME_SCALE", 0.02)
                .property("SMOKE_USERS", 2)
                .property("RESULTS_DIR", dir.resolve("kpi"))
                .workDir(dir.resolve("run"))
                .run(Duration.ofMinutes(3));
        PluginsManagerIT.assertSmokePassed(run, dir.resolve("kpi"));
        assertThat(run.logText()).as("the JMeter that ran").contains("Version " + home.version());
        assertThat(run.jtlRows().withLabel("job Evaluation")).as(run.describe()).isNotEmpty()
                .allMatch(r -> "true".equals(r.get("success")));
        assertThat(run.logText()).doesNotContain("NoSuchMethodError", "NoClassDefFoundError");
    }
}
