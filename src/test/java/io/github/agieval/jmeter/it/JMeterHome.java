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
    private final String version;

    private JMeterHome(Path home, String version) {
        this.home = home;
        this.version = version;
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
        return assembled(EXECUTION_ID, JMETER_VERSION);
    }

    /**
     * The JMeter {@code version} home that the jmeter-maven-plugin execution {@code executionId}
     * assembled (e.g. {@code configuration-jmeter-other}, the other supported JMeter version).
     */
    public static JMeterHome assembled(String executionId, String version) {
        Path config = buildDir().resolve("config.json");
        if (!Files.isRegularFile(config)) {
            throw new IllegalStateException("No " + config
                    + ": run the ITs with ./mvnw verify (jmeter:configure runs in pre-integration-test)");
        }
        try {
            JsonNode root = new ObjectMapper().readTree(config.toFile());
            for (JsonNode c : root.path("configurations")) {
                if (executionId.equals(c.path("executionID").asText())) {
                    Path home = Paths.get(c.path("jmeterDirectoryPath").asText());
                    if (!Files.isRegularFile(home.resolve("bin/ApacheJMeter-" + version + ".jar"))) {
                        throw new IllegalStateException("The JMeter " + version + " home of execution '" + executionId
                                + "' listed in " + config + " is missing: " + home);
                    }
                    return new JMeterHome(home, version);
                }
            }
            throw new IllegalStateException("No execution '" + executionId + "' in " + config);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + config, e);
        }
    }

    /** A JMeter home somewhere else (e.g. one a test installed the overlay archive into). */
    public static JMeterHome at(Path home) {
        return at(home, JMETER_VERSION);
    }

    /** A JMeter {@code version} home somewhere else (e.g. a copy of another version's home). */
    public static JMeterHome at(Path home, String version) {
        if (!Files.isRegularFile(home.resolve("bin/ApacheJMeter-" + version + ".jar"))) {
            throw new IllegalArgumentException("Not a JMeter " + version + " home: " + home);
        }
        return new JMeterHome(home, version);
    }

    /** The JMeter version of this home, e.g. {@code 5.6.3}. */
    public String version() {
        return version;
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
        return home.resolve("bin/ApacheJMeter-" + version + ".jar");
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
