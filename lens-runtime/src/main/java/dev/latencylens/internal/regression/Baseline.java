package dev.latencylens.internal.regression;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.internal.metrics.Histograms;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.ResultJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;

/**
 * A previous run read back from its {@code results.json}: per benchmark id, what a regression comparison needs —
 * the metrics' summaries and histograms, throughput, reliability and, when the file has it, cost. Immutable.
 *
 * <p>Reading is lenient about what it does not use (unknown keys, a missing {@code config}) and strict about what it
 * does: a missing or malformed value it needs fails loading with the file and the benchmark named. When two
 * benchmarks share an id, the first one counts.
 */
public final class Baseline {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<Path> path;
    private final Instant started;
    private final boolean partial;
    private final List<Entry> benchmarks;
    private final Map<String, Entry> byId;

    private Baseline(Optional<Path> path, Instant started, boolean partial, List<Entry> benchmarks) {
        this.path = path;
        this.started = started;
        this.partial = partial;
        this.benchmarks = List.copyOf(benchmarks);
        Map<String, Entry> ids = new LinkedHashMap<>();
        benchmarks.forEach(b -> ids.putIfAbsent(b.id(), b));
        this.byId = Collections.unmodifiableMap(ids);
    }

    /**
     * Reads a previous run: its {@code results.json}, or a directory holding one (the last run's
     * {@code target/lens}).
     *
     * @throws IllegalArgumentException naming the path when it does not exist, cannot be read, is not JSON or is
     *                                  not a Latency Lens results file
     */
    public static Baseline load(Path fileOrDirectory) {
        Path file = fileOrDirectory;
        if (Files.isDirectory(fileOrDirectory)) {
            file = fileOrDirectory.resolve(ResultJson.FILE_NAME);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no baseline in " + fileOrDirectory + ": the directory holds no "
                        + ResultJson.FILE_NAME + " (expected a results file or the output directory of a previous"
                        + " run, e.g. target/lens)");
            }
        } else if (!Files.exists(fileOrDirectory)) {
            throw new IllegalArgumentException("no baseline at " + fileOrDirectory + ": no such file or directory");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("baseline " + file + " is not a Latency Lens results file: not JSON ("
                    + firstLine(e.getOriginalMessage()) + ")", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("baseline " + file + " could not be read: " + e, e);
        }
        return parse(root, file);
    }

    /** A run of this JVM as a baseline-shaped snapshot (read back through its {@code results.json} form). */
    public static Baseline of(RunResult run) {
        try {
            return parse(JSON.readTree(ResultJson.toString(run)), null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("results.json of this run does not read back: " + e.getMessage(), e);
        }
    }

    /** The file this was read from; empty for {@link #of(RunResult) a run in memory}. */
    public Optional<Path> path() {
        return path;
    }

    /** When the run started ({@code lens.started}). */
    public Instant started() {
        return started;
    }

    /** The run was interrupted before every benchmark completed. */
    public boolean partial() {
        return partial;
    }

    /** Every benchmark, in the file's order. */
    public List<Entry> benchmarks() {
        return benchmarks;
    }

    public Optional<Entry> benchmark(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * One benchmark of the run.
     *
     * @param metrics by the keys of {@code results.json} (ttft, icl, tpot, e2e, ...), as every report summarises
     *                them; histograms decode with {@link #histogram(String)}
     * @param cost    empty when the file carries no cost (unknown, not zero)
     */
    public record Entry(String id, String name, String provider, String model, Map<String, Distribution> metrics,
                        BenchmarkResult.Throughput throughput, Reliability reliability, Optional<Cost> cost,
                        boolean partial) {

        public Entry {
            metrics = Map.copyOf(metrics);
        }

        public Optional<Distribution> metric(String name) {
            return Optional.ofNullable(metrics.get(name));
        }

        /**
         * The metric's histogram, decoded afresh (the caller may change it), values in {@code 1/scale} of the unit
         * ({@link Distribution#scale()}); empty when the metric recorded nothing or is absent.
         */
        public Histogram histogram(String name) {
            Distribution d = metrics.get(name);
            if (d == null || d.n() == 0 || d.histogram().isEmpty()) {
                return new Histogram(3);
            }
            return Histograms.decode(d.histogram());
        }
    }

    /** Requests of the measured phase: attempted and succeeded. */
    public record Reliability(long attempted, long succeeded) {

        /** {@code 1 − succeeded/attempted}; NaN when nothing was attempted. */
        public double errorRate() {
            return attempted == 0 ? Double.NaN : (double) (attempted - succeeded) / attempted;
        }

        public long failed() {
            return attempted - succeeded;
        }
    }

    /**
     * What the run's requests cost ({@code cost} in {@code results.json}, when present).
     *
     * @param perThousandSuccessful empty when no request succeeded
     */
    public record Cost(BigDecimal total, Optional<BigDecimal> perThousandSuccessful, String currency) {
    }

    // ---- reading

    private static Baseline parse(JsonNode root, Path file) {
        String source = file == null ? "the current run" : "baseline " + file;
        if (root == null || !root.isObject() || !root.path("lens").isObject() || !root.path("benchmarks").isArray()) {
            throw new IllegalArgumentException(source + " is not a Latency Lens results file: it needs the top-level"
                    + " keys 'lens' (an object) and 'benchmarks' (an array)");
        }
        Reader r = new Reader(source);
        Instant started = r.instant(root.get("lens"), "started", "lens");
        List<Entry> entries = new ArrayList<>();
        JsonNode array = root.get("benchmarks");
        for (int i = 0; i < array.size(); i++) {
            entries.add(r.benchmark(array.get(i), "benchmarks[" + i + "]"));
        }
        return new Baseline(Optional.ofNullable(file), started, root.path("partial").asBoolean(false), entries);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Reads values, failing with the file and the JSON location named. */
    private record Reader(String source) {

        Entry benchmark(JsonNode b, String where) {
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
            Reliability reliability = new Reliability(integer(rel, "attempted", rw), integer(rel, "succeeded", rw));
            if (reliability.succeeded() < 0 || reliability.succeeded() > reliability.attempted()) {
                throw fail(rw, "has succeeded " + reliability.succeeded() + " of " + reliability.attempted()
                        + " attempted");
            }
            return new Entry(id, text(b, "name", at), text(b, "provider", at), text(b, "model", at), metrics,
                    throughput, reliability, cost(b.get("cost")), b.path("partial").asBoolean(false));
        }

        Distribution distribution(JsonNode d, String where) {
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
        Optional<Cost> cost(JsonNode c) {
            if (c == null || !c.isObject() || !c.path("total").isNumber()) {
                return Optional.empty();
            }
            JsonNode per = c.path("perThousandSuccessful");
            return Optional.of(new Cost(c.get("total").decimalValue(),
                    per.isNumber() ? Optional.of(per.decimalValue()) : Optional.empty(),
                    c.path("currency").isTextual() ? c.get("currency").asText() : "USD"));
        }

        Instant instant(JsonNode n, String key, String where) {
            String s = text(n, key, where);
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                throw fail(where, "has '" + key + "' = '" + s + "', not an ISO-8601 instant");
            }
        }

        JsonNode object(JsonNode n, String key, String where) {
            JsonNode v = n.get(key);
            if (v == null || !v.isObject()) {
                throw fail(where, "has no object '" + key + "'");
            }
            return v;
        }

        String text(JsonNode n, String key, String where) {
            JsonNode v = n.get(key);
            if (v == null || !v.isTextual()) {
                throw fail(where, "has no text '" + key + "'");
            }
            return v.asText();
        }

        double number(JsonNode n, String key, String where) {
            JsonNode v = n.get(key);
            if (v == null || !v.isNumber()) {
                throw fail(where, "has no number '" + key + "'");
            }
            return v.asDouble();
        }

        long integer(JsonNode n, String key, String where) {
            JsonNode v = n.get(key);
            if (v == null || !v.isIntegralNumber()) {
                throw fail(where, "has no integer '" + key + "'");
            }
            return v.asLong();
        }

        OptionalDouble optional(JsonNode n, String key, String where) {
            JsonNode v = n.get(key);
            if (v == null || v.isNull()) {
                return OptionalDouble.empty();
            }
            if (!v.isNumber()) {
                throw fail(where, "has a '" + key + "' that is not a number");
            }
            return OptionalDouble.of(v.asDouble());
        }

        IllegalArgumentException fail(String where, String what) {
            return new IllegalArgumentException(source + ": " + where + " " + what);
        }
    }
}
