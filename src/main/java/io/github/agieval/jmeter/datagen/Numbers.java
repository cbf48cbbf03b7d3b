package io.github.agieval.jmeter.datagen;

/**
 * Decimal texts of small whole numbers, made once per JVM: the generator exports several numbers
 * per iteration (counts, max_tokens, timeouts, durations) as JMeter variables, and most fall in
 * a small range.
 *
 * <p><b>Threading:</b> thread-safe; the table is filled in the class initialiser and never
 * changed.
 */
final class Numbers {

    /** Numbers from 0 to this, exclusive, come from the table. */
    static final int CACHED = 4096;
    private static final String[] TEXTS = new String[CACHED];
    private static final byte[][] ASCII = new byte[CACHED][];

    static {
        for (int i = 0; i < CACHED; i++) {
            TEXTS[i] = Integer.toString(i);
            ASCII[i] = TEXTS[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    private Numbers() {
    }

    /** The ASCII bytes of {@link #text(int)}, for 0 to 4095 only; never to be changed. */
    static byte[] ascii(int value) {
        return ASCII[value];
    }

    /** {@link Integer#toString(int)} of {@code value}, the same text, without a new string for 0 to 4095. */
    static String text(int value) {
        return value >= 0 && value < CACHED ? TEXTS[value] : Integer.toString(value);
    }
}
