package io.github.agieval.jmeter.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A virtual {@link SandboxClock}: time moves only when the test calls {@link #advance}, which runs
 * every task that falls due, in time order (ties in scheduling order), on the test's thread.
 *
 * <p>Threading: one monitor guards the time and the tasks; tasks run outside it, so a task may
 * schedule more (they run in the same advance when they fall due within it).
 */
final class VirtualSandboxClock implements SandboxClock {

    private record Task(long due, long seq, Runnable run, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    VirtualSandboxClock(long startMillis) {
        this.now = startMillis;
    }

    VirtualSandboxClock() {
        this(1_700_000_000_000L);
    }

    @Override
    public synchronized long currentTimeMillis() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, long delayMillis) {
        boolean[] cancelled = new boolean[1];
        tasks.add(new Task(now + Math.max(0, delayMillis), seq++, task, cancelled));
        return () -> {
            synchronized (VirtualSandboxClock.this) {
                cancelled[0] = true;
            }
        };
    }

    /** Moves time forward by {@code millis}, running every task due until then. */
    void advance(long millis) {
        long target;
        synchronized (this) {
            target = now + millis;
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due > target) {
                    now = target;
                    return;
                }
                tasks.poll();
                now = Math.max(now, next.due);
                if (next.cancelled[0]) {
                    continue;
                }
            }
            next.run.run();
        }
    }

    /** Tasks not run yet (cancelled ones excluded). */
    synchronized int pending() {
        List<Task> live = new ArrayList<>(tasks);
        live.removeIf(t -> t.cancelled[0]);
        return live.size();
    }
}
