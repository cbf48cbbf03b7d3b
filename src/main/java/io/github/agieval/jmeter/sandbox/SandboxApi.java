package io.github.agieval.jmeter.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.agieval.jmeter.common.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * The public API's behaviour, independent of the HTTP library: takes a matched {@link Route}, the
 * bearer token and the body, and returns a {@link Reply}. Fault injection, body limits, latency
 * and counting happen in the transport around it.
 *
 * <p>Threading: stateless apart from the thread-safe stores it is given; called concurrently from
 * every request thread.
 */
final class SandboxApi {

    static final int MAX_PROMPTS = 100;
    static final int MAX_PROMPT_CHARS = 10_000;
    static final int MAX_USERNAME_CHARS = 128;

    private final SandboxState state;

    SandboxApi(SandboxState state) {
        this.state = state;
    }

    /** A request as the API sees it. {@code body} is null for requests without one. */
    record Call(Route route, String param, String query, String authorization, byte[] body) {
    }

    Reply handle(Call c) {
        TokenStore.Session session = null;
        if (c.route().authenticated()) {
            String token = bearer(c.authorization());
            session = state.tokens.session(token);
            if (session == null) {
                return unauthorized(state.tokens.check(token));
            }
        }
        switch (c.route()) {
            case HEALTH:
                return health();
            case LOGIN:
                return login(c.body());
            case LOGOUT:
                state.tokens.revoke(bearer(c.authorization()));
                ObjectNode out = Json.object();
                out.put("status", "logged_out");
                return Reply.json(200, out);
            case STATUS:
                return status();
            case PROFILE:
                return profile(session);
            case MODELS:
                return models();
            case MODEL:
                return model(c.param());
            case EVALUATE:
                return evaluate(session, c.body());
            case JOB:
                return job(session, c.param());
            case JOB_RESULTS:
                return results(session, c.param());
            case DASHBOARD:
                return dashboard(session);
            case DATASETS_LIST:
                return list("datasets", state.users.touch(session.username()).datasets());
            case DATASETS_CREATE:
                return createDataset(session, c.body());
            case BENCHMARKS_LIST:
                return benchmarks(session);
            case BENCHMARKS_CREATE:
                return createBenchmark(session, c.body());
            case COMPARE:
                return compare(c.query());
            case EXPORT:
                return export(session, c.query());
            default:
                return Reply.error(404, "not_found", "no route for " + c.route().template());
        }
    }

    // ---- auth ----

