package io.github.agieval.jmeter.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Runs simulated evaluation jobs on a bounded pool of {@code workers} slots with a bounded queue.
 *
 * <p>Threading: no thread works on a job. A job that gets a slot is marked running and a one-shot
 * timer task is scheduled on the sandbox's {@link SandboxClock} for its end (a virtual clock in
 * tests, so the time logic runs without sleeping), so
 * thousands of jobs cost heap entries, not threads. Queue and slot accounting are guarded by this
 * object's monitor; job lookups use a concurrent map and need no lock. Finished jobs (and hung
 * ones) are retired in order and forgotten after the retention time or beyond
 * {@code maxRetainedJobs}, by {@link #expire()} on the housekeeping timer.
 *
 * <p>Simulated duration once running: {@code timeFactor x (500 + prompts x (250 + max_tokens))}
 * ms, times a per-job jitter of 0.8..1.2. A job whose unscaled duration exceeds its
 * {@code timeout} fails at the timeout.
 */
final class JobEngine {

    static final long BASE_MS = 500;
    static final long PER_PROMPT_MS = 250;
    static final long PER_TOKEN_MS = 1;

    /** Thrown by {@link #submit} when the queue is full. */
    static final class QueueFullException extends Exception {
        private static final long serialVersionUID = 1L;
        final int retryAfterSeconds;

        QueueFullException(String message, int retryAfterSeconds) {
            super(message, null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    /** What a submit asks for (validated by the API layer). */
    record Request(String model, String benchmark, int[] promptChars, double temperature, int maxTokens,
            int timeoutSeconds) {
    }

    private final ConcurrentHashMap<String, Job> jobs = new ConcurrentHashMap<>();
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private final Set<Job> running = new HashSet<>();
    private final ConcurrentLinkedQueue<Job> retired = new ConcurrentLinkedQueue<>();
    private final AtomicInteger retiredCount = new AtomicInteger();
    private final AtomicInteger hung = new AtomicInteger();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();

    private final SandboxClock timer;
    private final Supplier<Faults> faults;
    private final UserStore users;
    private final LongSupplier clock;
    private final int workers;
    private final double timeFactor;
    private final long retentionMillis;
    private final int maxRetained;

    JobEngine(SandboxClock timer, Supplier<Faults> faults, UserStore users, SandboxConfig config) {
        this.timer = timer;
        this.faults = faults;
        this.users = users;
        this.clock = timer::currentTimeMillis;
        this.workers = config.workers();
        this.timeFactor = config.timeFactor();
        this.retentionMillis = config.jobRetention().toMillis();
        this.maxRetained = config.maxRetainedJobs();
    }

    /** Unscaled simulated duration in ms (before jitter). */
    static long nominalMillis(int prompts, int maxTokens) {
        return BASE_MS + prompts * (PER_PROMPT_MS + PER_TOKEN_MS * maxTokens);
    }

    /**
     * Accepts a job (queued, or running at once when a slot is free).
     *
     * @throws QueueFullException when {@code queue_capacity} jobs already wait
     */
    Job submit(String owner, Request r) throws QueueFullException {
        Faults f = faults.get();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long now = clock.getAsLong();
        double jitter = 0.8 + 0.4 * rnd.nextDouble();
        long nominal = Math.round(nominalMillis(r.promptChars().length, r.maxTokens()) * jitter);
        boolean timesOut = nominal > r.timeoutSeconds() * 1000L;
        boolean willFail = timesOut || rnd.nextDouble() < f.jobFailureRate();
        double failAt = timesOut ? (double) r.timeoutSeconds() * 1000L / nominal : 0.1 + 0.8 * rnd.nextDouble();
        boolean willHang = !willFail && rnd.nextDouble() < f.jobHangRate();
        double hangAt = 0.1 + 0.8 * rnd.nextDouble();
        long duration = Math.round(nominal * timeFactor);
        String id = String.format("job_%016x%08x", rnd.nextLong(), rnd.nextInt());
        Job job = new Job(id, owner, r.model(), r.benchmark(), r.promptChars(), r.temperature(), r.maxTokens(),
                r.timeoutSeconds(), rnd.nextLong(), duration, willFail, failAt, willHang, hangAt, now);
        if (timesOut) {
            job.error = "timed out after " + r.timeoutSeconds() + " s";
        } else if (willFail) {
            job.error = "evaluation worker failed (injected fault)";
        }
        synchronized (this) {
            if (running.size() >= workers && queue.size() >= f.queueCapacity()) {
                rejected.incrementAndGet();
                throw new QueueFullException("the job queue is full (" + queue.size() + " queued, "
                        + running.size() + " running; capacity " + f.queueCapacity() + ")", retryAfter());
            }
            jobs.put(id, job);
            submitted.incrementAndGet();
            if (running.size() < workers) {
                start(job, now);
            } else {
                queue.addLast(job);
            }
        }
        return job;
    }

    private int retryAfter() {
        long mean = 0;
        int n = 0;
        for (Job j : running) {
            mean += j.durationMillis;
            n++;
        }
        mean = n == 0 ? 1000 : mean / n;
        long waitMs = (queue.size() / Math.max(1, workers) + 1) * mean;
        return (int) Math.max(1, Math.min(120, (waitMs + 999) / 1000));
    }

    /** Under lock: gives {@code job} a slot and schedules its end. */
    private void start(Job job, long now) {
        job.startedAtMillis = now;
        job.status = Job.Status.RUNNING;
        if (job.willHang) {
            // a stuck job: it never reports an end, and does not hold a worker slot
            hung.incrementAndGet();
            retire(job);
            return;
        }
        running.add(job);
        long after = job.willFail ? Math.round(job.durationMillis * job.failAt) : job.durationMillis;
        timer.schedule(() -> finish(job), after);
    }

    private void finish(Job job) {
        long now = clock.getAsLong();
        synchronized (this) {
            if (!running.remove(job)) {
                return; // forgotten by a reset
            }
            job.finishedAtMillis = now;
            job.status = job.willFail ? Job.Status.FAILED : Job.Status.COMPLETED;
            (job.willFail ? failed : completed).incrementAndGet();
            retire(job);
            while (running.size() < workers && !queue.isEmpty()) {
                start(queue.pollFirst(), now);
            }
        }
        UserStore.User u = users.get(job.owner);
        if (u != null) {
            (job.willFail ? u.failed : u.completed).incrementAndGet();
        }
    }

    private void retire(Job job) {
        retired.offer(job);
        retiredCount.incrementAndGet();
    }

    /** Forgets retired jobs older than the retention time, and the oldest beyond the cap. */
    void expire() {
        long limit = clock.getAsLong() - retentionMillis;
        Job head;
        while ((head = retired.peek()) != null) {
            long base = head.finishedAtMillis != 0 ? head.finishedAtMillis : head.startedAtMillis;
            if (base > limit && retiredCount.get() <= maxRetained) {
                break;
            }
            if (retired.remove(head)) {
                retiredCount.decrementAndGet();
                if (jobs.remove(head.id, head)) {
                    expired.incrementAndGet();
                    if (head.willHang) {
                        hung.decrementAndGet();
                    }
                }
            }
        }
    }

    /** The job, or null if unknown or expired. */
    Job get(String id) {
        return id == null ? null : jobs.get(id);
    }

    /** Every job held, in no particular order. */
    List<Job> all() {
        return new ArrayList<>(jobs.values());
    }

    synchronized int queued() {
        return queue.size();
    }

    synchronized int running() {
        return running.size();
    }

    int hung() {
        return hung.get();
    }

    int held() {
        return jobs.size();
    }

    int workers() {
        return workers;
    }

    long submitted() {
        return submitted.get();
    }

    long completed() {
        return completed.get();
    }

    long failed() {
        return failed.get();
    }

    long rejected() {
        return rejected.get();
    }

    long expired() {
        return expired.get();
    }

    /** Forgets every job (pending end timers find nothing to do). */
    synchronized void clear() {
        queue.clear();
        running.clear();
        retired.clear();
        retiredCount.set(0);
        hung.set(0);
        jobs.clear();
        submitted.set(0);
        completed.set(0);
        failed.set(0);
        rejected.set(0);
        expired.set(0);
    }
}
