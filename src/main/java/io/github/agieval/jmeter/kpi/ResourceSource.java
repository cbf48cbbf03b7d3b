package io.github.agieval.jmeter.kpi;

import io.github.agieval.jmeter.kpi.engine.Kpi;
import io.github.agieval.jmeter.kpi.engine.Metric;
import io.github.agieval.jmeter.kpi.engine.KpiEngine;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.apache.jmeter.util.JMeterUtils;

import io.github.agieval.jmeter.common.Durations;
import io.github.agieval.jmeter.common.Settings;
import io.github.agieval.jmeter.resources.PromQlClient;
import io.github.agieval.jmeter.resources.PromQlException;
import io.github.agieval.jmeter.resources.ResourceProfile;
import io.github.agieval.jmeter.resources.ResourceSampler;
import io.github.agieval.jmeter.resources.ResourceTrack;

/**
 * KPI Assertions' Prometheus source for one run: its settings (element properties, else JMeter
 * properties), the check of every resource KPI's query before the test starts, and the
 * {@link ResourceSampler} that fills the engine's resource tracks during the run.
 *
 * <p>Threading: {@link #settings}, {@link #check} and {@link #start} run on the test-start thread;
 * {@link #close} on the test-end thread (or the start-failure undo); the sampler has a daemon
 * thread of its own.
 */
final class ResourceSource implements AutoCloseable {

    /** The Prometheus server (element property; empty: JMeter property {@link #URL_PROPERTY}). */
    static final String PROMETHEUS_URL = "KpiListener.prometheusUrl";
    /** Default queries: {@code node} (node_exporter) or {@code sandbox} (element property). */
    static final String RESOURCE_PROFILE = "KpiListener.resourceProfile";
    /** How often the queries are sampled (element property). */
    static final String RESOURCE_INTERVAL = "KpiListener.resourceInterval";

    static final String URL_PROPERTY = "PROMETHEUS_URL";
    static final String PROFILE_PROPERTY = "RESOURCE_PROFILE";
    static final String INTERVAL_PROPERTY = "RESOURCE_INTERVAL";
    /** How long a query without data is retried before the test starts (JMeter property). */
    static final String DATA_WAIT_PROPERTY = "PROMETHEUS_DATA_WAIT";

    static final long DEFAULT_INTERVAL_MS = 5_000;
    static final long DEFAULT_DATA_WAIT_MS = 30_000;
    private static final int CHART_POINTS = 600;

    /** The resolved settings; {@code client} is {@code null} when there is no source. */
    record Config(PromQlClient client, ResourceProfile profile, Duration interval, Duration dataWait) {

        String sourceName() {
            return client == null ? null : client.displayUrl();
        }
    }

    private final ResourceSampler sampler;

    private ResourceSource(ResourceSampler sampler) {
        this.sampler = sampler;
    }

    /**
     * Resolves the settings; {@code resolved} gives an element property's evaluated value (or the
     * default given). Throws {@link io.github.agieval.jmeter.common.InvalidSettingException} for a bad one.
     */
    static Config settings(Settings element, BiFunction<String, String, String> resolved) {
        String url = firstNonBlank(resolved.apply(PROMETHEUS_URL, ""), JMeterUtils.getProperty(URL_PROPERTY));
        String profileText = firstNonBlank(resolved.apply(RESOURCE_PROFILE, ""), JMeterUtils.getProperty(PROFILE_PROPERTY));
        ResourceProfile profile = element.choice(RESOURCE_PROFILE, profileText, ResourceProfile.class,
                ResourceProfile.DEFAULT);
        long interval = element.durationMs(RESOURCE_INTERVAL, firstNonBlank(resolved.apply(RESOURCE_INTERVAL, ""),
                JMeterUtils.getProperty(INTERVAL_PROPERTY)), DEFAULT_INTERVAL_MS, 100,
                3_600_000);
        long wait = element.durationMs(DATA_WAIT_PROPERTY, JMeterUtils.getProperty(DATA_WAIT_PROPERTY),
                DEFAULT_DATA_WAIT_MS, 0, 3_600_000);
        PromQlClient client = null;
        if (!Settings.isBlank(url)) {
            try {
                client = new PromQlClient(url, Duration.ofSeconds(5), Duration.ofSeconds(10));
            } catch (IllegalArgumentException e) {
                throw element.bad(PROMETHEUS_URL, url.replaceAll("//[^/@]*@", "//***@"), e.getMessage());
            }
        }
        return new Config(client, profile, Duration.ofMillis(interval), Duration.ofMillis(wait));
    }

    private static String firstNonBlank(String a, String b) {
        return !Settings.isBlank(a) ? a.trim() : Settings.isBlank(b) ? null : b.trim();
    }

    /**
     * Runs every resource KPI's query once before the test starts.
     *
     * @throws IllegalArgumentException saying which KPI and query failed and why
     */
    static void check(Config cfg, List<Kpi> kpis) {
        if (cfg.client() == null) {
            return;
        }
        ResourceSampler s = new ResourceSampler(cfg.client(), tracks(kpis, Duration.ZERO).values().stream().toList(),
                Clock.systemUTC(), "unused");
        try {
            s.checkBeforeStart(cfg.dataWait(), Duration.ofSeconds(1));
        } catch (PromQlException e) {
            throw new IllegalArgumentException("Prometheus source (property " + PROMETHEUS_URL + " / JMeter property "
                    + URL_PROPERTY + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted while checking the Prometheus queries", e);
        }
    }

    /** Attaches a track per resource KPI to {@code engine} and starts sampling; {@code null} if none. */
    static ResourceSource start(Config cfg, KpiEngine engine, Clock clock, String threadName) {
        if (cfg.client() == null) {
            return null;
        }
        Map<Integer, ResourceTrack> tracks = tracks(engine.kpis(), engine.settings().grace());
        if (tracks.isEmpty()) {
            return null;
        }
        engine.attachResources(tracks);
        ResourceSampler sampler = new ResourceSampler(cfg.client(), new ArrayList<>(tracks.values()), clock,
                threadName);
        sampler.start(cfg.interval());
        return new ResourceSource(sampler);
    }

    private static Map<Integer, ResourceTrack> tracks(List<Kpi> kpis, Duration grace) {
        Map<Integer, ResourceTrack> out = new HashMap<>();
        for (int i = 0; i < kpis.size(); i++) {
            Kpi k = kpis.get(i);
            if (k.metric().kind() == Metric.Kind.RESOURCE) {
                out.put(i, new ResourceTrack(k.name(), k.metric().resourceQuery(), grace.toMillis(),
                        k.windowed() ? k.window().toMillis() : 0, k.op().lowerIsBetter(), CHART_POINTS));
            }
        }
        return out;
    }

    /** Stops sampling and takes one last round of values (the run's end), at most for a few seconds. */
    void finish() {
        close();
        try {
            sampler.sampleOnce(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        sampler.close();
    }
}
