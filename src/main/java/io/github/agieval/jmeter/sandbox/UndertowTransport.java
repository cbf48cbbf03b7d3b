package io.github.agieval.jmeter.sandbox;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.io.Receiver;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.Options;
import org.xnio.XnioExecutor;

/**
 * Carries the sandbox over Undertow's non-blocking core (XNIO).
 *
 * <p>Threading: a few I/O threads (one per core by default) parse requests, read bodies
 * asynchronously and run the {@link Dispatcher} directly: the API does no blocking work, so no
 * worker pool and no thread hand-off is needed. Every exchange is marked dispatched, so it stays
 * open after the handler returns; an answer delayed by injected latency is written later from the
 * sandbox timer, hopping back onto the exchange's I/O thread. All of Undertow's threads are daemon
 * threads ({@code Options.THREAD_DAEMON}), so an embedded sandbox never keeps a JVM alive.
 *
 * <p>Abuse: request line and headers must be complete within the header time-out
 * ({@code REQUEST_PARSE_TIMEOUT}) and at most 64 KiB; an idle connection is closed after the idle
 * time-out ({@code NO_REQUEST_TIMEOUT}); a body is read chunk by chunk into a buffer that grows as
 * bytes arrive (never sized from {@code Content-Length}), each chunk reserved in the shared
 * {@link BodyBudget}, and its connection is closed when no byte arrives for the read time-out (a
 * timer on the exchange's own I/O thread, so it never races the body callbacks). Undertow's own
 * {@code IDLE_TIMEOUT} is not used: it would also cut answers held back by injected latency.
 */
