package io.github.agieval.jmeter.threads;

/** Joining threads without giving up on an interrupt (the interrupt flag is restored). Stateless. */
final class Threads {

    private Threads() {
    }

    /** Joins {@code t} (forever if {@code ms} is 0); returns whether it ended. */
    static boolean joinUninterruptibly(Thread t, long ms) {
        if (t == null) {
            return true;
        }
        boolean interrupted = false;
        try {
            if (ms == 0) {
                while (t.isAlive()) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } else {
                try {
                    t.join(ms);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return !t.isAlive();
    }
}
