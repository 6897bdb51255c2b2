package dev.latencylens.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.annotations.LoadPattern;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Reads what {@link ResultJson} writes, back into the {@link RunResult} it was written from. Every failure names the
 * file and the place ({@code benchmarks[1] (b) metrics.ttft has a histogram that does not decode}).
 *
 * <p>What it needs it requires: {@code lens.started}, and of each benchmark its {@code id}, {@code name},
 * {@code provider}, {@code model}, {@code metrics}, {@code throughput} and {@code reliability}. A block an older
 * version did not write (the configuration, per-request tokens, the cold start, cost, goodput, the load self-check,
 * connections, a sweep step, the {@code @Sla} violations) reads as its "nothing" value; a block that is there is read
 * strictly. Unknown keys are passed over.
 */
final class ResultJsonReader {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final String source;

    private ResultJsonReader(String source) {
        this.source = source;
    }

    static RunResult read(Path file) throws IOException {
        JsonNode root = tree(file);
        return parse(root, file.toString());
    }

    static Optional<RunResult> readIfResults(Path file) throws IOException {
        JsonNode root = tree(file);
        return looksLikeResults(root) ? Optional.of(parse(root, file.toString())) : Optional.empty();
    }

    static RunResult parse(String json, String source) {
        try {
            return parse(JSON.readTree(json), source);
        } catch (JsonProcessingException e) {
            throw notJson(source, e);
        }
    }

