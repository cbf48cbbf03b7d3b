package io.github.agieval.jmeter.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.sandbox.RequestFields.BadRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import static io.github.agieval.jmeter.sandbox.RequestFields.intField;
import static io.github.agieval.jmeter.sandbox.RequestFields.iso;
import static io.github.agieval.jmeter.sandbox.RequestFields.kind;
import static io.github.agieval.jmeter.sandbox.RequestFields.object;
import static io.github.agieval.jmeter.sandbox.RequestFields.queryParam;
import static io.github.agieval.jmeter.sandbox.RequestFields.requiredString;
import static io.github.agieval.jmeter.sandbox.RequestFields.round3;

/**
 * A user's own workspace on the public API: the dashboard of recent jobs, datasets, the user's
 * benchmarks (beside the built-in ones) and the export of recent jobs as JSON or CSV.
 *
 * <p>Threading: stateless apart from the thread-safe stores of {@link SandboxState}; called
 * concurrently from every request thread.
 */
final class WorkspaceRoutes {

    private final SandboxState state;

    WorkspaceRoutes(SandboxState state) {
        this.state = state;
    }

    Reply dashboard(TokenStore.Session s) {
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
            ObjectNode jo = JobRoutes.jobJson(j, now);
            Job.Status st = j.status;
            if (st == Job.Status.QUEUED) {
                queued++;
            } else if (st == Job.Status.RUNNING) {
                running++;
            } else if (st == Job.Status.COMPLETED) {
                double sc = JobRoutes.resultsJson(j).path("score").asDouble();
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

    Reply datasets(TokenStore.Session s) {
        return list("datasets", state.users.touch(s.username()).datasets());
    }

    Reply createDataset(TokenStore.Session s, byte[] body) {
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

    Reply benchmarks(TokenStore.Session s) {
        ObjectNode o = Json.object();
        ArrayNode a = o.putArray("benchmarks");
        Catalog.BENCHMARKS.values().forEach(b -> a.add(b.toJson()));
        state.users.touch(s.username()).benchmarks().forEach(a::add);
        o.put("count", a.size());
        return Reply.json(200, o);
    }

    Reply createBenchmark(TokenStore.Session s, byte[] body) {
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

    Reply export(TokenStore.Session s, String query) {
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
        jobs.forEach(j -> a.add(JobRoutes.jobJson(j, now)));
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
}
