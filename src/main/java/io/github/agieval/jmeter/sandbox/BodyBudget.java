package io.github.agieval.jmeter.sandbox;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory that request bodies may hold at once, over all connections of one sandbox
 * ({@link SandboxConfig#maxBodyMemoryBytes()}). A transport reserves each chunk of a body as it
 * arrives (never the declared {@code Content-Length} up front) and releases the whole body once the
 * request is answered or its connection is gone. A chunk that would pass the budget is refused:
 * the request gets 503 and its connection is closed, so clients that open many connections and
 * send large or stalled bodies cannot exhaust the heap (embedded, JMeter's heap).
 *
 * <p>Threading: lock-free, shared by every request thread.
 */
final class BodyBudget {

    private final long max;
    private final AtomicLong used = new AtomicLong();

    BodyBudget(long max) {
        this.max = max;
    }

    /** Reserves {@code bytes}; false (nothing reserved) when that would pass the budget. */
    boolean reserve(long bytes) {
        while (true) {
            long u = used.get();
            long next = u + bytes;
            if (next > max) {
                return false;
            }
            if (used.compareAndSet(u, next)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        if (bytes > 0) {
            used.addAndGet(-bytes);
        }
    }

    /** Bytes reserved now. */
    long used() {
        return used.get();
    }

    long max() {
        return max;
    }
}
