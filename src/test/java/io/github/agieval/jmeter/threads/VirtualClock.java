package io.github.agieval.jmeter.threads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A virtual {@link StageClock} for a group run with real threads: time only moves when the test
 * says so, and then straight to the next moment some thread waits for (a discrete-event
 * simulation). The scheduler waits in {@link #park}; the test's samplers wait in
 * {@link #sleep}. {@link #runUntil} advances time one wake-up at a time, each time waiting until
 * every thread has reacted (the run is {@linkplain #awaitQuiet quiet}).
 *
 * <p>Threading: one lock guards the time and the waiters; every change of a waiter signals
 * {@link #changed}, on which the test thread waits.
 */
final class VirtualClock implements StageClock {

    /** One waiting thread. */
    private static final class Waiter {
        final Thread thread;
        final long deadline;
        final boolean scheduler;
        final Condition wake;
        /** Woken (unpark, interrupt or deadline reached) and not yet gone: no longer counted as waiting. */
        boolean released;
        boolean interrupted;

        Waiter(Thread thread, long deadline, boolean scheduler, Condition wake) {
            this.thread = thread;
            this.deadline = deadline;
            this.scheduler = scheduler;
            this.wake = wake;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<Thread, Waiter> waiters = new IdentityHashMap<>();
    private final Set<Thread> permits = new HashSet<>();
    private long now = TimeUnit.HOURS.toNanos(1); // any origin: the run must only use differences

    @Override
    public long nanoTime() {
        lock.lock();
        try {
            return now;
        } finally {
            lock.unlock();
        }
    }

    long millis() {
        return TimeUnit.NANOSECONDS.toMillis(nanoTime() - TimeUnit.HOURS.toNanos(1));
    }

    @Override
    public void park(long nanos) {
        Thread me = Thread.currentThread();
        lock.lock();
        try {
            if (permits.remove(me) || me.isInterrupted() || nanos <= 0) {
                return;
            }
            Waiter w = enter(me, saturatedAdd(now, nanos), true);
            try {
                while (!w.released) {
                    w.wake.awaitUninterruptibly();
                }
            } finally {
                leave(w);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void unpark(Thread thread) {
        lock.lock();
        try {
            Waiter w = waiters.get(thread);
            if (w != null && w.scheduler) {
                release(w);
            } else {
                permits.add(thread);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A sampler's work: waits {@code millis} of virtual time.
     *
     * @throws InterruptedException if {@link #interrupt} is called for this thread meanwhile
     */
    void sleep(long millis) throws InterruptedException {
        Thread me = Thread.currentThread();
        lock.lock();
        try {
            if (millis <= 0) {
                return;
            }
            Waiter w = enter(me, saturatedAdd(now, TimeUnit.MILLISECONDS.toNanos(millis)), false);
            try {
                while (!w.released) {
                    w.wake.awaitUninterruptibly();
                }
                if (w.interrupted) {
                    throw new InterruptedException("interrupted at " + millis() + " ms (virtual)");
                }
            } finally {
                leave(w);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends {@code thread}'s {@link #sleep} with an {@link InterruptedException} (a sampler's interrupt). */
    void interrupt(Thread thread) {
        lock.lock();
        try {
            Waiter w = waiters.get(thread);
            if (w != null && !w.scheduler) {
                w.interrupted = true;
                release(w);
            }
        } finally {
            lock.unlock();
        }
    }

    private Waiter enter(Thread me, long deadline, boolean scheduler) {
        Waiter w = new Waiter(me, deadline, scheduler, lock.newCondition());
        waiters.put(me, w);
        changed.signalAll();
        return w;
    }

    private void leave(Waiter w) {
        waiters.remove(w.thread);
        changed.signalAll();
    }

    private void release(Waiter w) {
        if (!w.released) {
            w.released = true;
            w.wake.signal();
            changed.signalAll();
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /** Threads waiting (not yet woken) in {@link #sleep}. */
    int sleepers() {
        lock.lock();
        try {
            return (int) waiters.values().stream().filter(w -> !w.scheduler && !w.released).count();
        } finally {
            lock.unlock();
        }
    }

    /** Threads waiting (not yet woken) in {@link #park}. */
    int parkers() {
        lock.lock();
        try {
            return (int) waiters.values().stream().filter(w -> w.scheduler && !w.released).count();
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code thread} waits (not yet woken) in {@link #sleep}. */
    boolean sleeping(Thread thread) {
        lock.lock();
        try {
            Waiter w = waiters.get(thread);
            return w != null && !w.scheduler && !w.released;
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code thread} waits (not yet woken) in {@link #park}. */
    boolean parked(Thread thread) {
        lock.lock();
        try {
            Waiter w = waiters.get(thread);
            return w != null && w.scheduler && !w.released;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits (real time, bounded) until {@code quiet} holds; re-checked on every change of a
     * waiter, and every 10 ms without one, when it also asserts that no thread is deadlocked.
     */
    void awaitQuiet(BooleanSupplier quiet, Duration timeout, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        lock.lock(); // held while checking, so that no change of a waiter is missed before the await
        try {
            while (!quiet.getAsBoolean()) {
                if (!changed.await(10, TimeUnit.MILLISECONDS)) {
                    // nothing moved for 10 ms: is anyone stuck?
                    Deadlocks.assertNone();
                    if (System.nanoTime() - end > 0) {
                        throw new AssertionError("not quiet within " + timeout.toMillis() + " ms at " + millis()
                                + " ms (virtual): " + what + "\n" + Deadlocks.dumpAll());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves time on to {@code targetMillis} (virtual, from the clock's origin) one wake-up at a
     * time: before each step it waits until {@code quiet} holds, then jumps to the earliest
     * deadline of a waiting thread (or the target) and wakes every thread due then.
     */
    void runUntil(long targetMillis, BooleanSupplier quiet, Duration stepTimeout) {
        long target = TimeUnit.HOURS.toNanos(1) + TimeUnit.MILLISECONDS.toNanos(targetMillis);
        while (true) {
            awaitQuiet(quiet, stepTimeout, "before the step after " + millis() + " ms");
            lock.lock();
            try {
                long next = Long.MAX_VALUE;
                for (Waiter w : waiters.values()) {
                    if (!w.released) {
                        next = Math.min(next, w.deadline);
                    }
                }
                if (next > target) {
                    now = Math.max(now, target);
                    return;
                }
                now = Math.max(now, next);
                List<Waiter> due = new ArrayList<>();
                for (Waiter w : waiters.values()) {
                    if (!w.released && w.deadline <= now) {
                        due.add(w);
                    }
                }
                due.forEach(this::release);
            } finally {
                lock.unlock();
            }
        }
    }
}
