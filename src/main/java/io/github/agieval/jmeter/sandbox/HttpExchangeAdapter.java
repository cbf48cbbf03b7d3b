package io.github.agieval.jmeter.sandbox;

import java.io.IOException;

/**
 * What the {@link Dispatcher} needs from one HTTP exchange of whatever server library carries it.
 * {@link #send} and {@link #drop} may be called from any thread, once.
 */
interface HttpExchangeAdapter {

    /** Thrown by {@link #readBody} when the body is longer than the limit. */
    final class BodyTooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        BodyTooLarge() {
            super(null, null, false, false);
        }
    }

    /**
     * Thrown by {@link #readBody} when the bodies held at once by all connections would pass the
     * sandbox's body memory budget ({@link SandboxConfig#maxBodyMemoryBytes()}).
     */
    final class BodyMemoryExhausted extends Exception {
        private static final long serialVersionUID = 1L;

        BodyMemoryExhausted() {
            super(null, null, false, false);
        }
    }

    String method();

    /** Raw path, without query. */
    String path();

    /** Raw query string, or null. */
    String query();

    /** First value of request header {@code name}, or null. */
    String header(String name);

    /** The whole body, at most {@code limit} bytes. */
    byte[] readBody(int limit) throws IOException, BodyTooLarge, BodyMemoryExhausted;

    /** Writes the answer and completes the exchange. */
    void send(Reply reply);

    /** Closes the connection without any answer. */
    void drop();
}
