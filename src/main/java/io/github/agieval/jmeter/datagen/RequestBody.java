package io.github.agieval.jmeter.datagen;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The evaluation request that {@link EvalDataFaker#nextRequestBody()} wrote last: its compact
 * JSON body as UTF-8 bytes in a buffer reused for every request, and its parts. The body is the
 * same text, character for character, that {@link EvalRequest#toJson()} gives for the same
 * stream.
 *
 * <p><b>Threading:</b> not thread-safe; it belongs to one generator (one thread) and is
 * overwritten by its next request. Copy what must outlive the iteration ({@link #json()} and the
 * accessors return fresh or immutable values).
 */
public final class RequestBody {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Room kept free at the end of the buffer: a word slot is copied as two 8-byte moves. */
    private static final int SLACK = 2 * WordTable.SLOT;
    private static final int INITIAL = 1024;

    private byte[] buf = new byte[INITIAL];
    private int size;

    String model;
    String benchmark;
    int promptCount;
    double temperature;
    String temperatureText;
    int maxTokens;
    int timeout;
    /** Whether the body is ASCII only: then it is decoded as Latin-1, a plain copy. */
    private boolean ascii;
    /** The body as a string when it was written the string way, else null. */
    private String slowJson;
    /** The first prompt when it was built as a string, else null (then it lies in the buffer). */
    String firstPrompt;
    int firstPromptStart;
    int firstPromptEnd;

    /** The buffer holding the body in {@code [0, length())}; valid until the next request. */
    public byte[] bytes() {
        return buf;
    }

    /** The body's length in bytes. */
    public int length() {
        return size;
    }

    /** The body as a string (a new one each call). */
    public String json() {
        if (slowJson != null) {
            return slowJson;
        }
        return new String(buf, 0, size, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    public String model() {
        return model;
    }

    public String benchmark() {
        return benchmark;
    }

    public int promptCount() {
        return promptCount;
    }

    /** The first prompt, empty when the request has none. */
    public String firstPrompt() {
        if (promptCount == 0) {
            return "";
        }
        if (firstPrompt == null) {
            firstPrompt = new String(buf, firstPromptStart, firstPromptEnd - firstPromptStart,
                    ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        }
        return firstPrompt;
    }

    public double temperature() {
        return temperature;
    }

    /** The temperature as the body writes it ({@link Double#toString(double)}). */
    public String temperatureText() {
        return temperatureText;
    }

    public int maxTokens() {
        return maxTokens;
    }

    public int timeout() {
        return timeout;
    }

    // ---------------------------------------------------------------- writing (package-private)

    void reset(boolean asciiOnly) {
        ascii = asciiOnly;
        size = 0;
        firstPrompt = null;
        slowJson = null;
    }

    /** A body written the string way (a vocabulary JSON must escape): kept as the string, and as bytes. */
    void setSlow(String json) {
        ascii = false;
        slowJson = json;
        put(json.getBytes(StandardCharsets.UTF_8));
    }

    int size() {
        return size;
    }

    void truncate(int newSize) {
        size = newSize;
    }

    /** Makes room for {@code more} bytes plus the slack. */
    void ensure(int more) {
        if (size + more + SLACK > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more + SLACK));
        }
    }

    /** The buffer, with room for {@code more} bytes plus the slack after {@link #size()}; valid until the next write. */
    byte[] buffer(int more) {
        ensure(more);
        return buf;
    }

    /** Copies one word slot to {@code to} at {@code at}: two 8-byte moves (the caller counts the bytes that matter). */
    static void copySlot(byte[] slots, int offset, byte[] to, int at) {
        LONGS.set(to, at, (long) LONGS.get(slots, offset));
        LONGS.set(to, at + 8, (long) LONGS.get(slots, offset + 8));
    }

    void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    void putByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    /** An ASCII text (numbers, field names). */
    void putAscii(String text) {
        int n = text.length();
        ensure(n);
        byte[] b = buf;
        int at = size;
        for (int i = 0; i < n; i++) {
            b[at + i] = (byte) text.charAt(i);
        }
        size = at + n;
    }

    /** A non-negative or negative int in decimal, as Jackson and {@link Integer#toString(int)} write it. */
    void putInt(int value) {
        if (value < Numbers.CACHED) {
            if (value >= 0) {
                put(Numbers.ascii(value));
                return;
            }
        }
        if (value < 0) {
            putAscii(Integer.toString(value));
            return;
        }
        ensure(10);
        int digits = 1;
        for (int v = value; v >= 10; v /= 10) {
            digits++;
        }
        int end = size + digits;
        int v = value;
        for (int i = end - 1; i >= size; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        size = end;
    }

    /**
     * The contents of a JSON string (without the quotes), escaped as Jackson escapes it by default:
     * {@code "} and {@code \} with a backslash, {@code \b \t \n \f \r} in short form, other control
     * characters as <code>&#92;u00XX</code>; everything else as UTF-8 (a lone surrogate as {@code ?}, as
     * {@link String#getBytes} encodes it).
     */
    void putJsonText(String text) {
        int n = text.length();
        int plain = 0;
        while (plain < n) {
            char c = text.charAt(plain);
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) {
                break;
            }
            plain++;
        }
        if (plain == n) {
            putAscii(text);
            return;
        }
        StringBuilder escaped = new StringBuilder(n + 16);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '\b' -> escaped.append("\\b");
                case '\t' -> escaped.append("\\t");
                case '\n' -> escaped.append("\\n");
                case '\f' -> escaped.append("\\f");
                case '\r' -> escaped.append("\\r");
                default -> {
                    if (c < 0x20) {
                        escaped.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        put(escaped.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
}
