package io.github.agieval.jmeter.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.Optional;
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

    /** The newest assembled home under the build directory; fails the test if there is none. */
    public static JMeterHome assembled() {
        Path buildDir = buildDir();
        try (Stream<Path> dirs = Files.list(buildDir)) {
            Optional<Path> newest = dirs
                    .map(d -> d.resolve("jmeter"))
                    .filter(d -> Files.isRegularFile(d.resolve("bin/ApacheJMeter-" + JMETER_VERSION + ".jar")))
                    .max(Comparator.comparingLong(JMeterHome::lastModified));
            return new JMeterHome(newest.orElseThrow(() -> new IllegalStateException(
                    "No JMeter home assembled under " + buildDir
                            + ": run the ITs with ./mvnw verify (jmeter:configure runs in pre-integration-test)")));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list " + buildDir, e);
        }
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

    private static long lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
