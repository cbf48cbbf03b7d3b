package io.github.agieval.jmeter.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A CSV JTL as JMeter writes it by default (header line, comma separated, fields quoted when
 * they hold a comma, quote or line break), read into rows keyed by the header's field names
 * ({@code timeStamp, elapsed, label, responseCode, responseMessage, threadName, success,
 * failureMessage, bytes, sentBytes, grpThreads, allThreads, URL, Latency, IdleTime, Connect}).
 */
public final class Jtl {

    private final List<String> header;
    private final List<Map<String, String>> rows;

    private Jtl(List<String> header, List<Map<String, String>> rows) {
        this.header = header;
        this.rows = rows;
    }

    public static Jtl read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<List<String>> records = parse(text);
        if (records.isEmpty()) {
            return new Jtl(List.of(), List.of());
        }
        List<String> header = records.get(0);
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> rec : records.subList(1, records.size())) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size() && i < rec.size(); i++) {
                row.put(header.get(i), rec.get(i));
            }
            rows.add(row);
        }
        return new Jtl(header, rows);
    }

    public List<String> header() {
        return header;
    }

    public List<Map<String, String>> rows() {
        return Collections.unmodifiableList(rows);
    }

    public int size() {
        return rows.size();
    }

    public List<Map<String, String>> withLabel(String label) {
        return where(r -> label.equals(r.get("label")));
    }

    public List<Map<String, String>> where(Predicate<Map<String, String>> filter) {
        return rows.stream().filter(filter).collect(Collectors.toList());
    }

    public List<String> labels() {
        return rows.stream().map(r -> r.get("label")).distinct().collect(Collectors.toList());
    }

    public long failures() {
        return rows.stream().filter(r -> !"true".equals(r.get("success"))).count();
    }

    /** RFC 4180 style parsing, as JMeter's CSVSaveService quotes. */
    static List<List<String>> parse(String text) {
        List<List<String>> out = new ArrayList<>();
        List<String> rec = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                rec.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || field.length() > 0) {
                    rec.add(field.toString());
                    out.add(rec);
                }
                rec = new ArrayList<>();
                field.setLength(0);
                any = false;
            } else {
                field.append(c);
                any = true;
            }
        }
        if (any || field.length() > 0) {
            rec.add(field.toString());
            out.add(rec);
        }
        return out;
    }
}
