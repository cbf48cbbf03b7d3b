package io.github.agieval.jmeter.sandbox;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Carries the sandbox over the JDK's built-in {@code com.sun.net.httpserver} (no dependency).
 *
 * <p>Threading: the server's dispatcher thread accepts connections and selects; each exchange
 * (parsing headers, reading the body, the API call, writing the answer) runs on the given
 * fixed request executor. {@code sun.net.httpserver.nodelay=true} is set before the server is
 * created (without it every answer waits ~40 ms for Nagle and delayed ACK). A body is read into a
 * buffer that grows as bytes arrive, each step reserved in the shared {@link BodyBudget}.
 *
 * <p>Time-outs: the JDK server parses headers and reads bodies with blocking reads on the request
 * threads and has no per-server time-out; the {@link StallWatchdog} executor cuts an exchange whose
 * headers take longer than the header time-out or whose body stalls for the read time-out. A
 * connection that sends nothing at all holds no thread; the JDK closes idle connections after its
 * JVM-wide {@code sun.net.httpserver.idleInterval} (not the sandbox's idle time-out).
 */
final class JdkHttpTransport implements Transport {

    private final HttpServer server;
    private final StallWatchdog watchdog;

    JdkHttpTransport(SandboxConfig config, ExecutorService executor, ScheduledExecutorService timer, BodyBudget budget,
            Dispatcher dispatcher) throws IOException {
        String host = config.host();
        int port = config.port();
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        server = HttpServer.create(new InetSocketAddress(host, port), 1024);
        server.createContext("/", exchange -> {
            if (!StallWatchdog.enter(StallWatchdog.Phase.WORKING)) {
                exchange.close(); // its headers took longer than the header time-out
                return;
            }
            Adapter a = new Adapter(exchange, budget);
            try {
                dispatcher.dispatch(a);
            } finally {
                a.release(); // the API has consumed the body (it runs on this thread)
            }
        });
        watchdog = new StallWatchdog(executor, timer, config.headerTimeout(), config.readTimeout());
        server.setExecutor(watchdog);
        server.start();
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
    }

    /** Closes at once ({@link Sandbox#close()} has already waited for the answers in progress). */
    @Override
    public void stop() {
        watchdog.stop();
        server.stop(0);
    }

    private static final class Adapter implements HttpExchangeAdapter {
        private final HttpExchange ex;
        private final URI uri;
        private final BodyBudget budget;
        private long reserved;

        Adapter(HttpExchange ex, BodyBudget budget) {
            this.ex = ex;
            this.uri = ex.getRequestURI();
            this.budget = budget;
        }

        void release() {
            budget.release(reserved);
            reserved = 0;
        }

        /** Grows {@code buf} to {@code size} bytes if the body budget allows. */
        private byte[] grow(byte[] buf, int size) throws BodyMemoryExhausted {
            if (!budget.reserve(size - buf.length)) {
                throw new BodyMemoryExhausted();
            }
            reserved += size - buf.length;
            return Arrays.copyOf(buf, size);
        }

        @Override
        public String method() {
            return ex.getRequestMethod();
        }

        @Override
        public String path() {
            String p = uri.getRawPath();
            return p == null ? "" : p;
        }

        @Override
        public String query() {
            return uri.getRawQuery();
        }

        @Override
        public String header(String name) {
            return ex.getRequestHeaders().getFirst(name);
        }

        @Override
        public byte[] readBody(int limit) throws IOException, BodyTooLarge, BodyMemoryExhausted {
            String cl = header("Content-Length");
            if (cl != null) {
                try {
                    if (Long.parseLong(cl.trim()) > limit) {
                        throw new BodyTooLarge();
                    }
                } catch (NumberFormatException e) {
                    // the server itself rejects a bad length; read what comes
                }
            }
            InputStream in = ex.getRequestBody();
            if (!StallWatchdog.enter(StallWatchdog.Phase.BODY)) {
                throw new IOException("request cut by the read time-out");
            }
            try {
                return readAll(in, limit);
            } finally {
                StallWatchdog.enter(StallWatchdog.Phase.WORKING);
            }
        }

        private byte[] readAll(InputStream in, int limit) throws IOException, BodyTooLarge, BodyMemoryExhausted {
            // grows as bytes arrive, each step reserved in the shared body budget
            byte[] buf = grow(new byte[0], Math.min(limit + 1, 8192));
            int n = 0;
            while (true) {
                if (n == buf.length) {
                    if (n > limit) {
                        throw new BodyTooLarge();
                    }
                    buf = grow(buf, Math.min(limit + 1, buf.length * 2));
                }
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
                StallWatchdog.progress();
            }
            if (n > limit) {
                throw new BodyTooLarge();
            }
            return Arrays.copyOf(buf, n);
        }

        @Override
        public void send(Reply reply) {
            try {
                Headers h = ex.getResponseHeaders();
                h.set("Content-Type", reply.contentType());
                List<String> extra = reply.headers();
                for (int i = 0; i + 1 < extra.size(); i += 2) {
                    h.set(extra.get(i), extra.get(i + 1));
                }
                byte[] body = reply.body();
                boolean head = "HEAD".equals(ex.getRequestMethod());
                ex.sendResponseHeaders(reply.status(), head || body.length == 0 ? -1 : body.length);
                if (!head && body.length > 0) {
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(body);
                    }
                }
            } catch (IOException e) {
                // client gone: nothing to answer to
            } finally {
                ex.close();
            }
        }

        @Override
        public void drop() {
            // closing before the response headers are sent closes the connection itself
            ex.close();
        }
    }
}
