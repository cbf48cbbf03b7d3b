package io.github.agieval.jmeter.sandbox;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A modelled database connection pool: every API request holds one connection while it is in
 * service (for its service time with the capacity knob on, else for the moment it is processed).
 * With all {@code db_pool_size} connections taken, a request waits, first come first served, up
 * to {@code db_pool_timeout_ms} for one, then is refused (the caller answers 503), as a real
 * pool such as HikariCP does; a timeout of 0 refuses at once. The {@code db_pool_exhausted} fault
 * makes the pool look exhausted: it reports every connection active and hands none out, so
 * requests wait and then fail until the fault is switched off.
 *
 * <p>Size, timeout and the fault are read from the current fault configuration at each decision;
 * {@link #settingsChanged()} lets waiters in at once when the pool grew or the fault was cleared.
 *
 * <p>Threading: counts and the FIFO are guarded by this object's monitor; grants and refusals run
 * outside it, on the acquiring thread (a free connection, or a timeout of 0), the releasing thread
 * or the clock's timer thread (a timeout). Never blocks a thread.
 */
final class DbPool {

    /** One held connection; {@link #release()} is idempotent. */
    final class Connection {
        private boolean released;

        private Connection() {
        }

        /** Gives the connection back; the first waiter (if any) gets it, on this thread. */
        void release() {
            List<Runnable> grants;
            synchronized (DbPool.this) {
                if (released) {
                    return;
                }
                released = true;
                active--;
                grants = drain();
            }
            grants.forEach(Runnable::run);
        }
    }

    /** A request waiting for a connection. */
    private static final class Waiter {
        final Consumer<Connection> granted;
        final Runnable refused;
        SandboxClock.Cancellable timeout;

        Waiter(Consumer<Connection> granted, Runnable refused) {
            this.granted = granted;
            this.refused = refused;
        }
    }

    private final Supplier<Faults> faults;
    private final SandboxClock clock;
    private final LinkedHashSet<Waiter> waiting = new LinkedHashSet<>();
    private final AtomicLong timeouts = new AtomicLong();
    private int active;

    DbPool(Supplier<Faults> faults, SandboxClock clock) {
        this.faults = faults;
        this.clock = clock;
    }

    /** A connection now if one is free and nobody waits, else null (nothing is queued). */
    synchronized Connection tryAcquire() {
        Faults f = faults.get();
        if (!f.dbPoolExhausted() && active < f.dbPoolSize() && waiting.isEmpty()) {
            active++;
            return new Connection();
        }
        return null;
    }

    /**
     * Gives {@code granted} a connection: now (on this thread) if one is free, else when one is
     * released; or runs {@code refused} when none came within the pool timeout.
     */
    void acquire(Consumer<Connection> granted, Runnable refused) {
        Connection now;
        Waiter w = null;
        long timeoutMs;
        synchronized (this) {
            now = tryAcquire();
            timeoutMs = faults.get().dbPoolTimeoutMs();
            if (now == null && timeoutMs > 0) {
                w = new Waiter(granted, refused);
                waiting.add(w); // under the same lock as the check: no release can be missed
            }
        }
        if (now != null) {
            granted.accept(now);
            return;
        }
        if (w == null) {
            timeouts.incrementAndGet(); // a timeout of 0: refuse at once
            refused.run();
            return;
        }
        Waiter waiter = w;
        SandboxClock.Cancellable t;
        try {
            t = clock.schedule(() -> timedOut(waiter), timeoutMs);
        } catch (RejectedExecutionException e) {
            timedOut(waiter); // stopping
            return;
        }
        synchronized (this) {
            if (waiting.contains(waiter)) {
                waiter.timeout = t;
                return;
            }
        }
        t.cancel(); // granted meanwhile
    }

    private void timedOut(Waiter w) {
        synchronized (this) {
            if (!waiting.remove(w)) {
                return; // granted meanwhile
            }
        }
        timeouts.incrementAndGet();
        w.refused.run();
    }

    /** Size or fault changed: lets in as many waiters as the pool allows now. */
    void settingsChanged() {
        List<Runnable> grants;
        synchronized (this) {
            grants = drain();
        }
        grants.forEach(Runnable::run);
    }

    /** Under the lock: the waiters that get a connection now, as grants to run outside the lock. */
    private List<Runnable> drain() {
        List<Runnable> grants = new ArrayList<>();
        Faults f = faults.get();
        if (f.dbPoolExhausted()) {
            return grants;
        }
        Iterator<Waiter> it = waiting.iterator();
        while (it.hasNext() && active < f.dbPoolSize()) {
            Waiter w = it.next();
            it.remove();
            active++;
            Connection c = new Connection();
            SandboxClock.Cancellable t = w.timeout;
            grants.add(() -> {
                if (t != null) {
                    t.cancel();
                }
                w.granted.accept(c);
            });
        }
        return grants;
    }

    /** The pool size ({@code db_pool_size}). */
    int max() {
        return faults.get().dbPoolSize();
    }

    /** Connections in use: every one while the exhaustion fault is on. */
    synchronized int active() {
        int max = max();
        return faults.get().dbPoolExhausted() ? Math.max(max, active) : active;
    }

    /** Connections free: {@code max - active}, never below 0. */
    int idle() {
        return Math.max(0, max() - active());
    }

    /** Requests waiting for a connection now. */
    synchronized int pending() {
        return waiting.size();
    }

    /** Requests refused because no connection came within the timeout, since start. */
    long timeouts() {
        return timeouts.get();
    }

    /** Sets the count of timeouts to zero (a reset; requests in service or waiting are left alone). */
    void resetCounts() {
        timeouts.set(0);
    }
}
