package io.github.agieval.jmeter.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.jmeter.save.SaveService;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.testelement.property.JMeterProperty;
import org.apache.jmeter.util.JMeterUtils;
import org.apache.jorphan.collections.HashTree;
import org.apache.jorphan.collections.ListedHashTree;

/**
 * JMeter's own {@code .jmx} writer and reader ({@link SaveService}) in the test JVM, set up from
 * the assembled stock JMeter home, and the comparisons the save/load round-trip tests make.
 *
 * <p>{@link #initJMeter()} needs the home that {@code pre-integration-test} assembles, so only ITs
 * call it; {@link #properties(TestElement)} needs nothing and serves GUI unit tests too.
 *
 * <p>Threading: {@link #initJMeter()} sets process-wide JMeter state once (synchronized); the
 * other methods are stateless.
 */
public final class SaveServiceSupport {

    private static boolean initialized;

    private SaveServiceSupport() {
    }

    /**
     * Points JMeter at the assembled home: {@code jmeter.home}, {@code bin/jmeter.properties},
     * English locale, headless AWT and the home's {@code saveservice.properties}.
     */
    public static synchronized void initJMeter() throws IOException {
        if (initialized) {
            return;
        }
        System.setProperty("java.awt.headless", "true");
        Path home = JMeterHome.assembled().home();
        JMeterUtils.setJMeterHome(home.toString());
        JMeterUtils.loadJMeterProperties(home.resolve("bin/jmeter.properties").toString());
        JMeterUtils.setLocale(Locale.ENGLISH);
        SaveService.loadProperties();
        initialized = true;
    }

    /**
     * Every property of {@code element} by name, in the element's order, with its string value;
     * a property holding a test element (e.g. a thread group's main controller) maps to that
     * element's own properties, so two equal maps mean equal content, not equal identity.
     */
    public static Map<String, String> properties(TestElement element) {
        Map<String, String> map = new LinkedHashMap<>();
        for (JMeterProperty p : (Iterable<JMeterProperty>) element::propertyIterator) {
            Object value = p.getObjectValue();
            map.put(p.getName(), value instanceof TestElement nested ? properties(nested).toString() : p.getStringValue());
        }
        return map;
    }

    /** The {@code .jmx} text SaveService writes for {@code tree}. */
    public static String save(HashTree tree) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SaveService.saveTree(tree, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The tree SaveService reads from {@code file}. */
    public static HashTree load(Path file) throws IOException {
        return SaveService.loadTree(file.toFile());
    }

    /** Copies the class-path {@code resource} (e.g. {@code plans/datagen.jmx}) to {@code file} and loads it. */
    public static HashTree loadResource(String resource, Path file) throws IOException {
        try (InputStream in = SaveServiceSupport.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no such test resource: " + resource);
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return load(file);
    }

    /** Saves {@code tree} to {@code file} and loads it back: the written text and the loaded tree. */
    public static RoundTrip roundTrip(HashTree tree, Path file) throws IOException {
        String xml = save(tree);
        Files.writeString(file, xml, StandardCharsets.UTF_8);
        return new RoundTrip(xml, load(file));
    }

    /** {@link #roundTrip(HashTree, Path)} of a tree holding only {@code element}. */
    public static RoundTrip roundTrip(TestElement element, Path file) throws IOException {
        HashTree tree = new ListedHashTree();
        tree.add(element);
        return roundTrip(tree, file);
    }

    /** What a save and load gave: the {@code .jmx} text and the tree read back from it. */
    public record RoundTrip(String xml, HashTree loaded) {

        /** The first top-level element of the loaded tree. */
        public Object root() {
            return loaded.getArray()[0];
        }
    }
}
