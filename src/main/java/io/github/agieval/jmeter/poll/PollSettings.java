package io.github.agieval.jmeter.poll;

import io.github.agieval.jmeter.common.InvalidSettingException;
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

/**
 * The validated settings of one {@link JobPollController} for one job: every property parsed,
 * checked and given its default. Immutable; built per job from the running version of the
 * controller (so {@code ${...}} values are resolved per job) and once from the plain values at
 * test start, so that a bad literal fails the test before any thread starts.
 *
 * <p>Every error names the element, the property (GUI name and JMX key) and the bad value.
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
            return TimeScale.current(Settings.of("Job Polling Controller", elementName()));
        }
    }

    /**
     * Parses every property. With {@code skipDynamic}, properties that still hold an expression
     * are given their default instead (test start, when variables are not known yet).
     */
    static PollSettings parse(Source src, boolean skipDynamic) {
        Parser p = new Parser(src, skipDynamic);
        ConditionSource conditionSource = p.enumValue(JobPollController.CONDITION_SOURCE,
                ConditionSource.class, ConditionSource.VARIABLE);
        String statusVariable = p.text(JobPollController.STATUS_VARIABLE, JobPollController.DEFAULT_STATUS_VARIABLE);
        String jsonPath = p.text(JobPollController.STATUS_JSON_PATH, JobPollController.DEFAULT_STATUS_JSON_PATH);
        if (conditionSource == ConditionSource.JSON_PATH) {
            p.checkJsonPath(JobPollController.STATUS_JSON_PATH, jsonPath);
        }
        String expression = p.raw(JobPollController.EXPRESSION);
        if (expression != null && expression.isBlank()) {
            expression = null;
        }
        if (conditionSource == ConditionSource.EXPRESSION && (expression == null || expression.isBlank())) {
            throw p.bad(JobPollController.EXPRESSION, p.raw(JobPollController.EXPRESSION),
                    "must not be empty when the condition is EXPRESSION");
        }
        Set<String> terminal = p.values(JobPollController.TERMINAL_VALUES,
                JobPollController.DEFAULT_TERMINAL_VALUES);
        Set<String> success = p.values(JobPollController.SUCCESS_VALUES,
                JobPollController.DEFAULT_SUCCESS_VALUES);
        if (conditionSource != ConditionSource.EXPRESSION && !success.contains(ANY)) {
            for (String s : success) {
                if (!terminal.contains(s)) {
                    throw p.bad(JobPollController.SUCCESS_VALUES,
                            p.raw(JobPollController.SUCCESS_VALUES),
                            "success value '" + s + "' is not one of the terminal values " + terminal);
                }
            }
        }
        int maxPolls = (int) p.whole(JobPollController.MAX_POLLS, JobPollController.DEFAULT_MAX_POLLS,
                Integer.MAX_VALUE);
        long timeout = p.whole(JobPollController.TIMEOUT, 0, Long.MAX_VALUE / 4);
        if (maxPolls == 0 && timeout == 0) {
            throw p.bad(JobPollController.MAX_POLLS, p.raw(JobPollController.MAX_POLLS),
                    "max polls and time-out are both 0 (unlimited): set at least one, or a job that never"
                            + " finishes polls forever");
        }
        int maxFailed = (int) p.whole(JobPollController.MAX_FAILED_POLLS, 0,
                Integer.MAX_VALUE);
        long interval = p.whole(JobPollController.INTERVAL, JobPollController.DEFAULT_INTERVAL,
                Long.MAX_VALUE / 4);
        BackoffMode backoff = p.enumValue(JobPollController.BACKOFF, BackoffMode.class,
                BackoffMode.FIXED);
        double multiplier = p.decimal(JobPollController.BACKOFF_MULTIPLIER,
                JobPollController.DEFAULT_BACKOFF_MULTIPLIER, 1.0, 1000.0);
        long maxInterval = p.whole(JobPollController.MAX_INTERVAL,
                JobPollController.DEFAULT_MAX_INTERVAL, Long.MAX_VALUE / 4);
        if (maxInterval < interval) {
            throw p.bad(JobPollController.MAX_INTERVAL, p.raw(JobPollController.MAX_INTERVAL),
                    "must not be less than the interval (" + interval + " ms)");
        }
        double jitter = p.decimal(JobPollController.JITTER_PERCENT, 0, 0, 100);
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
                p.optionalText(JobPollController.START_TIME_VARIABLE),
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

    private static final class Parser {
        private final Source src;
        private final boolean skipDynamic;

        Parser(Source src, boolean skipDynamic) {
            this.src = src;
            this.skipDynamic = skipDynamic;
        }

        String raw(String key) {
            return src.text(key);
        }

        /** The value, or {@code null} when absent, blank or (at test start) still dynamic. */
        private String usable(String key) {
            String v = src.text(key);
            if (v == null || v.isBlank() || (skipDynamic && src.isDynamic(key))) {
                return null;
            }
            return v.trim();
        }

        String text(String key, String def) {
            String v = usable(key);
            return v == null ? def : v;
        }

        String optionalText(String key) {
            String v = usable(key);
            return v == null ? "" : v;
        }

        /** {@code true}/{@code false} in any case; empty means the default; anything else is an error. */
        boolean bool(String key, boolean def) {
            String v = usable(key);
            if (v == null) {
                return def;
            }
            if ("true".equalsIgnoreCase(v)) {
                return true;
            }
            if ("false".equalsIgnoreCase(v)) {
                return false;
            }
            throw bad(key, v, "must be true or false");
        }

        <E extends Enum<E>> E enumValue(String key, Class<E> type, E def) {
            String v = usable(key);
            if (v == null) {
                return def;
            }
            try {
                return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw bad(key, v, "must be one of " + Arrays.toString(type.getEnumConstants()));
            }
        }

        long whole(String key, long def, long max) {
            String v = usable(key);
            if (v == null) {
                return def;
            }
            long n;
            try {
                n = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw bad(key, v, "must be a whole number");
            }
            if (n < 0 || n > max) {
                throw bad(key, v, "must be between 0 and " + max);
            }
            return n;
        }

        double decimal(String key, double def, double min, double max) {
            String v = usable(key);
            if (v == null) {
                return def;
            }
            double d;
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw bad(key, v, "must be a number");
            }
            if (!(d >= min && d <= max)) {
                throw bad(key, v, "must be between " + min + " and " + max);
            }
            return d;
        }

        Set<String> values(String key, String def) {
            String v = usable(key);
            String text = v == null ? def : v;
            Set<String> set = Arrays.stream(text.split(","))
                    .map(PollSettings::normalize)
                    .filter(s -> !s.isEmpty())
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            if (set.isEmpty()) {
                throw bad(key, v, "must list at least one value (comma-separated)");
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
                throw bad(key, path, "is not a valid JSON path (" + e.getMessage() + ")");
            }
        }

        /** A bad setting: the message names the element, the property (its JMX key) and the value. */
        InvalidSettingException bad(String key, String value, String why) {
            return new InvalidSettingException(Settings.of("Job Polling Controller", src.elementName()).element(), key,
                    value, why);
        }
    }
}
