package dev.latencylens.internal.config;

import dev.latencylens.results.SlaSpec;
import dev.latencylens.results.Workload;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The configuration file's schema, key by key: the names are those of {@code @LlmBenchmark}, {@code @Sla},
 * {@code @Workload} and the {@code lens.*} properties, so nothing has a second name. {@code docs/CONFIG.md} and
 * {@code lens.schema.json} describe the same keys (ConfigSchemaTest checks the schema against these lists).
 */
final class ConfigKeys {

    static final String PROMPTS = "prompts";

    static final List<String> TOP_LEVEL = List.of("benchmarks", "run", "providers", "$schema");

    /** {@code @LlmBenchmark}'s attributes, then the nested sections and the fixed request. */
    static final List<String> BENCHMARK = List.of("provider", "model", "iterations", "warmup", "pattern",
            "concurrency", "rate", "maxTokens", "temperature", "timeoutMs", "name", "tags", "sla", "workload",
            "prompt", "messages", "system");

    static final List<String> SLA = List.copyOf(SlaSpec.none().bounds().keySet());

    /**
     * {@code @Workload}'s attributes, and {@code prompts}: the name a file of prompts reads best under in a
     * configuration file ({@code workload: {prompts: prompts.jsonl}}), the same as {@code dataset}.
     */
    static final List<String> WORKLOAD = Stream.concat(Workload.KEYS.stream(), Stream.of(PROMPTS)).toList();

    /** A length written as a map: {@code inputTokens: {mean: 400, stddev: 40}}. */
    static final List<String> LENGTH = List.of("mean", "stddev", "min", "max", "distribution");

    static final List<String> MESSAGE = List.of("role", "content");

    /**
     * The {@code lens.*} run settings without their prefix, as {@code run:} takes them (nested maps join with a dot:
     * {@code ramp: {shape: linear}} is {@code lens.ramp.shape}).
     */
    static final List<String> RUN = List.of("simulate", "seed", "reportsDirectory", "captureText", "progress",
            "prices", "projectedRate", "baseline", "regressionThreshold", "failOnRegression", "failOnSlaViolation",
            "includes", "excludes", "tags", "iterations", "warmup", "concurrency", "rate", "duration",
            "warmupDuration", "cooldown", "cooldownDuration", "burstiness", "ramp.shape", "ramp.startRate",
            "ramp.stages", "sweep.steps", "retries", "retryBackoffMs", "retryMaxBackoffMs", "connectTimeoutMs",
            "ttftTimeoutMs", "idleTimeoutMs", "clientWarmUp");

    /**
     * Run settings that take any key below them: simulator profiles ({@code sim.profile.<model>.<key>}, checked by
     * the simulator when it starts) and exporters ({@code export.*}, checked by each exporter).
     */
    static final List<String> RUN_PREFIXES = List.of("sim.profile.", "export.");

    /** Per-provider settings, {@code lens.<provider>.<key>}. API keys are never read from a file: environment only. */
    static final List<String> PROVIDER = List.of("baseUrl", "rpm", "tpm", "region", "apiVersion", "project",
            "location");

    private ConfigKeys() {
    }

    /** " — did you mean 'x'?" for a near miss, else the list of allowed keys. */
    static String allowed(String key, List<String> keys) {
        Optional<String> nearest = nearest(key, keys);
        return nearest.map(n -> " — did you mean '" + n + "'?")
                .orElse("; the keys are " + String.join(", ", keys));
    }

    /** The key within a third of its length in edits (at least 2), ignoring case; the closest one. */
    static Optional<String> nearest(String key, List<String> keys) {
        String lower = key.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, key.length() / 3);
        return keys.stream()
                .filter(k -> distance(lower, k.toLowerCase(Locale.ROOT)) <= limit)
                .min(Comparator.comparingInt(k -> distance(lower, k.toLowerCase(Locale.ROOT))));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
