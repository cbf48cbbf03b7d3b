package io.github.agieval.jmeter.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.agieval.jmeter.common.Json;
import java.util.Comparator;
import java.util.List;

/**
 * The test-facing admin API under {@code /__admin/} ({@code /metrics} is {@link SandboxMetrics}).
 * Not counted and never subject to injected faults. Every request has passed {@link AdminGuard}
 * (token, origin, host, content type) before it gets here.
 *
 * <ul>
 * <li>{@code GET /__admin/faults}; {@code PATCH} or {@code POST /__admin/faults} (merge the given keys);
 *     {@code PUT /__admin/faults} (defaults plus the given keys)</li>
 * <li>{@code GET /__admin/counters}; {@code DELETE /__admin/counters}</li>
 * <li>{@code GET /__admin/jobs[?owner=&status=]}; {@code GET /__admin/jobs/{id}}</li>
 * <li>{@code GET /__admin/config}; {@code POST /__admin/reset}</li>
 * </ul>
 */
final class AdminApi {

    static final String PREFIX = "/__admin";

    private final SandboxState state;
    private final String serverName;

    AdminApi(SandboxState state, String serverName) {
        this.state = state;
        this.serverName = serverName;
    }

    Reply handle(String method, String path, String query, byte[] body) {
        String sub = path.length() > PREFIX.length() ? path.substring(PREFIX.length()) : "/";
        switch (sub) {
            case "/faults":
                switch (method) {
                    case "GET":
                        return Reply.json(200, state.faults().toJson());
                    case "PATCH":
                    case "POST":
                    case "PUT":
                        return changeFaults(method, body);
                    default:
                        return notAllowed(method, path, "GET, PATCH, POST, PUT");
                }
            case "/counters":
                if (method.equals("GET")) {
                    return Reply.json(200, state.counters.toJson());
                }
                if (method.equals("DELETE")) {
                    state.counters.reset();
                    return Reply.json(200, state.counters.toJson());
                }
                return notAllowed(method, path, "GET, DELETE");
            case "/jobs":
                if (!method.equals("GET")) {
                    return notAllowed(method, path, "GET");
                }
                return jobs(RequestFields.queryParam(query, "owner"), RequestFields.queryParam(query, "status"));
            case "/config":
                if (!method.equals("GET")) {
                    return notAllowed(method, path, "GET");
                }
                return Reply.json(200, config());
            case "/reset":
                if (!method.equals("POST")) {
                    return notAllowed(method, path, "POST");
                }
                state.reset();
                ObjectNode o = Json.object();
                o.put("status", "reset");
                return Reply.json(200, o);
            default:
                if (sub.startsWith("/jobs/") && sub.length() > 6 && sub.indexOf('/', 6) < 0) {
                    if (!method.equals("GET")) {
                        return notAllowed(method, path, "GET");
                    }
                    Job j = state.jobs.get(RequestFields.decode(sub.substring(6)));
                    return j == null ? Reply.error(404, "not_found", "no job '" + sub.substring(6) + "'")
                            : Reply.json(200, jobRecord(j));
                }
                return Reply.error(404, "not_found", "no admin route " + path
                        + "; see /__admin/faults, /__admin/counters, /__admin/jobs, /__admin/config, /__admin/reset");
        }
    }

    private static Reply notAllowed(String method, String path, String allow) {
        return Reply.error(405, "method_not_allowed", method + " is not allowed on " + path + "; allowed: " + allow)
                .withHeader("Allow", allow);
    }

    private Reply changeFaults(String method, byte[] body) {
        JsonNode patch;
        try {
            patch = RequestFields.object(body);
        } catch (RequestFields.BadRequest e) {
            return e.reply();
        }
        try {
            synchronized (state.faults) {
                Faults base = method.equals("PUT") ? Faults.NONE : state.faults();
                Faults next = base.merge(patch);
                state.faults(next);
                return Reply.json(200, next.toJson());
            }
        } catch (IllegalArgumentException e) {
            return Reply.error(400, "invalid_request", e.getMessage());
        }
    }

    private Reply jobs(String owner, String status) {
        List<Job> all = state.jobs.all();
        all.sort(Comparator.comparingLong((Job j) -> j.createdAtMillis).thenComparing(j -> j.id));
        ObjectNode o = Json.object();
        ArrayNode a = Json.mapper().createArrayNode();
        for (Job j : all) {
            if (owner != null && !owner.equals(j.owner)) {
                continue;
            }
            if (status != null && !status.equals(j.status.text())) {
                continue;
            }
            a.add(jobRecord(j));
        }
        o.put("count", a.size());
        o.put("submitted", state.jobs.submitted());
        o.put("completed", state.jobs.completed());
        o.put("failed", state.jobs.failed());
        o.put("rejected", state.jobs.rejected());
        o.put("expired", state.jobs.expired());
        o.set("jobs", a);
        return Reply.json(200, o);
    }

    static ObjectNode jobRecord(Job j) {
        Job.Status st = j.status;
        ObjectNode o = Json.object();
        o.put("job_id", j.id);
        o.put("owner", j.owner);
        o.put("status", st.text());
        o.put("model", j.model);
        o.put("benchmark", j.benchmark);
        o.put("prompt_count", j.promptChars.length);
        o.put("max_tokens", j.maxTokens);
        o.put("created_at_ms", j.createdAtMillis);
        ms(o, "started_at_ms", st == Job.Status.QUEUED ? 0 : j.startedAtMillis);
        ms(o, "finished_at_ms", st.finished() ? j.finishedAtMillis : 0);
        o.put("planned_duration_ms", j.durationMillis);
        o.put("polls", j.polls.get());
        o.put("result_fetches", j.resultFetches.get());
        o.put("hung", j.willHang);
        if (j.error != null && (st == Job.Status.FAILED || j.willFail)) {
            o.put("error", j.error);
        }
        return o;
    }

    private static void ms(ObjectNode o, String field, long v) {
        if (v == 0) {
            o.putNull(field);
        } else {
            o.put(field, v);
        }
    }

    private ObjectNode config() {
        SandboxConfig c = state.config;
        ObjectNode o = Json.object();
        o.put("host", c.host());
        o.put("time_factor", c.timeFactor());
        o.put("workers", c.workers());
        o.put("max_body_bytes", c.maxBodyBytes());
        o.put("job_retention_s", c.jobRetention().toSeconds());
        o.put("max_retained_jobs", c.maxRetainedJobs());
        o.put("max_tokens", c.maxTokens());
        o.put("io_threads", c.ioThreads());
        o.put("server", serverName);
        o.put("version", Sandbox.VERSION);
        o.set("faults", state.faults().toJson());
        return o;
    }
}
