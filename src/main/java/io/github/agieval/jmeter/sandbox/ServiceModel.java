package io.github.agieval.jmeter.sandbox;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How long an API request is "in service": with the capacity knob on
 * ({@code max_concurrent_requests} N > 0), a request takes one of N {@link CapacityGate} slots
 * (waiting FIFO for one) and holds it for exactly {@code service_time_ms}; its answer is written
 * when the service time is over. The true capacity is then N x 1000 / service_time_ms requests/s,
 * and beyond it latency grows with the queue. With the knob off a request is processed and
 * answered at once, as before.
 *
 * <p>The request's work (fault decisions and the API call) runs when its service starts, with the
 * fault configuration of that moment; injected latency is added after the service time and holds
 * no slot.
 *
 * <p>Threading: never blocks. Work granted at once runs on the calling request thread; work that
 * waited, and every answer at the end of a service time, is handed to {@code handoff} (the
 * transport's writer) from the clock's timer thread.
 */
final class ServiceModel {

    private final CapacityGate gate;
    private final SandboxClock clock;
    private final Supplier<Faults> faults;
    private final Executor handoff;

    ServiceModel(CapacityGate gate, SandboxClock clock, Supplier<Faults> faults, Executor handoff) {
        this.gate = gate;
        this.clock = clock;
        this.faults = faults;
        this.handoff = handoff;
    }

    /**
     * Serves one request: {@code work} runs when it gets a slot, and {@code answer} receives
     * its result when the service time is over. {@code work} must not throw.
     */
    <T> void serve(Supplier<T> work, Consumer<T> answer) {
        Thread caller = Thread.currentThread();
        gate.acquire(slot -> {
            if (Thread.currentThread() == caller) {
                start(slot, work, answer);
            } else {
                hand(() -> start(slot, work, answer));
            }
        });
    }

    private <T> void start(CapacityGate.Slot slot, Supplier<T> work, Consumer<T> answer) {
        long startedAt = clock.currentTimeMillis();
        long serviceTime = slot.counted() ? faults.get().serviceTimeMs() : 0;
        T result;
        try {
            result = work.get();
        } catch (RuntimeException | Error e) {
            slot.release();
            throw e;
        }
        long remaining = serviceTime - (clock.currentTimeMillis() - startedAt);
        if (remaining <= 0) {
            slot.release();
            answer.accept(result);
            return;
        }
        Runnable end = () -> {
            slot.release();
            hand(() -> answer.accept(result));
        };
        try {
            clock.schedule(end, remaining);
        } catch (RejectedExecutionException e) {
            end.run(); // stopping: answer at once
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
