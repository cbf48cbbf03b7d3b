package io.github.agieval.jmeter.judge;

import io.github.agieval.jmeter.sampler.ApiSampler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import io.github.agieval.jmeter.kpi.engine.JobPolls;

/**
 * Reads the samples of a JTL file written by any JMeter 5.x run, CSV or XML, one at a time, in
 * file order (a sample, then its sub-samples).
 *
 * <p><b>CSV.</b> Columns are found by the header line JMeter writes
 * ({@code jmeter.save.saveservice.print_field_names}, on by default); the delimiter is the character
 * after {@code timeStamp} in it (comma, tab, semicolon...). A file without a header must have JMeter's
 * default 17 columns in their default order. {@code timeStamp}, {@code elapsed}, {@code label} and
 * {@code success} are required, and time stamps must be epoch milliseconds (JMeter's default
 * {@code timestamp_format=ms}). Quoted fields may hold delimiters, quotes and line breaks. JMeter
 * writes a sample's sub-samples (redirects, re-logins) on rows after it, one line at a time, so rows
 * of other threads may come between; a CSV row has no column saying so. So the reader follows each
 * thread's rows: a row of the same thread as the thread's last sample is its sub-sample when its label
 * says so ({@link #labelledSub}: {@code <label>-N}, {@code <label> (token expired)}, ...) or when it
 * ends within that sample's time and starts with it (within {@value #FIRST_SUB_SLACK_MS} ms) or,
 * after a first sub-sample, within its time, never in its last millisecond. The thread's next sample
 * is never read as one although a sample's end may overlap the next start by some ms (times rounded
 * to ms; a controller's sample timed on another clock than the samplers'). A Transaction
 * Controller's parent sample (its message "Number of samples in transaction : N") is timed without
 * its timers, so its N children may lie outside its time: the N rows of its thread after it are its
 * sub-samples.
 *
 * <p><b>XML.</b> {@code httpSample} and {@code sample} elements; a nested one is a sub-sample.
 *
 * <p>Errors ({@link JtlFormatException}) name the file and line: a missing file, an unknown format,
 * missing columns (all of them named), a value that is not a number, and a truncated last line (a
 * JTL still being written, or of a run that crashed).
 *
 * <p>Threading: one reader per file and thread; nothing shared.
 */
public final class JtlReader {

    /** JMeter 5.x's CSV columns in their default order (for a file written without a header). */
    static final List<String> DEFAULT_COLUMNS = List.of("timeStamp", "elapsed", "label", "responseCode",
            "responseMessage", "threadName", "dataType", "success", "failureMessage", "bytes", "sentBytes",
            "grpThreads", "allThreads", "URL", "Latency", "IdleTime", "Connect");

    /**
     * How long after its sample's start a first sub-sample may start (a redirect's or a re-login's
     * first sub-result starts with its sample; a Transaction Controller's first child a moment later).
     */
    static final long FIRST_SUB_SLACK_MS = 5;

    /** The message of a Transaction Controller's parent sample, which names how many samples it holds. */
    private static final java.util.regex.Pattern TRANSACTION_MESSAGE =
            java.util.regex.Pattern.compile("Number of samples in transaction : (\\d{1,6})");

    /** What follows the sample's label in the label of one of its sub-samples (see {@link #labelledSub}). */
    private static final java.util.regex.Pattern SUB_SUFFIX =
            java.util.regex.Pattern.compile("-\\d+|" + java.util.regex.Pattern.quote(ApiSampler.LABEL_EXPIRED) + "|"
                    + java.util.regex.Pattern.quote(ApiSampler.LABEL_RETRY));

    /** How far outside its sample's time a labelled sub-sample may lie (times on different clocks). */
    static final long LABEL_SLACK_MS = 2;

    private static final List<String> REQUIRED = List.of("timeStamp", "elapsed", "label", "success");

    private final Path file;

    private JtlReader(Path file) {
        this.file = file;
    }

    /** A reader of {@code file}; nothing is read before {@link #read}. */
    public static JtlReader of(Path file) {
        return new JtlReader(file);
    }

