package io.github.agieval.jmeter.datagen;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import net.datafaker.Faker;

/**
 * The prompt words of a generator, with each word already encoded as the UTF-8 bytes it adds to
 * a JSON body in each of its three positions: after a space ({@code " word"}), opening a sentence
 * ({@code ". Word"}) and opening a prompt ({@code "Word"}). {@link EvalDataFaker} copies these
 * bytes into its body buffer instead of building strings.
 *
 * <p>Encodings of up to {@value #SLOT} bytes sit in one packed array, {@value #SLOT} bytes per
 * slot, so that a word is copied with two 8-byte moves; longer ones are kept apart.
 *
 * <p>{@link #fast()} is false when a word would not come out of the byte path exactly as
 * {@link EvalDataFaker#prompt(int, int)} and Jackson write it (a word that JSON must escape, an
 * empty word, a lone surrogate); the generator then writes its requests the slow way.
 *
 * <p><b>Threading:</b> immutable after construction; one table per (locale, vocabulary) is
 * shared by every thread through {@link #of(Locale, List)}.
 */
final class WordTable {

    /** Bytes per packed slot. */
    static final int SLOT = 16;
    /** Positions of a word: after a space, opening a sentence, opening a prompt. */
    static final int PLAIN = 0;
    static final int SENTENCE = 1;
    static final int START = 2;

    private static final int CACHE_LIMIT = 32;
    private static final Map<List<Object>, WordTable> CACHE = new ConcurrentHashMap<>();

    final String[] words;
    /** UTF-16 length of each word. */
    final int[] chars;
    /** Packed slots per position, index {@code word * SLOT}. */
    final byte[][] slots = new byte[3][];
    /** Encoded length of each word per position. */
    final int[][] lengths = new int[3][];
    /** Encodings longer than {@value #SLOT} bytes per position, else null. */
    final byte[][][] longForms = new byte[3][][];
    /**
     * Per word after a space: its UTF-16 length plus the space in the low 16 bits, its encoded
     * length in the high bits, or -1 when it does not fit a slot or is longer than 65,534
     * characters (then the general path is taken). One load per word in the hot loop.
     */
    final int[] plainInfo;
    private final boolean fast;
    private final boolean ascii;

    WordTable(List<String> vocabulary) {
        int n = vocabulary.size();
        words = vocabulary.toArray(new String[0]);
        chars = new int[n];
        for (int p = 0; p < 3; p++) {
            slots[p] = new byte[n * SLOT];
            lengths[p] = new int[n];
            longForms[p] = new byte[n][];
        }
        boolean ok = n > 0;
        boolean allAscii = true;
        for (int w = 0; w < n; w++) {
            String word = words[w];
            chars[w] = word.length();
            if (word.isEmpty()) {
                ok = false; // never drawn the fast way
                continue;
            }
            ok &= plain(word) && !Character.isHighSurrogate(word.charAt(word.length() - 1));
            String capital = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            String first = capital;
            if (Character.isLowerCase(first.charAt(0))) {
                first = Character.toUpperCase(first.charAt(0)) + first.substring(1); // as prompt() fixes its first char
            }
            ok &= plain(capital) && plain(first);
            allAscii &= ascii(word) && ascii(capital) && ascii(first);
            encode(w, PLAIN, " " + word);
            encode(w, SENTENCE, ". " + capital);
            encode(w, START, first);
        }
        fast = ok;
        ascii = allAscii;
        plainInfo = new int[n];
        for (int w = 0; w < n; w++) {
            int bytes = lengths[PLAIN][w];
            plainInfo[w] = bytes <= SLOT && chars[w] < 0xFFFF ? (chars[w] + 1) | (bytes << 16) : -1;
        }
    }

    /** The shared table for {@code vocabulary}, or, when it is empty, the locale's Datafaker lorem words. */
    static WordTable of(Locale locale, List<String> vocabulary) {
        List<Object> key = List.of(vocabulary.isEmpty() ? locale : "", vocabulary);
        WordTable table = CACHE.get(key);
        if (table == null) {
            if (CACHE.size() >= CACHE_LIMIT) {
                CACHE.clear(); // a GUI session editing vocabularies: keep the cache small
            }
            table = CACHE.computeIfAbsent(key, k -> new WordTable(vocabulary.isEmpty() ? loremWords(locale) : vocabulary));
        }
        return table;
    }

    private void encode(int word, int position, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        lengths[position][word] = bytes.length;
        if (bytes.length <= SLOT) {
            System.arraycopy(bytes, 0, slots[position], word * SLOT, bytes.length);
        } else {
            longForms[position][word] = bytes;
        }
    }

    /** Whether every character of {@code text} is ASCII. */
    static boolean ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code text} is well-formed UTF-16 and needs no JSON escape. */
    static boolean plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether requests can be written with the byte path. */
    boolean fast() {
        return fast;
    }

    /** Whether every word, in every position, is ASCII (its bytes are its characters). */
    boolean ascii() {
        return ascii;
    }

    int size() {
        return words.length;
    }

    @SuppressWarnings("unchecked")
    private static List<String> loremWords(Locale locale) {
        Faker faker = new Faker(locale);
        Object found = faker.fakeValuesService().fetchObject("lorem.words", faker.getContext());
        List<String> result = new ArrayList<>();
        if (found instanceof List<?> list) {
            for (Object word : list) {
                String w = String.valueOf(word).trim();
                if (!w.isEmpty()) {
                    result.add(w);
                }
            }
        }
        if (result.isEmpty()) {
            throw new IllegalStateException("Datafaker has no lorem words for " + locale);
        }
        return List.copyOf(result);
    }
}
