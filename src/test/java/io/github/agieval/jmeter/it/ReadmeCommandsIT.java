package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every README shell block marked {@value #MARK} (the line before its {@code ```bash} fence) runs
 * as written, in README order, in one {@code bash} process, as a new user would: the working folder
 * holds the overlay archive that {@code ./mvnw package} wrote (where a user downloaded it), and
 * {@code JMETER_HOME} is a plain stock JMeter 5.6.3 home ({@link StockHome}) with the launcher
 * script a binary distribution has ({@code bin/jmeter}: {@code java $JVM_ARGS -jar
 * bin/ApacheJMeter*.jar "$@"}). A README whose commands drift from what works fails the build.
 *
 * <p>The marked blocks must install the overlay and run the smoke plan headless with its
 * dashboard and KPI reports; the test then checks that the run printed {@code exit code 0} (99 on a
 * machine too loaded for the API latency KPIs, and then only those failed) and left those files.
 */
class ReadmeCommandsIT {

    static final String MARK = "<!-- readme-test -->";
    private static final Pattern BLOCK = Pattern.compile(Pattern.quote(MARK) + "\\n```bash\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path tmp;

    /** The README's marked shell blocks, in order. */
    static List<String> markedBlocks() throws IOException {
        String readme = Files.readString(JMeterHome.projectDir().resolve("README.md"), StandardCharsets.UTF_8);
        Matcher m = BLOCK.matcher(readme);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    void shouldInstallAndRunSmokePlanWhenReadmeCommandsRunInFreshStockHome() throws Exception {
        List<String> blocks = markedBlocks();
        assertThat(blocks).as("README blocks marked " + MARK).hasSizeGreaterThanOrEqualTo(2);
        String script = String.join("\n", blocks);
        assertThat(script).contains("agieval-install.sh", "bin/jmeter -n -t test-plans/smoke.jmx");

        Path home = StockHome.copyTo(tmp.resolve("apache-jmeter-5.6.3")).home();
        Path launcher = home.resolve("bin/jmeter");
        Files.writeString(launcher, "#!/bin/sh\n# stands in for the binary distribution's bin/jmeter\n"
                + "exec \"" + Paths.get(System.getProperty("java.home"), "bin", "java") + "\" $JVM_ARGS -jar "
                + "\"$(dirname \"$0\")/ApacheJMeter-" + JMeterHome.JMETER_VERSION + ".jar\" \"$@\"\n");
        assertThat(launcher.toFile().setExecutable(true)).isTrue();

        Path downloads = Files.createDirectories(tmp.resolve("downloads"));
        try (Stream<Path> files = Files.list(JMeterHome.buildDir())) {
            for (Path zip : files.filter(f -> f.getFileName().toString().endsWith("-jmeter-overlay.zip")).toList()) {
                Files.copy(zip, downloads.resolve(zip.getFileName()));
            }
        }
        Path scriptFile = tmp.resolve("readme.sh");
        Files.writeString(scriptFile, script);

        ProcessBuilder pb = new ProcessBuilder("bash", scriptFile.toString())
                .directory(downloads.toFile()).redirectErrorStream(true);
        pb.environment().put("JMETER_HOME", home.toString());
        pb.environment().put("JVM_ARGS", "-Xms256m -Xmx512m");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as(out).isTrue();
        String described = "$ bash readme.sh\n" + script + "\n--- output ---\n" + out;

        assertThat(out).as(described).contains("Installed agieval-jmeter-plugins-");
        Matcher exit = Pattern.compile("exit code (\\d+)").matcher(out);
        assertThat(exit.find()).as(described).isTrue();
        assertThat(exit.group(1)).as(described).isIn("0", "99");
        Path results = home.resolve("results");
        assertThat(results.resolve("smoke.jtl")).as(described).isRegularFile();
        assertThat(results.resolve("smoke-dashboard/index.html")).as(described).isRegularFile();
        assertThat(results.resolve("smoke-kpi/kpi-report.json")).as(described).isRegularFile();
        if (exit.group(1).equals("99")) {
            String report = Files.readString(results.resolve("smoke-kpi/kpi-report.json"));
            assertThat(failedKpis(report)).as(described).allMatch(n -> n.matches("p\\d+_response_time"));
        }
        // the password never reached JMeter's log (it came from a -q file)
        try (Stream<Path> logs = Files.walk(home)) {
            for (Path log : logs.filter(f -> f.getFileName().toString().equals("jmeter.log")).toList()) {
                assertThat(Files.readString(log)).doesNotContain("test-password");
            }
        }
    }

    private static List<String> failedKpis(String reportJson) throws IOException {
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(reportJson);
        List<String> failed = new ArrayList<>();
        root.path("kpis").forEach(k -> {
            if (!"PASS".equals(k.path("verdict").asText())) {
                failed.add(k.path("name").asText());
            }
        });
        return failed.stream().collect(Collectors.toList());
    }
}