    /**
     * Passes every sample of the file to {@code sink}, in file order.
     *
     * @return the number of rows read (samples and sub-samples)
     */
    public long read(Consumer<JtlSample> sink) throws JtlFormatException {
        if (!Files.isRegularFile(file)) {
            throw new JtlFormatException(file + ": no such JTL file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            PushbackReader reader = new PushbackReader(new BufferedReader(
                    new java.io.InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16), 1);
            int first = skipBom(reader);
            if (first == -1) {
                throw new JtlFormatException(file + ": empty file, not a JTL");
            }
            reader.unread(first);
            return first == '<' ? readXml(reader, sink) : readCsv(reader, sink);
        } catch (NoSuchFileException e) {
            throw new JtlFormatException(file + ": no such JTL file", e);
        } catch (IOException e) {
            throw new JtlFormatException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static int skipBom(Reader reader) throws IOException {
        int c = reader.read();
        return c == '\uFEFF' ? reader.read() : c;
    }

    // ---------------------------------------------------------------- CSV

    private long readCsv(Reader reader, Consumer<JtlSample> sink) throws IOException, JtlFormatException {
        CsvLines lines = new CsvLines(reader);
        String headerLine = lines.peekRawFirstLine();
        char delimiter;
        List<String> columns;
        boolean header = headerLine.startsWith("timeStamp") || headerLine.startsWith("\"timeStamp\"");
        if (header) {
            int at = headerLine.indexOf("timeStamp") + "timeStamp".length() + (headerLine.startsWith("\"") ? 1 : 0);
            delimiter = at < headerLine.length() ? headerLine.charAt(at) : ',';
            columns = lines.next(delimiter);
        } else {
            delimiter = ',';
            columns = DEFAULT_COLUMNS;
            if (!headerLine.isEmpty() && !Character.isDigit(headerLine.charAt(0))) {
                throw new JtlFormatException(file + ": line 1: unknown format: neither a JMeter CSV header (timeStamp,...) "
                        + "nor a CSV sample row nor XML (<testResults>)");
            }
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            index.putIfAbsent(columns.get(i).trim(), i);
        }
        List<String> missing = REQUIRED.stream().filter(c -> !index.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new JtlFormatException(file + ": line 1: the CSV header lacks the column(s) " + String.join(", ", missing)
                    + " (needed to judge; set jmeter.save.saveservice.<field>=true)");
        }
        Columns c = new Columns(index);
        long rows = 0;
        // per thread: rows of other threads may come between a sample's row and its sub-samples' rows
        Map<String, ThreadState> threads = new HashMap<>();
        while (true) {
            int line = lines.lineNumber() + 1;
            List<String> f = lines.next(delimiter);
            if (f == null) {
                break;
            }
            if (f.size() == 1 && f.get(0).isEmpty()) {
                continue; // a blank line
            }
            if (f.size() < columns.size()) {
                throw new JtlFormatException(file + ": line " + line + ": " + (lines.atEnd() ? "truncated last line" : "short line")
                        + " (" + f.size() + " of " + columns.size() + " fields): the JTL was cut off or is not of this header");
            }
            String thread = c.text(f, c.threadName);
            ThreadState t = threads.computeIfAbsent(thread, k -> new ThreadState());
            JtlSample s = c.sample(f, line, t.parent, t.hasSubs, t.transactionRowsLeft > 0);
            if (!s.subSample()) {
                t.parent = s;
                t.transactionRowsLeft = c.transactionSize(f);
            } else if (t.transactionRowsLeft > 0) {
                t.transactionRowsLeft--;
            }
            t.hasSubs = s.subSample();
            sink.accept(s);
            rows++;
        }
        if (lines.unterminatedQuote()) {
            throw new JtlFormatException(file + ": line " + lines.lineNumber() + ": truncated last line (a quoted field "
                    + "is not closed): the JTL was cut off");
        }
        return rows;
    }

    /** One thread's last sample, whether sub-sample rows followed it, and the Transaction Controller rows still due. */
    private static final class ThreadState {
        JtlSample parent;
        boolean hasSubs;
        int transactionRowsLeft;
    }

    /** Column positions of one CSV header. */
    private final class Columns {
        final int timeStamp;
        final int elapsed;
        final int label;
        final int success;
        final int latency;
        final int connect;
        final int responseCode;
        final int failureMessage;
        final int threadName;
        final int allThreads;
        final int hostname;
        final int responseMessage;

        Columns(Map<String, Integer> index) {
            timeStamp = index.get("timeStamp");
            elapsed = index.get("elapsed");
            label = index.get("label");
            success = index.get("success");
            latency = index.getOrDefault("Latency", -1);
            connect = index.getOrDefault("Connect", -1);
            responseCode = index.getOrDefault("responseCode", -1);
            failureMessage = index.getOrDefault("failureMessage", -1);
            threadName = index.getOrDefault("threadName", -1);
            allThreads = index.getOrDefault("allThreads", -1);
            hostname = index.getOrDefault("Hostname", -1);
            responseMessage = index.getOrDefault("responseMessage", -1);
        }

        /** The number of samples a Transaction Controller's parent sample holds (from its message), else 0. */
        int transactionSize(List<String> f) {
            if (responseMessage < 0) {
                return 0;
            }
            java.util.regex.Matcher m = TRANSACTION_MESSAGE.matcher(f.get(responseMessage));
            return m.lookingAt() ? Integer.parseInt(m.group(1)) : 0;
        }

        JtlSample sample(List<String> f, int line, JtlSample parent, boolean parentHasSubs, boolean transactionRow)
                throws JtlFormatException {
            long start = number(f, timeStamp, "timeStamp", line);
            long took = number(f, elapsed, "elapsed", line);
            String thread = text(f, threadName);
            String ok = f.get(success).trim().toLowerCase(Locale.ROOT);
            if (!ok.equals("true") && !ok.equals("false")) {
                throw new JtlFormatException(file + ": line " + line + ": success = '" + f.get(success) + "': must be true or false");
            }
            String name = f.get(label);
            // a row that starts in the last millisecond of the sample before it is the thread's next sample:
            // a sample's end (start + elapsed, both rounded to ms) may overlap the next start by 1 ms; so a
            // sub-sample of 0 or 1 ms at its sample's end is told by its label only (labelledSub)
            boolean sub = parent != null && thread.equals(parent.threadName())
                    && (transactionRow
                    || labelledSub(parent, parentHasSubs, name, start, took)
                    || start >= parent.start()
                    && start <= (parentHasSubs ? parent.end() : parent.start() + FIRST_SUB_SLACK_MS)
                    && start + took <= parent.end()
                    && start < parent.end() - 1);
            return new JtlSample(name, start, took, optionalNumber(f, latency, "Latency", line),
                    optionalNumber(f, connect, "Connect", line), ok.equals("true"), text(f, responseCode),
                    text(f, failureMessage), thread, (int) optionalNumber(f, allThreads, "allThreads", line),
                    text(f, hostname), sub, JobPolls.fromMessage(text(f, responseMessage)));
        }

        private long number(List<String> f, int i, String name, int line) throws JtlFormatException {
            String v = f.get(i).trim();
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                String hint = name.equals("timeStamp") ? " (write time stamps as epoch ms: jmeter.save.saveservice.timestamp_format=ms)" : "";
                throw new JtlFormatException(file + ": line " + line + ": " + name + " = '" + v + "': not a whole number" + hint, e);
            }
        }

        private long optionalNumber(List<String> f, int i, String name, int line) throws JtlFormatException {
            return i < 0 || f.get(i).isBlank() ? 0 : number(f, i, name, line);
        }

        private String text(List<String> f, int i) {
            return i < 0 ? "" : f.get(i);
        }
    }

