package io.github.agieval.jmeter.poll;

import io.github.agieval.jmeter.common.Durations;
import io.github.agieval.jmeter.common.Settings;
import io.github.agieval.jmeter.common.TimeScale;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.testelement.property.JMeterProperty;
import org.apache.jmeter.testelement.property.NullProperty;

/**
 * The validated settings of one {@link JobPollController} for one job: every property parsed,
 * checked and given its default. Immutable; built per job from the running version of the
 * controller (so {@code ${...}} values are resolved per job) and once from the plain values at
 * test start, so that a bad literal fails the test before any thread starts.
 *
 * <p>Every value is read through {@link Settings}, the suite's one grammar: whole numbers and
 * decimals within a range, strict booleans, choices in any case, and durations (time-out,
 * interval, max interval) as {@link Durations} reads them, where a bare number means
 * milliseconds. Every error is an {@link io.github.agieval.jmeter.common.InvalidSettingException}
 * naming the element, the property (its JMX key) and the bad value.
 */
record PollSettings(
        ConditionSource conditionSource,
        String statusVariable,
        String statusJsonPath,
        String expression,
        Set<String> terminalValues,
        Set<String> successValues,
        int maxPolls,
        long timeoutMillis,
        int maxFailedPolls,
        long intervalMillis,
        boolean waitBeforeFirstPoll,
        BackoffMode backoff,
        double backoffMultiplier,
        long maxIntervalMillis,
        double jitterPercent,
        boolean honourRetryAfter,
        String startTimeVariable,
        String jobIdVariable,
        boolean recordSample,
        String sampleLabel,
        String variablePrefix) {

    /** The element kind as error messages name it. */
    static final String ELEMENT_KIND = "Job Polling Controller";

    /** The success value that accepts every terminal status. */
    static final String ANY = "*";

    /** A property's value as read from the element, before parsing. */
    interface Source {
        /** Element name, for messages. */
        String elementName();

        /** The text of {@code key}, or {@code null} when it is not set. */
        String text(String key);

        /** Whether {@code key} still holds an unresolved {@code ${...}} expression. */
        boolean isDynamic(String key);

        /** The plan's time scale (see {@link TimeScale}); 1 unless a source says otherwise. */
        default double timeScale() {
            return TimeScale.current(Settings.of(ELEMENT_KIND, elementName()));
        }
    }

    /** The properties of {@code element} as a {@link Source}. */
    static Source sourceOf(TestElement element) {
        return new Source() {
            @Override
            public String elementName() {
                return element.getName();
            }

            @Override
            public String text(String key) {
                JMeterProperty p = element.getProperty(key);
                return p instanceof NullProperty ? null : p.getStringValue();
            }

            @Override
            public boolean isDynamic(String key) {
                // at test start, functions of JMeter properties (${__P(...)}) are already resolved;
                // what still holds "${" depends on thread variables and is checked per job
                String v = text(key);
                return v != null && v.contains("${");
            }
        };
    }

    /**
     * Parses every property. With {@code skipDynamic}, properties that still hold an expression
     * are given their default instead (test start, when variables are not known yet).
     */
    static PollSettings parse(Source src, boolean skipDynamic) {
        Parser p = new Parser(src, skipDynamic);
        Settings in = p.settings;
        ConditionSource conditionSource = in.choice(JobPollController.CONDITION_SOURCE,
                p.usable(JobPollController.CONDITION_SOURCE), ConditionSource.class, ConditionSource.VARIABLE);
        String statusVariable = p.text(JobPollController.STATUS_VARIABLE, JobPollController.DEFAULT_STATUS_VARIABLE);
        String jsonPath = p.text(JobPollController.STATUS_JSON_PATH, JobPollController.DEFAULT_STATUS_JSON_PATH);
        if (conditionSource == ConditionSource.JSON_PATH) {
            p.checkJsonPath(JobPollController.STATUS_JSON_PATH, jsonPath);
        }
        String expression = p.raw(JobPollController.EXPRESSION);
        if (expression != null && expression.isBlank()) {
            expression = null;
        }
        if (conditionSource == ConditionSource.EXPRESSION && expression == null) {
            throw in.bad(JobPollController.EXPRESSION, p.raw(JobPollController.EXPRESSION),
                    "must not be empty when the condition is EXPRESSION");
        }
        Set<String> terminal = p.values(JobPollController.TERMINAL_VALUES,
                JobPollController.DEFAULT_TERMINAL_VALUES);
        Set<String> success = p.values(JobPollController.SUCCESS_VALUES,
                JobPollController.DEFAULT_SUCCESS_VALUES);
        if (conditionSource != ConditionSource.EXPRESSION && !success.contains(ANY)) {
            for (String s : success) {
                if (!terminal.contains(s)) {
                    throw in.bad(JobPollController.SUCCESS_VALUES, p.raw(JobPollController.SUCCESS_VALUES),
                            "success value '" + s + "' is not one of the terminal values " + terminal);
                }
            }
        }
        int maxPolls = in.wholeInt(JobPollController.MAX_POLLS, p.usable(JobPollController.MAX_POLLS),
                JobPollController.DEFAULT_MAX_POLLS, 0, Integer.MAX_VALUE);
        long timeout = p.duration(JobPollController.TIMEOUT, 0);
        if (maxPolls == 0 && timeout == 0) {
            throw in.bad(JobPollController.MAX_POLLS, p.raw(JobPollController.MAX_POLLS),
                    "max polls and time-out are both 0 (unlimited): set at least one, or a job that never"
                            + " finishes polls forever");
        }
        int maxFailed = in.wholeInt(JobPollController.MAX_FAILED_POLLS, p.usable(JobPollController.MAX_FAILED_POLLS),
                0, 0, Integer.MAX_VALUE);
        long interval = p.duration(JobPollController.INTERVAL, JobPollController.DEFAULT_INTERVAL);
        BackoffMode backoff = in.choice(JobPollController.BACKOFF, p.usable(JobPollController.BACKOFF),
                BackoffMode.class, BackoffMode.FIXED);
        double multiplier = in.decimal(JobPollController.BACKOFF_MULTIPLIER,
                p.usable(JobPollController.BACKOFF_MULTIPLIER), JobPollController.DEFAULT_BACKOFF_MULTIPLIER, 1.0,
                1000.0);
        long maxInterval = p.duration(JobPollController.MAX_INTERVAL, JobPollController.DEFAULT_MAX_INTERVAL);
        if (maxInterval < interval) {
            throw in.bad(JobPollController.MAX_INTERVAL, p.raw(JobPollController.MAX_INTERVAL),
                    "must not be less than the interval (" + interval + " ms)");
        }
        double jitter = in.decimal(JobPollController.JITTER_PERCENT, p.usable(JobPollController.JITTER_PERCENT),
                0, 0, 100);
        // the fields hold real durations; TIME_SCALE shortens them for a scaled run
        double scale = src.timeScale();
        timeout = TimeScale.apply(timeout, scale);
        interval = TimeScale.apply(interval, scale);
        maxInterval = TimeScale.apply(maxInterval, scale);
        return new PollSettings(conditionSource, statusVariable, jsonPath, expression, terminal, success,
                maxPolls, timeout, maxFailed, interval,
                p.bool(JobPollController.WAIT_BEFORE_FIRST_POLL, true),
                backoff, multiplier, maxInterval, jitter,
                p.bool(JobPollController.HONOUR_RETRY_AFTER, true),
                p.text(JobPollController.START_TIME_VARIABLE, ""),
                p.text(JobPollController.JOB_ID_VARIABLE, JobPollController.DEFAULT_JOB_ID_VARIABLE),
                p.bool(JobPollController.RECORD_SAMPLE, true),
                p.text(JobPollController.SAMPLE_LABEL, "job " + src.elementName()),
                p.text(JobPollController.VARIABLE_PREFIX, JobPollController.DEFAULT_VARIABLE_PREFIX));
    }

    /** Whether {@code status} (any case) is one of the terminal values. */
    boolean isTerminal(String status) {
        return status != null && terminalValues.contains(normalize(status));
    }

    /** Whether {@code status} (any case) counts as a successful end of the job. */
    boolean isSuccess(String status) {
        return successValues.contains(ANY) || (status != null && successValues.contains(normalize(status)));
    }

    static String normalize(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads the properties through {@link Settings} (the suite's one grammar for numbers, durations,
     * booleans and choices); adds only what {@link Settings} cannot know: which values are still
     * expressions at test start, the value lists and the JSON path.
     */
    private static final class Parser {
        private final Source src;
        private final boolean skipDynamic;
        final Settings settings;

        Parser(Source src, boolean skipDynamic) {
            this.src = src;
            this.skipDynamic = skipDynamic;
            this.settings = Settings.of(ELEMENT_KIND, src.elementName());
        }

        String raw(String key) {
            return src.text(key);
        }

        /** The value, or {@code null} when absent, blank or (at test start) still dynamic: the default applies. */
        String usable(String key) {
            String v = src.text(key);
            if (Settings.isBlank(v) || (skipDynamic && src.isDynamic(key))) {
                return null;
            }
            return v;
        }

        String text(String key, String def) {
            return settings.text(key, usable(key), def);
        }

        boolean bool(String key, boolean def) {
            return settings.bool(key, usable(key), def);
        }

        /** A duration in ms; a bare number is milliseconds, as everywhere in the suite. */
        long duration(String key, long defMs) {
            return settings.durationMs(key, usable(key), defMs, 0, Durations.MAX_MS);
        }

        Set<String> values(String key, String def) {
            String v = usable(key);
            String text = v == null ? def : v;
            Set<String> set = Arrays.stream(text.split(","))
                    .map(PollSettings::normalize)
                    .filter(s -> !s.isEmpty())
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            if (set.isEmpty()) {
                throw settings.bad(key, v, "must list at least one value (comma-separated)");
            }
            return Collections.unmodifiableSet(set);
        }

        void checkJsonPath(String key, String path) {
            if (skipDynamic && src.isDynamic(key)) {
                return;
            }
            try {
                JsonPath.compile(path);
            } catch (InvalidPathException | IllegalArgumentException e) {
                throw settings.bad(key, path, "is not a valid JSON path (" + e.getMessage() + ")");
            }
        }
    }
}