final class UndertowTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(UndertowTransport.class);

    /** Largest request line plus headers accepted. */
    static final int MAX_HEADER_BYTES = 64 * 1024;
    /** First size of a body buffer; it doubles as bytes arrive, up to the declared length or the limit. */
    private static final int INITIAL_BODY_BUFFER = 8 * 1024;

    private final Undertow server;
    private final GracefulShutdownHandler graceful;
    private final int port;
    private final int limit;
    private final long readTimeoutMillis;
    private final BodyBudget budget;
    private final Dispatcher dispatcher;

    UndertowTransport(SandboxConfig config, int ioThreads, BodyBudget budget, Dispatcher dispatcher) {
        this.limit = config.maxBodyBytes();
        this.readTimeoutMillis = config.readTimeout().toMillis();
        this.budget = budget;
        this.dispatcher = dispatcher;
        HttpHandler handler = ex -> ex.dispatch(SameThreadExecutor.INSTANCE, () -> start(ex));
        graceful = new GracefulShutdownHandler(handler);
        server = Undertow.builder()
                .addHttpListener(config.port(), config.host())
                .setIoThreads(ioThreads)
                .setWorkerThreads(2)
                .setWorkerOption(Options.THREAD_DAEMON, true)
                .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, false)
                .setServerOption(UndertowOptions.ALWAYS_SET_DATE, true)
                // raw paths, as the JDK server gives them: the API decodes path parameters itself
                .setServerOption(UndertowOptions.DECODE_URL, false)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(config.headerTimeout().toMillis()))
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, millis(config.idleTimeout().toMillis()))
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
                .setServerOption(UndertowOptions.MAX_HEADERS, 100)
                .setServerOption(UndertowOptions.SHUTDOWN_TIMEOUT, 2000)
                .setSocketOption(Options.TCP_NODELAY, true)
                .setSocketOption(Options.BACKLOG, 1024)
                .setHandler(graceful)
                .build();
        server.start();
        this.port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private static int millis(long ms) {
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    @Override
    public int port() {
        return port;
    }

    /**
     * Refuses new requests (503), lets answers in progress end for up to a second more, then closes
     * every connection (at most two more seconds: {@code SHUTDOWN_TIMEOUT}).
     */
    @Override
    public void stop() {
        graceful.shutdown();
        try {
            graceful.awaitShutdown(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop();
    }

    private static final byte[] NO_BODY = null;

    /** What became of reading a request's body. */
    enum BodyOutcome { READ, TOO_LARGE, NO_MEMORY }

    private void start(HttpServerExchange ex) {
        Adapter headersOnly = new Adapter(ex, NO_BODY, BodyOutcome.READ);
        if (dispatcher.refuseEarly(headersOnly)) {
            return;
        }
        HeaderMap h = ex.getRequestHeaders();
        boolean chunked = h.contains(Headers.TRANSFER_ENCODING);
        long length = ex.getRequestContentLength();
        if (!chunked && length <= 0) {
            dispatcher.dispatch(headersOnly);
            return;
        }
        if (length > limit) {
            ex.setPersistent(false);
            dispatcher.dispatch(new Adapter(ex, NO_BODY, BodyOutcome.TOO_LARGE));
            return;
        }
        new BodyReader(ex, length).start();
    }

    /**
     * Reads one body as it arrives. Every callback and the time-out check run on the exchange's
     * I/O thread, so the fields need no synchronization.
     */
    private final class BodyReader {
        private final HttpServerExchange ex;
        private final long declared;
        private byte[] buf;
        private int size;
        private long reserved;
        private boolean done;
        private long lastByteNanos;
        private XnioExecutor.Key timeout;

        BodyReader(HttpServerExchange ex, long declared) {
            this.ex = ex;
            this.declared = declared;
        }

        void start() {
            int first = (int) (declared > 0 ? Math.min(declared, INITIAL_BODY_BUFFER) : Math.min(limit, INITIAL_BODY_BUFFER));
            if (!budget.reserve(first)) {
                finish(BodyOutcome.NO_MEMORY);
                return;
            }
            reserved = first;
            buf = new byte[first];
            lastByteNanos = System.nanoTime();
            timeout = ex.getIoThread().executeAfter(this::checkStalled, readTimeoutMillis, TimeUnit.MILLISECONDS);
            ex.getRequestReceiver().receivePartialBytes((e, bytes, last) -> chunk(bytes, last), (e, err) -> failed());
        }

        private void chunk(byte[] bytes, boolean last) {
            if (done) {
                return;
            }
            lastByteNanos = System.nanoTime();
            if ((long) size + bytes.length > limit) {
                finish(BodyOutcome.TOO_LARGE);
                return;
            }
            if (size + bytes.length > buf.length) {
                long cap = declared > 0 ? Math.max(declared, size + bytes.length) : limit;
                int next = (int) Math.min(cap, Math.max((long) size + bytes.length, 2L * buf.length));
                if (!budget.reserve(next - buf.length)) {
                    finish(BodyOutcome.NO_MEMORY);
                    return;
                }
                reserved += next - buf.length;
                buf = Arrays.copyOf(buf, next);
            }
            System.arraycopy(bytes, 0, buf, size, bytes.length);
            size += bytes.length;
            if (last) {
                finish(BodyOutcome.READ);
            }
        }

        private void finish(BodyOutcome outcome) {
            done = true;
            cancelTimeout();
            byte[] body = outcome == BodyOutcome.READ ? (size == buf.length ? buf : Arrays.copyOf(buf, size)) : NO_BODY;
            buf = null;
            if (outcome != BodyOutcome.READ) {
                // answer at once, then close: the rest of the body is not read
                ex.getRequestReceiver().pause();
                ex.setPersistent(false);
            }
            Adapter adapter = new Adapter(ex, body, outcome);
            long held = reserved;
            reserved = 0;
            // called from a body callback, Undertow ends the exchange when the callback returns unless
            // it is dispatched again (a delayed answer would then find an empty 200 already sent)
            ex.dispatch(SameThreadExecutor.INSTANCE, () -> {
                try {
                    dispatcher.dispatch(adapter);
                } finally {
                    budget.release(held); // the API has consumed the body (it runs on this thread)
                }
            });
        }

        private void failed() {
            if (!done) {
                done = true;
                cancelTimeout();
                release();
            }
            IoUtils.safeClose(ex.getConnection());
        }

        private void checkStalled() {
            if (done) {
                return;
            }
            long idle = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastByteNanos);
            if (idle < readTimeoutMillis) {
                timeout = ex.getIoThread().executeAfter(this::checkStalled, readTimeoutMillis - idle,
                        TimeUnit.MILLISECONDS);
                return;
            }
            done = true;
            release();
            LOG.debug("sandbox: closing a connection whose request body stalled for {} ms", idle);
            IoUtils.safeClose(ex.getConnection());
        }

        private void release() {
            buf = null;
            budget.release(reserved);
            reserved = 0;
        }

        private void cancelTimeout() {
            if (timeout != null) {
                timeout.remove();
                timeout = null;
            }
        }
    }

    private static final class Adapter implements HttpExchangeAdapter {
        private final HttpServerExchange ex;
        private byte[] body;
        private final BodyOutcome outcome;

        Adapter(HttpServerExchange ex, byte[] body, BodyOutcome outcome) {
            this.ex = ex;
            this.body = body;
            this.outcome = outcome;
        }

        @Override
        public String method() {
            return ex.getRequestMethod().toString();
        }

        @Override
        public String path() {
            return ex.getRequestPath();
        }

        @Override
        public String query() {
            String q = ex.getQueryString();
            return q == null || q.isEmpty() ? null : q;
        }

        @Override
        public String header(String name) {
            return ex.getRequestHeaders().getFirst(name);
        }

        @Override
        public byte[] readBody(int limit) throws BodyTooLarge, BodyMemoryExhausted {
            if (outcome == BodyOutcome.TOO_LARGE) {
                throw new BodyTooLarge();
            }
            if (outcome == BodyOutcome.NO_MEMORY) {
                throw new BodyMemoryExhausted();
            }
            byte[] b = body;
            body = null; // held no longer than the API needs it
            return b;
        }

        @Override
        public void send(Reply reply) {
            if (ex.getIoThread() != Thread.currentThread()) {
                ex.getIoThread().execute(() -> write(reply));
            } else {
                write(reply);
            }
        }

        private void write(Reply reply) {
            ex.setStatusCode(reply.status());
            HeaderMap h = ex.getResponseHeaders();
            h.put(Headers.CONTENT_TYPE, reply.contentType());
            List<String> extra = reply.headers();
            for (int i = 0; i + 1 < extra.size(); i += 2) {
                h.put(HttpString.tryFromString(extra.get(i)), extra.get(i + 1));
                if (extra.get(i).equalsIgnoreCase("Connection") && extra.get(i + 1).equalsIgnoreCase("close")) {
                    ex.setPersistent(false); // refused or cut short: the rest of the request is never read
                }
            }
            ex.getResponseSender().send(ByteBuffer.wrap(reply.body()));
        }

        @Override
        public void drop() {
            if (ex.getIoThread() != Thread.currentThread()) {
                ex.getIoThread().execute(() -> IoUtils.safeClose(ex.getConnection()));
            } else {
                IoUtils.safeClose(ex.getConnection());
            }
        }
    }
}
