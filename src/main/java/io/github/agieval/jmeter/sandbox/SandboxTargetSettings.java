package io.github.agieval.jmeter.sandbox;

import io.github.agieval.jmeter.common.Durations;
import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.common.Settings;
import io.github.agieval.jmeter.common.TimeScale;
import java.time.Duration;
import org.apache.jmeter.util.JMeterUtils;

/**
 * Reads the <b>Sandbox Target</b>'s bean properties into the embedded sandbox's start-up
 * {@link SandboxConfig}, with the suite's {@link Settings} rules; a bad value is an
 * {@link io.github.agieval.jmeter.common.InvalidSettingException} naming the element, the property
 * and the value (secrets never in the message).
 *
 * <p>Threading: stateless; called on the engine thread in {@link SandboxTarget#testStarted()}.
 */
final class SandboxTargetSettings {

    /** Shown instead of a secret's value. */
    private static final String HIDDEN = "<hidden>";

    private SandboxTargetSettings() {
    }

    /**
     * Reads every property with the suite's {@link Settings} rules (empty means default; durations
     * take units, a bare number is milliseconds; ranges checked).
     */
    static SandboxConfig read(SandboxTarget t, Settings s) {
        SandboxConfig.Builder b = SandboxConfig.builder().host("127.0.0.1");
        b.port(s.wholeInt(SandboxTarget.PROP_PORT, t.getPort(), 0, 0, 65535));
        String token = JMeterUtils.getProperty(SandboxTarget.ADMIN_TOKEN);
        if (token != null && !token.isBlank()) {
            try {
                b.adminToken(token.trim());
            } catch (IllegalArgumentException e) {
                // a secret: never in the message
                throw s.bad(SandboxTarget.ADMIN_TOKEN + " (JMeter property)", HIDDEN, e.getMessage());
            }
        }
        String pw = s.text(SandboxTarget.PROP_PASSWORD, t.getPassword(), SandboxConfig.DEFAULT_PASSWORD);
        try {
            b.password(pw);
        } catch (IllegalArgumentException e) {
            throw s.bad(SandboxTarget.PROP_PASSWORD, HIDDEN, e.getMessage()); // a secret: never in the message
        }
        // empty: the plan's TIME_SCALE, so job durations shrink with the rest of a scaled plan
        b.timeFactor(Settings.isBlank(t.getTimeFactor()) ? TimeScale.current(s)
                : s.decimal(SandboxTarget.PROP_TIME_FACTOR, t.getTimeFactor(), 1.0, 0, 1000));
        b.workers(s.wholeInt(SandboxTarget.PROP_WORKERS, t.getWorkers(), 64, 1, 100_000));
        b.queueCapacity(s.wholeInt(SandboxTarget.PROP_QUEUE_CAPACITY, t.getQueueCapacity(), 10_000, 0,
                Faults.MAX_QUEUE_CAPACITY));
        long lifetimeMs = s.durationMs(SandboxTarget.PROP_TOKEN_LIFETIME, t.getTokenLifetime(), 3_600_000,
                1000, Durations.MAX_MS);
        b.tokenLifetime(Duration.ofMillis(lifetimeMs));
        String spec = s.text(SandboxTarget.PROP_LATENCY, t.getLatency(), "none");
        try {
            b.latency(Latency.parse(spec));
        } catch (IllegalArgumentException e) {
            throw s.bad(SandboxTarget.PROP_LATENCY, t.getLatency(), e.getMessage());
        }
        b.errorRate(s.decimal(SandboxTarget.PROP_ERROR_RATE, t.getErrorRate(), 0, 0, 1));
        b.dropRate(s.decimal(SandboxTarget.PROP_DROP_RATE, t.getDropRate(), 0, 0, 1));
        b.jobFailureRate(s.decimal(SandboxTarget.PROP_JOB_FAILURE_RATE, t.getJobFailureRate(), 0, 0, 1));
        b.jobHangRate(s.decimal(SandboxTarget.PROP_JOB_HANG_RATE, t.getJobHangRate(), 0, 0, 1));
        int slots = s.wholeInt(SandboxTarget.PROP_MAX_CONCURRENT_REQUESTS, t.getMaxConcurrentRequests(), 0, 0,
                Faults.MAX_CONCURRENT_LIMIT);
        int serviceMs = (int) s.durationMs(SandboxTarget.PROP_SERVICE_TIME_MS, t.getServiceTimeMs(),
                Faults.DEFAULT_SERVICE_TIME_MS, 1, Faults.MAX_SERVICE_TIME_MS);
        int poolSize = s.wholeInt(SandboxTarget.PROP_DB_POOL_SIZE, t.getDbPoolSize(), Faults.DEFAULT_DB_POOL_SIZE, 1,
                Faults.MAX_DB_POOL_SIZE);
        boolean exhausted = s.bool(SandboxTarget.PROP_DB_POOL_EXHAUSTED, t.getDbPoolExhausted(), false);
        b.faults(f -> f.maxConcurrentRequests(slots).serviceTimeMs(serviceMs).dbPoolSize(poolSize)
                .dbPoolExhausted(exhausted));
        if (!Settings.isBlank(t.getFaults())) {
            try {
                b.faults(b.build().faults().merge(Json.parse(t.getFaults().trim())));
            } catch (IllegalArgumentException e) {
                throw s.bad(SandboxTarget.PROP_FAULTS, t.getFaults(), e.getMessage());
            }
        }
        return b.build();
    }
}
