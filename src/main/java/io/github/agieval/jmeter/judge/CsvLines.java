package io.github.agieval.jmeter.judge;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records over a reader: quoted fields may hold delimiters, doubled quotes and line
 * breaks; counts physical lines for messages. Used by {@link CsvJtlReader}.
 *
 * <p>Threading: confined to the thread reading the file.
 */
final class CsvLines {

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
