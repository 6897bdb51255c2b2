package dev.latencylens.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.RunResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    private static final JsonFactory JSON = new JsonFactory();

    private LensResults() {
    }

    /** Each benchmark (each sweep step) of {@code run}, in run order. */
    public static List<BenchmarkValues> of(RunResult run) {
        return run.benchmarks().stream().map(r -> of(r, run.ended())).toList();
    }

    /** One benchmark's figures; {@code time} is when its run ended. */
    public static BenchmarkValues of(BenchmarkResult r, Instant time) {
        List<HistogramValues> histograms = new ArrayList<>();
        seconds(histograms, ExportedMetric.OPERATION_DURATION, r.metric("e2e"));
        seconds(histograms, ExportedMetric.TIME_TO_FIRST_TOKEN, r.metric("ttft"));
        seconds(histograms, ExportedMetric.TIME_PER_OUTPUT_TOKEN, r.metric("tpot"));
        seconds(histograms, ExportedMetric.INTER_CHUNK_LATENCY, r.metric("icl"));
        seconds(histograms, ExportedMetric.SCHEDULE_LAG, r.metric("scheduleLag"));
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
        for (String metric : List.of("ttft", "ttfo", "tpot", "icl", "e2e", "scheduleLag")) {
            Distribution d = r.metric(metric);
            if (d.n() == 0) {
                continue;
            }
            String prefix = snakeCase(metric);
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
     * Reads {@code requestsJsonl} one line at a time and hands each request to {@code each}.
     *
     * @throws IOException when the file cannot be read or a line is not a JSON object
     */
    public static void forEachRequest(Path requestsJsonl, Consumer<RequestValues> each) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(requestsJsonl, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    each.accept(request(flatten(line, number, requestsJsonl)));
                }
            }
        }
    }

    private static RequestValues request(Map<String, Object> line) {
        Map<String, Object> fields = new LinkedHashMap<>();
        double send = number(line, "offsetsMs.send", Double.NaN);
        number(fields, "ttft_ms", line, "ttftMs");
        number(fields, "ttfo_ms", line, "ttfoMs");
        double headers = number(line, "offsetsMs.headers", Double.NaN);
        if (!Double.isNaN(headers) && !Double.isNaN(send)) {
            fields.put("ttfb_ms", headers - send);
        }
        number(fields, "e2e_ms", line, "e2eMs");
        number(fields, "tpot_ms", line, "tpotMs");
        number(fields, "schedule_lag_ms", line, "scheduleLagMs");
        fields.put("input_tokens", (long) number(line, "tokens.input", 0));
        fields.put("output_tokens", (long) number(line, "tokens.output", 0));
        fields.put("http_status", (long) number(line, "httpStatus", 0));
        fields.put("attempt", (long) number(line, "attempt", 0));
        fields.put("index", (long) number(line, "index", 0));
        Object finish = line.get("finishReason");
        if (finish instanceof String s && !s.isEmpty()) {
            fields.put("finish_reason", s);
        }
        Object requestId = line.get("requestId");
        if (requestId instanceof String s && !s.isEmpty()) {
            fields.put("request_id", s);
        }
        Object error = line.get("errorClass");
        String outcome = error instanceof String s ? s.toLowerCase(Locale.ROOT) : "success";
        Instant scheduled = line.get("scheduledAt") instanceof String s ? Instant.parse(s) : Instant.EPOCH;
        Instant time = Double.isNaN(send) ? scheduled : scheduled.plusNanos(Math.round(send * 1e6));
        return new RequestValues(String.valueOf(line.get("benchmark")), String.valueOf(line.get("phase")), outcome,
                (int) number(line, "index", 0), time, fields);
    }

    private static void number(Map<String, Object> fields, String field, Map<String, Object> line, String key) {
        double v = number(line, key, Double.NaN);
        if (!Double.isNaN(v)) {
            fields.put(field, v);
        }
    }

    private static double number(Map<String, Object> line, String key, double fallback) {
        return line.get(key) instanceof Number n ? n.doubleValue() : fallback;
    }

    /** A line's scalars by dotted path ({@code offsetsMs.send}, {@code tokens.input}); arrays are skipped. */
    private static Map<String, Object> flatten(String line, int number, Path file) throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(file + " line " + number + ": not a JSON object");
            }
            List<String> path = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case FIELD_NAME -> path.add(p.currentName());
                    case START_OBJECT -> {
                        continue; // the field name stays on the path until the object ends
                    }
                    case END_OBJECT -> {
                        if (!path.isEmpty()) {
                            path.remove(path.size() - 1);
                        }
                        continue;
                    }
                    case START_ARRAY -> p.skipChildren();
                    case VALUE_STRING -> values.put(String.join(".", path), p.getText());
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> values.put(String.join(".", path),
                            p.getDoubleValue());
                    case VALUE_TRUE, VALUE_FALSE -> values.put(String.join(".", path), t == JsonToken.VALUE_TRUE);
                    default -> {
                        // null: absent
                    }
                }
                if (t != JsonToken.FIELD_NAME && !path.isEmpty()) {
                    path.remove(path.size() - 1);
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + " line " + number + ": not JSON (" + e.getOriginalMessage() + ")", e);
        }
        return values;
    }
}
