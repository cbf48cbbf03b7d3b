package io.github.agieval.jmeter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The start-up configuration record: builder checks, frozen users, secrets kept out of toString. */
class SandboxConfigTest {

    @Test
    void shouldNeverShowSecretsWhenPrinted() {
        SandboxConfig c = SandboxConfig.builder().password("pw-secret-1").user("alice", "alice-secret-2")
                .adminToken("admin-secret-0123456789").build();
        assertThat(c.toString()).contains("alice").contains("timeFactor=1.0")
                .doesNotContain("pw-secret-1").doesNotContain("alice-secret-2").doesNotContain("admin-secret");
        assertThat(c.adminTokenGenerated()).isFalse();
        assertThat(SandboxConfig.defaults().adminTokenGenerated()).isTrue();
        assertThat(SandboxConfig.defaults().adminToken()).hasSize(43);
    }

    @Test
    void shouldFreezeUsersAndKeepBodyMemoryAtLeastOneBodyWhenBuilt() {
        SandboxConfig c = SandboxConfig.builder().user("a", "p").maxBodyBytes(4096).maxBodyMemoryBytes(10).build();
        assertThat(c.maxBodyMemoryBytes()).isEqualTo(4096);
        assertThatThrownBy(() -> c.users().put("b", "q")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(c.faults()).isEqualTo(Faults.NONE);
    }

    @Test
    void shouldRefuseABadFaultValueWhenTheRecordIsBuiltDirectly() {
        assertThatThrownBy(() -> Faults.NONE.toBuilder().build().toBuilder().errorRate(2))
                .hasMessageContaining("'error_rate' must be a fraction between 0 and 1, got 2.0");
        assertThatThrownBy(() -> new Faults(null, null, 0, null, 500, 0, null, 0, 0, 10, 429, 0, false, 0, 50, 20,
                1000, false)).hasMessageContaining("'token_lifetime_s' must be between 1 and 315360000 seconds, got 0");
        Faults f = new Faults(null, null, 0, null, 500, 0, null, 0, 0, 10, 429, 60, false, 0, 50, 20, 1000, false);
        assertThat(f.latency()).isEqualTo(Latency.NONE);
        assertThat(f.toString()).startsWith("{\"latency\":\"none\"").endsWith("\"db_pool_exhausted\":false}");
    }
}
