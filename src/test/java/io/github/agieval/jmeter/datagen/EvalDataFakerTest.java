package io.github.agieval.jmeter.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.agieval.jmeter.common.Json;

class EvalDataFakerTest {

    private static final int RECORDS = 10_000;

    @Test
    void shouldStayWithinTheSeedsRangesAndReachBothEndsWhenGeneratingManyRequests() {
        EvalDataFaker faker = new EvalDataFaker(GeneratorSettings.defaults());
        Set<String> models = new TreeSet<>();
        Set<String> benchmarks = new TreeSet<>();
        Set<Integer> promptCounts = new TreeSet<>();
        int shortest = Integer.MAX_VALUE;
        int longest = 0;
        double coolest = 2;
        double hottest = -1;
        int fewestTokens = Integer.MAX_VALUE;
        int mostTokens = 0;
        int shortestTimeout = Integer.MAX_VALUE;
        int longestTimeout = 0;
        for (int i = 0; i < RECORDS; i++) {
            faker.reseed(Seeds.derive(7, i));
            EvalRequest r = faker.nextRequest();
            models.add(r.model());
            benchmarks.add(r.benchmark());
            promptCounts.add(r.prompts().size());
            for (String p : r.prompts()) {
                shortest = Math.min(shortest, p.length());
                longest = Math.max(longest, p.length());
                assertThat(p).matches("[A-Z][a-z]*( [a-z]+|\\. [A-Z][a-z]*)*[a-z]*\\.");
            }
            coolest = Math.min(coolest, r.temperature());
            hottest = Math.max(hottest, r.temperature());
            assertThat(Math.round(r.temperature() * 100) / 100.0).isEqualTo(r.temperature());
            fewestTokens = Math.min(fewestTokens, r.maxTokens());
            mostTokens = Math.max(mostTokens, r.maxTokens());
            shortestTimeout = Math.min(shortestTimeout, r.timeout());
            longestTimeout = Math.max(longestTimeout, r.timeout());
        }
        assertThat(models).containsExactly("claude-3-opus", "claude-3-sonnet", "gpt-3.5-turbo", "gpt-4");
        assertThat(benchmarks).containsExactly("hellaswag", "humaneval", "mmlu", "truthfulqa");
        assertThat(promptCounts).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(shortest).isEqualTo(20);
        assertThat(longest).isEqualTo(200);
        assertThat(coolest).isEqualTo(0.0);
        assertThat(hottest).isEqualTo(1.0);
        assertThat(fewestTokens).isEqualTo(100);
        assertThat(mostTokens).isEqualTo(2000);
        assertThat(shortestTimeout).isEqualTo(30);
        assertThat(longestTimeout).isEqualTo(300);
    }

    @Test
    void shouldStayWithinScenarioRangesWhenGeneratingManyScenarios() {
        GeneratorSettings settings = GeneratorSettings.defaults();
        EvalDataFaker faker = new EvalDataFaker(settings);
        long fastest = Long.MAX_VALUE;
        long slowest = 0;
        int shortestSession = Integer.MAX_VALUE;
        int longestSession = 0;
        Set<List<String>> sequences = new HashSet<>();
        for (int i = 0; i < RECORDS; i++) {
            faker.reseed(Seeds.derive(8, i));
            UserScenario s = faker.nextScenario(null);
            UUID id = UUID.fromString(s.userId());
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(s.username()).isEqualTo("user_" + s.userId().substring(28));
            fastest = Math.min(fastest, s.thinkTimeMs());
            slowest = Math.max(slowest, s.thinkTimeMs());
            shortestSession = Math.min(shortestSession, s.sessionDurationS());
            longestSession = Math.max(longestSession, s.sessionDurationS());
            sequences.add(s.actions());
        }
        assertThat(fastest).isBetween(1000L, 1010L);
        assertThat(slowest).isBetween(4990L, 5000L);
        assertThat(shortestSession).isEqualTo(300);
        assertThat(longestSession).isEqualTo(3600);
        assertThat(sequences).containsExactlyInAnyOrderElementsOf(settings.actionSequences());
    }

    @Test
    void shouldGiveTheSameRecordWhenReseededWithTheSameSeedWhateverCameBefore() {
        EvalDataFaker first = new EvalDataFaker(GeneratorSettings.defaults());
        EvalDataFaker second = new EvalDataFaker(GeneratorSettings.defaults());
        second.reseed(99);
        second.nextRequest();
        second.nextScenario(null);
        first.reseed(12345);
        second.reseed(12345);
        assertThat(second.nextRequest()).isEqualTo(first.nextRequest());
        assertThat(second.nextScenario(null)).isEqualTo(first.nextScenario(null));
        first.reseed(12346);
        EvalRequest other = first.nextRequest();
        second.reseed(12345);
        assertThat(second.nextRequest()).isNotEqualTo(other);
    }