    private static JsonNode tree(Path file) throws IOException {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw notJson(file.toString(), e);
        }
    }

    private static IllegalArgumentException notJson(String source, JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "unknown error" : e.getOriginalMessage().lines().findFirst()
                .orElse("");
        return new IllegalArgumentException(source + " is not a Latency Lens results file: not JSON (" + message + ")",
                e);
    }

    /** Whether {@code root} has the shape of a results file at all. */
    private static boolean looksLikeResults(JsonNode root) {
        return root != null && root.isObject() && root.path("lens").isObject() && root.path("benchmarks").isArray();
    }

    private static RunResult parse(JsonNode root, String source) {
        if (!looksLikeResults(root)) {
            throw new IllegalArgumentException(source + " is not a Latency Lens results file: it needs the top-level"
                    + " keys 'lens' (an object) and 'benchmarks' (an array)");
        }
        ResultJsonReader r = new ResultJsonReader(source);
        JsonNode lens = root.get("lens");
        Instant started = r.instant(lens, "started", "lens");
        Instant ended = lens.has("ended") ? r.instant(lens, "ended", "lens") : started;
        JsonNode warmUp = lens.path("clientWarmUp");
        RunResult.Environment environment = new RunResult.Environment(r.text(lens, "version", "lens", "unknown"),
                r.text(lens, "jvm", "lens", "unknown"), r.text(lens, "os", "lens", "unknown"),
                (int) r.integer(lens, "cores", "lens", 1), r.text(lens, "host", "lens", "unknown"),
                (int) r.integer(warmUp, "requests", "lens.clientWarmUp", 0),
                r.number(warmUp, "ms", "lens.clientWarmUp", 0));
        List<BenchmarkResult> benchmarks = new ArrayList<>();
        JsonNode array = root.get("benchmarks");
        for (int i = 0; i < array.size(); i++) {
            benchmarks.add(r.benchmark(array.get(i), "benchmarks[" + i + "]"));
        }
        Optional<Shard> shard = r.optionalBlock(root, "shard", "the run", r::shard);
        return r.valid("lens", () -> new RunResult(environment, started, ended, benchmarks,
                root.path("partial").asBoolean(false), shard));
    }

    private BenchmarkResult benchmark(JsonNode b, String where) {
        if (!b.isObject()) {
            throw fail(where, "is not an object");
        }
        String id = text(b, "id", where);
        String at = where + " (" + id + ")";
        BenchmarkDescriptor descriptor = descriptor(b, at);
        BenchmarkResult.Builder result = BenchmarkResult.builder(descriptor).id(id);
        JsonNode metrics = object(b, "metrics", at);
        for (Map.Entry<String, JsonNode> e : metrics.properties()) {
            Metric metric;
            try {
                metric = Metric.fromKey(e.getKey());
            } catch (IllegalArgumentException unknown) {
                continue; // a metric this version does not know: passed over, like any unknown key
            }
            if (Metric.RECORDED.contains(metric)) {
                result.metric(metric, distribution(e.getValue(), at + " metrics." + e.getKey()));
            }
        }
        JsonNode tokens = b.path("tokens");
        String tw = at + " tokens";
        result.tokens(new BenchmarkResult.Tokens(integer(tokens, "input", tw, 0), integer(tokens, "output", tw, 0),
                integer(tokens, "cachedInput", tw, 0), integer(tokens, "cacheWrite", tw, 0),
                integer(tokens, "reasoning", tw, 0),
                text(tokens, "source", tw, "provider"),
                perRequest(tokens.get(Metric.INPUT_TOKENS.key()), tw + "." + Metric.INPUT_TOKENS.key()),
                perRequest(tokens.get(Metric.OUTPUT_TOKENS.key()), tw + "." + Metric.OUTPUT_TOKENS.key())));
        JsonNode t = object(b, "throughput", at);
        String thw = at + " throughput";
        result.throughput(new BenchmarkResult.Throughput(number(t, "requestsPerSecond", thw),
                number(t, "outputTokensPerSecond", thw), number(t, "totalTokensPerSecond", thw),
                number(t, "windowSeconds", thw),
                t.has("firstSend") ? Optional.of(instant(t, "firstSend", thw)) : Optional.empty(),
                t.has("lastEnd") ? Optional.of(instant(t, "lastEnd", thw)) : Optional.empty()));
        result.reliability(reliability(object(b, "reliability", at), at + " reliability"));
        optionalBlock(b, "sweep", at, this::sweepStep).ifPresent(result::sweepStep);
        optionalBlock(b, "coldStart", at, this::coldStart).ifPresent(result::coldStart);
        optionalBlock(b, "cost", at, this::cost).ifPresent(result::cost);
        optionalBlock(b, "runCost", at, this::cost).ifPresent(result::runCost);
        optionalBlock(b, "goodput", at, this::goodput).ifPresent(result::goodput);
        optionalBlock(b, "load", at, this::load).ifPresent(result::load);
        optionalBlock(b, "connections", at, this::connections).ifPresent(result::connections);
        result.allFailed(optionalBlock(b, "allFailed", at, (n, w) -> valid(w, () -> new AllFailed(
                integer(n, "attempted", w), text(n, "causes", w), text(n, "remedy", w)))));
        result.slaViolations(b.has("slaViolations") ? list(b.get("slaViolations"), at + " slaViolations",
                this::slaViolation) : List.of());
        result.shards(list(b.path("shards"), at + " shards", this::shardSummary));
        result.warnings(b.has("warnings") ? list(b.get("warnings"), at + " warnings", (n, w) -> {
            if (!n.isTextual()) {
                throw fail(w, "is not text");
            }
            return n.asText();
        }) : List.of());
        result.partial(b.path("partial").asBoolean(false));
        return valid(at, result::build);
    }

    private BenchmarkDescriptor descriptor(JsonNode b, String at) {
        JsonNode c = b.path("config");
        String cw = at + " config";
        BenchmarkDescriptor.Builder d = BenchmarkDescriptor.builder(text(b, "provider", at), text(b, "model", at))
                .name(text(b, "name", at))
                .source(text(c, "class", cw, ""), text(c, "method", cw, ""))
                .iterations((int) integer(c, "iterations", cw, 1))
                .warmup((int) integer(c, "warmup", cw, 0))
                .pattern(enumValue(b, "pattern", at, LoadPattern.class, LoadPattern.SEQUENTIAL))
                .concurrency((int) integer(c, "concurrency", cw, 1))
                .rate(number(c, "rate", cw, 0))
                .maxTokens((int) integer(c, "maxTokens", cw, 256))
                .temperature(optional(c, "temperature", cw))
                .timeoutMs(integer(c, "timeoutMs", cw, 60_000));
        if (c.has("tags")) {
            d.tags(list(c.get("tags"), cw + ".tags", (n, w) -> {
                if (!n.isTextual()) {
                    throw fail(w, "is not text");
                }
                return n.asText();
            }));
        }
        if (c.has("workload")) {
            d.workload(workload(c.get("workload"), cw + ".workload"));
        }
        JsonNode s = c.path("sla");
        String sw = cw + ".sla";
        SlaSpec sla = valid(sw, () -> new SlaSpec(optional(s, "ttftP50Ms", sw), optional(s, "ttftP95Ms", sw),
                optional(s, "ttftP99Ms", sw), optional(s, "tpotP95Ms", sw), optional(s, "e2eP95Ms", sw),
                optional(s, "e2eP99Ms", sw), optional(s, "maxErrorRate", sw),
                optional(s, "minOutputTokensPerSecond", sw)));
        return valid(cw, d.sla(sla)::build);
    }

    /** The workload as {@code ResultJson} writes it: its kind (derived, so skipped) and every key set. */
    private Workload workload(JsonNode w, String where) {
        if (!w.isObject()) {
            throw fail(where, "is not an object");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : w.properties()) {
            if (!e.getKey().equals("kind")) {
                values.put(e.getKey(), e.getValue().isNumber() ? e.getValue().numberValue() : e.getValue().asText());
            }
        }
        return valid(where, () -> Workload.fromMap(values));
    }

    private BenchmarkResult.Reliability reliability(JsonNode rel, String where) {
        long attempted = integer(rel, "attempted", where);
        long succeeded = integer(rel, "succeeded", where);
        if (succeeded < 0 || succeeded > attempted) {
            throw fail(where, "has succeeded " + succeeded + " of " + attempted + " attempted");
        }
        Map<ErrorClass, BenchmarkResult.Errors> errors = new EnumMap<>(ErrorClass.class);
        JsonNode e = rel.path("errors");
        for (Map.Entry<String, JsonNode> error : e.properties()) {
            String ew = where + ".errors." + error.getKey();
            ErrorClass c = enumOf(ErrorClass.class, error.getKey(), ew);
            errors.put(c, new BenchmarkResult.Errors(integer(error.getValue(), "count", ew),
                    list(error.getValue().path("examples"), ew + ".examples", (n, w) -> n.asText())));
        }
        double successRate = rel.has("successRate") ? number(rel, "successRate", where)
                : attempted == 0 ? 0 : (double) succeeded / attempted;
        long rateLimited = rel.has("rateLimitedAttempts") ? integer(rel, "rateLimitedAttempts", where)
                : errors.containsKey(ErrorClass.RATE_LIMITED) ? errors.get(ErrorClass.RATE_LIMITED).count() : 0;
        return new BenchmarkResult.Reliability(attempted, succeeded, successRate, errors, rateLimited);
    }

    private Shard shard(JsonNode s, String where) {
        return valid(where, () -> new Shard((int) integer(s, "index", where), (int) integer(s, "count", where),
                text(s, "host", where, "unknown"), optional(s, "clockOffsetMs", where)));
    }

    private ShardSummary shardSummary(JsonNode s, String where) {
        if (!s.isObject()) {
            throw fail(where, "is not an object");
        }
        return valid(where, () -> new ShardSummary(shard(s, where), integer(s, "attempted", where),
                integer(s, "succeeded", where), number(s, "ttftP50Ms", where), number(s, "ttftP95Ms", where),
                number(s, "e2eP50Ms", where), number(s, "e2eP95Ms", where),
                optionalBlock(s, "coldStart", where, this::coldStart)
                        .orElseGet(() -> ColdStart.notProbed("no cold start recorded"))));
    }

    private SweepStep sweepStep(JsonNode s, String where) {
        return valid(where, () -> new SweepStep(text(s, "benchmark", where), (int) integer(s, "step", where),
                enumOf(SweepStep.Kind.class, text(s, "kind", where), where + ".kind"),
                optional(s, "targetRate", where), s.path("last").asBoolean(false),
                optional(s, "capacityAtSlo", where)));
    }

    private ColdStart coldStart(JsonNode c, String where) {
        if (!c.path("probed").asBoolean(false)) {
            return ColdStart.notProbed(text(c, "verdict", where, ""));
        }
        return new ColdStart(true, optional(c, "ttftMs", where), optional(c, "ttfbMs", where),
                optional(c, "e2eMs", where), optional(c, "dnsMs", where), optional(c, "connectMs", where),
                optional(c, "tlsMs", where), c.path("connectionReused").asBoolean(false),
                optional(c, "connectionSetupMs", where), optional(c, "serverTtftMs", where),
                integer(c, "steadyN", where, 0), optional(c, "steadyP50Ms", where), optional(c, "steadyTailMs", where),
                optional(c, "thresholdMs", where), c.path("detected").asBoolean(false), optional(c, "penaltyMs", where),
                text(c, "verdict", where, ""));
    }

    private CostSummary cost(JsonNode c, String where) {
        Optional<Price> price = c.has("price") ? Optional.of(price(c.get("price"), where + ".price"))
                : Optional.empty();
        JsonNode t = c.path("tokens");
        String tw = where + ".tokens";
        TokenCounts tokens = valid(tw, () -> new TokenCounts(integer(t, "uncachedInput", tw, 0),
                integer(t, "cachedInput", tw, 0), integer(t, "cacheWrite", tw, 0), integer(t, "output", tw, 0),
                integer(t, "reasoning", tw, 0)));
        return valid(where, () -> new CostSummary(price, text(c, "priceRow", where, ""), tokens,
                integer(c, "requests", where, 0), integer(c, "succeeded", where, 0),
                number(c, "projectedRequestsPerSecond", where, 0), decimal(c, "total", where),
                decimal(c, "perRequest", where), decimal(c, "perThousandSuccessful", where),
                decimal(c, "projectedMonthly", where),
                c.has("unknownReason") ? Optional.of(text(c, "unknownReason", where)) : Optional.empty()));
    }

    private Price price(JsonNode p, String where) {
        LocalDate effective;
        try {
            effective = LocalDate.parse(text(p, "effectiveDate", where));
        } catch (DateTimeParseException e) {
            throw fail(where, "has an 'effectiveDate' that is not a date (yyyy-mm-dd)");
        }
        return valid(where, () -> new Price(text(p, "provider", where), text(p, "model", where),
                decimal(p, "inputPerMillion", where).orElseThrow(() -> fail(where, "has no 'inputPerMillion'")),
                decimal(p, "cachedInputPerMillion", where), decimal(p, "cacheWritePerMillion", where),
                decimal(p, "outputPerMillion", where).orElseThrow(() -> fail(where, "has no 'outputPerMillion'")),
                decimal(p, "reasoningPerMillion", where), text(p, "currency", where), effective,
                text(p, "source", where)));
    }

    private Goodput goodput(JsonNode g, String where) {
        if (!g.path("defined").asBoolean(false)) {
            return Goodput.undefined();
        }
        return valid(where, () -> new Goodput(true, integer(g, "good", where), number(g, "goodFraction", where),
                number(g, "requestsPerSecond", where)));
    }

    private LoadCheck load(JsonNode l, String where) {
        return valid(where, () -> new LoadCheck(optional(l, "targetRate", where), number(l, "achievedRate", where, 0),
                integer(l, "dropped", where, 0), optional(l, "dispatchLagP99Ms", where),
                number(l, "gcPauseMs", where, 0), number(l, "processCpuPercent", where, -1),
                l.path("clientLimited").asBoolean(false),
                list(l.path("reasons"), where + ".reasons", (n, w) -> n.asText())));
    }

    private ConnectionReuse connections(JsonNode c, String where) {
        return valid(where, () -> new ConnectionReuse(integer(c, "requests", where, 0), integer(c, "reused", where, 0),
                number(c, "reuseRate", where, 0), integer(c, "staleRetries", where, 0),
                optional(c, "setupP50Ms", where), c.path("closesConnections").asBoolean(false),
                c.has("finding") ? Optional.of(text(c, "finding", where)) : Optional.empty()));
    }

    private SlaViolation slaViolation(JsonNode v, String where) {
        return new SlaViolation(text(v, "bound", where), number(v, "limit", where), optional(v, "measured", where),
                text(v, "message", where));
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
            return Distribution.empty(unit);
        }
        String histogram = text(d, "histogram", where);
        double scale = number(d, "histogramScale", where);
        if (!(scale > 0)) {
            throw fail(where, "has histogramScale " + scale + " (must be above 0)");
        }
        long count;
        try {
            count = Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(java.util.Base64.getDecoder().decode(histogram)), 0).getTotalCount();
        } catch (Exception e) {
            throw fail(where, "has a histogram that does not decode: " + e.getMessage());
        }
        if (count != n) {
            throw fail(where, "says n = " + n + " but its histogram holds " + count);
        }
        return valid(where, () -> new Distribution(unit, n, number(d, "mean", where), number(d, "stddev", where),
                number(d, "min", where), number(d, "p50", where), number(d, "p90", where),
                number(d, "p95", where), optional(d, "p99", where), optional(d, "p999", where),
                number(d, "max", where), scale, histogram));
    }

    // ---- values ----------------------------------------------------------------------------------------------------

    /** The block {@code key} of {@code n} read by {@code reader}, or empty when the file has none. */
    private <T> Optional<T> optionalBlock(JsonNode n, String key, String where, BlockReader<T> reader) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            throw fail(where, "has a '" + key + "' that is not an object");
        }
        return Optional.of(reader.read(v, where + " " + key));
    }

    private <T> List<T> list(JsonNode n, String where, BlockReader<T> item) {
        if (n.isMissingNode() || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw fail(where, "is not an array");
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            out.add(item.read(n.get(i), where + "[" + i + "]"));
        }
        return out;
    }

    @FunctionalInterface
    private interface BlockReader<T> {
        T read(JsonNode node, String where);
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

    private String text(JsonNode n, String key, String where, String absent) {
        return n.has(key) ? text(n, key, where) : absent;
    }

    private double number(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || !v.isNumber()) {
            throw fail(where, "has no number '" + key + "'");
        }
        return v.asDouble();
    }

    private double number(JsonNode n, String key, String where, double absent) {
        return n.has(key) ? number(n, key, where) : absent;
    }

    private long integer(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || !v.isIntegralNumber()) {
            throw fail(where, "has no integer '" + key + "'");
        }
        return v.asLong();
    }

    private long integer(JsonNode n, String key, String where, long absent) {
        return n.has(key) ? integer(n, key, where) : absent;
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

    private Optional<BigDecimal> decimal(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isNumber()) {
            throw fail(where, "has a '" + key + "' that is not a number");
        }
        return Optional.of(v.decimalValue());
    }

    private <E extends Enum<E>> E enumValue(JsonNode n, String key, String where, Class<E> type, E absent) {
        return n.has(key) ? enumOf(type, text(n, key, where), where + " " + key) : absent;
    }

    private <E extends Enum<E>> E enumOf(Class<E> type, String name, String where) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw fail(where, "is '" + name + "', not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }


    /** {@code value}, or a failure naming {@code where} when a constructor refused what the file holds. */
    private <T> T valid(String where, Supplier<T> value) {
        try {
            return value.get();
        } catch (Failure f) {
            throw f;
        } catch (IllegalArgumentException e) {
            throw fail(where, "is not valid: " + e.getMessage());
        }
    }

    private Failure fail(String where, String what) {
        return new Failure(source + ": " + where + " " + what);
    }

    /** A failure that already names the file and the place. */
    private static final class Failure extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }
}
