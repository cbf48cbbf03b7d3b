package io.github.agieval.jmeter.judge;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import io.github.agieval.jmeter.kpi.engine.JobPolls;

/**
 * Reads the samples of a CSV JTL. Columns are found by the header line JMeter writes
 * ({@code jmeter.save.saveservice.print_field_names}, on by default); the delimiter is the character
 * after {@code timeStamp} in it (comma, tab, semicolon...). A file without a header must have JMeter's
 * default 17 columns in their default order. {@code timeStamp}, {@code elapsed}, {@code label} and
 * {@code success} are required, and time stamps must be epoch milliseconds (JMeter's default
 * {@code timestamp_format=ms}). Records are split by {@link CsvLines}; which rows are sub-samples is
 * told by a {@link SubSampleTracker}. Errors ({@link JtlFormatException}) name the file and line.
 *
 * <p>Threading: one reader per file and thread; nothing shared.
 */
final class CsvJtlReader {

    /** JMeter 5.x's CSV columns in their default order (for a file written without a header). */
    static final List<String> DEFAULT_COLUMNS = List.of("timeStamp", "elapsed", "label", "responseCode",
            "responseMessage", "threadName", "dataType", "success", "failureMessage", "bytes", "sentBytes",
            "grpThreads", "allThreads", "URL", "Latency", "IdleTime", "Connect");

    private static final List<String> REQUIRED = List.of("timeStamp", "elapsed", "label", "success");

    private final Path file;

    CsvJtlReader(Path file) {
        this.file = file;
    }

    /**
     * Passes every row of the CSV JTL on {@code reader} to {@code sink}, in file order.
     *
     * @return the number of rows read (samples and sub-samples)
     */
    long read(Reader reader, Consumer<JtlSample> sink) throws IOException, JtlFormatException {
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
        SubSampleTracker subSamples = new SubSampleTracker();
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
            JtlSample s = c.sample(f, line, subSamples);
            subSamples.record(s, c.text(f, c.responseMessage));
            sink.accept(s);
            rows++;
        }
        if (lines.unterminatedQuote()) {
            throw new JtlFormatException(file + ": line " + lines.lineNumber() + ": truncated last line (a quoted field "
                    + "is not closed): the JTL was cut off");
        }
        return rows;
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

        JtlSample sample(List<String> f, int line, SubSampleTracker subSamples) throws JtlFormatException {
            long start = number(f, timeStamp, "timeStamp", line);
            long took = number(f, elapsed, "elapsed", line);
            String thread = text(f, threadName);
            String ok = f.get(success).trim().toLowerCase(Locale.ROOT);
            if (!ok.equals("true") && !ok.equals("false")) {
                throw new JtlFormatException(file + ": line " + line + ": success = '" + f.get(success) + "': must be true or false");
            }
            String name = f.get(label);
            boolean sub = subSamples.isSub(thread, name, start, took);
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
}
