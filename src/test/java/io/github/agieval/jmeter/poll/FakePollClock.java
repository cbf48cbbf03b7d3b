package io.github.agieval.jmeter.poll;

import java.util.ArrayList;
import java.util.List;

/** A virtual clock: {@link #park} returns at once and moves time on by the requested amount. */
final class FakePollClock implements PollClock {

    private long nanos;
    private final long epochBaseMillis;
    final List<Long> parkedMillis = new ArrayList<>();

    FakePollClock(long epochBaseMillis) {
        this.epochBaseMillis = epochBaseMillis;
    }

    @Override
    public long currentTimeMillis() {
        return epochBaseMillis + nanos / 1_000_000L;
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public void park(long n) {
        parkedMillis.add(n / 1_000_000L);
        nanos += n;
    }

    void advanceMillis(long ms) {
        nanos += ms * 1_000_000L;
    }

    long elapsedMillis() {
        return nanos / 1_000_000L;
    }
}
