package io.github.agieval.jmeter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Tokens and users stay bounded over hours: expiry, sweeping and caps, on a controlled clock. */
class BoundedStoresTest {

    @Test
    void shouldExpireRevokeAndSweepTokens() {
        AtomicLong now = new AtomicLong(1_000_000);
        TokenStore tokens = new TokenStore(100, now::get);
        String t = tokens.issue("alice", 60);
        assertThat(tokens.check(t)).isEqualTo(TokenStore.Check.VALID);
        assertThat(tokens.session(t).username()).isEqualTo("alice");
        now.addAndGet(59_999);
        assertThat(tokens.check(t)).isEqualTo(TokenStore.Check.VALID);
        now.addAndGet(1);
        assertThat(tokens.check(t)).isEqualTo(TokenStore.Check.EXPIRED);
        assertThat(tokens.session(t)).isNull();
        tokens.sweep();
        assertThat(tokens.live()).isZero();
        assertThat(tokens.check(t)).isEqualTo(TokenStore.Check.UNKNOWN);

        String u = tokens.issue("bob", 60);
        assertThat(tokens.revoke(u)).isTrue();
        assertThat(tokens.revoke(u)).isFalse();
        assertThat(tokens.check(u)).isEqualTo(TokenStore.Check.UNKNOWN);
        assertThat(tokens.check(null)).isEqualTo(TokenStore.Check.MISSING);
        assertThat(tokens.revokedCount()).isEqualTo(1);
    }

    @Test
    void shouldRevokeOldestTokensBeyondTheCap() {
        AtomicLong now = new AtomicLong();
        TokenStore tokens = new TokenStore(1000, now::get);
        List<String> issued = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            issued.add(tokens.issue("user" + i, 3600));
        }
        assertThat(tokens.live()).isEqualTo(1000);
        assertThat(tokens.check(issued.get(0))).isEqualTo(TokenStore.Check.UNKNOWN);
        assertThat(tokens.check(issued.get(3999))).isEqualTo(TokenStore.Check.UNKNOWN);
        assertThat(tokens.check(issued.get(4000))).isEqualTo(TokenStore.Check.VALID);
        assertThat(tokens.check(issued.get(4999))).isEqualTo(TokenStore.Check.VALID);
        assertThat(tokens.issuedCount()).isEqualTo(5000);
        assertThat(issued).doesNotHaveDuplicates();
    }

    @Test
    void shouldForgetIdleUsers() {
        AtomicLong now = new AtomicLong(10_000);
        UserStore users = new UserStore(now::get);
        for (int i = 0; i < 500; i++) {
            users.touch("user" + i);
        }
        now.addAndGet(5_000);
        users.touch("user7");
        users.sweep(3_000);
        assertThat(users.size()).isEqualTo(1);
        assertThat(users.get("user7")).isNotNull();
    }

    @Test
    void shouldBoundEachUsersLists() {
        UserStore.User u = new UserStore.User("alice", 0);
        for (int i = 0; i < 500; i++) {
            u.addJob("job" + i);
            u.addDataset(io.github.agieval.jmeter.common.Json.object().put("n", i));
        }
        assertThat(u.recentJobs()).hasSize(UserStore.RECENT_JOBS).first().isEqualTo("job499");
        assertThat(u.datasets()).hasSize(UserStore.MAX_ITEMS);
    }

    @Test
    void shouldCapLiveTokensOverHttp() {
        try (Sandbox s = Sandbox.start(SandboxConfig.builder().maxTokens(50).build())) {
            SandboxClient c = new SandboxClient(s);
            String first = c.login("user0");
            String last = null;
            for (int i = 1; i < 200; i++) {
                last = c.login("user" + i);
            }
            assertThat(c.get("/api/v1/status").json().path("active_tokens").asInt()).isEqualTo(50);
            assertThat(c.get("/api/v1/profile", first).status()).isEqualTo(401);
            assertThat(c.get("/api/v1/profile", last).status()).isEqualTo(200);
        }
    }
}
