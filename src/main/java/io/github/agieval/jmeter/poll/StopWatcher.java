package io.github.agieval.jmeter.poll;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.jmeter.threads.JMeterThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes virtual users that wait between polls when JMeter asks their thread to stop gracefully.
 *
 * <p>JMeter has two ways of stopping a thread. "Stop" (stop now) interrupts the JVM thread: a
 * {@linkplain PollClock#park parked} waiter wakes at once by itself. "Shutdown", the end of a
 * thread group's duration and the "Stop Thread" actions only clear the {@code JMeterThread}'s
 * private {@code running} flag and notify nobody (JMeter's own timers simply sleep on). So that a
 * poll wait of up to minutes does not hold up a shutdown, waiting threads register here; one
 * daemon thread per JVM looks at the registered threads' flags every {@value #DEFAULT_CHECK_MILLIS} ms
 * and unparks those whose {@code JMeterThread} no longer runs. The waiting threads themselves
 * never wake up to check, so 1,000 waiting users cost one wake-up per
 * {@value #DEFAULT_CHECK_MILLIS} ms in total, not 1,000.
 *
 * <p>The flag is read through a {@link VarHandle} on {@code JMeterThread.running} (JMeter 5.6.3
 * offers no public getter). Should a JMeter version lack the field, a warning is logged once and
 * only "Stop" (interrupts) and scheduler end times end a wait early.
 *
 * <p>Threading: the registry is a {@link ConcurrentHashMap}; the watcher thread starts on the
 * first registration and ends itself when nobody has waited for a while, so an idle JMeter (GUI,
 * server) holds no thread.
 */
final class StopWatcher {

    private static final Logger log = LoggerFactory.getLogger(StopWatcher.class);

    /**
     * How often the watcher looks at the waiting threads' flags, in ms: JVM system property
     * {@code agieval.poll.stopCheckMillis}, default {@value #DEFAULT_CHECK_MILLIS}.
     */
    static final long CHECK_MILLIS = Math.max(1, Long.getLong("agieval.poll.stopCheckMillis", 50));

    static final long DEFAULT_CHECK_MILLIS = 50;

    /** Idle rounds after which the watcher thread ends. */
    private static final int IDLE_ROUNDS_BEFORE_EXIT = 100;

    private static final VarHandle RUNNING = findRunningFlag();

    private static final Map<Thread, JMeterThread> WAITERS = new ConcurrentHashMap<>();

    private static final Object LOCK = new Object();

    private static Thread watcher; // guarded by LOCK

    private StopWatcher() {
    }

    private static VarHandle findRunningFlag() {
        try {
            return MethodHandles.privateLookupIn(JMeterThread.class, MethodHandles.lookup())
                    .findVarHandle(JMeterThread.class, "running", boolean.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Job Polling Controller: cannot read JMeterThread.running ({}); a graceful shutdown "
                    + "waits for the current poll interval to end", e.toString());
            return null;
        }
    }

    /** Whether JMeter has asked {@code thread} to stop (its {@code running} flag is off). */
    static boolean isStopping(JMeterThread thread) {
        if (thread == null || RUNNING == null) {
            return false;
        }
        return !(boolean) RUNNING.getVolatile(thread);
    }

    /**
     * Watches {@code jmeterThread} on behalf of the calling JVM thread until the returned handle
     * is closed.
     */
    static Registration watch(JMeterThread jmeterThread) {
        if (jmeterThread == null || RUNNING == null) {
            return Registration.NONE;
        }
        Thread waiter = Thread.currentThread();
        WAITERS.put(waiter, jmeterThread);
        ensureWatcher();
        return () -> WAITERS.remove(waiter);
    }

    /** Number of threads currently registered (for tests and the benchmark). */
    static int waiting() {
        return WAITERS.size();
    }

    private static void ensureWatcher() {
        synchronized (LOCK) {
            if (watcher == null) {
                Thread t = new Thread(StopWatcher::watchLoop, "job-poll-stop-watcher");
                t.setDaemon(true);
                watcher = t;
                t.start();
            }
        }
    }

    private static void watchLoop() {
        int idle = 0;
        while (true) {
            try {
                TimeUnit.MILLISECONDS.sleep(CHECK_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                synchronized (LOCK) {
                    watcher = null;
                }
                return;
            }
            if (WAITERS.isEmpty()) {
                if (++idle >= IDLE_ROUNDS_BEFORE_EXIT) {
                    synchronized (LOCK) {
                        if (WAITERS.isEmpty()) {
                            watcher = null;
                            return;
                        }
                    }
                    idle = 0;
                }
                continue;
            }
            idle = 0;
            WAITERS.forEach((waiter, jmeterThread) -> {
                if (isStopping(jmeterThread)) {
                    LockSupport.unpark(waiter);
                }
            });
        }
    }

    /** Ends a {@link #watch} registration. */
    @FunctionalInterface
    interface Registration extends AutoCloseable {
        Registration NONE = () -> { };

        @Override
        void close();
    }
}
