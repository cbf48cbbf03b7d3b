package io.github.agieval.jmeter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SandboxCommandTest {

    @Test
    void shouldMapEveryOption() {
        SandboxConfig c = SandboxCommand.parse(new String[] {"--port", "9090", "--host", "0.0.0.0", "--time-factor",
            "0.1", "--workers", "8", "--queue-capacity", "50", "--queue-full-status", "503", "--token-lifetime", "120",
            "--password", "pw", "--max-body-bytes", "2048", "--job-retention", "30", "--io-threads", "3",
            "--server", "jdk", "--latency", "normal:20,5", "--latency-for", "GET /api/v1/jobs/{id}=fixed:7",
            "--error-rate", "0.05", "--error-rate-for", "POST /api/v1/evaluate=0.2", "--error-status", "502",
            "--drop-rate", "0.01", "--drop-rate-for", "GET /health=0.5", "--job-failure-rate", "0.1",
            "--job-hang-rate", "0.02", "--unhealthy"});
        assertThat(c.port()).isEqualTo(9090);
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.timeFactor()).isEqualTo(0.1);
        assertThat(c.workers()).isEqualTo(8);
        assertThat(c.password()).isEqualTo("pw");
        assertThat(c.maxBodyBytes()).isEqualTo(2048);
        assertThat(c.jobRetention()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.ioThreads()).isEqualTo(3);
        assertThat(c.server()).isEqualTo(SandboxConfig.Server.JDK);
        Faults f = c.faults();
        assertThat(f.queueCapacity()).isEqualTo(50);
        assertThat(f.queueFullStatus()).isEqualTo(503);
        assertThat(f.tokenLifetimeSeconds()).isEqualTo(120);
        assertThat(f.latency()).isEqualTo(Latency.normal(20, 5));
        assertThat(f.latencyFor(Route.JOB)).isEqualTo(Latency.fixed(7));
        assertThat(f.errorRate()).isEqualTo(0.05);
        assertThat(f.errorRateFor(Route.EVALUATE)).isEqualTo(0.2);
        assertThat(f.errorStatus()).isEqualTo(502);
        assertThat(f.dropRate()).isEqualTo(0.01);
        assertThat(f.dropRateFor(Route.HEALTH)).isEqualTo(0.5);
        assertThat(f.jobFailureRate()).isEqualTo(0.1);
        assertThat(f.jobHangRate()).isEqualTo(0.02);
        assertThat(f.unhealthy()).isTrue();
    }

    @Test
    void shouldDefaultToPort8080AndAcceptEqualsForm() {
        assertThat(SandboxCommand.parse(new String[0]).port()).isEqualTo(8080);
        assertThat(SandboxCommand.parse(new String[] {"--port=0", "--unhealthy=false"}).port()).isZero();
        assertThat(SandboxCommand.parse(new String[] {"--unhealthy=false"}).faults().unhealthy()).isFalse();
    }

    @Test
    void shouldNameTheBadOption() {
        assertThatThrownBy(() -> SandboxCommand.parse(new String[] {"--port", "x"}))
                .hasMessage("option --port: not a number: 'x'");
        assertThatThrownBy(() -> SandboxCommand.parse(new String[] {"--port"}))
                .hasMessage("option --port needs a value");
        assertThatThrownBy(() -> SandboxCommand.parse(new String[] {"--speed", "1"}))
                .hasMessage("unknown option --speed");
        assertThatThrownBy(() -> SandboxCommand.parse(new String[] {"--latency-for", "fixed:5"}))
                .hasMessageContaining("option --latency-for: expected 'METHOD /path=VALUE'");
        assertThatThrownBy(() -> SandboxCommand.parse(new String[] {"--error-rate-for", "GET /x=0.1"}))
                .hasMessageContaining("unknown endpoint 'GET /x'");
        assertThatThrownBy(() -> SandboxCommand.parse(new String[] {"--server", "netty"}))
                .hasMessage("option --server: must be undertow or jdk, got 'netty'");
        assertThatThrownBy(() -> SandboxCommand.parse(new String[] {"--help"}))
                .isInstanceOf(SandboxCommand.HelpRequested.class);
    }

    @Test
    void shouldMapSecurityAndTimeoutOptions(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path users = dir.resolve("users.txt");
        java.nio.file.Files.writeString(users, "# team\ncarol:pw:with:colons\n\n");
        SandboxConfig c = SandboxCommand.parse(new String[] {"--users", "alice:pw1,bob:pw2", "--users-file",
            users.toString(), "--admin-token", "cli-admin-token-0123456789", "--max-body-memory", "2000000",
            "--header-timeout", "0.5", "--read-timeout", "2", "--idle-timeout", "30"}, null);
        assertThat(c.users()).containsExactly(java.util.Map.entry("alice", "pw1"), java.util.Map.entry("bob", "pw2"),
                java.util.Map.entry("carol", "pw:with:colons"));
        assertThat(c.adminToken()).isEqualTo("cli-admin-token-0123456789");
        assertThat(c.adminTokenGenerated()).isFalse();
        assertThat(c.maxBodyMemoryBytes()).isEqualTo(2_000_000);
        assertThat(c.headerTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(SandboxCommand.parse(new String[0], "env-admin-token-0123456789").adminToken())
                .isEqualTo("env-admin-token-0123456789");
        assertThat(SandboxCommand.parse(new String[0], null).adminTokenGenerated()).isTrue();
    }

    @Test
    void shouldNeverEchoASecretInAnOptionError() {
        assertThatThrownBy(() -> SandboxCommand.parse(new String[] {"--users", "alice:pw1,bobsecretpw"}, null))
                .hasMessage("option --users: entry 2 of --users is not USER:PASSWORD");
        assertThatThrownBy(() -> SandboxCommand.parse(new String[] {"--admin-token", "short-secret"}, null))
                .hasMessageContaining("option --admin-token: admin token must be 16..512").hasMessageNotContaining("short-secret");
        assertThatThrownBy(() -> SandboxCommand.parse(new String[0], "tiny-secret"))
                .hasMessageContaining("SANDBOX_ADMIN_TOKEN").hasMessageNotContaining("tiny-secret");
        assertThatThrownBy(() -> SandboxCommand.parse(new String[] {"--token-lifetime", "9223372036854775807"}, null))
                .hasMessageContaining("option --token-lifetime: 'token_lifetime_s' must be between 1 and 315360000");
        assertThatThrownBy(() -> SandboxCommand.parse(new String[] {"--job-retention", "9223372036854775807"}, null))
                .hasMessageContaining("option --job-retention: must be between 1 and 315360000 seconds");
        assertThatThrownBy(() -> SandboxCommand.parse(new String[] {"--header-timeout", "0"}, null))
                .hasMessageContaining("option --header-timeout: header timeout must be between 10 ms and 1 hour");
    }

    @Test
    void shouldSetTheCapacityKnobWhenItsOptionsAreGiven() {
        Faults f = SandboxCommand.parse(new String[] {"--max-concurrent-requests", "8", "--service-time-ms=40"}).faults();
        assertThat(f.maxConcurrentRequests()).isEqualTo(8);
        assertThat(f.serviceTimeMs()).isEqualTo(40);
        assertThat(SandboxCommand.parse(new String[0]).faults().maxConcurrentRequests()).isZero();
        assertThatThrownBy(() -> SandboxCommand.parse(new String[] {"--service-time-ms", "0"}))
                .hasMessageContaining("option --service-time-ms: 'service_time_ms' must be between 1 and 120000 ms, got 0");
    }
}
