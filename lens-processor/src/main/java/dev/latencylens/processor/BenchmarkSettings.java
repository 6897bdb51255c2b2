package dev.latencylens.processor;

import dev.latencylens.annotations.LoadPattern;
import java.util.List;
import java.util.Map;

/**
 * The values of a benchmark's {@code @LlmBenchmark} and {@code @Sla}, defaults resolved and validated: exactly what
 * the generated descriptor is built from.
 *
 * @param name        the resolved benchmark name (never empty)
 * @param temperature {@code NaN} when unset
 * @param slaBounds   the set {@code @Sla} bounds by attribute name, in declaration order; unset ones are absent
 */
record BenchmarkSettings(
        String name,
        String provider,
        String model,
        int iterations,
        int warmup,
        LoadPattern pattern,
        int concurrency,
        double rate,
        int maxTokens,
        double temperature,
        long timeoutMs,
        List<String> tags,
        Map<String, Double> slaBounds) {

    BenchmarkSettings {
        tags = List.copyOf(tags);
        slaBounds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(slaBounds));
    }
}
