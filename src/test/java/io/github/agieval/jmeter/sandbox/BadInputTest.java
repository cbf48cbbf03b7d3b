package io.github.agieval.jmeter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.agieval.jmeter.common.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile input never crashes the sandbox nor makes it hold memory: every answer is the
 * documented JSON error, and the server keeps serving. Run on both server libraries.
 */
class BadInputTest {

    private static final String[] POST_ENDPOINTS = {"/auth/login", "/api/v1/evaluate", "/api/v1/datasets",
        "/api/v1/benchmarks"};

    private static void assertJsonError(int status, String body, int expectedStatus) {
        assertThat(status).as(body).isEqualTo(expectedStatus);
        JsonNode j = Json.parse(body);
        assertThat(j.path("error").isTextual()).as(body).isTrue();
        assertThat(j.path("message").isTextual()).as(body).isTrue();
    }

    private static HttpResponse<String> postBytes(Sandbox s, String path, byte[] body, String token, boolean chunked)
            throws IOException, InterruptedException {
        HttpRequest.BodyPublisher pub = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.baseUrl() + path)).POST(pub);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @EnumSource(SandboxConfig.Server.class)
    void shouldAnswerJsonErrorsToMalformedAndRandomBodies(SandboxConfig.Server server) throws Exception {
        try (Sandbox s = Sandbox.start(SandboxConfig.builder().server(server).maxBodyBytes(64 * 1024).build())) {
            SandboxClient c = new SandboxClient(s);
            String token = c.login("fuzzer");
            Random random = new Random(7);
            String[] malformed = {"{", "}", "null", "42", "\"text\"", "[]", "{\"username\":", "{'a':1}",
                "{\"model\":{\"$gt\":\"\"}}", "[".repeat(5000), "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}",
                "{\"prompts\":[" + "1e999999".repeat(1) + "]}", "\u0000\u0001"};
            int answered = 0;
            for (String path : POST_ENDPOINTS) {
                for (String m : malformed) {
                    HttpResponse<String> r = postBytes(s, path, m.getBytes(StandardCharsets.UTF_8), token, false);
                    assertJsonError(r.statusCode(), r.body(), 400);
                    answered++;
                }
                for (int i = 0; i < 40; i++) {
                    byte[] junk = new byte[1 + random.nextInt(2000)];
                    random.nextBytes(junk);
                    HttpResponse<String> r = postBytes(s, path, junk, token, i % 2 == 0);
                    assertJsonError(r.statusCode(), r.body(), 400);
                    answered++;
                }
                // invalid UTF-8 inside a string
                byte[] badUtf8 = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
                HttpResponse<String> r = postBytes(s, path, badUtf8, token, false);
                assertThat(r.statusCode()).isIn(400, 201);
                answered++;
            }
            assertThat(s.counters().total()).isEqualTo(answered + 1);
            assertThat(c.get("/__admin/jobs").json().path("count").asInt()).isZero();
            assertThat(c.get("/api/v1/status").json().path("users").asInt()).isEqualTo(1);
            assertThat(c.get("/health").status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(SandboxConfig.Server.class)
    void shouldAnswer413ToHugeBodiesWithAndWithoutLength(SandboxConfig.Server server) throws Exception {
        try (Sandbox s = Sandbox.start(SandboxConfig.builder().server(server).maxBodyBytes(1024).build())) {
            SandboxClient c = new SandboxClient(s);
            String token = c.login("big");
            byte[] huge = ("{\"name\":\"" + "x".repeat(300 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
            for (String path : POST_ENDPOINTS) {
                for (boolean chunked : new boolean[] {false, true}) {
                    HttpResponse<String> r;
                    try {
                        r = postBytes(s, path, huge, token, chunked);
                    } catch (IOException e) {
                        // the server may close while the client still sends; the answer was counted
                        continue;
                    }
                    assertJsonError(r.statusCode(), r.body(), 413);
                    assertThat(r.body()).contains("larger than 1024 bytes");
                }
            }
            // exactly at the limit is fine
            byte[] atLimit = ("{\"username\":\"u\",\"password\":\"test-password\",\"pad\":\""
                    + "y".repeat(1024 - 52) + "\"}").getBytes(StandardCharsets.UTF_8);
            assertThat(atLimit).hasSize(1024);
            assertThat(postBytes(s, "/auth/login", atLimit, null, false).statusCode()).isEqualTo(200);
            // a declared length over the limit is refused before any body is read (the JDK server
            // drains up to 64 KiB of the rest before closing, so that client stops sending)
            String raw = new String(FaultInjectionTest.rawExchange(s, "POST /auth/login HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 999999999\r\n\r\n{",
                    server == SandboxConfig.Server.JDK), StandardCharsets.ISO_8859_1);
            assertThat(raw).startsWith("HTTP/1.1 413").contains("payload_too_large");
            assertThat(s.counters().count("POST /auth/login", "413")).isBetween(1L, 3L);
            assertThat(c.get("/health").status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(SandboxConfig.Server.class)
    void shouldAnswerJsonErrorsToOddPathsAndMethods(SandboxConfig.Server server) throws Exception {
        try (Sandbox s = Sandbox.start(SandboxConfig.builder().server(server).build())) {
            SandboxClient c = new SandboxClient(s);
            String token = c.login("odd");
            String[] notFound = {"/", "/api", "/api/v1", "/api/v1/jobs", "/api/v1/jobs/", "/api/v1/jobs//results",
                "/api/v1/jobs/x/results/more", "/health/", "/HEALTH", "/api/v1/models/gpt-4/extra",
                "/%2e%2e/etc/passwd", "/" + "a".repeat(3000)};
            for (String p : notFound) {
                SandboxClient.Answer a = c.get(p, token);
                assertJsonError(a.status(), a.body(), 404);
            }
            for (String m : new String[] {"PUT", "DELETE", "PATCH", "OPTIONS", "FOO"}) {
                SandboxClient.Answer a = c.send(m, "/auth/login", null, null);
                assertJsonError(a.status(), a.body(), 405);
            }
            SandboxClient.Answer weird = c.get("/api/v1/jobs/%E2%9C%93%20x", token);
            assertJsonError(weird.status(), weird.body(), 404);
            assertThat(weird.json().path("message").asText()).contains("no job '\u2713 x'");
            SandboxClient.Answer plus = c.get("/api/v1/models/gpt%2B4+x", token);
            assertJsonError(plus.status(), plus.body(), 404);
            assertThat(plus.json().path("message").asText()).contains("unknown model 'gpt+4+x'");
            assertThat(s.counters().count(Route.UNMATCHED, "404")).isEqualTo(notFound.length);
            assertThat(c.get("/health").status()).isEqualTo(200);
        }
    }
}
