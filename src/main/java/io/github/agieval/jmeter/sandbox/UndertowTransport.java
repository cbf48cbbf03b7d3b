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
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.xnio.IoUtils;
import org.xnio.Options;

/**
 * Carries the sandbox over Undertow's non-blocking core (XNIO).
 *
 * <p>Threading: a few I/O threads (one per core by default) parse requests, read bodies
 * asynchronously and run the {@link Dispatcher} directly: the API does no blocking work, so no
 * worker pool and no thread hand-off is needed. Every exchange is marked dispatched, so it stays
 * open after the handler returns; an answer delayed by injected latency is written later from the
 * sandbox timer, hopping back onto the exchange's I/O thread.
 */
final class UndertowTransport implements Transport {

    private final Undertow server;
    private final GracefulShutdownHandler graceful;
    private final int port;

    UndertowTransport(String host, int port, int ioThreads, int maxBodyBytes, Dispatcher dispatcher) {
        HttpHandler handler = ex -> ex.dispatch(SameThreadExecutor.INSTANCE, () -> start(ex, maxBodyBytes, dispatcher));
        graceful = new GracefulShutdownHandler(handler);
        server = Undertow.builder()
                .addHttpListener(port, host)
                .setIoThreads(ioThreads)
                .setWorkerThreads(2)
                .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, false)
                .setServerOption(UndertowOptions.ALWAYS_SET_DATE, true)
                // raw paths, as the JDK server gives them: the API decodes path parameters itself
                .setServerOption(UndertowOptions.DECODE_URL, false)
                .setSocketOption(Options.TCP_NODELAY, true)
                .setSocketOption(Options.BACKLOG, 1024)
                .setHandler(graceful)
                .build();
        server.start();
        this.port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public int port() {
        return port;
    }

    /** Refuses new requests (503), lets answers in progress end for up to a second more, then closes. */
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

    private static void start(HttpServerExchange ex, int limit, Dispatcher dispatcher) {
        HeaderMap h = ex.getRequestHeaders();
        boolean chunked = h.contains(Headers.TRANSFER_ENCODING);
        long length = ex.getRequestContentLength();
        if (!chunked && length <= 0) {
            dispatcher.dispatch(new Adapter(ex, NO_BODY, false));
            return;
        }
        if (length > limit) {
            ex.setPersistent(false);
            dispatcher.dispatch(new Adapter(ex, NO_BODY, true));
            return;
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream((int) Math.max(64, Math.min(length, limit)));
        boolean[] dispatched = {false};
        ex.getRequestReceiver().receivePartialBytes((e, bytes, last) -> {
            if (dispatched[0]) {
                return;
            }
            if (buf.size() + bytes.length > limit) {
                // answer at once, then close: the rest of the body is not read
                dispatched[0] = true;
                e.getRequestReceiver().pause();
                e.setPersistent(false);
                dispatcher.dispatch(new Adapter(e, NO_BODY, true));
                return;
            }
            buf.write(bytes, 0, bytes.length);
            if (last) {
                dispatched[0] = true;
                dispatcher.dispatch(new Adapter(e, buf.toByteArray(), false));
            }
        }, (e, err) -> IoUtils.safeClose(e.getConnection()));
    }

    private static final class Adapter implements HttpExchangeAdapter {
        private final HttpServerExchange ex;
        private final byte[] body;
        private final boolean tooLarge;

        Adapter(HttpServerExchange ex, byte[] body, boolean tooLarge) {
            this.ex = ex;
            this.body = body;
            this.tooLarge = tooLarge;
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
        public byte[] readBody(int limit) throws BodyTooLarge {
            if (tooLarge) {
                throw new BodyTooLarge();
            }
            return body;
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
