package io.github.agieval.jmeter.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.jmeter.util.JMeterUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Apache JMeter versions the suite runs on, and a clear message when it is loaded into
 * another one instead of a {@code NoSuchMethodError} in the middle of a run.
 *
 * <p>The versions come from the build ({@code versions.properties}, filtered from pom.xml's
 * {@code jmeter.min.version}, {@code jmeter.other.version} and {@code jmeter.version}):
 * <ul>
 *   <li><b>supported</b>: from the lowest supported version up to the highest tested one (the build
 *       runs the smoke plan on each tested version);</li>
 *   <li><b>untested</b>: a later 5.x release; the suite runs, with a warning;</li>
 *   <li><b>unsupported</b>: anything older than the lowest supported version, or a later major
 *       version; {@link #requireSupported} refuses to start the test (exit code 1 of a headless run,
 *       see {@link StartFailure}).</li>
 * </ul>
 *
 * <p>{@link #atLoad()} logs the verdict once per JVM (ERROR for unsupported, also on
 * {@code System.err}; WARN for untested; nothing otherwise): call it from a static initializer of
 * an element class. {@link #requireSupported(String)} is for {@code testStarted}.
 *
 * <p>Threading: stateless apart from the once-only flag (a volatile write; a rare second log line
 * from a race is harmless).
 */
public final class JMeterVersionCheck {

    private static final Logger log = LoggerFactory.getLogger(JMeterVersionCheck.class);
    private static final Pattern NUMBERS = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    /** The lowest supported JMeter version, e.g. {@code 5.6.2}. */
    public static final String MIN_VERSION;
    /** The JMeter versions the build tests the suite on, lowest first. */
    public static final List<String> TESTED_VERSIONS;
    /** This suite's version (the pom's). */
    public static final String SUITE_VERSION;

    static {
        Properties p = new Properties();
        try (InputStream in = JMeterVersionCheck.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("versions.properties missing beside " + JMeterVersionCheck.class);
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MIN_VERSION = p.getProperty("jmeter.min");
        TESTED_VERSIONS = Arrays.stream(p.getProperty("jmeter.tested").split(",")).map(String::trim)
                .distinct().sorted(JMeterVersionCheck::compare).toList();
        SUITE_VERSION = p.getProperty("suite.version");
    }

    private static volatile boolean logged;

    /** How the suite stands with a JMeter version. */
    public enum Support {
        SUPPORTED, UNTESTED, UNSUPPORTED
    }

    private JMeterVersionCheck() {
    }

    /** The verdict for {@code jmeterVersion} as {@code JMeterUtils.getJMeterVersion()} spells it (e.g. {@code 5.6.3 r1234}). */
    public static Support classify(String jmeterVersion) {
        int[] v = parse(jmeterVersion);
        if (v == null) {
            return Support.UNSUPPORTED;
        }
        int[] min = parse(MIN_VERSION);
        int[] max = parse(TESTED_VERSIONS.get(TESTED_VERSIONS.size() - 1));
        if (compare(v, min) < 0 || v[0] != max[0]) {
            return Support.UNSUPPORTED;
        }
        return compare(v, max) <= 0 ? Support.SUPPORTED : Support.UNTESTED;
    }

    /** The message for {@code jmeterVersion}; empty when it is supported. */
    public static String message(String jmeterVersion) {
        String tested = String.join(", ", TESTED_VERSIONS);
        return switch (classify(jmeterVersion)) {
            case SUPPORTED -> "";
            case UNTESTED -> "AGI Evaluation Sandbox plugins " + SUITE_VERSION + " were tested with Apache JMeter "
                    + tested + ", not with " + jmeterVersion + " (this JMeter); they should work, please report any problem";
            case UNSUPPORTED -> "AGI Evaluation Sandbox plugins " + SUITE_VERSION + " need Apache JMeter " + MIN_VERSION
                    + " or later 5.x (tested: " + tested + "), but this is JMeter '" + jmeterVersion
                    + "': their elements will not start. Install a supported JMeter, or a plugin version made for yours";
        };
    }

    /** The running JMeter's version, e.g. {@code 5.6.3}. */
    public static String runningVersion() {
        return JMeterUtils.getJMeterVersion();
    }

    /** Logs the verdict for the running JMeter once per JVM (see the class comment). */
    public static void atLoad() {
        if (logged) {
            return;
        }
        logged = true;
        String version;
        try {
            version = runningVersion();
        } catch (RuntimeException | LinkageError e) { // NOSONAR a JMeter without this method is unsupported too
            version = "unknown (" + e + ")";
        }
        String msg = message(version);
        switch (classify(version)) {
            case UNSUPPORTED -> {
                log.error("{}", msg);
                System.err.println(msg); // NOSONAR the console is where a jmeter -n user looks
            }
            case UNTESTED -> log.warn("{}", msg);
            default -> log.debug("Apache JMeter {} is supported", version);
        }
    }

    /**
     * Throws (after {@link StartFailure#report}) when the running JMeter is unsupported, naming
     * {@code element}; for an element's {@code testStarted}.
     */
    public static void requireSupported(String element) {
        String version = runningVersion();
        if (classify(version) == Support.UNSUPPORTED) {
            throw StartFailure.report(log, new IllegalStateException(element + ": " + message(version)));
        }
    }

    private static int compare(String a, String b) {
        return compare(parse(a), parse(b));
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }

    private static int[] parse(String version) {
        if (version == null) {
            return null;
        }
        Matcher m = NUMBERS.matcher(version.trim());
        if (!m.find()) {
            return null;
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
            m.group(3) == null ? 0 : Integer.parseInt(m.group(3))};
    }
}
