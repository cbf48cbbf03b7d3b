package io.github.agieval.jmeter.datagen;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;

import io.github.agieval.jmeter.common.Json;

/**
 * Writes the seed's pre-generated test data for tools that read files (k6, Artillery, or a
 * JMeter CSV Data Set): {@value #REQUESTS_JSON}, {@value #SCENARIOS_JSON} and
 * {@value #REQUESTS_CSV}.
 *
 * <p>Record {@code i} of each file comes from its own stream, derived from the seed and
 * {@code i}, with a fixed locale and {@code \n} line ends, so the same seed and settings give
 * byte-identical files on every machine. Single-threaded; one instance per run.
 */
public final class TestDataFiles {

    public static final String REQUESTS_JSON = "eval_requests.json";
    public static final String SCENARIOS_JSON = "user_scenarios.json";
    /** The Artillery payload of the seed's artillery-comprehensive.yml: model,benchmark,prompt; no header row. */
    public static final String REQUESTS_CSV = "eval_requests.csv";

    static final long REQUESTS_STREAM = 1L;
    static final long SCENARIOS_STREAM = 2L;

    private final GeneratorSettings settings;
    private final long seed;
    private final boolean uniqueUserIds;

    public TestDataFiles(GeneratorSettings settings, long seed, boolean uniqueUserIds) {
        this.settings = settings;
        this.seed = seed;
        this.uniqueUserIds = uniqueUserIds;
    }

    /** Writes the three files into {@code dir} (created if missing), replacing existing ones. */
    public void write(Path dir, int requests, int scenarios) throws IOException {
        if (requests < 0 || scenarios < 0) {
            throw new IllegalArgumentException("counts must not be negative: requests=" + requests
                    + ", scenarios=" + scenarios);
        }
        Files.createDirectories(dir);
        EvalDataFaker faker = new EvalDataFaker(settings);
        try (Writer jsonOut = Files.newBufferedWriter(dir.resolve(REQUESTS_JSON), StandardCharsets.UTF_8);
             Writer csvOut = Files.newBufferedWriter(dir.resolve(REQUESTS_CSV), StandardCharsets.UTF_8);
             JsonGenerator json = compact(jsonOut)) {
            jsonOut.write("[");
            for (int i = 0; i < requests; i++) {
                EvalRequest request = request(faker, i);
                nextLine(json, jsonOut, i);
                request.writeJson(json);
                csvOut.write(csv(request.model()));
                csvOut.write(',');
                csvOut.write(csv(request.benchmark()));
                csvOut.write(',');
                csvOut.write(csv(request.prompts().isEmpty() ? "" : request.prompts().get(0)));
                csvOut.write('\n');
            }
            json.flush();
            jsonOut.write("\n]\n");
        }
        try (Writer out = Files.newBufferedWriter(dir.resolve(SCENARIOS_JSON), StandardCharsets.UTF_8);
             JsonGenerator json = compact(out)) {
            out.write("[");
            for (int i = 0; i < scenarios; i++) {
                nextLine(json, out, i);
                scenario(faker, i).writeJson(json);
            }
            json.flush();
            out.write("\n]\n");
        }
    }

    /**
     * A JSON array with one compact object per line: readable, diff-friendly and a quarter
     * smaller than indented JSON; always {@code \n} line ends, whatever the platform.
     */
    private static JsonGenerator compact(Writer out) throws IOException {
        JsonGenerator json = Json.mapper().getFactory().createGenerator(out);
        json.setRootValueSeparator(null);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return json;
    }

    private static void nextLine(JsonGenerator json, Writer out, int index) throws IOException {
        json.flush();
        out.write(index == 0 ? "\n" : ",\n");
    }

    /** Request number {@code index} of this seed. */
    EvalRequest request(EvalDataFaker faker, int index) {
        faker.reseed(Seeds.derive(seed, REQUESTS_STREAM, index));
        return faker.nextRequest();
    }

    /** Scenario number {@code index} of this seed. */
    UserScenario scenario(EvalDataFaker faker, int index) {
        faker.reseed(Seeds.derive(seed, SCENARIOS_STREAM, index));
        return faker.nextScenario(uniqueUserIds ? Seeds.mix(index ^ Seeds.mix(seed)) : null);
    }

    /** One RFC 4180 field: quoted when it holds a comma, a quote or a line break. */
    static String csv(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    /** The file names this class writes, in order. */
    public static List<String> fileNames() {
        return List.of(REQUESTS_JSON, SCENARIOS_JSON, REQUESTS_CSV);
    }
}
