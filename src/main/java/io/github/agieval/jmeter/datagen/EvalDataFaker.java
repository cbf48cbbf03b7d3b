package io.github.agieval.jmeter.datagen;

import java.util.ArrayList;
import java.util.List;

import net.datafaker.Faker;
import net.datafaker.service.RandomService;

/**
 * Generates evaluation requests and user scenarios from one Datafaker {@link Faker} and its
 * seeded random source.
 *
 * <p><b>Threading:</b> not thread-safe, by design: Datafaker instances must not be shared, so
 * every JMeter thread (and the {@code generate} command) owns one instance, created once and
 * reused for every record. {@link #reseed(long)} positions the random source at the start of
 * a record's stream, which makes each record a pure function of its stream seed and of the
 * settings, independent of what was generated before.
 *
 * <p><b>Speed:</b> Datafaker resolves its expressions (YAML look-ups, template parsing) on every
 * call, which costs microseconds per word. The locale's lorem vocabulary is therefore fetched
 * from Datafaker once, at construction, and prompts are assembled from it with Datafaker's
 * {@link RandomService} over the same seeded random source, a {@link SplitMixRandom} (see
 * docs/benchmarks.md).
 */
public final class EvalDataFaker {

    private static final int SENTENCE_WORDS_MIN = 4;
    private static final int SENTENCE_WORDS_SPREAD = 9;

    private final GeneratorSettings settings;
    private final SplitMixRandom random;
    private final RandomService randomService;
    private final String[] words;
    private final String[] models;
    private final String[] benchmarks;
    private final StringBuilder text = new StringBuilder(256);

    public EvalDataFaker(GeneratorSettings settings) {
        this.settings = settings;
        this.random = new SplitMixRandom(0L);
        Faker faker = new Faker(settings.locale(), random);
        this.randomService = faker.random();
        List<String> vocabulary = settings.vocabulary();
        if (vocabulary.isEmpty()) {
            vocabulary = loremWords(faker);
        }
        this.words = vocabulary.toArray(new String[0]);
        this.models = settings.models().toArray(new String[0]);
        this.benchmarks = settings.benchmarks().toArray(new String[0]);
    }

    @SuppressWarnings("unchecked")
    private static List<String> loremWords(Faker faker) {
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
            throw new IllegalStateException("Datafaker has no lorem words for " + faker.getContext().getLocale());
        }
        return result;
    }

    /** Starts the stream of the next record: everything generated next depends only on {@code streamSeed}. */
    public void reseed(long streamSeed) {
        random.reseed(streamSeed);
    }

    /** A request with every part drawn from the configured vocabularies and ranges. */
    public EvalRequest nextRequest() {
        String model = models[randomService.nextInt(models.length)];
        String benchmark = benchmarks[randomService.nextInt(benchmarks.length)];
        int count = between(settings.promptsMin(), settings.promptsMax());
        List<String> prompts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            prompts.add(prompt(between(settings.promptCharsMin(), settings.promptCharsMax()), settings.promptCharsMin()));
        }
        double span = settings.temperatureMax() - settings.temperatureMin();
        double temperature = Math.round((settings.temperatureMin() + randomService.nextDouble() * span) * 100.0) / 100.0;
        temperature = Math.min(settings.temperatureMax(), Math.max(settings.temperatureMin(), temperature));
        int maxTokens = between(settings.maxTokensMin(), settings.maxTokensMax());
        int timeout = between(settings.timeoutMin(), settings.timeoutMax());
        return new EvalRequest(model, benchmark, prompts, temperature, maxTokens, timeout);
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
                + (long) (randomService.nextDouble() * (settings.thinkTimeMaxMs() - settings.thinkTimeMinMs() + 1));
        thinkTimeMs = Math.min(thinkTimeMs, settings.thinkTimeMaxMs());
        int session = between(settings.sessionMinS(), settings.sessionMaxS());
        List<List<String>> sequences = settings.actionSequences();
        List<String> actions = sequences.get(randomService.nextInt(sequences.size()));
        return new UserScenario(userId, username, thinkTimeMs, session, actions);
    }

    /** Uniform in [min, max], both inclusive. */
    private int between(int min, int max) {
        long span = (long) max - min + 1;
        if (span <= Integer.MAX_VALUE) {
            return min + randomService.nextInt((int) span);
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
            String word = words[randomService.nextInt(words.length)];
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
                wordsLeft = SENTENCE_WORDS_MIN + randomService.nextInt(SENTENCE_WORDS_SPREAD);
            } else {
                sb.append(word);
            }
            wordsLeft--;
        }
        while (sb.length() < minLength - 1) {
            String word = words[randomService.nextInt(words.length)];
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
            sb.append(Character.toUpperCase(words[randomService.nextInt(words.length)].charAt(0)));
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
