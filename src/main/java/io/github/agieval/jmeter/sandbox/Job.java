package io.github.agieval.jmeter.sandbox;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One simulated evaluation job. Immutable request fields; the life-cycle fields are written only
 * by the {@link JobEngine} under its lock and published through volatile fields, so request
 * threads read a consistent-enough view without locking (status is written last).
 */
public final class Job {

    /** Life-cycle states, in API spelling. */
    public enum Status {
        QUEUED("queued"), RUNNING("running"), COMPLETED("completed"), FAILED("failed");

        private final String text;

        Status(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public boolean finished() {
            return this == COMPLETED || this == FAILED;
        }
    }

    final String id;
    final String owner;
    final String model;
    final String benchmark;
    final int[] promptChars;
    final double temperature;
    final int maxTokens;
    final int timeoutSeconds;
    final long seed;
    /** Simulated run time once a worker takes the job. */
    final long durationMillis;
    /** Whether the fault configuration at submit time made this job fail, and where. */
    final boolean willFail;
    final double failAt;
    /** Whether it never finishes (it keeps "running" at {@link #hangAt} until it expires). */
    final boolean willHang;
    final double hangAt;
    final long createdAtMillis;

    volatile long startedAtMillis;
    volatile long finishedAtMillis;
    volatile String error;
    volatile Status status = Status.QUEUED;
    final AtomicInteger polls = new AtomicInteger();
    final AtomicInteger resultFetches = new AtomicInteger();

    Job(String id, String owner, String model, String benchmark, int[] promptChars, double temperature,
            int maxTokens, int timeoutSeconds, long seed, long durationMillis, boolean willFail, double failAt,
            boolean willHang, double hangAt, long createdAtMillis) {
        this.id = id;
        this.owner = owner;
        this.model = model;
        this.benchmark = benchmark;
        this.promptChars = promptChars;
        this.temperature = temperature;
        this.maxTokens = maxTokens;
        this.timeoutSeconds = timeoutSeconds;
        this.seed = seed;
        this.durationMillis = durationMillis;
        this.willFail = willFail;
        this.failAt = failAt;
        this.willHang = willHang;
        this.hangAt = hangAt;
        this.createdAtMillis = createdAtMillis;
    }

    public String id() {
        return id;
    }

    public String owner() {
        return owner;
    }

    public Status status() {
        return status;
    }

    public int polls() {
        return polls.get();
    }

    /** Progress in percent (0..100) at {@code now}. */
    int progressPercent(long now) {
        Status s = status;
        switch (s) {
            case QUEUED:
                return 0;
            case COMPLETED:
                return 100;
            case FAILED:
                return (int) Math.floor(100 * failAt);
            default:
                double f = durationMillis <= 0 ? 0.99 : (double) (now - startedAtMillis) / durationMillis;
                if (willHang) {
                    f = Math.min(f, hangAt);
                }
                return (int) Math.max(0, Math.min(99, Math.floor(100 * f)));
        }
    }
}
