import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes this suite's entry for the JMeter Plugins Manager's repository: a JSON array with one
 * plugin object (id, name, description, screenshotUrl, helpUrl, vendor, markerClass,
 * componentClasses, and under versions/&lt;version&gt; the downloadUrl of the plugin jar, the libs it
 * needs in JMeter's lib/ with their URLs, and the stock JMeter plugins it depends on, the first with
 * the lowest JMeter version it supports).
 *
 * <p>Run by the build in the package phase (see pom.xml, execution {@code plugins-repo-descriptor})
 * with the JDK's source launcher, so it needs nothing but the JDK:
 * <pre>
 * java src/tools/PluginsRepoDescriptor.java key=value...
 * </pre>
 * Keys: {@code out} (file to write), {@code groupId}, {@code artifactId}, {@code version}, {@code name},
 * {@code description}, {@code url} (help link), {@code screenshotUrl}, {@code vendor}, {@code markerClass},
 * {@code minJMeter}, {@code changes}, {@code dependencies} (a file written by {@code dependency:list}
 * with {@code includeScope=runtime}: one {@code group:artifact:type[:classifier]:version:scope} a line),
 * {@code plans} (a folder of .jmx files: every class of the suite they name as testclass or guiclass
 * is a component class) and {@code repository} (base URL of a Maven repository; default Maven
 * Central). Every jar's URL is its path in that Maven repository, so its file name is
 * {@code artifactId-version.jar}, the name the plugin jar's manifest Class-Path expects in lib/.
 */
public final class PluginsRepoDescriptor {

    private static final String CENTRAL = "https://repo1.maven.org/maven2/";
    private static final Pattern CLASS_ATTR = Pattern.compile("(?:testclass|guiclass)=\"([\\w.$]+)\"");

    private PluginsRepoDescriptor() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Expected key=value, got: " + arg);
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        String repo = a.getOrDefault("repository", CENTRAL);
        if (!repo.endsWith("/")) {
            repo += "/";
        }
        String groupId = need(a, "groupId");
        String artifactId = need(a, "artifactId");
        String version = need(a, "version");
        String basePackage = groupId + ".";

        Map<String, String> libs = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of(need(a, "dependencies")), StandardCharsets.UTF_8)) {
            String coords = line.trim().split("\\s+")[0];
            String[] p = coords.split(":");
            if (p.length < 5 || !(p[p.length - 1].equals("compile") || p[p.length - 1].equals("runtime"))) {
                continue; // the header line, or a scope that stock JMeter provides
            }
            String g = p[0];
            String art = p[1];
            String type = p[2];
            String classifier = p.length == 6 ? p[3] : null;
            String ver = p[p.length - 2];
            if (!type.equals("jar")) {
                continue;
            }
            String file = art + "-" + ver + (classifier == null ? "" : "-" + classifier) + ".jar";
            libs.put(art, repo + g.replace('.', '/') + "/" + art + "/" + ver + "/" + file);
        }
        if (libs.isEmpty()) {
            throw new IllegalStateException("No runtime dependency in " + a.get("dependencies"));
        }

        TreeSet<String> components = new TreeSet<>();
        try (Stream<Path> plans = Files.list(Path.of(need(a, "plans")))) {
            for (Path plan : (Iterable<Path>) plans.filter(f -> f.toString().endsWith(".jmx")).sorted()::iterator) {
                Matcher m = CLASS_ATTR.matcher(Files.readString(plan, StandardCharsets.UTF_8));
                while (m.find()) {
                    if (m.group(1).startsWith(basePackage)) {
                        components.add(m.group(1));
                    }
                }
            }
        }
        String marker = need(a, "markerClass");
        components.remove(marker);

        StringBuilder j = new StringBuilder();
        j.append("[\n  {\n");
        field(j, 4, "id", artifactId, true);
        field(j, 4, "name", need(a, "name"), true);
        field(j, 4, "description", need(a, "description").replaceAll("\\s+", " ").trim(), true);
        field(j, 4, "screenshotUrl", need(a, "screenshotUrl"), true);
        field(j, 4, "helpUrl", need(a, "url"), true);
        field(j, 4, "vendor", need(a, "vendor"), true);
        field(j, 4, "markerClass", marker, true);
        j.append("    \"componentClasses\": [");
        List<String> comps = new ArrayList<>(components);
        for (int i = 0; i < comps.size(); i++) {
            j.append(i == 0 ? "\n" : ",\n").append("      ").append(str(comps.get(i)));
        }
        j.append(comps.isEmpty() ? "],\n" : "\n    ],\n");
        j.append("    \"versions\": {\n");
        j.append("      ").append(str(version)).append(": {\n");
        String jar = repo + groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + artifactId + "-"
                + version + ".jar";
        field(j, 8, "changes", a.getOrDefault("changes", ""), true);
        field(j, 8, "downloadUrl", jar, true);
        j.append("        \"depends\": [").append(str("jmeter-core>=" + need(a, "minJMeter"))).append(", ")
                .append(str("jmeter-http")).append(", ").append(str("jmeter-components")).append("],\n");
        j.append("        \"libs\": {");
        int i = 0;
        for (Map.Entry<String, String> lib : libs.entrySet()) {
            j.append(i++ == 0 ? "\n" : ",\n").append("          ").append(str(lib.getKey())).append(": ")
                    .append(str(lib.getValue()));
        }
        j.append("\n        }\n      }\n    }\n  }\n]\n");

        Path out = Path.of(need(a, "out"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, j.toString(), StandardCharsets.UTF_8);
        System.out.println("Plugins Manager descriptor: " + out + " (" + libs.size() + " libs, "
                + (comps.size() + 1) + " component classes)");
    }

    private static String need(Map<String, String> a, String key) {
        String v = a.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("Missing " + key + "=...");
        }
        return v;
    }

    private static void field(StringBuilder j, int indent, String key, String value, boolean comma) {
        j.append(" ".repeat(indent)).append(str(key)).append(": ").append(str(value)).append(comma ? ",\n" : "\n");
    }

    private static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
