package io.github.agieval.jmeter.threads;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToLongFunction;
import org.apache.jmeter.samplers.AbstractSampler;
import org.apache.jmeter.samplers.Entry;
import org.apache.jmeter.samplers.Interruptible;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.threads.JMeterContextService;

/**
 * A tiny sampler whose sample "works" for a given time, in virtual time ({@link VirtualClock})
 * or real time (a park), and records what happened in a shared {@link Log}. JMeter clones it per
 * user; the clones find their log through the {@value #LOG} property. It is
 * {@link Interruptible} like JMeter's HTTP samplers: an interrupt ends the running sample as a
 * failure.
 */
public class WorkSampler extends AbstractSampler implements Interruptible {

    private static final long serialVersionUID = 1L;
    static final String LOG = "WorkSampler.log";
    private static final Map<String, Log> LOGS = new ConcurrentHashMap<>();
    private static final AtomicInteger IDS = new AtomicInteger();

    /** What the samples did (shared by every clone of one sampler). */
    static final class Log {
        /** One sample: who, when it started and ended (virtual ms, or real ms since the log's creation), how. */
        record Sample(String thread, long startMs, long endMs, boolean interrupted) {
        }

        final VirtualClock clock;
        /** How long the next sample of a thread works, in ms (given the thread name). */
        final ToLongFunction<String> workMs;
        final List<Sample> samples = new ArrayList<>();
        final AtomicInteger running = new AtomicInteger();
        private final long originNanos = System.nanoTime();

        Log(VirtualClock clock, ToLongFunction<String> workMs) {
            this.clock = clock;
            this.workMs = workMs;
        }

        long nowMs() {
            return clock != null ? clock.millis() : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - originNanos);
        }

        synchronized void add(Sample s) {
            samples.add(s);
        }

        synchronized List<Sample> samples() {
            return new ArrayList<>(samples);
        }
    }

    private transient volatile Thread current;

    public WorkSampler() {
    }

    /** A sampler writing to {@code log}; forget it with {@link #forget} when the test is done. */
    static WorkSampler of(String name, Log log) {
        String id = "log-" + IDS.incrementAndGet();
        LOGS.put(id, log);
        WorkSampler s = new WorkSampler();
        s.setName(name);
        s.setProperty(LOG, id);
        return s;
    }

    void forget() {
        LOGS.remove(getPropertyAsString(LOG));
    }

    private Log log() {
        return LOGS.get(getPropertyAsString(LOG));
    }

    @Override
    public SampleResult sample(Entry e) {
        Log log = log();
        String thread = JMeterContextService.getContext().getThread().getThreadName();
        SampleResult r = new SampleResult();
        r.setSampleLabel(getName());
        if (log == null) {
            // a user left running by a failed test: end it quietly
            JMeterContextService.getContext().getThread().stop();
            r.setSuccessful(false);
            return r;
        }
        r.sampleStart();
        long start = log.nowMs();
        current = Thread.currentThread();
        log.running.incrementAndGet();
        boolean interrupted = false;
        try {
            long ms = log.workMs.applyAsLong(thread);
            if (log.clock != null) {
                log.clock.sleep(ms);
            } else {
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
                long left;
                while ((left = end - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
                    LockSupport.parkNanos(left); // the simulated response time of the sample
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } catch (InterruptedException ex) {
            interrupted = true;
        } finally {
            current = null;
            log.running.decrementAndGet();
        }
        r.sampleEnd();
        r.setSuccessful(!interrupted);
        r.setResponseCode(interrupted ? "interrupted" : "200");
        log.add(new Log.Sample(thread, start, log.nowMs(), interrupted));
        return r;
    }

    @Override
    public boolean interrupt() {
        Thread t = current;
        Log log = log();
        if (t == null || log == null) {
            return false;
        }
        if (log.clock != null) {
            log.clock.interrupt(t);
        } else {
            t.interrupt();
        }
        return true;
    }
}
