package io.github.agieval.jmeter.common;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The load stages of the test running in this JVM, in wall-clock time: what a thread group that
 * follows stages (the Stage Thread Group) publishes when it starts, and what a listener that
 * judges stage by stage (KPI Assertions) reads. It lets the two meet without depending on each
 * other's packages.
 *
 * <p>One plan per test: the first group that publishes wins (a second stage group in the same
 * test is not judged stage by stage); {@link #reset()} forgets it, which KPI Assertions does when
 * a test starts (before JMeter starts the thread groups). In distributed mode the groups run in
 * the remote engines' JVMs, so a listener on the controller sees no plan.
 *
 * <p>Threading: a lock-free reference to an immutable {@link Plan}; any thread may publish, reset
 * or read.
 */
public final class StageTimeline {

    /**
     * One stage of the curve: from {@code startMs} (inclusive) to {@code endMs} (exclusive), epoch
     * milliseconds, the users move linearly from {@code fromUsers} to {@code toUsers}. A stage that
     * keeps its users ({@link #steady()}) is a hold; any other is a ramp. {@code number} counts
     * from 1 in the group's stage list.
     */
    public record Stage(int number, long startMs, long endMs, int fromUsers, int toUsers) {

        public Stage {
            if (endMs < startMs) {
                throw new IllegalArgumentException("stage " + number + " ends before it starts");
            }
        }

        /** Whether the users stay the same through the stage (a hold, not a ramp). */
        public boolean steady() {
            return fromUsers == toUsers;
        }

        public long durationMs() {
            return endMs - startMs;
        }

        /** Whether {@code epochMs} is in the stage. */
        public boolean contains(long epochMs) {
            return epochMs >= startMs && epochMs < endMs;
        }

        /** How the stage reads in a report, e.g. {@code "hold 100"} or {@code "ramp 100->200"}. */
        public String shape() {
            return steady() ? "hold " + toUsers : "ramp " + fromUsers + "->" + toUsers;
        }
    }

    /** The stages of one group ({@code group} names it), in time order. Immutable. */
    public record Plan(String group, List<Stage> stages) {

        public Plan {
            stages = List.copyOf(stages);
        }

        /** The stage containing {@code epochMs}, or {@code null} before the first and from the end on. */
        public Stage stageAt(long epochMs) {
            for (Stage s : stages) {
                if (s.contains(epochMs)) {
                    return s;
                }
            }
            return null;
        }

        /** The most users any stage asks for. */
        public int peakUsers() {
            int peak = 0;
            for (Stage s : stages) {
                peak = Math.max(peak, Math.max(s.fromUsers(), s.toUsers()));
            }
            return peak;
        }

        /** When the last stage ends (epoch ms), or 0 without stages. */
        public long endMs() {
            return stages.isEmpty() ? 0 : stages.get(stages.size() - 1).endMs();
        }
    }

    private static final AtomicReference<Plan> CURRENT = new AtomicReference<>();

    private StageTimeline() {
    }

    /** Publishes {@code plan} unless another is published already; whether it was taken. */
    public static boolean publish(Plan plan) {
        return CURRENT.compareAndSet(null, plan);
    }

    /** The published plan, or {@code null}. */
    public static Plan current() {
        return CURRENT.get();
    }

    /** Forgets the published plan (a new test starts). */
    public static void reset() {
        CURRENT.set(null);
    }
}
