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
import io.github.agieval.jmeter.datagen.DataGenerator;
import io.github.agieval.jmeter.datagen.EvalDataFaker;
import io.github.agieval.jmeter.datagen.GeneratorSettings;
import io.github.agieval.jmeter.datagen.Seeds;
import io.github.agieval.jmeter.it.JMeterSupport;
import net.datafaker.Faker;
import org.apache.jmeter.testbeans.TestBeanHelper;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jmeter.threads.ThreadGroup;

/**
 * Cost of one evaluation request body (the seed's ranges: 1-10 prompts of up to 200 chars),
 * JSON text included, per thread:
 * <ul>
 * <li>{@code naiveNewFakerPerRequest}: what a JSR223 script or a quick plugin does: a new
 *     {@link Faker} each request, Datafaker calls for every value, {@code lorem().paragraph()}
 *     cut to the length;</li>
 * <li>{@code naiveFakerPerThread}: the same calls on one Faker per thread (the construction
 *     cost removed, Datafaker's expression resolution left);</li>
 * <li>{@code evalDataFaker}: the generator's object path ({@link EvalDataFaker#nextRequest()}:
 *     vocabulary fetched once, reseeded per iteration, a record of strings, Jackson for the JSON),
 *     which the {@code generate} command uses;</li>
 * <li>{@code requestBytes}: the element's path ({@link EvalDataFaker#nextRequestBody()}: the same
 *     request written from pre-encoded words into a reused byte buffer); {@code requestBody}: the
 *     same plus the body as a string (what the element puts into the JMeter variable);</li>
 * <li>{@code evalDataFakerVolume64k}: the element's path with one 64 KiB prompt;</li>
 * <li>{@code elementIteration}: the whole element at the start of an iteration, as JMeter calls
 *     it: a request and a user scenario put into the thread's variables (its defaults, seed 42);
 *     {@code elementIterationRequests}: the same with user scenarios off.</li>
 * </ul>
 * The set-up runs in the benchmark thread, which gets its own JMeter context (variables,
 * thread group, thread number), as a JMeter thread has.
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
    private DataGenerator element;
    private DataGenerator elementRequests;
    private JMeterVariables vars;

    @Setup(Level.Trial)
    public void setUp() {
        generator = new EvalDataFaker(GeneratorSettings.defaults());
        volume = new EvalDataFaker(GeneratorSettings.builder()
                .set(GeneratorSettings.PROMPTS_MIN, "1").set(GeneratorSettings.PROMPTS_MAX, "1")
                .set(GeneratorSettings.PROMPT_CHARS_MIN, "65536").set(GeneratorSettings.PROMPT_CHARS_MAX, "65536")
                .build());
        threadFaker = new Faker(Locale.ENGLISH);
        vars = JMeterSupport.freshVariables();
        var context = JMeterContextService.getContext();
        context.setThreadNum(0);
        ThreadGroup group = new ThreadGroup();
        group.setName("Users");
        context.setThreadGroup(group);
        element = threadClone(false);
        elementRequests = threadClone(true);
    }

    /** What JMeter does for one thread: the plan's element prepared and started, then its clone's threadStarted. */
    private static DataGenerator threadClone(boolean requestsOnly) {
        DataGenerator plan = new DataGenerator();
        plan.setName("Data");
        plan.setProperty("seed", "42");
        if (requestsOnly) {
            plan.setProperty(DataGenerator.GENERATE_SCENARIOS, "false");
        }
        TestBeanHelper.prepare(plan);
        plan.testStarted();
        DataGenerator clone = (DataGenerator) plan.clone();
        clone.threadStarted();
        return clone;
    }

    @Benchmark
    public Object elementIteration() {
        element.iterationStart(null);
        return vars;
    }

    @Benchmark
    public Object elementIterationRequests() {
        elementRequests.iterationStart(null);
        return vars;
    }

    @Benchmark
    public String evalDataFaker() {
        generator.reseed(Seeds.derive(42, iteration++));
        return generator.nextRequest().toJson();
    }

    /** The element's hot path: the same request written straight into the thread's reused byte buffer. */
    @Benchmark
    public Object requestBytes() {
        generator.reseed(Seeds.derive(42, iteration++));
        return generator.nextRequestBody();
    }

    /** The same, and the body as the string a JMeter variable holds. */
    @Benchmark
    public String requestBody() {
        generator.reseed(Seeds.derive(42, iteration++));
        return generator.nextRequestBody().json();
    }

    @Benchmark
    public String evalDataFakerVolume64k() {
        volume.reseed(Seeds.derive(42, iteration++));
        return volume.nextRequestBody().json();
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
