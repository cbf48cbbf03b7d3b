package io.github.agieval.jmeter.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.agieval.jmeter.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Small real-HTTP client for sandbox tests (java.net.http). Requests to the admin API carry the
 * sandbox's admin token (header {@code X-Admin-Token}) and, for writes, {@code Content-Type:
 * application/json}, as the admin API requires.
 */
final class SandboxClient {

    record Answer(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            return Json.parse(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String adminToken;

    SandboxClient(Sandbox sandbox) {
        this.base = sandbox.baseUrl();
        this.adminToken = sandbox.adminToken();
    }

    Answer get(String path) {
        return send("GET", path, null, null);
    }

    Answer get(String path, String token) {
        return send("GET", path, null, token);
    }

    Answer post(String path, String body) {
        return send("POST", path, body, null);
    }

    Answer post(String path, String body, String token) {
        return send("POST", path, body, token);
    }

    Answer send(String method, String path, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        boolean admin = path.startsWith("/__admin");
        if (body != null || (admin && !method.equals("GET") && !method.equals("DELETE"))) {
            b.header("Content-Type", "application/json");
        }
        if (admin) {
            b.header(AdminGuard.HEADER, adminToken);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String login(String user) {
        Answer a = post("/auth/login", "{\"username\":\"" + user + "\",\"password\":\"test-password\"}");
        if (a.status() != 200) {
            throw new AssertionError("login failed: " + a.status() + " " + a.body());
        }
        return a.json().get("access_token").asText();
    }

    static String evalBody(String model, String benchmark, int prompts, int maxTokens) {
        StringBuilder sb = new StringBuilder("{\"model\":\"" + model + "\",\"benchmark\":\"" + benchmark + "\",\"prompts\":[");
        for (int i = 0; i < prompts; i++) {
            sb.append(i > 0 ? "," : "").append("\"prompt ").append(i).append('"');
        }
        return sb.append("],\"config\":{\"temperature\":0.5,\"max_tokens\":").append(maxTokens)
                .append(",\"timeout\":300}}").toString();
    }

    String submit(String token, int prompts, int maxTokens) {
        Answer a = post("/api/v1/evaluate", evalBody("gpt-4", "mmlu", prompts, maxTokens), token);
        if (a.status() != 202) {
            throw new AssertionError("submit failed: " + a.status() + " " + a.body());
        }
        return a.json().get("job_id").asText();
    }

    /**
     * For a sandbox on a {@link VirtualSandboxClock}: moves virtual time on in steps of
     * {@code stepMs}, reading the job after each, until it is completed or failed; fails the test
     * if it is not within {@code maxMs} of virtual time. No real time passes.
     */
    JsonNode advanceUntilFinished(VirtualSandboxClock clock, String token, String jobId, long stepMs, long maxMs) {
        JsonNode last = null;
        for (long waited = 0; waited <= maxMs; waited += stepMs) {
            last = get("/api/v1/jobs/" + jobId, token).json();
            String s = last.path("status").asText();
            if (s.equals("completed") || s.equals("failed")) {
                return last;
            }
            clock.advance(stepMs);
        }
        throw new AssertionError("job " + jobId + " not finished within " + maxMs + " virtual ms: " + last);
    }

    /** Polls the job until it is completed or failed (or the deadline passes). */
    JsonNode awaitFinished(String token, String jobId, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < end) {
            last = get("/api/v1/jobs/" + jobId, token).json();
            String s = last.path("status").asText();
            if (s.equals("completed") || s.equals("failed")) {
                return last;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("job " + jobId + " not finished within " + max + ": " + last);
    }
}
