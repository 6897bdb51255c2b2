package dev.latencylens.export;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One benchmark's exported figures, free of any exporter's types: what {@link PrometheusSnapshots},
 * {@link OtlpMetrics} and {@link InfluxExporter} turn into their own format. Built by {@link LensResults}.
 *
 * @param benchmark  the benchmark's name (a sweep step's, for a step)
 * @param provider   {@code gen_ai.provider.name} ({@link ExportedMetric#providerName})
 * @param model      {@code gen_ai.request.model}
 * @param time       when the benchmark's run ended
 * @param histograms the distributions, in the exported units (seconds, tokens)
 * @param scalars    the counters and gauges
 * @param summary    the benchmark's summary as InfluxDB fields: percentiles in ms, counts, rates, cost
 */
public record BenchmarkValues(String benchmark, String provider, String model, Instant time,
                              List<HistogramValues> histograms, List<Scalar> scalars, Map<String, Object> summary) {

    public BenchmarkValues {
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(time, "time");
        histograms = List.copyOf(histograms);
        scalars = List.copyOf(scalars);
        summary = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(summary));
    }

    /** The attributes on every point of this benchmark: provider, model, operation and benchmark. */
    public Map<String, String> attributes() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put(ExportedMetric.PROVIDER, provider);
        a.put(ExportedMetric.REQUEST_MODEL, model);
        a.put(ExportedMetric.OPERATION, ExportedMetric.CHAT);
        a.put(ExportedMetric.BENCHMARK, benchmark);
        return a;
    }

    /** The histograms of {@code metric} (token usage has one per token type). */
    public List<HistogramValues> histograms(ExportedMetric metric) {
        return histograms.stream().filter(h -> h.metric() == metric).toList();
    }

    /**
     * One counter or gauge value.
     *
     * @param attributes beyond the benchmark's ({@code outcome}, {@code gen_ai.token.type}, {@code currency})
     */
    public record Scalar(ExportedMetric metric, Map<String, String> attributes, double value) {
        public Scalar {
            attributes = Map.copyOf(attributes);
        }
    }
}
