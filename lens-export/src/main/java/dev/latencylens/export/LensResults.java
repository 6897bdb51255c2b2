package dev.latencylens.export;

import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.Metric;
import dev.latencylens.results.RequestLogReader;
import dev.latencylens.results.RequestRecord;
import dev.latencylens.results.RunResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The one place that reads Latency Lens's results for the exporters: a {@link RunResult}'s benchmarks as
 * {@link BenchmarkValues}, and {@code requests.jsonl} as one {@link RequestValues} per line, streamed so memory stays
 * flat however long the run. Every exporter and {@code lens monitor} see results only through this class.
 */
public final class LensResults {

    private LensResults() {
    }

    /** Each benchmark (each sweep step) of {@code run}, in run order. */
    public static List<BenchmarkValues> of(RunResult run) {
        return run.benchmarks().stream().map(r -> of(r, run.ended())).toList();
    }

    /** One benchmark's figures; {@code time} is when its run ended. */
    public static BenchmarkValues of(BenchmarkResult r, Instant time) {
        List<HistogramValues> histograms = new ArrayList<>();
        seconds(histograms, ExportedMetric.OPERATION_DURATION, r.metric(Metric.E2E));
        seconds(histograms, ExportedMetric.TIME_TO_FIRST_TOKEN, r.metric(Metric.TTFT));
        seconds(histograms, ExportedMetric.TIME_PER_OUTPUT_TOKEN, r.metric(Metric.TPOT));
        seconds(histograms, ExportedMetric.INTER_CHUNK_LATENCY, r.metric(Metric.ICL));
        seconds(histograms, ExportedMetric.SCHEDULE_LAG, r.metric(Metric.SCHEDULE_LAG));
        tokens(histograms, "input", r.tokens().inputPerRequest());
        tokens(histograms, "output", r.tokens().outputPerRequest());

        List<BenchmarkValues.Scalar> scalars = new ArrayList<>();
        BenchmarkResult.Reliability reliability = r.reliability();
        scalars.add(new BenchmarkValues.Scalar(ExportedMetric.REQUESTS,
                Map.of(ExportedMetric.OUTCOME, "success"), reliability.succeeded()));
        reliability.errors().forEach((error, errors) -> scalars.add(new BenchmarkValues.Scalar(ExportedMetric.REQUESTS,
                Map.of(ExportedMetric.OUTCOME, error.name().toLowerCase(Locale.ROOT)), errors.count())));
        BenchmarkResult.Tokens tokens = r.tokens();
        tokenCount(scalars, "input", tokens.input());
        tokenCount(scalars, "output", tokens.output());
        tokenCount(scalars, "cached_input", tokens.cachedInput());
        tokenCount(scalars, "reasoning", tokens.reasoning());
        if (r.cost().known()) {
            scalars.add(new BenchmarkValues.Scalar(ExportedMetric.COST,
                    Map.of(ExportedMetric.CURRENCY, r.cost().currency().orElseThrow()),
                    r.cost().total().orElseThrow().doubleValue()));
        }
        scalars.add(new BenchmarkValues.Scalar(ExportedMetric.REQUEST_RATE, Map.of(),
                r.throughput().requestsPerSecond()));
        scalars.add(new BenchmarkValues.Scalar(ExportedMetric.OUTPUT_TOKEN_RATE, Map.of(),
                r.throughput().outputTokensPerSecond()));
        if (r.goodput().defined()) {
            scalars.add(new BenchmarkValues.Scalar(ExportedMetric.GOODPUT, Map.of(),
                    r.goodput().requestsPerSecond()));
        }
        return new BenchmarkValues(r.descriptor().name(), ExportedMetric.providerName(r.descriptor().provider()),
                r.descriptor().model(), time, histograms, scalars, summary(r));
    }

