package io.github.agieval.jmeter.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A plain stock JMeter home that has never seen this suite, for tests that install it the way a
 * user does (Plugins Manager, README commands): a copy of a home the build assembled (see
 * {@link JMeterHome}) without this build's plugin jar in {@code lib/ext} and without the suite's
 * runtime libraries in {@code lib/} (those {@code target/runtime-libs.txt} lists, which the build's
 * {@code dependency:list} writes), so only what stock JMeter ships is left.
 *
 * <p>Threading: static helpers, one test thread.
 */
public final class StockHome {

    private StockHome() {
    }

    /** A fresh stock copy of the assembled JMeter 5.6.3 home at {@code to}. */
    public static JMeterHome copyTo(Path to) throws IOException {
        return copyOf(JMeterHome.assembled(), to);
    }

    /** A fresh stock copy of {@code from} at {@code to}. */
    public static JMeterHome copyOf(JMeterHome from, Path to) throws IOException {
        Set<String> ours = suiteLibraryFileNames();
        try (Stream<Path> all = Files.walk(from.home())) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String rel = from.home().relativize(p).toString().replace('\\', '/');
                String name = p.getFileName().toString();
                if (rel.startsWith("lib/ext/") && name.startsWith("agieval-jmeter-plugins")) {
                    continue;
                }
                if (rel.equals("lib/" + name) && ours.contains(name)) {
                    continue;
                }
                Path target = to.resolve(rel);
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return JMeterHome.at(to, from.version());
    }

    /**
     * The file names ({@code artifactId-version[-classifier].jar}) of the suite's runtime libraries,
     * from {@code target/runtime-libs.txt}.
     */
    public static Set<String> suiteLibraryFileNames() throws IOException {
        Path list = JMeterHome.buildDir().resolve("runtime-libs.txt");
        if (!Files.isRegularFile(list)) {
            throw new IllegalStateException("No " + list + ": the build's dependency:list (prepare-package) writes it");
        }
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            String[] p = line.trim().split("\\s+")[0].split(":");
            if (p.length < 5 || !"jar".equals(p[2])) {
                continue;
            }
            String scope = p[p.length - 1];
            if (!scope.equals("compile") && !scope.equals("runtime")) {
                continue;
            }
            String classifier = p.length == 6 ? "-" + p[3] : "";
            names.add(p[1] + "-" + p[p.length - 2] + classifier + ".jar");
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("No runtime library in " + list);
        }
        return names;
    }

    /** Every regular file under {@code home} (path relative to it, with '/') with its SHA-256. */
    public static Map<String, String> files(Path home) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(home)) {
            for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                files.put(home.relativize(p).toString().replace('\\', '/'), sha256(p));
            }
        }
        return files;
    }

    /** The SHA-256 of a file, in hex. */
    public static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
