package io.github.agieval.jmeter.sandbox;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How an API request is served: the capacity knob's slot, then a database connection, then the
 * work, held for the service time.
 *
 * <ul>
 * <li>With the capacity knob on ({@code max_concurrent_requests} N > 0), a request takes one of N
 *     {@link CapacityGate} slots (waiting FIFO for one) and holds it for exactly
 *     {@code service_time_ms}; its answer is written when the service time is over. The true
 *     capacity is then N x 1000 / service_time_ms requests/s (as long as the database pool has at
 *     least N connections), and beyond it latency grows with the queue. With the knob off a
 *     request is processed and answered at once.</li>
 * <li>Inside its slot, a request holds one {@link DbPool} connection for the same time (the
 *     moment of processing with the knob off). When none is free it waits up to the pool timeout,
 *     still holding its slot, and is then refused: {@code refusal} gives its answer.</li>
 * </ul>
 *
 * <p>The request's work (fault decisions and the API call) runs when its service starts, with the
 * fault configuration of that moment; injected latency is added after the service time and holds
 * neither slot nor connection.
 *
 * <p>Threading: never blocks. Work granted at once runs on the calling request thread; work that
 * waited, and every answer at the end of a service time, is handed to {@code handoff} (the
 * transport's writer) from the thread that freed the slot or connection, or the clock's timer.
 */
final class ServiceModel {

    private final CapacityGate gate;
    private final DbPool pool;
    private final SandboxClock clock;
    private final Supplier<Faults> faults;
    private final Executor handoff;

    ServiceModel(CapacityGate gate, DbPool pool, SandboxClock clock, Supplier<Faults> faults, Executor handoff) {
        this.gate = gate;
        this.pool = pool;
        this.clock = clock;
        this.faults = faults;
        this.handoff = handoff;
    }

    /**
     * Serves one request: {@code work} runs when it has its slot and connection, and
     * {@code answer} receives its result when the service time is over; or, when no database
     * connection came in time, {@code answer} receives {@code refusal} of a message saying so.
     * {@code work} must not throw.
     */
    <T> void serve(Supplier<T> work, Function<String, T> refusal, Consumer<T> answer) {
        Thread caller = Thread.currentThread();
        gate.acquire(slot -> on(caller, () -> pool.acquire(
                connection -> on(caller, () -> start(slot, connection, work, answer)),
                () -> {
                    slot.release();
                    T refused = refusal.apply(refusalMessage());
                    on(caller, () -> answer.accept(refused));
                })));
    }

    private String refusalMessage() {
        Faults f = faults.get();
        return "database connection pool exhausted: no connection within " + f.dbPoolTimeoutMs() + " ms ("
                + pool.active() + " of " + pool.max() + " in use" + (f.dbPoolExhausted() ? ", injected fault" : "")
                + "); retry later";
    }

    private <T> void start(CapacityGate.Slot slot, DbPool.Connection connection, Supplier<T> work,
            Consumer<T> answer) {
        long startedAt = clock.currentTimeMillis();
        long serviceTime = slot.counted() ? faults.get().serviceTimeMs() : 0;
        T result;
        try {
            result = work.get();
        } catch (RuntimeException | Error e) {
            connection.release();
            slot.release();
            throw e;
        }
        long remaining = serviceTime - (clock.currentTimeMillis() - startedAt);
        if (remaining <= 0) {
            connection.release();
            slot.release();
            answer.accept(result);
            return;
        }
        Runnable end = () -> {
            connection.release();
            slot.release();
            hand(() -> answer.accept(result));
        };
        try {
            clock.schedule(end, remaining);
        } catch (RejectedExecutionException e) {
            end.run(); // stopping: answer at once
        }
    }

    /** Runs {@code r} here when on the request's own thread, else hands it off. */
    private void on(Thread caller, Runnable r) {
        if (Thread.currentThread() == caller) {
            r.run();
        } else {
            hand(r);
        }
    }

    private void hand(Runnable r) {
        try {
            handoff.execute(r);
        } catch (RejectedExecutionException e) {
            r.run();
        }
    }
}
