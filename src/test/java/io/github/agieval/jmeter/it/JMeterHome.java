package io.github.agieval.jmeter.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/**
 * The stock JMeter 5.6.3 home that jmeter-maven-plugin's {@code configure} goal assembled from
 * Maven Central in {@code pre-integration-test}, with this build's plugin jar in {@code lib/ext}.
 * Integration tests run it as a separate process with {@link JMeterRun}.
 */
public final class JMeterHome {

    public static final String JMETER_VERSION = "5.6.3";

    private final Path home;

    private JMeterHome(Path home) {
        this.home = home;
    }

    /** The jmeter-maven-plugin execution whose home the ITs use: no user properties (see pom.xml). */
    public static final String EXECUTION_ID = "configuration";

    /**
     * The home that execution {@value #EXECUTION_ID} assembled, as {@code target/config.json}
     * (written by jmeter-maven-plugin's {@code configure} goal) lists it; fails the test if there is
     * none. The plan run's home (execution {@code plan-configuration}) carries user properties such as
     * {@code TIME_SCALE} and is never used by the ITs.
     */
    public static JMeterHome assembled() {
        Path config = buildDir().resolve("config.json");
        if (!Files.isRegularFile(config)) {
            throw new IllegalStateException("No " + config
                    + ": run the ITs with ./mvnw verify (jmeter:configure runs in pre-integration-test)");
        }
        try {
            JsonNode root = new ObjectMapper().readTree(config.toFile());
            for (JsonNode c : root.path("configurations")) {
                if (EXECUTION_ID.equals(c.path("executionID").asText())) {
                    Path home = Paths.get(c.path("jmeterDirectoryPath").asText());
                    if (!Files.isRegularFile(home.resolve("bin/ApacheJMeter-" + JMETER_VERSION + ".jar"))) {
                        throw new IllegalStateException("The JMeter home of execution '" + EXECUTION_ID + "' listed in "
                                + config + " is missing: " + home);
                    }
                    return new JMeterHome(home);
                }
            }
            throw new IllegalStateException("No execution '" + EXECUTION_ID + "' in " + config);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + config, e);
        }
    }

    /** A JMeter home somewhere else (e.g. one a test installed the overlay archive into). */
    public static JMeterHome at(Path home) {
        if (!Files.isRegularFile(home.resolve("bin/ApacheJMeter-" + JMETER_VERSION + ".jar"))) {
            throw new IllegalArgumentException("Not a JMeter " + JMETER_VERSION + " home: " + home);
        }
        return new JMeterHome(home);
    }

    /** {@code target/} of this build (failsafe passes it; falls back to ./target). */
    public static Path buildDir() {
        return Paths.get(System.getProperty("agieval.build.dir", "target")).toAbsolutePath();
    }

    /** The project's root folder (test-plans/, testdata/ live there). */
    public static Path projectDir() {
        return Paths.get(System.getProperty("agieval.project.dir", ".")).toAbsolutePath();
    }

    public Path home() {
        return home;
    }

    public Path launcherJar() {
        return home.resolve("bin/ApacheJMeter-" + JMETER_VERSION + ".jar");
    }

    public Path libExt() {
        return home.resolve("lib/ext");
    }

    public Path lib() {
        return home.resolve("lib");
    }

    /** The plugin jar this build put into {@code lib/ext}. */
    public Path pluginJar() {
        try (Stream<Path> jars = Files.list(libExt())) {
            return jars.filter(p -> p.getFileName().toString().startsWith("agieval-jmeter-plugins-"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("plugin jar missing from " + libExt()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
