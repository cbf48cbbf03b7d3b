package io.github.agieval.jmeter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agieval.jmeter.sandbox.RawHttp.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Access control of the admin API and secrets in answers, over real sockets on 127.0.0.1: what a
 * web page in the developer's browser (cross-origin, DNS rebinding) or another local user could send.
 */
class AdminSecurityTest {

    private static final String TOKEN = "0123456789abcdef-admin-secret";
    private static Sandbox sandbox;
    private static int port;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxConfig.builder().adminToken(TOKEN).build());
        port = sandbox.port();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static Response admin(String method, String path, String body, String... headers) {
        return RawHttp.exchange(port, method, path, body, headers);
    }

    @Test
    void shouldRefuseAdminRequestsWithoutTheRightToken() {
        Response none = admin("GET", "/__admin/faults", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body()).contains("\"error\":\"admin_token_required\"").doesNotContain(TOKEN);
        Response wrong = admin("POST", "/__admin/reset", "{}", "X-Admin-Token: guess-guess-guess-1",
                "Content-Type: application/json");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain(TOKEN).doesNotContain("guess-guess-guess-1");
        Response right = admin("GET", "/__admin/faults", null, "X-Admin-Token: " + TOKEN);
        assertThat(right.status()).isEqualTo(200);
        assertThat(right.body()).contains("\"token_lifetime_s\":3600").doesNotContain(TOKEN);
        assertThat(admin("GET", "/__admin/config", null, "X-Admin-Token: " + TOKEN).body()).doesNotContain(TOKEN);
    }

    @Test
    void shouldRefuseCrossOriginAndNonJsonWritesEvenWithTheToken() {
        sandbox.faults(Faults.NONE);
        // what a page on another site can send without a CORS preflight: text/plain POST
        Response crossSite = admin("POST", "/__admin/faults", "{\"unhealthy\":true}", "Origin: http://evil.example",
                "Content-Type: text/plain", "X-Admin-Token: " + TOKEN);
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(crossSite.body()).contains("\"error\":\"cross_origin\"");
        Response plain = admin("POST", "/__admin/faults", "{\"unhealthy\":true}", "Content-Type: text/plain",
                "X-Admin-Token: " + TOKEN);
        assertThat(plain.status()).isEqualTo(415);
        Response noType = admin("POST", "/__admin/reset", null, "X-Admin-Token: " + TOKEN);
        assertThat(noType.status()).isEqualTo(415);
        assertThat(sandbox.faults().unhealthy()).as("nothing changed").isFalse();
        Response sameOrigin = admin("PATCH", "/__admin/faults", "{\"unhealthy\":true}",
                "Origin: http://127.0.0.1:" + port, "Content-Type: application/json; charset=utf-8",
                "X-Admin-Token: " + TOKEN);
        assertThat(sameOrigin.status()).as(sameOrigin.text()).isEqualTo(200);
        assertThat(sandbox.faults().unhealthy()).isTrue();
        sandbox.faults(Faults.NONE);
    }

    @Test
    void shouldRefuseHostNamesOtherThanLoopbackAgainstDnsRebinding() {
        Response rebound = admin("GET", "/__admin/counters", null, "Host: attacker.example:" + port,
                "X-Admin-Token: " + TOKEN);
        assertThat(rebound.status()).isEqualTo(403);
        assertThat(rebound.body()).contains("\"error\":\"forbidden_host\"");
        assertThat(admin("GET", "/__admin/counters", null, "X-Admin-Token: " + TOKEN).status()).isEqualTo(200);
        assertThat(admin("GET", "/__admin/counters", null, "Host: localhost:" + port, "X-Admin-Token: " + TOKEN)
                .status()).isEqualTo(200);
        assertThat(admin("GET", "/__admin/counters", null, "Host: [::1]:" + port, "X-Admin-Token: " + TOKEN)
                .status()).isEqualTo(200);
        assertThat(admin("GET", "/__admin/counters", null, "Host: 127.0.0.1.nip.io", "X-Admin-Token: " + TOKEN)
                .status()).isEqualTo(403);
    }

    @Test
    void shouldRejectOutOfRangeFaultKnobsWithoutChangingAnything() {
        sandbox.faults(Faults.NONE);
        for (String patch : new String[] {"{\"token_lifetime_s\":9223372036854775807}",
            "{\"token_lifetime_s\":100000000000000000000000}", "{\"queue_capacity\":2147483648}",
            "{\"queue_capacity\":99999999}", "{\"error_status\":4294967796}", "{\"error_rate\":1e400}"}) {
            Response r = admin("PATCH", "/__admin/faults", patch, "Content-Type: application/json",
                    "X-Admin-Token: " + TOKEN);
            assertThat(r.status()).as(patch + " -> " + r.text()).isEqualTo(400);
        }
        assertThat(sandbox.faults()).isEqualTo(Faults.NONE);
        // tokens issued after a valid change still live as long as asked
        SandboxClient c = new SandboxClient(sandbox);
        assertThat(admin("PATCH", "/__admin/faults", "{\"token_lifetime_s\":315360000}",
                "Content-Type: application/json", "X-Admin-Token: " + TOKEN).status()).isEqualTo(200);
        String token = c.login("long-lived");
        assertThat(c.get("/api/v1/profile", token).status()).isEqualTo(200);
        sandbox.faults(Faults.NONE);
    }

    @Test
    void shouldNeverEchoASubmittedPassword() {
        Response object = RawHttp.exchange(port, "POST", "/auth/login",
                "{\"username\":\"alice\",\"password\":{\"secret\":\"hunter2-object\"}}", "Content-Type: application/json");
        assertThat(object.status()).isEqualTo(400);
        assertThat(object.body()).contains("field 'password'").doesNotContain("hunter2");
        Response number = RawHttp.exchange(port, "POST", "/auth/login", "{\"username\":\"alice\",\"password\":424242}",
                "Content-Type: application/json");
        assertThat(number.status()).isEqualTo(400);
        assertThat(number.body()).doesNotContain("424242");
        Response malformed = RawHttp.exchange(port, "POST", "/auth/login",
                "{\"username\":\"alice\",\"password\":hunter2-bare}", "Content-Type: application/json");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body()).contains("not valid JSON").doesNotContain("hunter2");
        Response wrong = RawHttp.exchange(port, "POST", "/auth/login",
                "{\"username\":\"alice\",\"password\":\"hunter2-wrong\"}", "Content-Type: application/json");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("hunter2");
    }

    @Test
    void shouldRequireEachUsersOwnPasswordWhenPerUserPasswordsAreGiven() {
        try (Sandbox s = Sandbox.start(SandboxConfig.builder().user("alice", "pw-alice").user("bob", "pw-bob").build())) {
            SandboxClient c = new SandboxClient(s);
            assertThat(c.post("/auth/login", "{\"username\":\"alice\",\"password\":\"pw-alice\"}").status()).isEqualTo(200);
            assertThat(c.post("/auth/login", "{\"username\":\"alice\",\"password\":\"pw-bob\"}").status())
                    .as("bob's password does not open alice's account").isEqualTo(401);
            assertThat(c.post("/auth/login", "{\"username\":\"bob\",\"password\":\"pw-bob\"}").status()).isEqualTo(200);
            assertThat(c.post("/auth/login", "{\"username\":\"carol\",\"password\":\"test-password\"}").status())
                    .as("an unlisted user cannot log in").isEqualTo(401);
        }
    }

    @Test
    void shouldGenerateADifferentAdminTokenForEachSandboxUnlessGiven() {
        SandboxConfig a = SandboxConfig.defaults();
        SandboxConfig b = SandboxConfig.defaults();
        assertThat(a.adminToken()).hasSize(43).isNotEqualTo(b.adminToken());
        assertThat(a.adminTokenGenerated()).isTrue();
        assertThat(sandbox.config().adminTokenGenerated()).isFalse();
        assertThat(new AdminGuard(TOKEN, "0.0.0.0").hostAllowed("eval-box.internal:8080")).isFalse();
        assertThat(new AdminGuard(TOKEN, "eval-box.internal").hostAllowed("EVAL-BOX.internal:8080")).isTrue();
        assertThat(new AdminGuard(TOKEN, "127.0.0.1").hostAllowed("10.1.2.3:8080")).isTrue();
        assertThat(new AdminGuard(TOKEN, "127.0.0.1").hostAllowed("localhost:99x")).isFalse();
    }
}
