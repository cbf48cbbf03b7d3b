package io.github.agieval.jmeter.datagen.bench;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.datagen.EvalDataFaker;
import io.github.agieval.jmeter.datagen.GeneratorSettings;
import io.github.agieval.jmeter.datagen.Seeds;
import net.datafaker.Faker;

/**
 * Cost of one evaluation request body (the seed's ranges: 1-10 prompts of up to 200 chars),
 * JSON text included, per thread:
 * <ul>
 * <li>{@code naiveNewFakerPerRequest}: what a JSR223 script or a quick plugin does: a new
 *     {@link Faker} each request, Datafaker calls for every value, {@code lorem().paragraph()}
 *     cut to the length;</li>
 * <li>{@code naiveFakerPerThread}: the same calls on one Faker per thread (the construction
 *     cost removed, Datafaker's expression resolution left);</li>
 * <li>{@code evalDataFaker}: the element's generator ({@link EvalDataFaker}: one Faker per
 *     thread, vocabulary fetched once, reseeded per iteration);</li>
 * <li>{@code evalDataFakerVolume64k}: the element's generator with one 64 KiB prompt.</li>
 * </ul>
 * Run: see docs/benchmarks.md, section "Data generator".
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class DataGeneratorBenchmark {

    private static final List<String> MODELS = List.of("gpt-4", "gpt-3.5-turbo", "claude-3-opus", "claude-3-sonnet");
    private static final List<String> BENCHMARKS = List.of("mmlu", "humaneval", "truthfulqa", "hellaswag");

    private EvalDataFaker generator;
    private EvalDataFaker volume;
    private Faker threadFaker;
    private long iteration;

    @Setup(Level.Trial)
    public void setUp() {
        generator = new EvalDataFaker(GeneratorSettings.defaults());
        volume = new EvalDataFaker(GeneratorSettings.builder()
                .set(GeneratorSettings.PROMPTS_MIN, "1").set(GeneratorSettings.PROMPTS_MAX, "1")
                .set(GeneratorSettings.PROMPT_CHARS_MIN, "65536").set(GeneratorSettings.PROMPT_CHARS_MAX, "65536")
                .build());
        threadFaker = new Faker(Locale.ENGLISH);
    }

    @Benchmark
    public String evalDataFaker() {
        generator.reseed(Seeds.derive(42, iteration++));
        return generator.nextRequest().toJson();
    }

    @Benchmark
    public String evalDataFakerVolume64k() {
        volume.reseed(Seeds.derive(42, iteration++));
        return volume.nextRequest().toJson();
    }

    @Benchmark
    public String naiveFakerPerThread() {
        return naiveRequest(threadFaker);
    }

    @Benchmark
    public String naiveNewFakerPerRequest() {
        return naiveRequest(new Faker(Locale.ENGLISH));
    }

    private static String naiveRequest(Faker faker) {
        ObjectNode body = Json.object();
        body.put("model", faker.options().nextElement(MODELS));
        body.put("benchmark", faker.options().nextElement(BENCHMARKS));
        ArrayNode prompts = body.putArray("prompts");
        int count = faker.number().numberBetween(1, 11);
        for (int i = 0; i < count; i++) {
            String text = faker.lorem().paragraph();
            int max = faker.number().numberBetween(20, 201);
            prompts.add(text.length() > max ? text.substring(0, max) : text);
        }
        ObjectNode config = body.putObject("config");
        config.put("temperature", faker.number().randomDouble(2, 0, 1));
        config.put("max_tokens", faker.number().numberBetween(100, 2001));
        config.put("timeout", faker.number().numberBetween(30, 301));
        return Json.write(body);
    }
}