    static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String a = authorization.trim();
        if (a.length() > 7 && a.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String t = a.substring(7).trim();
            return t.isEmpty() ? null : t;
        }
        return null;
    }

    private static Reply unauthorized(TokenStore.Check why) {
        String message;
        switch (why) {
            case MISSING:
                message = "missing bearer token: send 'Authorization: Bearer <access_token>' from POST /auth/login";
                break;
            case EXPIRED:
                message = "token expired; log in again";
                break;
            default:
                message = "invalid or revoked token; log in again";
                break;
        }
        return Reply.error(401, "unauthorized", message).withHeader("WWW-Authenticate", "Bearer");
    }

    private Reply login(byte[] body) {
        JsonNode req;
        String shape = "; expected {\"username\": \"...\", \"password\": \"...\"}";
        if (body == null || body.length == 0) {
            return Reply.error(400, "invalid_request", "request body is empty" + shape);
        }
        try {
            req = Json.mapper().readTree(body);
        } catch (java.io.IOException | RuntimeException e) {
            // the parser's message may quote a piece of the body, i.e. of the password: never echo it
            return Reply.error(400, "invalid_request", "request body is not valid JSON" + shape);
        }
        if (req == null || !req.isObject()) {
            return Reply.error(400, "invalid_request", "request body must be a JSON object" + shape);
        }
        String username;
        try {
            username = requiredString(req, "username", MAX_USERNAME_CHARS);
        } catch (BadRequest e) {
            return e.reply();
        }
        JsonNode pw = req.get("password");
        if (pw == null || !pw.isTextual() || pw.textValue().isEmpty() || pw.textValue().length() > 1024) {
            // generic on purpose: the submitted value is never described or echoed
            return Reply.error(400, "invalid_request", "field 'password' is required: a string of 1..1024 characters");
        }
        if (!passwordMatches(username, pw.textValue())) {
            return Reply.error(401, "invalid_credentials", "wrong username or password");
        }
        UserStore.User u = state.users.touch(username);
        u.logins.incrementAndGet();
        long lifetime = state.faults().tokenLifetimeSeconds();
        String token = state.tokens.issue(username, lifetime);
        ObjectNode o = Json.object();
        o.put("access_token", token);
        o.put("token_type", "bearer");
        o.put("expires_in", lifetime);
        o.put("username", username);
        return Reply.json(200, o);
    }

    /**
     * Whether {@code password} is {@code username}'s: its own password when per-user passwords are
     * configured (then an unlisted user cannot log in), else the shared one. Constant time.
     */
    private boolean passwordMatches(String username, String password) {
        java.util.Map<String, String> users = state.config.users();
        if (users.isEmpty()) {
            return AdminGuard.secretEquals(password, state.config.password());
        }
        String own = users.get(username);
        // compare against something even for an unknown user, so timing does not tell who exists
        boolean ok = AdminGuard.secretEquals(password, own == null ? state.config.password() : own);
        return own != null && ok;
    }

    // ---- simple reads ----

    private Reply health() {
        ObjectNode o = Json.object();
        if (state.faults().unhealthy()) {
            o.put("status", "degraded");
            return Reply.json(503, o);
        }
        o.put("status", "ok");
        o.put("version", Sandbox.VERSION);
        o.put("uptime_s", state.uptimeSeconds());
        return Reply.json(200, o);
    }

    private Reply status() {
        ObjectNode o = Json.object();
        o.put("status", state.faults().unhealthy() ? "degraded" : "ok");
        o.put("version", Sandbox.VERSION);
        o.put("uptime_s", state.uptimeSeconds());
        o.put("queue_depth", state.jobs.queued());
        o.put("running_jobs", state.jobs.running());
        o.put("workers", state.jobs.workers());
        o.put("queue_capacity", state.faults().queueCapacity());
        ObjectNode jobs = o.putObject("jobs");
        jobs.put("submitted", state.jobs.submitted());
        jobs.put("completed", state.jobs.completed());
        jobs.put("failed", state.jobs.failed());
        jobs.put("rejected", state.jobs.rejected());
        jobs.put("hung", state.jobs.hung());
        jobs.put("held", state.jobs.held());
        o.put("requests_total", state.counters.total());
        o.put("active_tokens", state.tokens.live());
        o.put("users", state.users.size());
        return Reply.json(200, o);
    }

    private Reply profile(TokenStore.Session s) {
        UserStore.User u = state.users.touch(s.username());
        ObjectNode o = Json.object();
        o.put("username", u.username);
        o.put("created_at", iso(u.createdAtMillis));
        o.put("logins", u.logins.get());
        o.put("jobs_submitted", u.submitted.get());
        o.put("jobs_completed", u.completed.get());
        o.put("jobs_failed", u.failed.get());
        o.put("token_expires_at", iso(s.expiresAtMillis()));
        o.put("plan", "sandbox");
        return Reply.json(200, o);
    }

    private Reply models() {
        ObjectNode o = Json.object();
        ArrayNode a = o.putArray("models");
        Catalog.MODELS.values().forEach(m -> a.add(m.toJson()));
        o.put("count", a.size());
        return Reply.json(200, o);
    }

    private Reply model(String id) {
        Catalog.Model m = Catalog.MODELS.get(decode(id));
        if (m == null) {
            return Reply.error(404, "not_found", "unknown model '" + decode(id) + "'; known: "
                    + String.join(", ", Catalog.MODELS.keySet()));
        }
        ObjectNode o = m.toJson();
        ObjectNode scores = o.putObject("reference_scores");
        Catalog.BENCHMARKS.values().forEach(b -> scores.put(b.id(), round3(Catalog.expectedScore(m, b.difficulty()))));
        return Reply.json(200, o);
    }

    // ---- jobs ----

    private Reply evaluate(TokenStore.Session s, byte[] body) {
        UserStore.User user = state.users.touch(s.username());
        JobEngine.Request r;
        try {
            JsonNode req = object(body);
            String model = requiredString(req, "model", 200);
            if (!Catalog.MODELS.containsKey(model)) {
                throw new BadRequest("field 'model': unknown model '" + model + "'; known: "
                        + String.join(", ", Catalog.MODELS.keySet()));
            }
            String benchmark = requiredString(req, "benchmark", 200);
            if (!Catalog.BENCHMARKS.containsKey(benchmark) && user.benchmark(benchmark) == null) {
                throw new BadRequest("field 'benchmark': unknown benchmark '" + benchmark + "'; known: "
                        + String.join(", ", Catalog.BENCHMARKS.keySet()) + " and your own from POST /api/v1/benchmarks");
            }
            JsonNode prompts = req.get("prompts");
            if (prompts == null || prompts.isNull()) {
                throw new BadRequest("field 'prompts' is required: a non-empty array of strings");
            }
            if (!prompts.isArray()) {
                throw new BadRequest("field 'prompts' must be an array of strings, got " + kind(prompts));
            }
            if (prompts.isEmpty()) {
                throw new BadRequest("field 'prompts' must not be empty");
            }
            if (prompts.size() > MAX_PROMPTS) {
                throw new BadRequest("field 'prompts' holds " + prompts.size() + " prompts; at most " + MAX_PROMPTS);
            }
            int[] chars = new int[prompts.size()];
            for (int i = 0; i < chars.length; i++) {
                JsonNode p = prompts.get(i);
                if (!p.isTextual() || p.textValue().isBlank()) {
                    throw new BadRequest("field 'prompts[" + i + "]' must be a non-empty string, got " + kind(p));
                }
                if (p.textValue().length() > MAX_PROMPT_CHARS) {
                    throw new BadRequest("field 'prompts[" + i + "]' has " + p.textValue().length()
                            + " characters; at most " + MAX_PROMPT_CHARS);
                }
                chars[i] = p.textValue().length();
            }
            double temperature = 0.7;
            int maxTokens = 500;
            int timeout = 300;
            JsonNode config = req.get("config");
            if (config != null && !config.isNull()) {
                if (!config.isObject()) {
                    throw new BadRequest("field 'config' must be an object, got " + kind(config));
                }
                JsonNode t = config.get("temperature");
                if (t != null && !t.isNull()) {
                    if (!t.isNumber()) {
                        throw new BadRequest("field 'config.temperature' must be a number, got " + kind(t));
                    }
                    temperature = t.doubleValue();
                    if (!(temperature >= 0 && temperature <= 2)) {
                        throw new BadRequest("field 'config.temperature' must be between 0 and 2, got " + t);
                    }
                }
                maxTokens = intField(config, "config.", "max_tokens", maxTokens, 1, 100_000);
                timeout = intField(config, "config.", "timeout", timeout, 1, 86_400);
            }
            r = new JobEngine.Request(model, benchmark, chars, temperature, maxTokens, timeout);
        } catch (BadRequest e) {
            return e.reply();
        }
        Job job;
        try {
            job = state.jobs.submit(s.username(), r);
        } catch (JobEngine.QueueFullException e) {
            user.rejected.incrementAndGet();
            int status = state.faults().queueFullStatus();
            return Reply.error(status, status == 429 ? "queue_full" : "service_unavailable", e.getMessage())
                    .withHeader("Retry-After", Integer.toString(e.retryAfterSeconds));
        }
        user.submitted.incrementAndGet();
        user.addJob(job.id);
        ObjectNode o = Json.object();
        o.put("job_id", job.id);
        o.put("status", "queued");
        o.put("created_at", iso(job.createdAtMillis));
        o.put("status_url", "/api/v1/jobs/" + job.id);
        return Reply.json(202, o).withHeader("Location", "/api/v1/jobs/" + job.id);
    }

    private Job owned(TokenStore.Session s, String id) {
        Job j = state.jobs.get(decode(id));
        return j != null && j.owner.equals(s.username()) ? j : null;
    }

    private static Reply noJob(String id) {
        return Reply.error(404, "not_found", "no job '" + decode(id) + "' for this user (unknown, expired or someone else's)");
    }

    private Reply job(TokenStore.Session s, String id) {
        Job j = owned(s, id);
        if (j == null) {
            return noJob(id);
        }
        j.polls.incrementAndGet();
        return Reply.json(200, jobJson(j, state.clock.getAsLong()));
    }

    ObjectNode jobJson(Job j, long now) {
        Job.Status st = j.status;
        ObjectNode o = Json.object();
        o.put("job_id", j.id);
        o.put("status", st.text());
        o.put("progress", j.progressPercent(now));
        o.put("model", j.model);
        o.put("benchmark", j.benchmark);
        o.put("prompt_count", j.promptChars.length);
        o.put("created_at", iso(j.createdAtMillis));
        putTime(o, "started_at", st == Job.Status.QUEUED ? 0 : j.startedAtMillis);
        putTime(o, "finished_at", st.finished() ? j.finishedAtMillis : 0);
        if (st == Job.Status.FAILED) {
            o.put("error", j.error);
        }
        if (st.finished()) {
            o.put("results_url", "/api/v1/jobs/" + j.id + "/results");
        }
        return o;
    }

    private Reply results(TokenStore.Session s, String id) {
        Job j = owned(s, id);
        if (j == null) {
            return noJob(id);
        }
        Job.Status st = j.status;
        if (!st.finished()) {
            return Reply.error(409, "job_not_finished", "job '" + j.id + "' is " + st.text()
                    + "; results are available once it is completed or failed");
        }
        j.resultFetches.incrementAndGet();
        return Reply.json(200, resultsJson(j));
    }

    /** Deterministic simulated results of a finished job (same job, same answer). */
    static ObjectNode resultsJson(Job j) {
        Catalog.Model model = Catalog.MODELS.get(j.model);
        Catalog.Benchmark bench = Catalog.BENCHMARKS.get(j.benchmark);
        double difficulty = bench != null ? bench.difficulty() : 0.9;
        String metric = bench != null ? bench.metric() : "accuracy";
        double expected = Catalog.expectedScore(model, difficulty);
        SplittableRandom rnd = new SplittableRandom(j.seed);
        boolean failed = j.status == Job.Status.FAILED;
        int done = failed ? (int) Math.floor(j.promptChars.length * j.failAt) : j.promptChars.length;
        ObjectNode o = Json.object();
        o.put("job_id", j.id);
        o.put("status", j.status.text());
        o.put("model", j.model);
        o.put("benchmark", j.benchmark);
        ArrayNode per = Json.mapper().createArrayNode();
        int correct = 0;
        double scoreSum = 0;
        long tokens = 0;
        for (int i = 0; i < done; i++) {
            double score = Math.max(0, Math.min(1, expected + (rnd.nextDouble() - 0.5) * 0.3
                    - (j.temperature - 0.7) * 0.05));
            boolean ok = rnd.nextDouble() < expected;
            int outTokens = 1 + rnd.nextInt(Math.max(1, j.maxTokens));
            ObjectNode p = per.addObject();
            p.put("index", i);
            p.put("prompt_chars", j.promptChars[i]);
            p.put("output_tokens", outTokens);
            p.put("score", round3(score));
            p.put("correct", ok);
            p.put("latency_ms", 50 + rnd.nextInt(2000));
            correct += ok ? 1 : 0;
            scoreSum += score;
            tokens += outTokens;
        }
        if (failed) {
            o.put("error", j.error);
            o.putNull("score");
            o.putNull("scores");
        } else {
            double accuracy = done == 0 ? 0 : (double) correct / done;
            double mean = done == 0 ? 0 : scoreSum / done;
            double main = metric.equals("accuracy") ? accuracy : mean;
            o.put("score", round3(main));
            o.put("metric", metric);
            ObjectNode scores = o.putObject("scores");
            scores.put(metric, round3(main));
            scores.put("mean_score", round3(mean));
            scores.put("accuracy", round3(accuracy));
        }
        o.put("prompts_evaluated", done);
        o.put("prompt_count", j.promptChars.length);
        ObjectNode usage = o.putObject("usage");
        usage.put("output_tokens", tokens);
        usage.put("max_tokens", j.maxTokens);
        o.set("results", per);
        o.put("created_at", iso(j.createdAtMillis));
        putTime(o, "started_at", j.startedAtMillis);
        putTime(o, "finished_at", j.finishedAtMillis);
        return o;
    }

    private Reply dashboard(TokenStore.Session s) {
        UserStore.User u = state.users.touch(s.username());
        long now = state.clock.getAsLong();
        ObjectNode o = Json.object();
        o.put("username", u.username);
        ArrayNode recent = o.putArray("recent_jobs");
        int queued = 0;
        int running = 0;
        double scoreSum = 0;
        int scored = 0;
        for (String id : u.recentJobs()) {
            Job j = state.jobs.get(id);
            if (j == null) {
                continue;
            }
            ObjectNode jo = jobJson(j, now);
            Job.Status st = j.status;
            if (st == Job.Status.QUEUED) {
                queued++;
            } else if (st == Job.Status.RUNNING) {
                running++;
            } else if (st == Job.Status.COMPLETED) {
                double sc = resultsJson(j).path("score").asDouble();
                jo.put("score", sc);
                scoreSum += sc;
                scored++;
            }
            recent.add(jo);
        }
        ObjectNode totals = o.putObject("totals");
        totals.put("submitted", u.submitted.get());
        totals.put("completed", u.completed.get());
        totals.put("failed", u.failed.get());
        totals.put("rejected", u.rejected.get());
        totals.put("queued_now", queued);
        totals.put("running_now", running);
        if (scored > 0) {
            o.put("average_score", round3(scoreSum / scored));
        } else {
            o.putNull("average_score");
        }
        return Reply.json(200, o);
    }

    // ---- datasets, benchmarks, compare, export ----

    private Reply createDataset(TokenStore.Session s, byte[] body) {
        ObjectNode d = Json.object();
        try {
            JsonNode req = object(body);
            String name = requiredString(req, "name", 200);
            JsonNode items = req.get("items");
            int count;
            if (items == null || items.isNull()) {
                count = intField(req, "", "size", 0, 0, 10_000_000);
            } else if (!items.isArray()) {
                throw new BadRequest("field 'items' must be an array, got " + kind(items));
            } else {
                count = items.size();
            }
            d.put("dataset_id", "ds_" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            d.put("name", name);
            JsonNode desc = req.get("description");
            if (desc != null && !desc.isNull()) {
                if (!desc.isTextual()) {
                    throw new BadRequest("field 'description' must be a string, got " + kind(desc));
                }
                d.put("description", desc.textValue().length() > 1000 ? desc.textValue().substring(0, 1000) : desc.textValue());
            }
            d.put("item_count", count);
            d.put("owner", s.username());
            d.put("created_at", iso(state.clock.getAsLong()));
        } catch (BadRequest e) {
            return e.reply();
        }
        state.users.touch(s.username()).addDataset(d);
        return Reply.json(201, d);
    }

    private Reply benchmarks(TokenStore.Session s) {
        ObjectNode o = Json.object();
        ArrayNode a = o.putArray("benchmarks");
        Catalog.BENCHMARKS.values().forEach(b -> a.add(b.toJson()));
        state.users.touch(s.username()).benchmarks().forEach(a::add);
        o.put("count", a.size());
        return Reply.json(200, o);
    }

    private Reply createBenchmark(TokenStore.Session s, byte[] body) {
        ObjectNode b = Json.object();
        try {
            JsonNode req = object(body);
            String name = requiredString(req, "name", 64);
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw new BadRequest("field 'name' must be letters, digits, '_', '.' or '-', got '" + name + "'");
            }
            if (Catalog.BENCHMARKS.containsKey(name)) {
                throw new BadRequest("field 'name': '" + name + "' is a built-in benchmark");
            }
            String metric = "accuracy";
            JsonNode m = req.get("metric");
            if (m != null && !m.isNull()) {
                if (!m.isTextual() || m.textValue().isBlank() || m.textValue().length() > 64) {
                    throw new BadRequest("field 'metric' must be a short non-empty string, got " + kind(m));
                }
                metric = m.textValue();
            }
            JsonNode ds = req.get("dataset_id");
            if (ds != null && !ds.isNull() && !ds.isTextual()) {
                throw new BadRequest("field 'dataset_id' must be a string, got " + kind(ds));
            }
            b.put("id", "bm_" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            b.put("benchmark_id", b.get("id").asText());
            b.put("name", name);
            b.put("metric", metric);
            if (ds != null && ds.isTextual()) {
                b.put("dataset_id", ds.textValue());
            }
            b.put("builtin", false);
            b.put("owner", s.username());
            b.put("created_at", iso(state.clock.getAsLong()));
        } catch (BadRequest e) {
            return e.reply();
        }
        state.users.touch(s.username()).addBenchmark(b);
        return Reply.json(201, b);
    }

    private Reply compare(String query) {
        String models = queryParam(query, "models");
        if (models == null || models.isBlank()) {
            return Reply.error(400, "invalid_request", "query parameter 'models' is required, e.g. ?models=gpt-4,claude-3-opus");
        }
        List<Catalog.Model> chosen = new ArrayList<>();
        for (String id : models.split(",")) {
            Catalog.Model m = Catalog.MODELS.get(id.trim());
            if (m == null) {
                return Reply.error(400, "invalid_request", "query parameter 'models': unknown model '" + id.trim()
                        + "'; known: " + String.join(", ", Catalog.MODELS.keySet()));
            }
            if (!chosen.contains(m)) {
                chosen.add(m);
            }
        }
        if (chosen.size() < 2) {
            return Reply.error(400, "invalid_request", "query parameter 'models' needs at least two different models");
        }
        ObjectNode o = Json.object();
        ArrayNode names = o.putArray("models");
        chosen.forEach(m -> names.add(m.id()));
        ObjectNode byBench = o.putObject("benchmarks");
        Map<String, Double> totals = new LinkedHashMap<>();
        for (Catalog.Benchmark b : Catalog.BENCHMARKS.values()) {
            ObjectNode row = byBench.putObject(b.id());
            for (Catalog.Model m : chosen) {
                double sc = round3(Catalog.expectedScore(m, b.difficulty()));
                row.put(m.id(), sc);
                totals.merge(m.id(), sc, Double::sum);
            }
        }
        String best = null;
        for (Map.Entry<String, Double> e : totals.entrySet()) {
            if (best == null || e.getValue() > totals.get(best)) {
                best = e.getKey();
            }
        }
        o.put("best_overall", best);
        return Reply.json(200, o);
    }

    private Reply export(TokenStore.Session s, String query) {
        String format = queryParam(query, "format");
        if (format == null || format.isEmpty()) {
            format = "json";
        }
        format = format.toLowerCase(Locale.ROOT);
        if (!format.equals("json") && !format.equals("csv")) {
            return Reply.error(400, "invalid_request", "query parameter 'format' must be json or csv, got '" + format + "'");
        }
        UserStore.User u = state.users.touch(s.username());
        long now = state.clock.getAsLong();
        List<Job> jobs = new ArrayList<>();
        for (String id : u.recentJobs()) {
            Job j = state.jobs.get(id);
            if (j != null) {
                jobs.add(j);
            }
        }
        if (format.equals("csv")) {
            StringBuilder sb = new StringBuilder("job_id,status,model,benchmark,prompt_count,progress,created_at,finished_at\n");
            for (Job j : jobs) {
                sb.append(j.id).append(',').append(j.status.text()).append(',').append(j.model).append(',')
                        .append(j.benchmark).append(',').append(j.promptChars.length).append(',')
                        .append(j.progressPercent(now)).append(',').append(iso(j.createdAtMillis)).append(',')
                        .append(j.status.finished() ? iso(j.finishedAtMillis) : "").append('\n');
            }
            return Reply.text(200, "text/csv; charset=utf-8", sb.toString())
                    .withHeader("Content-Disposition", "attachment; filename=\"export.csv\"");
        }
        ObjectNode o = Json.object();
        o.put("username", u.username);
        o.put("exported_at", iso(now));
        ArrayNode a = o.putArray("jobs");
        jobs.forEach(j -> a.add(jobJson(j, now)));
        o.put("count", a.size());
        return Reply.json(200, o);
    }

    private static Reply list(String name, List<ObjectNode> items) {
        ObjectNode o = Json.object();
        ArrayNode a = o.putArray(name);
        items.forEach(a::add);
        o.put("count", a.size());
        return Reply.json(200, o);
    }

    // ---- helpers ----

    /** A 400 with a message naming the field. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }

        Reply reply() {
            return Reply.error(400, "invalid_request", getMessage());
        }
    }

    static JsonNode object(byte[] body) throws BadRequest {
        if (body == null || body.length == 0) {
            throw new BadRequest("request body is empty; expected a JSON object");
        }
        JsonNode n;
        try {
            n = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequest("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException | RuntimeException e) {
            throw new BadRequest("request body is not valid JSON");
        }
        if (n == null || !n.isObject()) {
            throw new BadRequest("request body must be a JSON object, got " + kind(n));
        }
        return n;
    }

    static String requiredString(JsonNode req, String field, int maxChars) throws BadRequest {
        JsonNode v = req.get(field);
        if (v == null || v.isNull()) {
            throw new BadRequest("field '" + field + "' is required");
        }
        if (!v.isTextual()) {
            throw new BadRequest("field '" + field + "' must be a string, got " + kind(v));
        }
        String s = v.textValue();
        if (s.isBlank()) {
            throw new BadRequest("field '" + field + "' must not be empty");
        }
        if (s.length() > maxChars) {
            throw new BadRequest("field '" + field + "' is longer than " + maxChars + " characters");
        }
        return s;
    }

    static int intField(JsonNode obj, String prefix, String field, int dflt, int min, int max) throws BadRequest {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        String name = prefix + field;
        if (!v.isIntegralNumber() && !(v.isNumber() && v.doubleValue() == Math.rint(v.doubleValue()))) {
            throw new BadRequest("field '" + name + "' must be an integer, got " + kind(v));
        }
        long n = v.longValue();
        if (v.isNumber() && (v.doubleValue() < min || v.doubleValue() > max)) {
            throw new BadRequest("field '" + name + "' must be between " + min + " and " + max + ", got " + v);
        }
        return (int) n;
    }

    static String kind(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "null";
        }
        String text = n.toString();
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return n.getNodeType().name().toLowerCase(Locale.ROOT) + " " + text;
    }

    static String queryParam(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
            if (k.equals(name)) {
                return eq < 0 ? "" : decodeQuery(pair.substring(eq + 1));
            }
        }
        return null;
    }

    /** A path segment, percent-decoded ('+' stays '+'); undecodable text is kept as sent. */
    static String decode(String s) {
        if (s == null || s.indexOf('%') < 0) {
            return s;
        }
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** A query string name or value, form-decoded ('+' is a space). */
    static String decodeQuery(String s) {
        if (s == null || s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private static void putTime(ObjectNode o, String field, long millis) {
        if (millis == 0) {
            o.putNull(field);
        } else {
            o.put(field, iso(millis));
        }
    }

    static double round3(double d) {
        return Math.round(d * 1000) / 1000.0;
    }
}
