package io.github.agieval.jmeter.datagen;

import io.github.agieval.jmeter.common.InvalidSettingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import net.datafaker.Faker;

/**
 * The validated, immutable configuration of the generator: vocabularies, ranges (all inclusive),
 * action sequences, locale and seed. Built from property key/value texts so that the JMeter
 * element, the {@code generate} command and tests share one parser and one set of messages;
 * the keys are the element's JMX property names.
 *
 * <p>The defaults are those of the seed's {@code test-data-generator.py}. Immutable and
 * therefore safe to share between threads.
 */
public final class GeneratorSettings {

    /** How errors name the element when the builder was given none. */
    public static final String DEFAULT_ELEMENT = "AGI Data Generator";

    public static final String MODELS = "models";
    public static final String BENCHMARKS = "benchmarks";
    public static final String PROMPTS_MIN = "promptsMin";
    public static final String PROMPTS_MAX = "promptsMax";
    public static final String PROMPT_CHARS_MIN = "promptCharsMin";
    public static final String PROMPT_CHARS_MAX = "promptCharsMax";
    public static final String VOCABULARY = "vocabulary";
    public static final String TEMPERATURE_MIN = "temperatureMin";
    public static final String TEMPERATURE_MAX = "temperatureMax";
    public static final String MAX_TOKENS_MIN = "maxTokensMin";
    public static final String MAX_TOKENS_MAX = "maxTokensMax";
    public static final String TIMEOUT_MIN = "timeoutMin";
    public static final String TIMEOUT_MAX = "timeoutMax";
    public static final String THINK_TIME_MIN_MS = "thinkTimeMinMs";
    public static final String THINK_TIME_MAX_MS = "thinkTimeMaxMs";
    public static final String SESSION_MIN_S = "sessionMinS";
    public static final String SESSION_MAX_S = "sessionMaxS";
    public static final String ACTION_SEQUENCES = "actionSequences";
    public static final String LOCALE = "locale";
    public static final String SEED = "seed";

    /** Largest prompt count per request accepted. */
    public static final int MAX_PROMPTS = 10_000;
    /** Largest prompt size accepted, in characters (16 Mi). */
    public static final int MAX_PROMPT_CHARS = 16 * 1024 * 1024;

