package io.github.agieval.jmeter.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A modified copy of a {@code .jmx} plan for tests that need a setting the plan does not expose as
 * a JMeter property: one property of one element (found by its name, {@code testname}) replaced or
 * added, as a user would change it in the GUI. {@link #writeTo} writes the copy into a folder
 * together with a copy of the plan's {@code kpis/} folder, so the plan's relative KPI file paths
 * still resolve.
 *
 * <pre>{@code
 * Path plan = JmxCopy.of(JMeterHome.projectDir().resolve("test-plans/smoke.jmx"))
 *         .set("Evaluation", "stringProp", "JobPollController.backoff", "SOMETIMES")
 *         .writeTo(dir);
 * }</pre>
 *
 * <p>Threading: one test thread owns an instance.
 */
public final class JmxCopy {

    private final Path source;
    private final Document doc;

    private JmxCopy(Path source, Document doc) {
        this.source = source;
        this.doc = doc;
    }

    public static JmxCopy of(Path plan) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return new JmxCopy(plan, f.newDocumentBuilder().parse(plan.toFile()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + plan, e);
        }
    }

    /**
     * Sets property {@code name} of the first element called {@code testname} to {@code value}, as a
     * {@code type} ({@code stringProp}, {@code boolProp}, {@code intProp}...): an existing property of
     * that name (whatever its type) is replaced, a missing one added.
     */
    public JmxCopy set(String testname, String type, String name, String value) {
        Element element = element(testname);
        Element prop = doc.createElement(type);
        prop.setAttribute("name", name);
        prop.setTextContent(value);
        Node old = null;
        NodeList children = element.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element c && name.equals(c.getAttribute("name"))) {
                old = c;
                break;
            }
        }
        if (old != null) {
            element.replaceChild(prop, old);
        } else {
            element.appendChild(prop);
        }
        return this;
    }

    private Element element(String testname) {
        NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (testname.equals(e.getAttribute("testname")) && e.hasAttribute("testclass")
                    && !"elementProp".equals(e.getTagName())) {
                return e;
            }
        }
        throw new IllegalArgumentException("no element '" + testname + "' in " + source);
    }

    /** Writes the copy as {@code dir/<plan file name>}, with the plan's {@code kpis/} folder beside it. */
    public Path writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path out = dir.resolve(source.getFileName());
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.transform(new DOMSource(doc), new StreamResult(out.toFile()));
        } catch (Exception e) {
            throw new IOException("cannot write " + out, e);
        }
        copyKpis(source.getParent(), dir);
        return out;
    }

    /** Copies {@code planDir/kpis/*} to {@code dir/kpis/}. */
    public static void copyKpis(Path planDir, Path dir) throws IOException {
        Path kpis = planDir.resolve("kpis");
        if (!Files.isDirectory(kpis)) {
            return;
        }
        Files.createDirectories(dir.resolve("kpis"));
        try (Stream<Path> files = Files.list(kpis)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dir.resolve("kpis").resolve(f.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
