package io.github.agieval.jmeter.threads;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * The JVM's own deadlock detection ({@link ThreadMXBean#findDeadlockedThreads()}) as a test
 * assertion, and a bounded wait that checks it while it waits.
 */
final class Deadlocks {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Deadlocks() {
    }

    /** Fails with the deadlocked threads' stacks and locks if the JVM finds a deadlock. */
    static void assertNone() {
        long[] ids = THREADS.findDeadlockedThreads();
        if (ids != null) {
            throw new AssertionError("deadlock between " + ids.length + " threads:\n" + describe(ids));
        }
    }

    /**
     * Waits until {@code done} holds, checking for deadlocks meanwhile; fails if a deadlock is
     * found or {@code timeout} passes (with {@code what} and a dump of every thread).
     */
    static void awaitWithoutDeadlock(BooleanSupplier done, Duration timeout, Supplier<String> what) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            assertNone();
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not done within " + timeout.toMillis() + " ms: " + what.get()
                        + "\n" + dumpAll());
            }
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
        assertNone();
    }

    private static String describe(long[] ids) {
        return Arrays.stream(THREADS.getThreadInfo(ids, true, true)).map(Deadlocks::full)
                .collect(Collectors.joining("\n"));
    }

    static String dumpAll() {
        return Arrays.stream(THREADS.dumpAllThreads(true, true)).map(Deadlocks::full).collect(Collectors.joining("\n"));
    }

    /** A thread's state, lock and whole stack ({@link ThreadInfo#toString()} cuts it at 8 frames). */
    private static String full(ThreadInfo info) {
        StringBuilder s = new StringBuilder();
        s.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
        if (info.getLockName() != null) {
            s.append(" on ").append(info.getLockName());
        }
        if (info.getLockOwnerName() != null) {
            s.append(" owned by \"").append(info.getLockOwnerName()).append('"');
        }
        s.append('\n');
        for (StackTraceElement e : info.getStackTrace()) {
            s.append("\tat ").append(e).append('\n');
        }
        for (var sync : info.getLockedSynchronizers()) {
            s.append("\t- holds ").append(sync).append('\n');
        }
        return s.toString();
    }
}
