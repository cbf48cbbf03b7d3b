package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the README's "Running the plans in your own Maven build" snippet: a separate small Maven
 * project (packaging {@code pom}) with that exact {@code <plugin>} block, a copy of
 * {@code test-plans/smoke.jmx} and {@code kpis/} in {@code src/test/jmeter}, and this build's jar
 * published with the POM that a release publishes (flatten-maven-plugin's, no test dependencies)
 * with {@code deploy:deploy-file} to a {@code file://} repository under {@code target/}
 * (nothing is installed into {@code ~/.m2}), is run with this project's {@code ./mvnw -B verify}.
 * The snippet names this artifact alone; jmeter-maven-plugin fetches its libraries from its POM
 * ({@code downloadExtensionDependencies}) and must copy neither a test jar nor JMeter's own jars
 * (the POM's provided dependencies) into the user's JMeter {@code lib/}.
 * The build must succeed, print the KPI verdict and leave the KPI reports and JMeter's dashboard (on a
 * machine too loaded for the API latency KPIs, it must fail with JMeter's exit code 99 instead).
 * A second test forces the outcome: an impossible KPI fails the build, generous KPIs pass it.
 */
class UserPomSnippetIT {

    private static final Pattern SNIPPET = Pattern.compile(
            "## Running the plans in your own Maven build.*?```xml\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path tmp;

    @Test
    void shouldRunSmokePlanInUserProjectWhenPomHasReadmeSnippet() throws Exception {
        String snippet = readmeSnippet();
        Path user = userProject(publish(), snippet);

        // the snippet names this artifact alone: its libraries come from its POM
        assertThat(snippet).containsOnlyOnce("<artifact>")
                .contains("<artifact>io.github.agieval:agieval-jmeter-plugins:${agieval.version}</artifact>");

        // 3. mvn verify in the user's project, at a small time scale
        Path log = tmp.resolve("user-build.log");
        // -U: this build's freshly deployed snapshot, never one cached in ~/.m2 by an earlier run
        Process verify = maven(user, log, "-U", "verify", "-Dloadtest.timeScale=0.1");
        assertThat(verify.waitFor(5, TimeUnit.MINUTES)).as("user build finished").isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(out).as(out).contains("KPI reports:", user.resolve("target/kpi/kpi-report.json").toString());
        Path kpi = user.resolve("target/kpi");
        assertThat(kpi.resolve("kpi-junit.xml")).isRegularFile();
        assertThat(kpi.resolve("kpi-report.html")).isRegularFile();
        JsonNode report = new ObjectMapper().readTree(kpi.resolve("kpi-report.json").toFile());
        if (verify.exitValue() == 0) {
            assertThat(out).contains("BUILD SUCCESS", "=== KPI verdict: PASS");
            assertThat(report.path("test_summary").path("verdict").asText()).isEqualTo("PASS");
        } else {
            // a machine too loaded to keep the API latency KPIs: the breach must fail the build at the
            // jmeter goal (exit 99), and nothing but those latency KPIs may have failed
            assertThat(out).as(out).contains("=== KPI verdict: FAIL", "Test failed with exit code:99", "BUILD FAILURE");
            for (JsonNode k : report.path("kpis")) {
                if (!k.path("verdict").asText().equals("PASS")) {
                    assertThat(k.path("name").asText()).as(out).matches("p\\d+_response_time");
                }
            }
        }
        long samples = report.path("test_summary").path("samples").asLong();
        // the JTL the plugin wrote has one row per sample the KPI listener judged
        Path results = user.resolve("target/jmeter/results");
        try (Stream<Path> csv = Files.list(results)) {
            Path jtl = csv.filter(p -> p.toString().endsWith(".csv")).findFirst().orElseThrow();
            assertThat(Jtl.read(jtl).size()).isEqualTo(samples).isPositive();
        }
        assertThat(user.resolve("target/jmeter/reports/smoke/index.html")).isRegularFile();

        // the user's JMeter home: the suite's libraries in lib/, no test jar, no second copy of JMeter
        Path userHome = userJMeterHome(user.resolve("target/config.json"));
        Set<String> lib = fileNames(userHome.resolve("lib"));
        // by artifact: jmeter-maven-plugin keeps the newest version any dependency asks for (e.g. the
        // jboss-logging of jboss-threads), where Maven picks the nearest; both work
        assertThat(artifactNames(lib)).containsAll(artifactNames(StockHome.suiteLibraryFileNames()));
        assertThat(lib).noneMatch(n -> n.startsWith("ApacheJMeter_") || n.startsWith("junit-jupiter")
                || n.startsWith("assertj") || n.startsWith("jmh-") || n.startsWith("agieval-jmeter-plugins"));
        assertThat(fileNames(userHome.resolve("lib/ext"))).filteredOn(n -> n.startsWith("agieval-jmeter-plugins"))
                .hasSize(1);
    }

    /**
     * A forced breach fails {@code mvn verify} of the user's project, and a forced pass does not: the
     * README snippet as is, the user's KPI file replaced by one with an impossible KPI (no run has an
     * error rate below 0), then by one with generous targets (the plan's own lines, job completion
     * and peak users, stay as shipped). Neither outcome depends on the machine's speed.
     */
    @Test
    void shouldFailTheBuildOnAKpiBreachAndPassOtherwiseWhenPomHasReadmeSnippet() throws Exception {
        Path user = userProject(publish(), readmeSnippet());
        Path kpiFile = user.resolve("src/test/jmeter/kpis/smoke.yml");

        Files.writeString(kpiFile, String.join("\n",
                "reliability_metrics:",
                "  - name: \"error_rate\"",
                "    description: \"forced breach: no run has an error rate below 0\"",
                "    target: \"<0%\"", ""));
        Build breach = verify(user, "breach");
        assertThat(breach.exitCode).as(breach.log).isNotZero();
        assertThat(breach.log).as(breach.log).contains("=== KPI verdict: FAIL", "Test failed with exit code:99",
                "BUILD FAILURE");
        JsonNode failed = breach.report.path("kpis");
        assertThat(failed).as(breach.log).isNotEmpty();
        for (JsonNode k : failed) {
            assertThat(k.path("verdict").asText()).as(k.toString())
                    .isEqualTo(k.path("name").asText().equals("error_rate") ? "FAIL" : "PASS");
        }

        Files.writeString(kpiFile, String.join("\n",
                "response_time_metrics:",
                "  - name: \"p95_response_time\"",
                "    target: \"<60s\"",
                "    label_regex: \"(?!job ).*\"",
                "reliability_metrics:",
                "  - name: \"error_rate\"",
                "    target: \"<50%\"",
                "    label_regex: \"(?!job ).*\"", ""));
        Build pass = verify(user, "pass");
        assertThat(pass.exitCode).as(pass.log).isZero();
        assertThat(pass.log).as(pass.log).contains("=== KPI verdict: PASS", "BUILD SUCCESS")
                .doesNotContain("Test failed with exit code");
        assertThat(pass.report.path("test_summary").path("verdict").asText()).isEqualTo("PASS");
    }

    private record Build(int exitCode, String log, JsonNode report) {
    }

    /** {@code mvn clean verify} in {@code user} at a small time scale; its exit code, log and KPI report. */
    private Build verify(Path user, String name) throws Exception {
        Path log = tmp.resolve(name + "-build.log");
        // -U: this build's freshly deployed snapshot, never one cached in ~/.m2 by an earlier run
        Process verify = maven(user, log, "-U", "clean", "verify", "-Dloadtest.timeScale=0.02");
        assertThat(verify.waitFor(5, TimeUnit.MINUTES)).as("user build finished").isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Path report = user.resolve("target/kpi/kpi-report.json");
        assertThat(report).as(out).isRegularFile();
        return new Build(verify.exitValue(), out, new ObjectMapper().readTree(report.toFile()));
    }

    /** The {@code <plugin>} block of the README's "Running the plans in your own Maven build". */
    private static String readmeSnippet() throws IOException {
        String readme = Files.readString(JMeterHome.projectDir().resolve("README.md"));
        Matcher m = SNIPPET.matcher(readme);
        assertThat(m.find()).as("README snippet").isTrue();
        return m.group(1);
    }

    /**
     * Publishes this build's jar with the POM that is published (flattened: no test dependencies) to a
     * file repository under {@code target/}; returns the repository.
     */
    private Path publish() throws Exception {
        Path project = JMeterHome.projectDir();
        Path build = JMeterHome.buildDir();
        Path jar = build.resolve("agieval-jmeter-plugins-" + version() + ".jar");
        assertThat(jar).isRegularFile();
        Path pomFile = build.resolve(".flattened-pom.xml");
        assertThat(pomFile).as("flatten-maven-plugin's POM").isRegularFile();
        assertThat(Files.readString(pomFile)).doesNotContain("<scope>test</scope>", "junit");
        Path repo = build.resolve("user-project-repo");
        deleteTree(repo.resolve("io/github/agieval"));
        Process deploy = maven(project, tmp.resolve("deploy.log"),
                "org.apache.maven.plugins:maven-deploy-plugin:3.1.2:deploy-file",
                "-Dfile=" + jar, "-DpomFile=" + pomFile,
                "-Durl=" + repo.toUri(), "-DrepositoryId=agieval-test-repo");
        assertThat(deploy.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(deploy.exitValue()).as(Files.readString(tmp.resolve("deploy.log"))).isZero();
        return repo;
    }

    /** The user's project: the README snippet in a POM, the smoke plan and its KPI files in src/test/jmeter. */
    private Path userProject(Path repo, String snippet) throws IOException {
        Path project = JMeterHome.projectDir();
        Path user = tmp.resolve("eval-load-tests");
        Path plans = Files.createDirectories(user.resolve("src/test/jmeter/kpis"));
        Files.copy(project.resolve("test-plans/smoke.jmx"), user.resolve("src/test/jmeter/smoke.jmx"));
        try (Stream<Path> kpis = Files.list(project.resolve("test-plans/kpis"))) {
            for (Path k : kpis.toList()) {
                Files.copy(k, plans.resolve(k.getFileName()));
            }
        }
        String pom = Files.readString(project.resolve("src/test/resources/user-project/pom.xml"))
                .replace("@SNIPPET@", snippet)
                .replace("@REPO@", repo.toUri().toString())
                .replace("@VERSION@", version());
        Files.writeString(user.resolve("pom.xml"), pom);
        return user;
    }

    private static String version() {
        return System.getProperty("agieval.project.version", "0.1.0-SNAPSHOT");
    }

    private static Set<String> artifactNames(Set<String> jarNames) {
        return jarNames.stream().map(n -> n.replaceFirst("-\\d[^-]*(-[^-]+)?\\.jar$", ""))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Path userJMeterHome(Path configJson) throws IOException {
        for (JsonNode c : new ObjectMapper().readTree(configJson.toFile()).path("configurations")) {
            return Path.of(c.path("jmeterDirectoryPath").asText());
        }
        throw new AssertionError("no configuration in " + configJson);
    }

    private static Set<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Process maven(Path dir, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(JMeterHome.projectDir().resolve("mvnw").toString());
        cmd.add("-B");
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
