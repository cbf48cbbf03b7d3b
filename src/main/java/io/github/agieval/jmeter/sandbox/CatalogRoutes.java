package io.github.agieval.jmeter.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.agieval.jmeter.common.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import static io.github.agieval.jmeter.sandbox.RequestFields.decode;
import static io.github.agieval.jmeter.sandbox.RequestFields.queryParam;
import static io.github.agieval.jmeter.sandbox.RequestFields.round3;

/**
 * The read-only catalog of the public API: the service's health and status, the models (with
 * their reference scores) and the comparison of models over the built-in benchmarks.
 *
 * <p>Threading: reads the immutable {@link Catalog} and the thread-safe counters of
 * {@link SandboxState}; called concurrently from every request thread.
 */
final class CatalogRoutes {

    private final SandboxState state;

    CatalogRoutes(SandboxState state) {
        this.state = state;
    }

    Reply health() {
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

    Reply status() {
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

    Reply models() {
        ObjectNode o = Json.object();
        ArrayNode a = o.putArray("models");
        Catalog.MODELS.values().forEach(m -> a.add(m.toJson()));
        o.put("count", a.size());
        return Reply.json(200, o);
    }

    Reply model(String id) {
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

    Reply compare(String query) {
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
}