    @Test
    void shouldWriteValidJsonThatParsesBackToTheSameTextWhenTextIsHostile() {
        String hostile = "quote\" back\\slash ctl\u0001\u001f nul\u0000 line\u2028sep </script> ${__P(x)} "
                + "emoji\uD83D\uDE00 {\"a\":[1]} caf\u00e9 'single'";
        GeneratorSettings settings = GeneratorSettings.builder()
                .set("models", "gpt\"4\\n\u0007,</script><script>")
                .set("benchmarks", "m\u2029m\\lu")
                .set("vocabulary", hostile)
                .set("promptCharsMin", "1")
                .set("promptCharsMax", "80")
                .build();
        EvalDataFaker faker = new EvalDataFaker(settings);
        Set<String> seenWords = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            faker.reseed(i);
            EvalRequest request = faker.nextRequest();
            String body = request.toJson();
            JsonNode parsed = Json.parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(parsed.get("model").asText()).isEqualTo(request.model());
            assertThat(parsed.get("benchmark").asText()).isEqualTo(request.benchmark());
            List<String> prompts = new ArrayList<>();
            parsed.get("prompts").forEach(p -> prompts.add(p.asText()));
            assertThat(prompts).isEqualTo(request.prompts());
            assertThat(parsed.get("config").get("max_tokens").asInt()).isEqualTo(request.maxTokens());
            for (String p : request.prompts()) {
                assertThat(p.length()).isBetween(1, 80);
                assertThat(Character.isHighSurrogate(p.charAt(p.length() - 1))).isFalse();
                for (String w : p.split(" ")) {
                    seenWords.add(w);
                }
            }
        }
        assertThat(seenWords).anyMatch(w -> w.contains("\u0000"))
                .anyMatch(w -> w.contains("\"")).anyMatch(w -> w.contains("\\"))
                .anyMatch(w -> w.contains("\uD83D\uDE00"));
    }

    @Test
    void shouldGeneratePromptsOfManyKilobytesWhenConfiguredForVolumeTests() {
        GeneratorSettings settings = GeneratorSettings.builder()
                .set("promptsMin", "3").set("promptsMax", "3")
                .set("promptCharsMin", "65536").set("promptCharsMax", "65536").build();
        EvalDataFaker faker = new EvalDataFaker(settings);
        faker.reseed(1);
        EvalRequest request = faker.nextRequest();
        assertThat(request.prompts()).hasSize(3).allSatisfy(p -> assertThat(p).hasSize(65536).endsWith("."));
        assertThat(request.toJson().length()).isGreaterThan(3 * 65536);
    }

    @Test
    void shouldGiveDistinctIdsAndUsernamesWhenUniqueKeysDiffer() {
        EvalDataFaker faker = new EvalDataFaker(GeneratorSettings.defaults());
        Set<String> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (long key = 0; key < 20_000; key++) {
            faker.reseed(5); // same random stream every time: only the key tells them apart
            UserScenario s = faker.nextScenario(Seeds.mix(key));
            UUID id = UUID.fromString(s.userId());
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(s.username()).matches("user_[0-9a-f]{16}");
            ids.add(s.userId());
            names.add(s.username());
        }
        assertThat(ids).hasSize(20_000);
        assertThat(names).hasSize(20_000);
    }

    @Test
    void shouldGiveDistinctIdsAndUsernamesForTheSameKeyOnDifferentEngines() {
        EvalDataFaker faker = new EvalDataFaker(GeneratorSettings.defaults());
        Set<String> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        long[] engines = {0, 1, 2, 4096, EvalDataFaker.MAX_ENGINE, 1L << 57};
        for (long engine : engines) {
            for (long key : new long[] {0, 1, -1, Long.MIN_VALUE, 0x1234_5678_9ABC_DEF0L}) {
                faker.reseed(5);
                UserScenario s = faker.nextScenario(key, engine);
                UUID id = UUID.fromString(s.userId());
                assertThat(id.version()).isEqualTo(4);
                assertThat(id.variant()).isEqualTo(2);
                ids.add(s.userId());
                names.add(s.username());
            }
        }
        assertThat(ids).hasSize(engines.length * 5);
        assertThat(names).hasSize(engines.length * 5);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> faker.nextScenario(1, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldUseTheLocalesWordsWhenLocaleIsNotEnglish() {
        EvalDataFaker faker = new EvalDataFaker(GeneratorSettings.builder().set("locale", "ja").build());
        faker.reseed(3);
        String prompt = faker.nextRequest().prompts().get(0);
        assertThat(prompt.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HIRAGANA
                || Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)).isTrue();
    }
}