    /**
     * Whether a row labelled {@code label} is a sub-sample of {@code parent} by JMeter's and this suite's
     * naming: a redirect hop or a numbered sub-result {@code <label>-N}, a re-login's
     * {@code <label> (token expired)} / {@code <label> (retry)} and the {@code ... (re-login)} after them,
     * and their own hops ({@code <label> (retry)-0}); within the sample's time give or take
     * {@value #LABEL_SLACK_MS} ms.
     */
    static boolean labelledSub(JtlSample parent, boolean parentHasSubs, String label, long start, long took) {
        if (start < parent.start() - LABEL_SLACK_MS || start + took > parent.end() + LABEL_SLACK_MS) {
            return false;
        }
        String p = parent.label();
        return label.startsWith(p) && SUB_SUFFIX.matcher(label.substring(p.length())).lookingAt()
                || parentHasSubs && label.endsWith(ApiSampler.LABEL_RELOGIN);
    }

    /**
     * RFC 4180 records over a reader: quoted fields may hold delimiters, doubled quotes and line
     * breaks; counts physical lines for messages.
     */
    private static final class CsvLines {
        private final PushbackReader in;
        private int line;
        private boolean eof;
        private boolean unterminated;
        private String firstLine;
        private int firstPos;

        CsvLines(Reader reader) throws IOException {
            this.in = new PushbackReader(reader, 1);
            StringBuilder b = new StringBuilder();
            int ch;
            while ((ch = in.read()) != -1 && ch != '\n') {
                b.append((char) ch);
            }
            firstLine = b.toString();
            if (ch == '\n') {
                firstLine += "\n";
            }
        }

        String peekRawFirstLine() {
            return firstLine.endsWith("\n") ? firstLine.substring(0, firstLine.length() - 1).replace("\r", "") : firstLine;
        }

        int lineNumber() {
            return line;
        }

        boolean atEnd() {
            return eof;
        }

        boolean unterminatedQuote() {
            return unterminated;
        }

        private int read() throws IOException {
            if (firstLine != null) {
                if (firstPos < firstLine.length()) {
                    return firstLine.charAt(firstPos++);
                }
                firstLine = null;
            }
            return in.read();
        }

        /** The next record's fields, or {@code null} at the end. */
        List<String> next(char delimiter) throws IOException {
            if (eof) {
                return null;
            }
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean any = false;
            while (true) {
                int ch = read();
                if (ch == -1) {
                    eof = true;
                    if (quoted) {
                        unterminated = true;
                    }
                    if (!any && fields.isEmpty()) {
                        return null;
                    }
                    line++;
                    fields.add(field.toString());
                    return fields;
                }
                any = true;
                char c = (char) ch;
                if (quoted) {
                    if (c == '"') {
                        int next = read();
                        if (next == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            if (next != -1) {
                                unread(next);
                            }
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append(c);
                    }
                } else if (c == '"' && field.length() == 0) {
                    quoted = true;
                } else if (c == delimiter) {
                    fields.add(field.toString());
                    field.setLength(0);
                } else if (c == '\n') {
                    line++;
                    fields.add(stripCr(field));
                    return fields;
                } else {
                    field.append(c);
                }
            }
        }

        private void unread(int ch) throws IOException {
            if (firstLine != null && firstPos > 0) {
                firstPos--;
            } else {
                in.unread(ch);
            }
        }

        private static String stripCr(StringBuilder b) {
            int n = b.length();
            return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
        }
    }

    // ---------------------------------------------------------------- XML

    private long readXml(Reader reader, Consumer<JtlSample> sink) throws JtlFormatException {
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
