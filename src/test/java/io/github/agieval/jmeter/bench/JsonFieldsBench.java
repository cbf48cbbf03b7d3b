package io.github.agieval.jmeter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.JsonPath;
import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.sampler.JsonFields;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Hook for the benchmark engineer: the response-parsing step of a Job Status sample, as the
 * sampler does it ({@link JsonFields}: one streaming pass for status and progress) against a
 * Jackson tree and against JMeter's JSON Extractor engine (json-path, one compiled path per field).
 * Not run by the build (surefire excludes {@code bench/}); run with e.g.
 * {@code java -cp target/test-classes:<test classpath> org.openjdk.jmh.Main JsonFieldsBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JsonFieldsBench {

    private static final String[] FIELDS = {"status", "progress"};

    private final byte[] body = ("{\"job_id\":\"0b9e6c1e-4d7a-4a7e-9d55-3f2f8f3f3c11\",\"status\":\"running\","
            + "\"progress\":42,\"model\":\"gpt-4\",\"benchmark\":\"mmlu\",\"prompt_count\":7,"
            + "\"created_at\":\"2026-11-26T20:00:00Z\",\"started_at\":\"2026-11-26T20:00:01Z\",\"finished_at\":null}")
            .getBytes(StandardCharsets.UTF_8);
    private final String text = new String(body, StandardCharsets.UTF_8);
    private final JsonPath status = JsonPath.compile("$.status");
    private final JsonPath progress = JsonPath.compile("$.progress");

    @Benchmark
    public String[] streamingFields() {
        return JsonFields.read(body, FIELDS);
    }

    @Benchmark
    public void jacksonTree(Blackhole bh) {
        JsonNode n = Json.parse(body);
        bh.consume(n.path("status").asText());
        bh.consume(n.path("progress").asText());
    }

    @Benchmark
    public void jsonPathTwoExtractors(Blackhole bh) {
        bh.consume(status.<Object>read(text));
        bh.consume(progress.<Object>read(text));
    }
}
