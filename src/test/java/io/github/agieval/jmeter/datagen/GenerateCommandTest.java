package io.github.agieval.jmeter.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.agieval.jmeter.common.Json;

class GenerateCommandTest {

    /** The committed test data, made by {@code generate --requests 10000 --scenarios 1000 --seed 42 --out testdata}. */
    private static final Path COMMITTED = Paths.get(System.getProperty("basedir", "."), "testdata");

    @TempDir
    Path out;

    private int generate(String... args) throws IOException {
        return GenerateCommand.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void shouldRegenerateTheCommittedTestDataByteForByteWhenRunWithItsSeed() throws IOException {
        int status = generate("--requests", "10000", "--scenarios", "1000", "--seed", "42", "--out", out.toString());
        assertThat(status).isZero();
        for (String name : TestDataFiles.fileNames()) {
            byte[] committed = Files.readAllBytes(COMMITTED.resolve(name));
            byte[] regenerated = Files.readAllBytes(out.resolve(name));
            assertThat(regenerated).as(name).isEqualTo(committed);
        }
    }

    @Test
    void shouldHoldTheSeedsCountsAndRangesWhenReadingTheCommittedFiles() throws IOException {
        JsonNode requests = Json.parse(Files.readAllBytes(COMMITTED.resolve(TestDataFiles.REQUESTS_JSON)));
        JsonNode scenarios = Json.parse(Files.readAllBytes(COMMITTED.resolve(TestDataFiles.SCENARIOS_JSON)));
        List<String> csv = Files.readAllLines(COMMITTED.resolve(TestDataFiles.REQUESTS_CSV), StandardCharsets.UTF_8);
        assertThat(requests.size()).isEqualTo(10_000);
        assertThat(scenarios.size()).isEqualTo(1_000);
        assertThat(csv).hasSize(10_000);
        for (int i = 0; i < requests.size(); i++) {
            JsonNode r = requests.get(i);
            assertThat(r.get("model").asText()).isIn("gpt-4", "gpt-3.5-turbo", "claude-3-opus", "claude-3-sonnet");
            assertThat(r.get("benchmark").asText()).isIn("mmlu", "humaneval", "truthfulqa", "hellaswag");
            assertThat(r.get("prompts").size()).isBetween(1, 10);
            r.get("prompts").forEach(p -> assertThat(p.asText().length()).isBetween(20, 200));
            assertThat(r.get("config").get("temperature").asDouble()).isBetween(0.0, 1.0);
            assertThat(r.get("config").get("max_tokens").asInt()).isBetween(100, 2000);
            assertThat(r.get("config").get("timeout").asInt()).isBetween(30, 300);
            assertThat(csv.get(i)).isEqualTo(r.get("model").asText() + "," + r.get("benchmark").asText() + ","
                    + r.get("prompts").get(0).asText());
        }
        Set<String> usernames = new HashSet<>();
        scenarios.forEach(s -> {
            usernames.add(s.get("username").asText());
            assertThat(s.get("username").asText()).isEqualTo("user_" + s.get("user_id").asText().substring(28));
            assertThat(s.get("session_duration").asInt()).isBetween(300, 3600);
            assertThat(s.get("think_time").asDouble()).isBetween(1.0, 5.0);
            assertThat(s.get("actions").get(0).asText()).isEqualTo("login");
        });
        assertThat(usernames).as("the k6 journey logs in with distinct users").hasSize(1_000);
    }

    @Test
    void shouldWriteIdenticalBytesForTheSameSeedAndDifferentBytesForAnother() throws IOException {
        Path a = out.resolve("a");
        Path b = out.resolve("b");
        Path c = out.resolve("c");
        assertThat(generate("--requests", "300", "--scenarios", "50", "--seed", "7", "--out", a.toString())).isZero();
        assertThat(generate("--requests", "300", "--scenarios", "50", "--seed", "7", "--out", b.toString())).isZero();
        assertThat(generate("--requests", "300", "--scenarios", "50", "--seed", "8", "--out", c.toString())).isZero();
        for (String name : TestDataFiles.fileNames()) {
            assertThat(Files.readAllBytes(b.resolve(name))).as(name).isEqualTo(Files.readAllBytes(a.resolve(name)));
            assertThat(Files.readAllBytes(c.resolve(name))).as(name).isNotEqualTo(Files.readAllBytes(a.resolve(name)));
        }
        // a prefix of a longer run is the same records: record i depends only on the seed and i
        assertThat(generate("--requests", "600", "--scenarios", "50", "--seed", "7", "--out", c.toString())).isZero();
        assertThat(Files.readAllLines(c.resolve(TestDataFiles.REQUESTS_CSV)).subList(0, 300))
                .isEqualTo(Files.readAllLines(a.resolve(TestDataFiles.REQUESTS_CSV)));
    }

    @Test
    void shouldApplySettingsAndUniqueIdsWhenGivenOnTheCommandLine() throws IOException {
        assertThat(generate("--requests", "5", "--scenarios", "3", "--seed", "1", "--out", out.toString(),
                "--set", "models=m1", "--set", "promptCharsMin=5000", "--set", "promptCharsMax=5000",
                "--set", "actionSequences=login,logout\\nlogin,list_models,logout", "--unique-user-ids")).isZero();
        JsonNode requests = Json.parse(Files.readAllBytes(out.resolve(TestDataFiles.REQUESTS_JSON)));
        requests.forEach(r -> {
            assertThat(r.get("model").asText()).isEqualTo("m1");
            r.get("prompts").forEach(p -> assertThat(p.asText()).hasSize(5000));
        });
        JsonNode scenarios = Json.parse(Files.readAllBytes(out.resolve(TestDataFiles.SCENARIOS_JSON)));
        scenarios.forEach(s -> {
            assertThat(s.get("username").asText()).matches("user_[0-9a-f]{16}");
            assertThat(s.get("actions").size()).isIn(2, 3);
        });
    }

    @Test
    void shouldExitWithStatusTwoAndSayWhyWhenOptionsAreBad() throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(GenerateCommand.run(new String[] {"--requests", "-5"}, quiet, errStream)).isEqualTo(2);
        assertThat(GenerateCommand.run(new String[] {"--set", "promptsMin=9", "--set", "promptsMax=3"}, quiet,
                errStream)).isEqualTo(2);
        assertThat(GenerateCommand.run(new String[] {"--seed", "x"}, quiet, errStream)).isEqualTo(2);
        assertThat(GenerateCommand.run(new String[] {"--frobnicate"}, quiet, errStream)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("generate: --requests '-5' must not be negative")
                .contains("generate: property 'promptsMax' = '3': must not be below promptsMin = 9")
                .contains("generate: --seed 'x' is not a whole number")
                .contains("generate: unknown option '--frobnicate'");
        try (var files = Files.list(out)) {
            assertThat(files).as("nothing written on bad options").isEmpty();
        }
    }

    @Test
    void shouldQuoteCsvFieldsOnlyWhenTheyNeedIt() {
        assertThat(TestDataFiles.csv("plain text.")).isEqualTo("plain text.");
        assertThat(TestDataFiles.csv("a,b")).isEqualTo("\"a,b\"");
        assertThat(TestDataFiles.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(TestDataFiles.csv("two\nlines")).isEqualTo("\"two\nlines\"");
    }
}