    /** The benchmark's summary point: each latency's mean and percentiles in ms, counts, rates, cost. */
    private static Map<String, Object> summary(BenchmarkResult r) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Metric metric : List.of(Metric.TTFT, Metric.TTFO, Metric.TPOT, Metric.ICL, Metric.E2E,
                Metric.SCHEDULE_LAG)) {
            Distribution d = r.metric(metric);
            if (d.n() == 0) {
                continue;
            }
            String prefix = snakeCase(metric.key());
            fields.put(prefix + "_mean_ms", d.mean());
            fields.put(prefix + "_p50_ms", d.p50());
            fields.put(prefix + "_p90_ms", d.p90());
            fields.put(prefix + "_p95_ms", d.p95());
            d.p99().ifPresent(v -> fields.put(prefix + "_p99_ms", v));
            fields.put(prefix + "_max_ms", d.max());
        }
        fields.put("requests", r.reliability().attempted());
        fields.put("succeeded", r.reliability().succeeded());
        fields.put("success_rate", r.reliability().successRate());
        r.reliability().errors().forEach((error, errors) ->
                fields.put("errors_" + error.name().toLowerCase(Locale.ROOT), errors.count()));
        fields.put("input_tokens", r.tokens().input());
        fields.put("output_tokens", r.tokens().output());
        fields.put("requests_per_second", r.throughput().requestsPerSecond());
        fields.put("output_tokens_per_second", r.throughput().outputTokensPerSecond());
        if (r.goodput().defined()) {
            fields.put("goodput_requests_per_second", r.goodput().requestsPerSecond());
        }
        r.cost().total().ifPresent(c -> fields.put("cost", c.doubleValue()));
        r.cost().currency().ifPresent(c -> fields.put("currency", c));
        fields.put("partial", r.partial());
        return fields;
    }

    private static void seconds(List<HistogramValues> into, ExportedMetric metric, Distribution d) {
        // A latency's histogram holds nanoseconds when its unit is ms (scale 1e6 per ms): seconds = raw / 1e9.
        histogram(into, metric, Map.of(), d, d.scale() * (d.unit().equals("ms") ? 1000 : 1));
    }

    private static void tokens(List<HistogramValues> into, String type, Distribution d) {
        histogram(into, ExportedMetric.TOKEN_USAGE, Map.of(ExportedMetric.TOKEN_TYPE, type), d, d.scale());
    }

    private static void histogram(List<HistogramValues> into, ExportedMetric metric, Map<String, String> attributes,
                                  Distribution d, double perUnit) {
        if (d.n() == 0 || d.histogram().isEmpty()) {
            into.add(new HistogramValues(metric, attributes, new double[0], new long[0], 0, 0));
            return;
        }
        Histogram h = decode(d.histogram());
        List<Double> values = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (HistogramIterationValue v : h.recordedValues()) {
            values.add(h.lowestEquivalentValue(v.getValueIteratedTo()) / perUnit);
            counts.add(v.getCountAtValueIteratedTo());
        }
        double unitsPerDistributionUnit = d.scale() / perUnit; // e.g. 1/1000: ms to s
        into.add(new HistogramValues(metric, attributes, values.stream().mapToDouble(Double::doubleValue).toArray(),
                counts.stream().mapToLong(Long::longValue).toArray(), h.getTotalCount(),
                d.mean() * unitsPerDistributionUnit * d.n()));
    }

    private static Histogram decode(String encoded) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(encoded)), 0);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not an encoded HdrHistogram: " + e.getMessage(), e);
        }
    }

    private static void tokenCount(List<BenchmarkValues.Scalar> into, String type, long count) {
        into.add(new BenchmarkValues.Scalar(ExportedMetric.TOKENS, Map.of(ExportedMetric.TOKEN_TYPE, type), count));
    }

    private static String snakeCase(String key) {
        return key.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    // ---- requests.jsonl --------------------------------------------------------------------------------------------

    /**
     * Reads {@code requestsJsonl} one line at a time (through the runtime's {@link RequestLogReader}) and hands each
     * request to {@code each}.
     *
     * @throws IOException when the file cannot be read or a line is not a request
     */
    public static void forEachRequest(Path requestsJsonl, Consumer<RequestValues> each) throws IOException {
        try (RequestLogReader in = RequestLogReader.open(requestsJsonl)) {
            for (Optional<RequestRecord> r = in.next(); r.isPresent(); r = in.next()) {
                each.accept(request(r.get()));
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static RequestValues request(RequestRecord r) {
        Map<String, Object> fields = new LinkedHashMap<>();
        RequestRecord.Offsets offsets = r.offsetsMs();
        r.ttftMs().ifPresent(v -> fields.put("ttft_ms", v));
        r.ttfoMs().ifPresent(v -> fields.put("ttfo_ms", v));
        if (offsets.headers().isPresent() && offsets.send().isPresent()) {
            fields.put("ttfb_ms", offsets.headers().getAsDouble() - offsets.send().getAsDouble());
        }
        r.e2eMs().ifPresent(v -> fields.put("e2e_ms", v));
        r.tpotMs().ifPresent(v -> fields.put("tpot_ms", v));
        r.scheduleLagMs().ifPresent(v -> fields.put("schedule_lag_ms", v));
        fields.put("input_tokens", r.tokens().input());
        fields.put("output_tokens", r.tokens().output());
        fields.put("http_status", (long) r.httpStatus());
        fields.put("attempt", (long) r.attempt());
        fields.put("index", (long) r.index());
        if (!r.finishReason().isEmpty()) {
            fields.put("finish_reason", r.finishReason());
        }
        r.requestId().filter(id -> !id.isEmpty()).ifPresent(id -> fields.put("request_id", id));
        String outcome = r.errorClass().map(c -> c.name().toLowerCase(Locale.ROOT)).orElse("success");
        Instant scheduled = r.scheduledAt().orElse(Instant.EPOCH);
        Instant time = offsets.send().isPresent()
                ? scheduled.plusNanos(Math.round(offsets.send().getAsDouble() * 1e6)) : scheduled;
        return new RequestValues(r.benchmark(), r.phase().name().toLowerCase(Locale.ROOT), outcome, r.index(), time,
                fields);
    }
}
