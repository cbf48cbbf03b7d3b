package io.github.agieval.jmeter.judge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads the samples of a JTL file written by any JMeter 5.x run, CSV or XML, one at a time, in
 * file order (a sample, then its sub-samples).
 *
 * <p>The format is told by the first character (after a byte order mark): {@code <} is XML
 * ({@link XmlJtlReader}: {@code httpSample} and {@code sample} elements, a nested one is a
 * sub-sample), anything else CSV ({@link CsvJtlReader}: columns by the header JMeter writes, or
 * JMeter's default columns; sub-samples told row by row per thread by {@link SubSampleTracker}).
 *
 * <p>Errors ({@link JtlFormatException}) name the file and line: a missing file, an unknown format,
 * missing columns (all of them named), a value that is not a number, and a truncated last line (a
 * JTL still being written, or of a run that crashed).
 *
 * <p>Threading: one reader per file and thread; nothing shared.
 */
public final class JtlReader {

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
            return first == '<' ? new XmlJtlReader(file).read(reader, sink) : new CsvJtlReader(file).read(reader, sink);
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
}
