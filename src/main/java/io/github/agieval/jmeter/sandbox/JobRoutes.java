package io.github.agieval.jmeter.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.sandbox.RequestFields.BadRequest;
import java.util.SplittableRandom;
import static io.github.agieval.jmeter.sandbox.RequestFields.decode;
import static io.github.agieval.jmeter.sandbox.RequestFields.intField;
import static io.github.agieval.jmeter.sandbox.RequestFields.iso;
import static io.github.agieval.jmeter.sandbox.RequestFields.kind;
import static io.github.agieval.jmeter.sandbox.RequestFields.object;
import static io.github.agieval.jmeter.sandbox.RequestFields.putTime;
import static io.github.agieval.jmeter.sandbox.RequestFields.requiredString;
import static io.github.agieval.jmeter.sandbox.RequestFields.round3;

/**
 * Evaluation jobs on the public API: {@code POST /api/v1/evaluate} (validates the request and
 * submits it to the {@link JobEngine}), {@code GET /api/v1/jobs/{id}} and its results, and the JSON
 * views of a job ({@link #jobJson}, {@link #resultsJson}) that the workspace routes reuse.
 *
 * <p>Threading: stateless apart from the thread-safe stores of {@link SandboxState}; called
 * concurrently from every request thread. A {@link Job}'s status is read once per answer.
 */
final class JobRoutes {

    static final int MAX_PROMPTS = 100;
    static final int MAX_PROMPT_CHARS = 10_000;

    private final SandboxState state;

    JobRoutes(SandboxState state) {
        this.state = state;
    }

    Reply evaluate(TokenStore.Session s, byte[] body) {
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

    Reply job(TokenStore.Session s, String id) {
        Job j = owned(s, id);
        if (j == null) {
            return noJob(id);
        }
        j.polls.incrementAndGet();
        return Reply.json(200, jobJson(j, state.clock.getAsLong()));
    }
    static ObjectNode jobJson(Job j, long now) {
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

    Reply results(TokenStore.Session s, String id) {
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
}
