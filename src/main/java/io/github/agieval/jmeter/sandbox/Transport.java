package io.github.agieval.jmeter.sandbox;

/** The HTTP server library carrying a sandbox: {@link UndertowTransport} or {@link JdkHttpTransport}. */
interface Transport {

    /** The bound port. */
    int port();

    /** Stops accepting and closes; answers in progress get a short grace period. */
    void stop();
}
