package io.github.agieval.jmeter.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The capacity knob's slots: at most {@code max_concurrent_requests} API requests are in service
 * at once; a request beyond them waits, first come first served, for a slot. The limit is read
 * from the current fault configuration at each decision, so it can change at run time
 * ({@link #limitChanged()} then lets waiters in at once when it grew or was switched off).
 * With the limit 0 (off) every request gets an uncounted slot at once.
 *
 * <p>Threading: the slot count and the FIFO are guarded by this object's monitor; a grant runs
 * outside it, either on the acquiring thread (a free slot) or on the thread that released the
 * slot it inherits (so the caller hands work off to its own executor if it must not run there).
 * Never blocks a thread.
 */
final class CapacityGate {

    /** One held slot; {@link #release()} is idempotent. */
    final class Slot {
        private final boolean counted;
        private boolean released;

        private Slot(boolean counted) {
            this.counted = counted;
        }

        /** Whether this slot counts against the limit (false when the knob is off). */
        boolean counted() {
            return counted;
        }

        /** Frees the slot; the next waiter (if any) gets it, on this thread. */
        void release() {
            List<Runnable> grants;
            synchronized (CapacityGate.this) {
                if (released) {
                    return;
                }
                released = true;
                if (counted) {
                    busy--;
                }
                grants = drain();
            }
            grants.forEach(Runnable::run);
        }
    }

    private final IntSupplier limit;
    private final ArrayDeque<Consumer<Slot>> waiting = new ArrayDeque<>();
    private int busy;

    /** @param limit the current {@code max_concurrent_requests} (0 = off) */
    CapacityGate(IntSupplier limit) {
        this.limit = limit;
    }

    /** Gives {@code granted} a slot: now (on this thread) if one is free, else when one is released. */
    void acquire(Consumer<Slot> granted) {
        Slot slot;
        synchronized (this) {
            int max = limit.getAsInt();
            if (max <= 0) {
                slot = new Slot(false);
            } else if (busy < max && waiting.isEmpty()) {
                busy++;
                slot = new Slot(true);
            } else {
                waiting.addLast(granted);
                return;
            }
        }
        granted.accept(slot);
    }

    /** The limit changed: lets in as many waiters as it allows now. */
    void limitChanged() {
        List<Runnable> grants;
        synchronized (this) {
            grants = drain();
        }
        grants.forEach(Runnable::run);
    }

    /** Under the lock: the waiters that get a slot now, as grants to run outside the lock. */
    private List<Runnable> drain() {
        List<Runnable> grants = new ArrayList<>();
        int max = limit.getAsInt();
        while (!waiting.isEmpty() && (max <= 0 || busy < max)) {
            Consumer<Slot> next = waiting.pollFirst();
            Slot s;
            if (max <= 0) {
                s = new Slot(false);
            } else {
                busy++;
                s = new Slot(true);
            }
            grants.add(() -> next.accept(s));
        }
        return grants;
    }

    /** Requests in service now (counted slots). */
    synchronized int inUse() {
        return busy;
    }

    /** Requests waiting for a slot now. */
    synchronized int waiting() {
        return waiting.size();
    }

    /** Forgets the waiters (a stopping sandbox); they are never answered. */
    synchronized void clearWaiting() {
        waiting.clear();
    }
}
