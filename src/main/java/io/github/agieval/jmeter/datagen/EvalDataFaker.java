package io.github.agieval.jmeter.datagen;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates evaluation requests and user scenarios from the locale's Datafaker lorem words and
 * a seeded random source.
 *
 * <p><b>Threading:</b> not thread-safe, by design: every JMeter thread (and the {@code generate}
 * command) owns one instance, created once and reused for every record. {@link #reseed(long)}
 * positions the random source at the start of a record's stream, which makes each record a pure
 * function of its stream seed and of the settings, independent of what was generated before.
 * The word table ({@link WordTable}) is immutable and shared by all instances with the same
 * locale and vocabulary.
 *
 * <p><b>Speed:</b> Datafaker resolves its expressions (YAML look-ups, template parsing) on every
 * call, which costs microseconds per word. The locale's lorem vocabulary is therefore fetched
 * from Datafaker once per JVM, and prompts are assembled from it with a {@link SplitMixRandom}
 * (the draws Datafaker's {@code RandomService} would make over it, made directly).
 * {@link #nextRequestBody()} writes a request's JSON straight into a reused byte buffer from the
 * words' pre-encoded UTF-8 bytes: no string per prompt, no JSON generator, one buffer per
 * thread; {@link #nextRequest()} builds the same request as objects (for the {@code generate}
 * command). Both make the same draws, so they give the same request for the same stream (see
 * docs/benchmarks.md).
 */
public final class EvalDataFaker {

    private static final int SENTENCE_WORDS_MIN = 4;
    private static final int SENTENCE_WORDS_SPREAD = 9;

    private static final String CONFIG = "],\"config\":{\"temperature\":";
    /** {@code ],"config":{"temperature":<t>,"max_tokens":} for the temperatures of {@link #HUNDREDTHS}. */
    private static final byte[][] CONFIG_HUNDREDTHS = new byte[201][];
    private static final byte[] MAX_TOKENS = ascii(",\"max_tokens\":");
    private static final byte[] TIMEOUT = ascii(",\"timeout\":");
    private static final byte[] END = ascii("}}");
    /** {@link Double#toString(double)} of 0.00 to 2.00 in hundredths: the temperatures of the usual ranges. */
    private static final String[] HUNDREDTHS = new String[201];

    static {
        for (int i = 0; i < HUNDREDTHS.length; i++) {
            HUNDREDTHS[i] = Double.toString(i / 100.0);
            CONFIG_HUNDREDTHS[i] = ascii(CONFIG + HUNDREDTHS[i] + ",\"max_tokens\":");
        }
    }

    private final GeneratorSettings settings;
    private final SplitMixRandom random;
    private final WordTable table;
    private final String[] words;
    private final String[] models;
    private final String[] benchmarks;
    private final StringBuilder text = new StringBuilder(256);
    /** Per model: {@code {"model":"<model>","benchmark":"}; per benchmark: {@code <benchmark>","prompts":[}. */
    private final byte[][] modelHeads;
    private final byte[][] benchmarkHeads;
    private final boolean fastBodies;
    /** Whether fast bodies are ASCII throughout (then bytes and characters are one to one). */
    private final boolean asciiBodies;
    private final RequestBody body = new RequestBody();

    public EvalDataFaker(GeneratorSettings settings) {
        this.settings = settings;
        this.random = new SplitMixRandom(0L);
        this.table = WordTable.of(settings.locale(), settings.vocabulary());
        this.words = table.words;
        this.models = settings.models().toArray(new String[0]);
        this.benchmarks = settings.benchmarks().toArray(new String[0]);
        boolean fast = table.fast();
        modelHeads = new byte[models.length][];
        for (int i = 0; i < models.length; i++) {
            fast &= WordTable.plain(models[i]);
            modelHeads[i] = ("{\"model\":\"" + models[i] + "\",\"benchmark\":\"").getBytes(StandardCharsets.UTF_8);
        }
        benchmarkHeads = new byte[benchmarks.length][];
        for (int i = 0; i < benchmarks.length; i++) {
            fast &= WordTable.plain(benchmarks[i]);
            benchmarkHeads[i] = (benchmarks[i] + "\",\"prompts\":[").getBytes(StandardCharsets.UTF_8);
        }
        fastBodies = fast;
        boolean ascii = table.ascii();
        for (String name : models) {
            ascii &= WordTable.ascii(name);
        }
        for (String name : benchmarks) {
            ascii &= WordTable.ascii(name);
        }
        asciiBodies = ascii;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Starts the stream of the next record: everything generated next depends only on {@code streamSeed}. */
    public void reseed(long streamSeed) {
        random.reseed(streamSeed);
    }

    /** A request with every part drawn from the configured vocabularies and ranges. */
    public EvalRequest nextRequest() {
        String model = models[random.nextInt(models.length)];
        String benchmark = benchmarks[random.nextInt(benchmarks.length)];
        int count = between(settings.promptsMin(), settings.promptsMax());
        List<String> prompts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            prompts.add(prompt(between(settings.promptCharsMin(), settings.promptCharsMax()), settings.promptCharsMin()));
        }
        double temperature = temperature();
        int maxTokens = between(settings.maxTokensMin(), settings.maxTokensMax());
        int timeout = between(settings.timeoutMin(), settings.timeoutMax());
        return new EvalRequest(model, benchmark, prompts, temperature, maxTokens, timeout);
    }

    /**
     * The next request written as its JSON body, straight into this generator's reused buffer:
     * the same draws, and the same text, as {@code nextRequest().toJson()}. The result is
     * overwritten by the next call.
     */
    public RequestBody nextRequestBody() {
        RequestBody out = body;
        out.reset(asciiBodies);
        if (!fastBodies) {
            EvalRequest request = nextRequest();
            out.setSlow(request.toJson());
            out.model = request.model();
            out.benchmark = request.benchmark();
            out.promptCount = request.prompts().size();
            out.firstPrompt = request.prompts().isEmpty() ? "" : request.prompts().get(0);
            out.temperature = request.temperature();
            out.temperatureText = Double.toString(request.temperature());
            out.maxTokens = request.maxTokens();
            out.timeout = request.timeout();
            return out;
        }
        int model = random.nextInt(models.length);
        int benchmark = random.nextInt(benchmarks.length);
        out.model = models[model];
        out.benchmark = benchmarks[benchmark];
        out.put(modelHeads[model]);
        out.put(benchmarkHeads[benchmark]);
        int count = between(settings.promptsMin(), settings.promptsMax());
        out.promptCount = count;
        int charsMin = settings.promptCharsMin();
        int charsMax = settings.promptCharsMax();
        for (int i = 0; i < count; i++) {
            out.putByte(i == 0 ? '"' : ',');
            if (i > 0) {
                out.putByte('"');
            }
            int start = out.size();
            int length = between(charsMin, charsMax);
            long saved = random.state();
            if (!writePrompt(out, length, charsMin)) {
                // a prompt that whole words cannot fill: the string way, from the same draws
                out.truncate(start);
                random.reseed(saved);
                String prompt = prompt(length, charsMin);
                out.putJsonText(prompt);
                if (i == 0) {
                    out.firstPrompt = prompt;
                }
            }
            if (i == 0) {
                out.firstPromptStart = start;
                out.firstPromptEnd = out.size();
            }
            out.putByte('"');
        }
        double temperature = temperature();
        out.temperature = temperature;
        long hundredths = Math.round(temperature * 100.0);
        if (hundredths >= 0 && hundredths < HUNDREDTHS.length && hundredths / 100.0 == temperature) {
            out.temperatureText = HUNDREDTHS[(int) hundredths];
            out.put(CONFIG_HUNDREDTHS[(int) hundredths]);
        } else {
            out.temperatureText = Double.toString(temperature);
            out.putAscii(CONFIG);
            out.putAscii(out.temperatureText);
            out.put(MAX_TOKENS);
        }
        out.maxTokens = between(settings.maxTokensMin(), settings.maxTokensMax());
        out.putInt(out.maxTokens);
        out.timeout = between(settings.timeoutMin(), settings.timeoutMax());
        out.put(TIMEOUT);
        out.putInt(out.timeout);
        out.put(END);
        return out;
    }

    /**
     * Writes what {@link #prompt(int, int)} makes when whole words reach {@code minLength}, from
     * the words' encoded bytes, and returns true; returns false (having drawn and written
     * something) when they do not, or when nothing fits: the caller then rewinds.
     */
    private boolean writePrompt(RequestBody out, int length, int minLength) {
        int limit = length - 1; // room for the final full stop
        int n = words.length;
        int[] chars = table.chars;
        int w = random.nextInt(n);
        int written = chars[w];
        if (written > limit) {
            return false; // not even one word fits
        }
        int at = word(out, WordTable.START, w, out.size());
        byte[] buf = out.bytes();
        sentences:
        while (true) {
            // the draws of prompt(): a sentence of 4 to 12 words, each word drawn before it is tried
            int left = SENTENCE_WORDS_MIN + random.nextInt(SENTENCE_WORDS_SPREAD) - 1;
            if (at + SENTENCE_ROOM > buf.length) {
                out.truncate(at);
                buf = out.buffer(SENTENCE_ROOM);
            }
            byte[] slots = table.slots[WordTable.PLAIN];
            int[] info = table.plainInfo;
            for (; left > 0; left--) {
                w = random.nextInt(n);
                int packed = info[w];
                if (packed >= 0) {
                    int next = written + (packed & 0xFFFF);
                    if (next > limit) {
                        break sentences;
                    }
                    written = next;
                    RequestBody.copySlot(slots, w * WordTable.SLOT, buf, at);
                    at += packed >>> 16;
                } else {
                    int next = written + 1 + chars[w];
                    if (next > limit) {
                        break sentences;
                    }
                    written = next;
                    at = word(out, WordTable.PLAIN, w, at);
                    buf = out.bytes();
                }
            }
            w = random.nextInt(n);
            int next = written + 2 + chars[w];
            if (next > limit) {
                break;
            }
            written = next;
            at = word(out, WordTable.SENTENCE, w, at);
            buf = out.bytes();
        }
        out.truncate(at);
        if (written < minLength - 1) {
            return false;
        }
        out.putByte('.');
        return true;
    }

    /** Bytes a sentence may take from packed slots: 12 words of a slot each, and the slack. */
    private static final int SENTENCE_ROOM = (SENTENCE_WORDS_MIN + SENTENCE_WORDS_SPREAD) * WordTable.SLOT;

    /** Writes word {@code w} in {@code position} at {@code at} (making room) and returns the end. */
    private int word(RequestBody out, int position, int w, int at) {
        out.truncate(at);
        int bytes = table.lengths[position][w];
        if (bytes <= WordTable.SLOT) {
            byte[] buf = out.buffer(WordTable.SLOT);
            RequestBody.copySlot(table.slots[position], w * WordTable.SLOT, buf, at);
            out.truncate(at + bytes);
        } else {
            out.put(table.longForms[position][w]);
        }
        out.ensure(SENTENCE_ROOM);
        return out.size();
    }

    private double temperature() {
        double span = settings.temperatureMax() - settings.temperatureMin();
        double temperature = Math.round((settings.temperatureMin() + random.nextDouble() * span) * 100.0) / 100.0;
        return Math.min(settings.temperatureMax(), Math.max(settings.temperatureMin(), temperature));
    }

    /** Bits of the engine discriminator that a unique id holds besides its 64-bit key. */
    public static final int ENGINE_BITS = 58;
    /** The largest engine discriminator. */
    public static final long MAX_ENGINE = (1L << ENGINE_BITS) - 1;

    /**
     * A user scenario. {@code uniqueKey} is {@code null} for a random version-4 user id, or a
     * value unique to the generating position (see {@link DataGenerator}); the id then embeds a
     * bijective scramble of it, so distinct keys give distinct ids and user names.
     */
    public UserScenario nextScenario(Long uniqueKey) {
        return uniqueKey == null ? nextScenario() : nextScenario(uniqueKey, 0);
    }

    /** A user scenario with a random version-4 user id (122 random bits). */
    private UserScenario nextScenario() {
        long msb = random.nextLong();
        long lsb = random.nextLong();
        msb = (msb & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
        lsb = (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        String id = uuid(msb, lsb);
        return scenario(id, "user_" + id.substring(id.length() - 8));
    }

    /**
     * A user scenario whose id is unique to ({@code key}, {@code engine}): the 122 free bits of a
     * version-4 UUID hold the 64 bits of the key and the {@value #ENGINE_BITS} bits of the engine
     * discriminator, nothing random, so distinct pairs give distinct ids. The user name is
     * {@code user_} + the key's 16 hex digits, followed by {@code _} + the engine's 15 hex digits
     * unless the engine is 0 (a single engine): distinct pairs give distinct names too.
     *
     * @param engine 0 to {@link #MAX_ENGINE}
     */
    public UserScenario nextScenario(long key, long engine) {
        if (engine < 0 || engine > MAX_ENGINE) {
            throw new IllegalArgumentException("engine discriminator out of range: " + engine);
        }
        random.nextLong(); // the same draws as a random id, so the rest of the scenario does not depend on the mode
        random.nextLong();
        // 60 bits of the key around the version nibble, its last 4 bits and the engine after the variant bits
        long high = key >>> 4;
        long msb = ((high >>> 12) << 16) | 0x4000L | (high & 0xFFFL);
        long lsb = 0x8000000000000000L | ((key & 0xFL) << ENGINE_BITS) | engine;
        String username = "user_" + hex(key, 16) + (engine == 0 ? "" : "_" + hex(engine, 15));
        return scenario(uuid(msb, lsb), username);
    }

    private UserScenario scenario(String userId, String username) {
        long thinkTimeMs = settings.thinkTimeMinMs()
                + (long) (random.nextDouble() * (settings.thinkTimeMaxMs() - settings.thinkTimeMinMs() + 1));
        thinkTimeMs = Math.min(thinkTimeMs, settings.thinkTimeMaxMs());
        int session = between(settings.sessionMinS(), settings.sessionMaxS());
        List<List<String>> sequences = settings.actionSequences();
        List<String> actions = sequences.get(random.nextInt(sequences.size()));
        return new UserScenario(userId, username, thinkTimeMs, session, actions);
    }

    /** Uniform in [min, max], both inclusive. */
    private int between(int min, int max) {
        long span = (long) max - min + 1;
        if (span <= Integer.MAX_VALUE) {
            return min + random.nextInt((int) span);
        }
        return (int) (min + Math.floorMod(random.nextLong(), span));
    }

    /**
     * Lorem-style text of {@code minLength} to {@code length} characters (UTF-16 units):
     * sentences of 4 to 12 words, each capitalised and ended with a full stop, made of whole
     * words while they fit, like Python Faker's {@code text(max_nb_chars)}. Only when whole
     * words cannot reach {@code minLength} is the last word cut.
     */
    String prompt(int length, int minLength) {
        StringBuilder sb = text;
        sb.setLength(0);
        int limit = length - 1; // room for the final full stop
        int wordsLeft = 0;
        while (true) {
            String word = words[random.nextInt(words.length)];
            boolean newSentence = wordsLeft == 0;
            int separator = sb.length() == 0 ? 0 : newSentence ? 2 : 1;
            if (sb.length() + separator + word.length() > limit) {
                break;
            }
            if (separator == 2) {
                sb.append(". ");
            } else if (separator == 1) {
                sb.append(' ');
            }
            if (newSentence) {
                sb.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
                wordsLeft = SENTENCE_WORDS_MIN + random.nextInt(SENTENCE_WORDS_SPREAD);
            } else {
                sb.append(word);
            }
            wordsLeft--;
        }
        while (sb.length() < minLength - 1) {
            String word = words[random.nextInt(words.length)];
            if (sb.length() > 0 && sb.length() < minLength - 2) {
                sb.append(' ');
            }
            sb.append(word, 0, Math.min(word.length(), minLength - 1 - sb.length()));
        }
        if (sb.length() > 0 && Character.isHighSurrogate(sb.charAt(sb.length() - 1))) {
            // never leave half a surrogate pair: the JSON would not be valid UTF-8
            sb.setCharAt(sb.length() - 1, 'x');
        }
        if (sb.length() > 0 && Character.isLowerCase(sb.charAt(0))) {
            sb.setCharAt(0, Character.toUpperCase(sb.charAt(0)));
        }
        if (length == 1 && sb.length() == 0) {
            sb.append(Character.toUpperCase(words[random.nextInt(words.length)].charAt(0)));
            if (Character.isSurrogate(sb.charAt(0))) {
                sb.setCharAt(0, 'X');
            }
            return sb.toString();
        }
        sb.append('.');
        return sb.toString();
    }

    private static String uuid(long msb, long lsb) {
        return new java.util.UUID(msb, lsb).toString();
    }

    private static String hex(long value, int digits) {
        String hex = Long.toHexString(value);
        return "0".repeat(digits - hex.length()) + hex;
    }
}
