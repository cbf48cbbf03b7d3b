package io.github.agieval.jmeter.resources;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the resource KPIs' PromQL queries through a run: every {@code interval} on a daemon thread
 * of its own, each query once per round (a query shared by two KPIs is run once), the value (or
 * {@code query / pool_query}) added to each KPI's {@link ResourceTrack}.
 *
 * <p>Before the test starts, {@link #checkBeforeStart} runs every query once: a Prometheus that is
 * not reachable, a query it rejects or one giving several series fails at once; a query without
 * data is retried until {@code dataWait} has passed (a target that starts with the test, such as
 * the embedded sandbox, is only scraped after a scrape interval), then fails. During the run, a
 * failing query is logged (once per query and kind of problem) and counted in its KPI's report;
 * it never stops the sampling.
 *
 * <p>Threading: {@link #checkBeforeStart} blocks the calling (test-start) thread; {@link #start}
 * makes the sampling thread, {@link #close} stops it promptly (it is interrupted; a query in
 * flight is abandoned) and may be called from any thread, more than once. The tracks are
 * thread-safe; the sampler holds no lock while querying.
 */
public final class ResourceSampler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ResourceSampler.class);

    private final PromQlClient client;
    private final List<ResourceTrack> tracks;
    private final Clock clock;
    private final String threadName;
    private final Set<String> logged = new HashSet<>();
    private volatile long startMs;
    private ScheduledExecutorService executor;

    public ResourceSampler(PromQlClient client, List<ResourceTrack> tracks, Clock clock, String threadName) {
        this.client = client;
        this.tracks = List.copyOf(tracks);
        this.clock = clock;
        this.threadName = threadName;
    }

    public List<ResourceTrack> tracks() {
        return tracks;
    }

    public PromQlClient client() {
        return client;
    }

    /**
     * Runs every query once; returns normally when each gave a number.
     *
     * @param dataWait how long a query without data is retried
     * @param retryEvery the pause between retries
     * @throws PromQlException the first problem, naming the KPI
     */
    public void checkBeforeStart(Duration dataWait, Duration retryEvery) throws PromQlException, InterruptedException {
        long deadline = System.nanoTime() + dataWait.toNanos();
        for (ResourceTrack t : tracks) {
            for (String q : queriesOf(t)) {
                while (true) {
                    try {
                        client.query(q);
                        break;
                    } catch (PromQlException e) {
                        if (e.kind() != PromQlException.Kind.NO_DATA || System.nanoTime() >= deadline) {
                            String waited = e.kind() == PromQlException.Kind.NO_DATA && !dataWait.isZero()
                                    ? " (still none after waiting " + dataWait.toSeconds() + "s)" : "";
                            throw new PromQlException(e.kind(), "KPI " + t.name() + ": " + e.getMessage() + waited, e);
                        }
                        Thread.sleep(retryEvery.toMillis()); // polling an external server for data
                    }
                }
            }
        }
    }

    private static List<String> queriesOf(ResourceTrack t) {
        List<String> q = new ArrayList<>(2);
        q.add(t.query().query());
        if (t.query().ratio()) {
            q.add(t.query().poolQuery());
        }
        return q;
    }

    /** Starts the run's clock and samples every {@code interval}, the first time at once. */
    public synchronized void start(Duration interval) {
        startMs = clock.millis();
        if (executor != null || tracks.isEmpty()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::safeSample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts the run's clock without a thread (tests drive {@link #sampleOnce()}). */
    public void startManual() {
        startMs = clock.millis();
    }

    private void safeSample() {
        try {
            sampleOnce();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Resource KPIs: sampling failed", e);
        }
    }

    /** One round: every query once, every track one value (or one failure). */
    public void sampleOnce() throws InterruptedException {
        sampleOnce(null);
    }

    /**
     * One round that starts no query after {@code budget} has passed (the tracks left get no value
     * this round); for the last round at test end, so that a slow Prometheus cannot hold the end up.
     */
    public void sampleOnce(Duration budget) throws InterruptedException {
        long deadline = budget == null ? Long.MAX_VALUE : System.nanoTime() + budget.toNanos();
        Map<String, Object> round = new HashMap<>();
        for (ResourceTrack t : tracks) {
            if (budget != null && System.nanoTime() - deadline > 0) {
                log.warn("Resource KPIs: the last round at test end took longer than {} s; {} and later skipped",
                        budget.toSeconds(), t.name());
                return;
            }
            Object v = value(t.query().query(), round);
            Object pool = t.query().ratio() ? value(t.query().poolQuery(), round) : 1.0;
            long tMs = clock.millis() - startMs;
            if (v instanceof PromQlException) {
                problem(t, (PromQlException) v);
            } else if (pool instanceof PromQlException) {
                problem(t, (PromQlException) pool);
            } else if ((Double) pool <= 0) {
                problem(t, new PromQlException(PromQlException.Kind.NO_DATA, "pool query '"
                        + t.query().poolQuery() + "' gave " + pool + "; a pool size must be positive"));
            } else {
                t.add(tMs, (Double) v / (Double) pool);
            }
        }
    }

    private Object value(String q, Map<String, Object> round) throws InterruptedException {
        Object cached = round.get(q);
        if (cached != null) {
            return cached;
        }
        Object v;
        try {
            v = client.query(q);
        } catch (PromQlException e) {
            v = e;
        }
        round.put(q, v);
        return v;
    }

    private void problem(ResourceTrack t, PromQlException e) {
        t.failed(e.getMessage());
        boolean first;
        synchronized (logged) {
            first = logged.add(t.name() + "/" + e.kind());
        }
        if (first) {
            log.warn("Resource KPI {}: {} (further such failures are counted in the report)", t.name(),
                    e.getMessage());
        }
    }

    /** Stops sampling; idempotent. */
    @Override
    public void close() {
        ScheduledExecutorService e;
        synchronized (this) {
            e = executor;
            executor = null;
        }
        if (e != null) {
            e.shutdownNow();
        }
    }

    /** The queries of all tracks, each once, in order (for messages). */
    public Set<String> queries() {
        Set<String> out = new LinkedHashSet<>();
        tracks.forEach(t -> out.addAll(queriesOf(t)));
        return out;
    }
}
