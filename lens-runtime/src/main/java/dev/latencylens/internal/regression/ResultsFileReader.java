package dev.latencylens.internal.regression;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latencylens.internal.metrics.Histograms;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Distribution;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;

/**
 * Reads one {@code results.json} tree into a {@link Baseline.Run} and its benchmarks. Lenient about what it does
 * not use (unknown keys, a missing {@code config}, per-request token distributions an older version did not write)
 * and strict about what it does: a missing or malformed value it needs fails with the file and the JSON location
 * named.
 */
final class ResultsFileReader {

    private final String source;

    private ResultsFileReader(String source) {
        this.source = source;
    }

    /** A run as read: when it ran and its benchmarks, each an entry of one run. */
    record ParsedRun(Baseline.Run run, List<Baseline.Entry> benchmarks) {
    }

    /** Whether {@code root} has the shape of a results file at all (so a directory scan can pass over others). */
    static boolean looksLikeResults(JsonNode root) {
        return root != null && root.isObject() && root.path("lens").isObject() && root.path("benchmarks").isArray();
    }

    /**
     * @param file null for a run in memory
     * @throws IllegalArgumentException naming the file and the place of anything it needs that is missing or bad
     */
    static ParsedRun read(JsonNode root, Path file) {
        String source = file == null ? "the current run" : "baseline " + file;
        if (!looksLikeResults(root)) {
            throw new IllegalArgumentException(source + " is not a Latency Lens results file: it needs the top-level"
                    + " keys 'lens' (an object) and 'benchmarks' (an array)");
        }
        ResultsFileReader r = new ResultsFileReader(source);
        Instant started = r.instant(root.get("lens"), "started", "lens");
        List<Baseline.Entry> entries = new ArrayList<>();
        JsonNode array = root.get("benchmarks");
        for (int i = 0; i < array.size(); i++) {
            entries.add(r.benchmark(array.get(i), "benchmarks[" + i + "]"));
        }
        boolean partial = root.path("partial").asBoolean(false);
        return new ParsedRun(new Baseline.Run(Optional.ofNullable(file), started, partial), entries);
    }

    private Baseline.Entry benchmark(JsonNode b, String where) {
        if (!b.isObject()) {
            throw fail(where, "is not an object");
        }
        String id = text(b, "id", where);
        String at = where + " (" + id + ")";
        Map<String, Distribution> metrics = new LinkedHashMap<>();
        JsonNode m = object(b, "metrics", at);
        for (Map.Entry<String, JsonNode> e : m.properties()) {
            metrics.put(e.getKey(), distribution(e.getValue(), at + " metrics." + e.getKey()));
        }
        JsonNode t = object(b, "throughput", at);
        String tw = at + " throughput";
        BenchmarkResult.Throughput throughput = new BenchmarkResult.Throughput(
                number(t, "requestsPerSecond", tw), number(t, "outputTokensPerSecond", tw),
                number(t, "totalTokensPerSecond", tw), number(t, "windowSeconds", tw));
        JsonNode rel = object(b, "reliability", at);
        String rw = at + " reliability";
        Baseline.Reliability reliability = new Baseline.Reliability(integer(rel, "attempted", rw),
                integer(rel, "succeeded", rw));
        if (reliability.succeeded() < 0 || reliability.succeeded() > reliability.attempted()) {
            throw fail(rw, "has succeeded " + reliability.succeeded() + " of " + reliability.attempted()
                    + " attempted");
        }
        JsonNode tokens = b.path("tokens");
        return new Baseline.Entry(id, text(b, "name", at), text(b, "provider", at), text(b, "model", at), metrics,
                throughput, reliability, cost(b.get("cost")), b.path("partial").asBoolean(false),
                perRequest(tokens.get("inputPerRequest"), at + " tokens.inputPerRequest"),
                perRequest(tokens.get("outputPerRequest"), at + " tokens.outputPerRequest"), 1, List.of());
    }

    /** Absent in files written before per-request token counts existed: an empty distribution. */
    private Distribution perRequest(JsonNode d, String where) {
        return d == null || d.isNull() ? Distribution.empty(Distribution.TOKENS) : distribution(d, where);
    }

    private Distribution distribution(JsonNode d, String where) {
        if (!d.isObject()) {
            throw fail(where, "is not an object");
        }
        String unit = text(d, "unit", where);
        long n = integer(d, "n", where);
        if (n <= 0) {
            return new Distribution(unit, 0, 0, 0, 0, 0, 0, 0, OptionalDouble.empty(), OptionalDouble.empty(),
                    0, d.path("histogramScale").asDouble(1), "");
        }
        String histogram = text(d, "histogram", where);
        double scale = number(d, "histogramScale", where);
        if (!(scale > 0)) {
            throw fail(where, "has histogramScale " + scale + " (must be above 0)");
        }
        Histogram decoded;
        try {
            decoded = Histograms.decode(histogram);
        } catch (RuntimeException e) {
            throw fail(where, "has a histogram that does not decode: " + e.getMessage());
        }
        if (decoded.getTotalCount() != n) {
            throw fail(where, "says n = " + n + " but its histogram holds " + decoded.getTotalCount());
        }
        return new Distribution(unit, n, number(d, "mean", where), number(d, "stddev", where),
                number(d, "min", where), number(d, "p50", where), number(d, "p90", where),
                number(d, "p95", where), optional(d, "p99", where), optional(d, "p999", where),
                number(d, "max", where), scale, histogram);
    }

    /** Lenient: the cost block is newer than this reader; anything not understood is "unknown". */
    private static Optional<Baseline.Cost> cost(JsonNode c) {
        if (c == null || !c.isObject() || !c.path("total").isNumber()) {
            return Optional.empty();
        }
        JsonNode per = c.path("perThousandSuccessful");
        return Optional.of(new Baseline.Cost(c.get("total").decimalValue(),
                per.isNumber() ? Optional.of(per.decimalValue()) : Optional.empty(),
                c.path("currency").isTextual() ? c.get("currency").asText() : "USD"));
    }

    private Instant instant(JsonNode n, String key, String where) {
        String s = text(n, key, where);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw fail(where, "has '" + key + "' = '" + s + "', not an ISO-8601 instant");
        }
    }

    private JsonNode object(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || !v.isObject()) {
            throw fail(where, "has no object '" + key + "'");
        }
        return v;
    }

    private String text(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual()) {
            throw fail(where, "has no text '" + key + "'");
        }
        return v.asText();
    }

    private double number(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || !v.isNumber()) {
            throw fail(where, "has no number '" + key + "'");
        }
        return v.asDouble();
    }

    private long integer(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || !v.isIntegralNumber()) {
            throw fail(where, "has no integer '" + key + "'");
        }
        return v.asLong();
    }

    private OptionalDouble optional(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return OptionalDouble.empty();
        }
        if (!v.isNumber()) {
            throw fail(where, "has a '" + key + "' that is not a number");
        }
        return OptionalDouble.of(v.asDouble());
    }

    private IllegalArgumentException fail(String where, String what) {
        return new IllegalArgumentException(source + ": " + where + " " + what);
    }
}
