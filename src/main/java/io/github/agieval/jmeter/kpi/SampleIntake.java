package io.github.agieval.jmeter.kpi;

import java.util.Set;

import org.apache.commons.lang3.StringUtils;
import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleResult;

import io.github.agieval.jmeter.kpi.engine.KpiEngine;

/**
 * How one JMeter sample enters the {@link KpiEngine}: its label, times, outcome, error type, the engine
 * (host) it came from in a distributed run, its active threads and the number of its sub-results.
 *
 * <p>Threading: stateless; called by every sampler thread at once (through
 * {@link KpiListener#sampleOccurred}); the engine's recorder is what is thread-safe.
 */
final class SampleIntake {

    private SampleIntake() {
    }

    /** Records {@code event}'s sample in {@code engine}; {@code remoteHosts} are the engines of a distributed run. */
    static void record(KpiEngine engine, Set<String> remoteHosts, SampleEvent event) {
        SampleResult r = event.getResult();
        boolean ok = r.isSuccessful();
        engine.record(r.getSampleLabel(), r.getStartTime(), r.getEndTime(), r.getTime(), r.getLatency(),
                r.getConnectTime(), ok, ok ? null : errorType(r), engineKey(remoteHosts, event, r),
                r.getAllThreads(), subSamples(r));
    }

    /** The sub-results of {@code r} at any depth: each one a JTL row of its own when sub-results are saved. */
    static int subSamples(SampleResult r) {
        SampleResult[] subs = r.getSubResults();
        int n = subs.length;
        for (SampleResult sub : subs) {
            n += subSamples(sub);
        }
        return n;
    }

    /** {@code local}, or the engine of a distributed run the sample came from (by its thread name's prefix). */
    static String engineKey(Set<String> hosts, SampleEvent event, SampleResult r) {
        if (hosts.isEmpty()) {
            return "local";
        }
        String thread = r.getThreadName();
        for (String h : hosts) {
            if (thread != null && thread.startsWith(h + "-")) {
                return h;
            }
        }
        return event.getHostname();
    }

    /** What a failure is grouped by: the response code and message, or the first assertion's message. */
    static String errorType(SampleResult r) {
        String code = StringUtils.defaultString(r.getResponseCode());
        String message = StringUtils.defaultString(r.getResponseMessage());
        if (code.isEmpty() || code.startsWith("2") || code.startsWith("3")) {
            String assertion = r.getFirstAssertionFailureMessage();
            if (assertion != null) {
                return StringUtils.abbreviate("Assertion failed: " + assertion, 100);
            }
        }
        return StringUtils.abbreviate(code.isEmpty() ? message : code + " " + message, 100);
    }
}
