package io.github.agieval.jmeter.resources;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourceProfileTest {

    @Test
    void shouldHaveSeedQueriesPerProfileWhenAsked() {
        assertThat(ResourceProfile.NODE.names()).containsExactly("cpu_utilization", "memory_utilization");
        assertThat(ResourceProfile.SANDBOX.names()).containsExactly("cpu_utilization", "database_connections",
                "memory_utilization");
        assertThat(ResourceProfile.SANDBOX.defaultQuery("Database_Connections ")).get()
                .satisfies(q -> assertThat(q.poolQuery()).contains("sandbox_db_connections_max"));
        assertThat(ResourceProfile.NODE.defaultQuery("database_connections")).isEmpty();
        assertThat(ResourceProfile.DEFAULT).isEqualTo(ResourceProfile.NODE);
    }

    @Test
    void shouldParseProfileNamesInAnyCaseAndRefuseOthers() {
        assertThat(ResourceProfile.parse(" Sandbox")).isEqualTo(ResourceProfile.SANDBOX);
        assertThat(ResourceProfile.parse("node")).isEqualTo(ResourceProfile.NODE);
        assertThat(ResourceProfile.parse("mysql")).isNull();
        assertThat(ResourceProfile.SANDBOX.key()).isEqualTo("sandbox");
    }

    @Test
    void shouldDescribeRatioAsQueryOverPoolWhenPoolQueryIsGiven() {
        assertThat(new ResourceQuery(" a ", " ").describe()).isEqualTo("a");
        assertThat(new ResourceQuery("a", "b").describe()).isEqualTo("(a) / (b)");
    }
}