    /** The seed's three user journeys, one per line, actions separated by commas. */
    public static final String DEFAULT_ACTION_SEQUENCES =
            "login,list_models,start_evaluation,check_status,download_results,logout\n"
            + "login,view_dashboard,compare_models,export_data,logout\n"
            + "login,upload_dataset,create_benchmark,run_evaluation,logout";

    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put(MODELS, "gpt-4,gpt-3.5-turbo,claude-3-opus,claude-3-sonnet");
        DEFAULTS.put(BENCHMARKS, "mmlu,humaneval,truthfulqa,hellaswag");
        DEFAULTS.put(PROMPTS_MIN, "1");
        DEFAULTS.put(PROMPTS_MAX, "10");
        DEFAULTS.put(PROMPT_CHARS_MIN, "20");
        DEFAULTS.put(PROMPT_CHARS_MAX, "200");
        DEFAULTS.put(VOCABULARY, "");
        DEFAULTS.put(TEMPERATURE_MIN, "0.0");
        DEFAULTS.put(TEMPERATURE_MAX, "1.0");
        DEFAULTS.put(MAX_TOKENS_MIN, "100");
        DEFAULTS.put(MAX_TOKENS_MAX, "2000");
        DEFAULTS.put(TIMEOUT_MIN, "30");
        DEFAULTS.put(TIMEOUT_MAX, "300");
        DEFAULTS.put(THINK_TIME_MIN_MS, "1000");
        DEFAULTS.put(THINK_TIME_MAX_MS, "5000");
        DEFAULTS.put(SESSION_MIN_S, "300");
        DEFAULTS.put(SESSION_MAX_S, "3600");
        DEFAULTS.put(ACTION_SEQUENCES, DEFAULT_ACTION_SEQUENCES);
        DEFAULTS.put(LOCALE, "en");
        DEFAULTS.put(SEED, "");
    }

    private static final Pattern LIST_SEPARATOR = Pattern.compile("\\s*,\\s*");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern LINE = Pattern.compile("\\R");

    private final List<String> models;
    private final List<String> benchmarks;
    private final int promptsMin;
    private final int promptsMax;
    private final int promptCharsMin;
    private final int promptCharsMax;
    private final List<String> vocabulary;
    private final double temperatureMin;
    private final double temperatureMax;
    private final int maxTokensMin;
    private final int maxTokensMax;
    private final int timeoutMin;
    private final int timeoutMax;
    private final long thinkTimeMinMs;
    private final long thinkTimeMaxMs;
    private final int sessionMinS;
    private final int sessionMaxS;
    private final List<List<String>> actionSequences;
    private final Locale locale;
    private final Long seed;
    /** The element as error messages name it, e.g. {@code AGI Data Generator 'Requests'}. */
    private final String element;

    private GeneratorSettings(String element, Map<String, String> values) {
        this.element = element;
        models = list(values, MODELS);
        benchmarks = list(values, BENCHMARKS);
        promptsMin = intValue(values, PROMPTS_MIN, 0, MAX_PROMPTS);
        promptsMax = intValue(values, PROMPTS_MAX, 0, MAX_PROMPTS);
        ordered(values, PROMPTS_MIN, promptsMin, PROMPTS_MAX, promptsMax);
        promptCharsMin = intValue(values, PROMPT_CHARS_MIN, 1, MAX_PROMPT_CHARS);
        promptCharsMax = intValue(values, PROMPT_CHARS_MAX, 1, MAX_PROMPT_CHARS);
        ordered(values, PROMPT_CHARS_MIN, promptCharsMin, PROMPT_CHARS_MAX, promptCharsMax);
        String words = values.get(VOCABULARY).trim();
        vocabulary = words.isEmpty() ? List.of() : List.of(WHITESPACE.split(words));
        temperatureMin = doubleValue(values, TEMPERATURE_MIN);
        temperatureMax = doubleValue(values, TEMPERATURE_MAX);
        if (temperatureMin > temperatureMax) {
            throw new InvalidSettingException(element, TEMPERATURE_MAX, values.get(TEMPERATURE_MAX),
                    "must not be below " + TEMPERATURE_MIN + " = " + values.get(TEMPERATURE_MIN));
        }
        maxTokensMin = intValue(values, MAX_TOKENS_MIN, 0, Integer.MAX_VALUE);
        maxTokensMax = intValue(values, MAX_TOKENS_MAX, 0, Integer.MAX_VALUE);
        ordered(values, MAX_TOKENS_MIN, maxTokensMin, MAX_TOKENS_MAX, maxTokensMax);
        timeoutMin = intValue(values, TIMEOUT_MIN, 0, Integer.MAX_VALUE);
        timeoutMax = intValue(values, TIMEOUT_MAX, 0, Integer.MAX_VALUE);
        ordered(values, TIMEOUT_MIN, timeoutMin, TIMEOUT_MAX, timeoutMax);
        thinkTimeMinMs = intValue(values, THINK_TIME_MIN_MS, 0, Integer.MAX_VALUE);
        thinkTimeMaxMs = intValue(values, THINK_TIME_MAX_MS, 0, Integer.MAX_VALUE);
        ordered(values, THINK_TIME_MIN_MS, thinkTimeMinMs, THINK_TIME_MAX_MS, thinkTimeMaxMs);
        sessionMinS = intValue(values, SESSION_MIN_S, 0, Integer.MAX_VALUE);
        sessionMaxS = intValue(values, SESSION_MAX_S, 0, Integer.MAX_VALUE);
        ordered(values, SESSION_MIN_S, sessionMinS, SESSION_MAX_S, sessionMaxS);
        actionSequences = sequences(values.get(ACTION_SEQUENCES));
        locale = locale(values.get(LOCALE));
        seed = seed(values.get(SEED));
    }

    /** Settings with every default (the seed's), no seed. */
    public static GeneratorSettings defaults() {
        return builder().build();
    }

    /** A builder whose errors name the element {@value #DEFAULT_ELEMENT}. */
    public static Builder builder() {
        return new Builder(DEFAULT_ELEMENT);
    }

    /**
     * A builder whose errors name {@code element}, e.g. {@code AGI Data Generator 'Requests'} (the
     * element of a plan) or {@code generate} (the command line).
     */
    public static Builder builder(String element) {
        return new Builder(element);
    }

    /** The default text of {@code key}, as the element and the documentation show it. */
    public static String defaultValue(String key) {
        String value = DEFAULTS.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no such setting: " + key);
        }
        return value;
    }

    /** Every setting key, in documentation order. */
    public static List<String> keys() {
        return List.copyOf(DEFAULTS.keySet());
    }

    /** Collects key/value texts, then parses and validates them all at once in {@link #build()}. */
    public static final class Builder {
        private final Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        private final String element;

        private Builder(String element) {
            this.element = element;
        }

        /** Sets {@code key} to {@code value}; {@code null} means "the default". */
        public Builder set(String key, String value) {
            if (!values.containsKey(key)) {
                throw new IllegalArgumentException("no such setting: " + key);
            }
            values.put(key, value == null ? DEFAULTS.get(key) : value);
            return this;
        }

        /**
         * Parses and checks every value.
         *
         * @throws InvalidSettingException naming the first bad property and its value
         */
        public GeneratorSettings build() {
            return new GeneratorSettings(element, values);
        }
    }

    private List<String> list(Map<String, String> values, String key) {
        String text = values.get(key).trim();
        if (text.isEmpty()) {
            throw new InvalidSettingException(element, key, text, "must list at least one value (comma-separated)");
        }
        List<String> items = Arrays.asList(LIST_SEPARATOR.split(text, -1));
        if (items.stream().anyMatch(String::isEmpty)) {
            throw new InvalidSettingException(element, key, text, "has an empty entry (check the commas)");
        }
        return List.copyOf(items);
    }

    private int intValue(Map<String, String> values, String key, int min, int max) {
        String text = values.get(key).trim();
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(element, key, text, "is not a whole number");
        }
        if (value < min || value > max) {
            throw new InvalidSettingException(element, key, text, "must be between " + min + " and " + max);
        }
        return (int) value;
    }

    private double doubleValue(Map<String, String> values, String key) {
        String text = values.get(key).trim();
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(element, key, text, "is not a number");
        }
        if (!Double.isFinite(value) || value < 0) {
            throw new InvalidSettingException(element, key, text, "must be a finite number >= 0");
        }
        return value;
    }

    private void ordered(Map<String, String> values, String minKey, long min, String maxKey, long max) {
        if (min > max) {
            throw new InvalidSettingException(element, maxKey, values.get(maxKey).trim(),
                    "must not be below " + minKey + " = " + values.get(minKey).trim());
        }
    }

    private List<List<String>> sequences(String text) {
        List<List<String>> result = new ArrayList<>();
        for (String line : LINE.split(text.trim())) {
            String trimmed = line.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            List<String> actions = Arrays.asList(LIST_SEPARATOR.split(trimmed, -1));
            if (actions.stream().anyMatch(String::isEmpty)) {
                throw new InvalidSettingException(element, ACTION_SEQUENCES, trimmed,
                        "has an empty action (check the commas)");
            }
            result.add(List.copyOf(actions));
        }
        if (result.isEmpty()) {
            throw new InvalidSettingException(element, ACTION_SEQUENCES, text,
                    "must hold at least one sequence (one per line, actions separated by commas)");
        }
        return Collections.unmodifiableList(result);
    }

    /**
     * A locale Datafaker has data for: its language must have a {@code <language>.yml} in the
     * Datafaker jar (Datafaker itself silently falls back to English for unknown ones).
     */
    private Locale locale(String text) {
        String tag = text.trim().replace('_', '-');
        if (tag.isEmpty()) {
            throw new InvalidSettingException(element, LOCALE, text, "must name a locale, e.g. en or de-AT");
        }
        Locale parsed = Locale.forLanguageTag(tag);
        String language = parsed.getLanguage();
        if (language.isEmpty() || Faker.class.getResource("/" + language + ".yml") == null) {
            throw new InvalidSettingException(element, LOCALE, text,
                    "is not a locale Datafaker has data for (e.g. en, en-GB, de, fr, ja)");
        }
        return parsed;
    }

    private Long seed(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(trimmed);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(element, SEED, trimmed, "must be empty (random) or a whole number");
        }
    }

    public List<String> models() {
        return models;
    }

    public List<String> benchmarks() {
        return benchmarks;
    }

    public int promptsMin() {
        return promptsMin;
    }

    public int promptsMax() {
        return promptsMax;
    }

    public int promptCharsMin() {
        return promptCharsMin;
    }

    public int promptCharsMax() {
        return promptCharsMax;
    }

    /** The configured prompt words, or an empty list for "the locale's Datafaker lorem words". */
    public List<String> vocabulary() {
        return vocabulary;
    }

    public double temperatureMin() {
        return temperatureMin;
    }

    public double temperatureMax() {
        return temperatureMax;
    }

    public int maxTokensMin() {
        return maxTokensMin;
    }

    public int maxTokensMax() {
        return maxTokensMax;
    }

    public int timeoutMin() {
        return timeoutMin;
    }

    public int timeoutMax() {
        return timeoutMax;
    }

    public long thinkTimeMinMs() {
        return thinkTimeMinMs;
    }

    public long thinkTimeMaxMs() {
        return thinkTimeMaxMs;
    }

    public int sessionMinS() {
        return sessionMinS;
    }

    public int sessionMaxS() {
        return sessionMaxS;
    }

    public List<List<String>> actionSequences() {
        return actionSequences;
    }

    public Locale locale() {
        return locale;
    }

    /** The configured seed, or {@code null} for "random". */
    public Long seed() {
        return seed;
    }
}
