package io.github.agieval.jmeter.judge;

import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import io.github.agieval.jmeter.kpi.engine.JobPolls;

/**
 * Reads the samples of an XML JTL: {@code httpSample} and {@code sample} elements under JMeter's
 * {@code <testResults>}; a nested one is a sub-sample. External entities and DTDs are not read.
 * Errors ({@link JtlFormatException}) name the file and line. {@link JtlReader} picks this reader
 * for a file that starts with {@code <}.
 *
 * <p>Threading: one reader per file and thread; nothing shared.
 */
final class XmlJtlReader {

    private final Path file;

    XmlJtlReader(Path file) {
        this.file = file;
    }

    /**
     * Passes every sample of the XML JTL on {@code reader} to {@code sink}, in file order.
     *
     * @return the number of samples and sub-samples read
     */
    long read(Reader reader, Consumer<JtlSample> sink) throws JtlFormatException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        long rows = 0;
        XMLStreamReader xml = null;
        try {
            xml = factory.createXMLStreamReader(reader);
            int depth = 0;
            boolean root = false;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = xml.getLocalName();
                    if (!root) {
                        if (!name.equals("testResults")) {
                            throw new JtlFormatException(file + ": line " + xml.getLocation().getLineNumber()
                                    + ": unknown format: XML whose root is <" + name + ">, not JMeter's <testResults>");
                        }
                        root = true;
                    } else if (name.equals("httpSample") || name.equals("sample")) {
                        sink.accept(xmlSample(xml, depth > 0));
                        rows++;
                        depth++;
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    String name = xml.getLocalName();
                    if (name.equals("httpSample") || name.equals("sample")) {
                        depth--;
                    }
                }
            }
            return rows;
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
            throw new JtlFormatException(file + ": line " + line + ": truncated or malformed XML JTL (" + firstLine(e) + ")", e);
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException ignored) {
                    // the reader is closed with its stream
                }
            }
        }
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.lastIndexOf("Message: ");
        return nl >= 0 ? m.substring(nl + "Message: ".length()).trim() : m.split("\n")[0];
    }

    private JtlSample xmlSample(XMLStreamReader xml, boolean sub) throws JtlFormatException {
        int line = xml.getLocation().getLineNumber();
        String ts = attr(xml, "ts");
        String t = attr(xml, "t");
        String s = attr(xml, "s");
        String lb = xml.getAttributeValue(null, "lb");
        List<String> missing = new ArrayList<>();
        if (ts == null) {
            missing.add("ts");
        }
        if (t == null) {
            missing.add("t");
        }
        if (s == null) {
            missing.add("s");
        }
        if (lb == null) {
            missing.add("lb");
        }
        if (!missing.isEmpty()) {
            throw new JtlFormatException(file + ": line " + line + ": <" + xml.getLocalName() + "> lacks the attribute(s) "
                    + String.join(", ", missing));
        }
        return new JtlSample(lb, xmlNumber(ts, "ts", line), xmlNumber(t, "t", line), xmlOptional(xml, "lt", line),
                xmlOptional(xml, "ct", line), "true".equals(s), orEmpty(attr(xml, "rc")), "", orEmpty(attr(xml, "tn")),
                (int) xmlOptional(xml, "na", line), orEmpty(attr(xml, "hn")), sub, JobPolls.fromMessage(attr(xml, "rm")));
    }

    private long xmlOptional(XMLStreamReader xml, String name, int line) throws JtlFormatException {
        String v = attr(xml, name);
        return v == null || v.isBlank() ? 0 : xmlNumber(v, name, line);
    }

    private long xmlNumber(String v, String name, int line) throws JtlFormatException {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new JtlFormatException(file + ": line " + line + ": " + name + "=\"" + v + "\": not a whole number", e);
        }
    }

    private static String attr(XMLStreamReader xml, String name) {
        return xml.getAttributeValue(null, name);
    }

    private static String orEmpty(String v) {
        return v == null ? "" : v;
    }
}
