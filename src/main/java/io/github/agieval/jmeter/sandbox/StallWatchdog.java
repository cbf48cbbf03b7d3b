package io.github.agieval.jmeter.sandbox;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Header and read time-outs for the JDK HTTP server, which has none of its own per server: it runs
 * each exchange (reading the rest of the request line and headers, then our handler, which reads
 * the body) on a request thread with blocking channel reads, so a client that stalls would hold that
 * thread for ever. This executor runs the server's exchanges on the request pool and knows each
 * one's phase; a check on the sandbox timer interrupts the thread of an exchange whose headers are
 * not complete within the header time-out, or whose body has not advanced for the read time-out.
 * Interrupting a thread blocked in a channel read closes the channel (the client sees its
 * connection closed), and the JDK server ends the exchange.
 *
 * <p>Only the {@link Phase#HEADERS} and {@link Phase#BODY} phases are ever interrupted: never the
 * API's own work or the writing of an answer (delayed answers are written by other tasks, not
 * through this executor). Threading: each exchange's phase is guarded by its {@link Task}'s
 * monitor, and the interrupt is sent while holding it; the task's end clears any interrupt before
 * the pooled thread runs anything else.
 */
final class StallWatchdog implements Executor {

    enum Phase { HEADERS, BODY, WORKING, CUT, DONE }

    private static final ThreadLocal<Task> CURRENT = new ThreadLocal<>();

    private final Executor pool;
    private final long headerNanos;
    private final long readNanos;
    private final Set<Task> running = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> check;

    StallWatchdog(Executor pool, ScheduledExecutorService timer, Duration headerTimeout, Duration readTimeout) {
        this.pool = pool;
        this.headerNanos = headerTimeout.toNanos();
        this.readNanos = readTimeout.toNanos();
        long period = Math.max(10, Math.min(headerTimeout.toMillis(), readTimeout.toMillis()) / 4);
        this.check = timer.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void execute(Runnable exchange) {
        pool.execute(() -> {
            Task t = new Task(Thread.currentThread());
            running.add(t);
            CURRENT.set(t);
            try {
                exchange.run();
            } finally {
                t.end();
                running.remove(t);
                CURRENT.remove();
                Thread.interrupted(); // an interrupt sent to this exchange never reaches the next task
            }
        });
    }

    /** The exchange on this thread enters {@code phase}; false if it was already cut. */
    static boolean enter(Phase phase) {
        Task t = CURRENT.get();
        return t == null || t.enter(phase);
    }

    /** The body being read on this thread advanced. */
    static void progress() {
        Task t = CURRENT.get();
        if (t != null) {
            t.lastProgressNanos = System.nanoTime();
        }
    }

    void stop() {
        check.cancel(false);
    }

    private void check() {
        long now = System.nanoTime();
        for (Task t : running) {
            t.cutIfStalled(now, headerNanos, readNanos);
        }
    }

    private static final class Task {
        private final Thread thread;
        private Phase phase = Phase.HEADERS;
        private final long startNanos = System.nanoTime();
        private volatile long lastProgressNanos = startNanos;

        Task(Thread thread) {
            this.thread = thread;
        }

        synchronized boolean enter(Phase next) {
            if (phase == Phase.CUT || phase == Phase.DONE) {
                return false;
            }
            phase = next;
            lastProgressNanos = System.nanoTime();
            return true;
        }

        synchronized void cutIfStalled(long now, long headerNanos, long readNanos) {
            boolean stalled = (phase == Phase.HEADERS && now - startNanos > headerNanos)
                    || (phase == Phase.BODY && now - lastProgressNanos > readNanos);
            if (stalled) {
                phase = Phase.CUT;
                thread.interrupt();
            }
        }

        synchronized void end() {
            phase = Phase.DONE;
        }
    }
}
