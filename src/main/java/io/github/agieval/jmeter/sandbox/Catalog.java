package io.github.agieval.jmeter.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.agieval.jmeter.common.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed catalogue: the seed's models and benchmarks, with the base quality numbers the
 * simulated scores derive from. Immutable.
 */
final class Catalog {

    record Model(String id, String name, String provider, int contextWindow, int maxOutputTokens, double quality) {
        ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("id", id);
            o.put("name", name);
            o.put("provider", provider);
            o.put("context_window", contextWindow);
            o.put("max_output_tokens", maxOutputTokens);
            o.put("status", "available");
            return o;
        }
    }

    record Benchmark(String id, String name, String metric, double difficulty, String description) {
        ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("id", id);
            o.put("name", name);
            o.put("metric", metric);
            o.put("description", description);
            o.put("builtin", true);
            return o;
        }
    }

    static final Map<String, Model> MODELS = new LinkedHashMap<>();
    static final Map<String, Benchmark> BENCHMARKS = new LinkedHashMap<>();

    static {
        for (Model m : List.of(
                new Model("gpt-4", "GPT-4", "openai", 8192, 4096, 0.86),
                new Model("gpt-3.5-turbo", "GPT-3.5 Turbo", "openai", 16385, 4096, 0.70),
                new Model("claude-3-opus", "Claude 3 Opus", "anthropic", 200000, 4096, 0.87),
                new Model("claude-3-sonnet", "Claude 3 Sonnet", "anthropic", 200000, 4096, 0.79))) {
            MODELS.put(m.id(), m);
        }
        for (Benchmark b : List.of(
                new Benchmark("mmlu", "MMLU", "accuracy", 1.00, "Massive multitask language understanding"),
                new Benchmark("humaneval", "HumanEval", "pass@1", 0.85, "Python code generation"),
                new Benchmark("truthfulqa", "TruthfulQA", "truthful_rate", 0.75, "Truthfulness of answers"),
                new Benchmark("hellaswag", "HellaSwag", "accuracy", 1.08, "Commonsense sentence completion"))) {
            BENCHMARKS.put(b.id(), b);
        }
    }

    /** Expected score of {@code model} on a benchmark of {@code difficulty}, in 0..1. */
    static double expectedScore(Model model, double difficulty) {
        return Math.max(0.05, Math.min(0.99, model.quality() * difficulty));
    }

    private Catalog() {
    }
}
