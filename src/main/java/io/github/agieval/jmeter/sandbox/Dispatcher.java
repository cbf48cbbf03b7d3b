package io.github.agieval.jmeter.sandbox;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one request and applies what sits around the API: route matching (404/405), the admin
 * API and {@code /metrics}, injected drops, 5xx answers and latency, the body limit (413), and
 * counting each answered request exactly once.
 *
 * <p>Threading: called on the server's request threads; stateless. An injected delay never
 * blocks a request thread: the answer is scheduled on the shared timer, which hands the write to
 * the request executor when the delay is over.
 */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final SandboxState state;
    private final SandboxApi api;
    private final AdminApi admin;
    private final AdminGuard guard;
    private final ScheduledExecutorService timer;
    private final Executor writer;
    private final ServiceModel service;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    Dispatcher(SandboxState state, String serverName, ScheduledExecutorService timer, Executor writer) {
        this.state = state;
        this.api = new SandboxApi(state);
        this.admin = new AdminApi(state, serverName);
        this.guard = new AdminGuard(state.config.adminToken(), state.config.host());
        this.timer = timer;
        this.writer = writer;
        this.service = new ServiceModel(state.capacity, state.ticker, state::faults, writer);
    }

    /** Requests received and not yet answered (or dropped), including delayed answers. */
    int inFlight() {
        return inFlight.get();
    }

    static boolean isAdmin(String path) {
        return path.startsWith(AdminApi.PREFIX) && (path.length() == AdminApi.PREFIX.length()
                || path.charAt(AdminApi.PREFIX.length()) == '/');
    }

    /**
     * For a transport that reads a body before dispatching: answers an admin request that
     * {@link AdminGuard} refuses at once, before any body byte is read, and says so (true).
     */
    boolean refuseEarly(HttpExchangeAdapter exchange) {
        if (!isAdmin(exchange.path()) || guard.check(exchange) == null) {
            return false;
        }
        dispatch(exchange); // checks again and answers the refusal; never reads the body
        return true;
    }

    void dispatch(HttpExchangeAdapter exchange) {
        inFlight.incrementAndGet();
        dispatchTracked(new Tracked(exchange));
    }

    /** Counts the exchange out of {@link #inFlight} when it is answered or dropped, once. */
    private final class Tracked implements HttpExchangeAdapter {
        private final HttpExchangeAdapter ex;
        private final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();

        Tracked(HttpExchangeAdapter ex) {
            this.ex = ex;
        }

        @Override
        public String method() {
            return ex.method();
        }

        @Override
        public String path() {
            return ex.path();
        }

        @Override
        public String query() {
            return ex.query();
        }

        @Override
        public String header(String name) {
            return ex.header(name);
        }

        @Override
        public byte[] readBody(int limit) throws java.io.IOException, BodyTooLarge, BodyMemoryExhausted {
            return ex.readBody(limit);
        }

        @Override
        public void send(Reply reply) {
            try {
                ex.send(reply);
            } finally {
                end();
            }
        }

        @Override
        public void drop() {
            try {
                ex.drop();
            } finally {
                end();
            }
        }

        private void end() {
            if (done.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        }
    }

    private void dispatchTracked(HttpExchangeAdapter ex) {
        String counterKey = Route.UNMATCHED;
        try {
            String method = ex.method();
            String path = ex.path();
            if (isAdmin(path)) {
                Reply refused = guard.check(ex);
                if (refused != null) {
                    // the body (if any) is never read: close rather than drain it
                    ex.send(refused.withHeader("Connection", "close"));
                    return;
                }
                byte[] body = readIfAny(ex, method);
                ex.send(body == TOO_LARGE ? tooLarge() : body == BUSY ? busy()
                        : admin.handle(method, path, ex.query(), body));
                return;
            }
            if (path.equals("/metrics") && method.equals("GET")) {
                ex.send(Reply.text(200, "text/plain; version=0.0.4; charset=utf-8", admin.prometheus()));
                return;
            }
            Route.Match m = Route.match(method, path);
            counterKey = m.counterKey();
            if (!m.found()) {
                Reply r = m.allowed().isEmpty()
                        ? Reply.error(404, "not_found", "no endpoint " + clip(method) + " " + clip(path))
                        : Reply.error(405, "method_not_allowed", clip(method) + " is not allowed on " + clip(path)
                                + "; allowed: " + String.join(", ", m.allowed()))
                                .withHeader("Allow", String.join(", ", m.allowed()));
                finish(ex, counterKey, r, 0);
                return;
            }
            Route route = m.route();
            if (route != Route.HEALTH && state.faults().maxConcurrentRequests() > 0) {
                serveWithCapacity(ex, m, counterKey);
                return;
            }
            String method0 = method;
            Outcome o = process(ex, m, state.faults(), () -> readIfAny(ex, method0));
            finish(ex, counterKey, o.reply(), o.delayMillis());
        } catch (RuntimeException | Error e) {
            // details (which may name internals, or be an OutOfMemoryError) go to the log only
            LOG.warn("sandbox: internal error on {} {}", ex.method(), clip(ex.path()), e);
            finish(ex, counterKey, INTERNAL_ERROR, 0);
        } catch (java.io.IOException e) {
            // the client went away while sending its body
            state.counters.recordDropped(counterKey);
            ex.drop();
        }
    }

    /** What a request gets: its answer (null: drop the connection) and the injected delay before it. */
    private record Outcome(Reply reply, long delayMillis) {
    }

    /** Reads the request body when asked (or gives the one read already). */
    @FunctionalInterface
    private interface BodySource {
        byte[] read() throws java.io.IOException;
    }

    /**
     * The API request's processing: injected drop, injected error or the API's answer, and the
     * injected latency, decided with the fault configuration {@code f}.
     */
    private Outcome process(HttpExchangeAdapter ex, Route.Match m, Faults f, BodySource body)
            throws java.io.IOException {
        Route route = m.route();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long delay = f.latencyFor(route).sampleMillis(rnd);
        double drop = f.dropRateFor(route);
        if (drop > 0 && rnd.nextDouble() < drop) {
            return new Outcome(null, delay);
        }
        double err = f.errorRateFor(route);
        if (err > 0 && rnd.nextDouble() < err) {
            return new Outcome(Reply.error(f.errorStatus(), "injected_fault",
                    "injected " + f.errorStatus() + " answer (sandbox fault configuration)"), delay);
        }
        byte[] b = body.read();
        Reply reply = b == TOO_LARGE ? tooLarge() : b == BUSY ? busy()
                : api.handle(new SandboxApi.Call(route, m.param(), ex.query(), ex.header("Authorization"), b));
        return new Outcome(reply, delay);
    }

    /**
     * The capacity knob is on: the body is read now (on the request thread, which may block on
     * the JDK server), then the request waits for a slot and is answered at the end of its
     * service time ({@link ServiceModel}). A body refused for its size is answered at once.
     */
    private void serveWithCapacity(HttpExchangeAdapter ex, Route.Match m, String counterKey)
            throws java.io.IOException {
        byte[] body = readIfAny(ex, ex.method());
        if (body == TOO_LARGE || body == BUSY) {
            finish(ex, counterKey, body == TOO_LARGE ? tooLarge() : busy(), 0);
            return;
        }
        service.serve(() -> {
            try {
                return process(ex, m, state.faults(), () -> body);
            } catch (RuntimeException | Error | java.io.IOException e) {
                LOG.warn("sandbox: internal error on {} {}", ex.method(), clip(ex.path()), e);
                return new Outcome(INTERNAL_ERROR, 0);
            }
        }, o -> finish(ex, counterKey, o.reply(), o.delayMillis()));
    }

    private static final byte[] TOO_LARGE = new byte[0];
    private static final byte[] BUSY = new byte[0];

    /** The one answer to any unexpected failure: no exception text ever reaches a client. */
    static final Reply INTERNAL_ERROR = Reply.error(500, "internal_error", "internal error; see the sandbox log");

    private byte[] readIfAny(HttpExchangeAdapter ex, String method) throws java.io.IOException {
        if (method.equals("GET") || method.equals("HEAD") || method.equals("DELETE") || method.equals("OPTIONS")) {
            String cl = ex.header("Content-Length");
            if (cl == null && ex.header("Transfer-Encoding") == null) {
                return null;
            }
        }
        try {
            return ex.readBody(state.config.maxBodyBytes());
        } catch (HttpExchangeAdapter.BodyTooLarge e) {
            return TOO_LARGE;
        } catch (HttpExchangeAdapter.BodyMemoryExhausted e) {
            return BUSY;
        }
    }

    private Reply busy() {
        return Reply.error(503, "server_busy", "too many request bodies in progress; retry later")
                .withHeader("Retry-After", "1").withHeader("Connection", "close");
    }

    private Reply tooLarge() {
        return Reply.error(413, "payload_too_large",
                "request body is larger than " + state.config.maxBodyBytes() + " bytes")
                .withHeader("Connection", "close");
    }

    /** Answers (or drops, for a null reply) now or after {@code delayMillis}, and counts it once. */
    private void finish(HttpExchangeAdapter ex, String counterKey, Reply reply, long delayMillis) {
        Runnable complete = () -> {
            if (reply == null) {
                state.counters.recordDropped(counterKey);
                ex.drop();
            } else {
                state.counters.record(counterKey, reply.status());
                ex.send(reply);
            }
        };
        if (delayMillis <= 0) {
            complete.run();
            return;
        }
        try {
            timer.schedule(() -> {
                try {
                    writer.execute(complete);
                } catch (RejectedExecutionException e) {
                    complete.run();
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            complete.run(); // stopping: answer at once
        }
    }

    private static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
