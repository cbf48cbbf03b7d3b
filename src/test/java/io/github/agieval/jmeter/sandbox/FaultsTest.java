package io.github.agieval.jmeter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agieval.jmeter.common.Json;
import org.junit.jupiter.api.Test;

class FaultsTest {

    @Test
    void shouldMergeJsonAndRoundTrip() {
        Faults f = Faults.NONE.merge(Json.parse("{\"latency\":\"normal:100,20\",\"error_rate\":0.25,"
                + "\"error_rate_by_endpoint\":{\"GET /api/v1/jobs/{id}\":0.5},\"drop_rate\":0.01,"
                + "\"job_failure_rate\":0.1,\"job_hang_rate\":0.05,\"queue_capacity\":7,\"queue_full_status\":503,"
                + "\"token_lifetime_s\":60,\"unhealthy\":true,\"error_status\":502,"
                + "\"latency_by_endpoint\":{\"POST /auth/login\":\"fixed:5\"}}"));
        assertThat(f.latencyFor(Route.HEALTH)).isEqualTo(Latency.normal(100, 20));
        assertThat(f.latencyFor(Route.LOGIN)).isEqualTo(Latency.fixed(5));
        assertThat(f.errorRateFor(Route.JOB)).isEqualTo(0.5);
        assertThat(f.errorRateFor(Route.HEALTH)).isEqualTo(0.25);
        assertThat(f.dropRateFor(Route.HEALTH)).isEqualTo(0.01);
        assertThat(f.queueCapacity()).isEqualTo(7);
        assertThat(f.queueFullStatus()).isEqualTo(503);
        assertThat(f.tokenLifetimeSeconds()).isEqualTo(60);
        assertThat(f.unhealthy()).isTrue();
        assertThat(f.errorStatus()).isEqualTo(502);
        assertThat(Faults.NONE.merge(f.toJson())).isEqualTo(f);
        // a partial patch keeps the rest
        Faults g = f.merge(Json.parse("{\"error_rate\":0}"));
        assertThat(g.errorRate()).isZero();
        assertThat(g.queueCapacity()).isEqualTo(7);
        assertThat(g.errorRateFor(Route.JOB)).isEqualTo(0.5);
    }

    @Test
    void shouldNameTheBadKeyOrValue() {
        assertThatThrownBy(() -> Faults.NONE.merge(Json.parse("{\"eror_rate\":0.1}")))
                .hasMessageContaining("unknown fault setting 'eror_rate'");
        assertThatThrownBy(() -> Faults.NONE.merge(Json.parse("{\"error_rate\":1.5}")))
                .hasMessageContaining("'error_rate' must be a fraction between 0 and 1, got 1.5");
        assertThatThrownBy(() -> Faults.NONE.merge(Json.parse("{\"error_rate\":\"x\"}")))
                .hasMessageContaining("'error_rate' must be a number");
        assertThatThrownBy(() -> Faults.NONE.merge(Json.parse("{\"error_rate_by_endpoint\":{\"GET /nope\":0.1}}")))
                .hasMessageContaining("unknown endpoint 'GET /nope'");
        assertThatThrownBy(() -> Faults.NONE.merge(Json.parse("{\"queue_full_status\":500}")))
                .hasMessageContaining("must be 429 or 503");
        assertThatThrownBy(() -> Faults.NONE.merge(Json.parse("{\"error_status\":404}")))
                .hasMessageContaining("must be a 5xx status");
        assertThatThrownBy(() -> Faults.NONE.merge(Json.parse("{\"token_lifetime_s\":0}")))
                .hasMessageContaining("'token_lifetime_s' must be between 1 and 315360000 seconds, got 0");
        assertThatThrownBy(() -> Faults.NONE.merge(Json.parse("{\"unhealthy\":\"yes\"}")))
                .hasMessageContaining("'unhealthy' must be true or false");
        assertThatThrownBy(() -> Faults.NONE.merge(Json.parse("{\"latency\":\"slow\"}")))
                .hasMessageContaining("bad latency 'slow'");
    }

    @Test
    void shouldCarryTheCapacityKnobWhenMergedAndRoundTripped() {
        assertThat(Faults.NONE.maxConcurrentRequests()).isZero();
        assertThat(Faults.NONE.serviceTimeMs()).isEqualTo(50);
        Faults f = Faults.NONE.merge(Json.parse("{\"max_concurrent_requests\":3,\"service_time_ms\":200}"));
        assertThat(f.maxConcurrentRequests()).isEqualTo(3);
        assertThat(f.serviceTimeMs()).isEqualTo(200);
        assertThat(f.toJson().get("max_concurrent_requests").asInt()).isEqualTo(3);
        assertThat(Faults.NONE.merge(f.toJson())).isEqualTo(f);
        assertThatThrownBy(() -> Faults.NONE.merge(Json.parse("{\"max_concurrent_requests\":-1}")))
                .hasMessageContaining("'max_concurrent_requests' must be between 0 (off) and 100000, got -1");
        assertThatThrownBy(() -> Faults.NONE.merge(Json.parse("{\"service_time_ms\":1.5}")))
                .hasMessageContaining("'service_time_ms' must be an integer");
    }
}
