package dev.latencylens.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code results.json}: the result contract every report and tool builds on, written and read here. The keys are
 * documented in the README and fixed by {@code dev/latencylens/results.schema.json}; this class is the only place that
 * writes them, and reading a file back gives the {@link RunResult} that was written, every field equal.
 *
 * <pre>{@code
 * ResultJson.write(run, Path.of("target/lens"));                      // target/lens/results.json
 * RunResult again = ResultJson.read(Path.of("target/lens/results.json"));
 * }</pre>
 *
 * <p>Absent values (a p99 below 100 samples, a cold probe that failed) are omitted, never written as null. Some
 * values are written for people and tools though the reader derives them: a sweep step's {@code key}, an unknown
 * cost's {@code warning}, the {@code rule}s of the cold start and the connection finding.
 */
public final class ResultJson {

    public static final String FILE_NAME = "results.json";
    public static final String SCHEMA_RESOURCE = "/dev/latencylens/results.schema.json";

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultJson() {
    }

    /** Writes {@code directory/results.json} atomically (a reader never sees half a file). */
    public static Path write(RunResult run, Path directory) throws IOException {
        return AtomicFile.write(directory.resolve(FILE_NAME), toString(run));
    }

    /** The {@code results.json} text of {@code run}. */
    public static String toString(RunResult run) {
        try {
            return MAPPER.writeValueAsString(toJson(run));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing a tree to a String does not fail
        }
    }

    /**
     * Reads a {@code results.json}. Lenient about what older versions did not write (a block added since is read as
     * its "nothing" value: no cost, no connections, no sweep, ...), strict about the rest.
     *
     * @throws IllegalArgumentException naming the file and the place when it is not JSON, not a results file, or
     *                                  holds a value that is missing or malformed
     * @throws IOException              when it cannot be read
     */
    public static RunResult read(Path file) throws IOException {
        return ResultJsonReader.read(file);
    }

    /**
     * Like {@link #read}, but empty when the file is JSON of another shape (no {@code lens} object and
     * {@code benchmarks} array), e.g. a {@code jmh-result.json} next to the results.
     */
    public static Optional<RunResult> readIfResults(Path file) throws IOException {
        return ResultJsonReader.readIfResults(file);
    }

    /** The run in a {@code results.json} text; see {@link #read}. */
    public static RunResult parse(String json) {
        return ResultJsonReader.parse(json, "results.json text");
    }

    private static ObjectNode toJson(RunResult run) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode lens = root.putObject("lens");
        lens.put("version", run.environment().lensVersion());
        lens.put("started", run.started().toString());
        lens.put("ended", run.ended().toString());
        lens.put("jvm", run.environment().jvm());
        lens.put("os", run.environment().os());
        lens.put("cores", run.environment().cores());
        lens.put("host", run.environment().host());
        ObjectNode warmUp = lens.putObject("clientWarmUp");
        warmUp.put("requests", run.environment().clientWarmUpRequests());
        warmUp.put("ms", run.environment().clientWarmUpMs());
        root.put("partial", run.partial());
        root.set("glossary", glossary(run));
        run.shard().ifPresent(shard -> root.set("shard", shard(shard)));
        ArrayNode benchmarks = root.putArray("benchmarks");
        for (BenchmarkResult b : run.benchmarks()) {
            benchmarks.add(benchmark(b));
        }
        return root;
    }

    /**
     * The unit and one-line definition of every metric with a sample in some benchmark of the run, from
     * {@link Metric}: a results file alone explains its numbers (docs/METRICS.md has the formulas).
     */
    private static ObjectNode glossary(RunResult run) {
        ObjectNode glossary = MAPPER.createObjectNode();
        for (Metric m : Metric.values()) {
            if (run.benchmarks().stream().anyMatch(b -> b.metric(m).n() > 0)) {
                ObjectNode entry = glossary.putObject(m.key());
                entry.put("unit", m.unit());
                entry.put("definition", m.definition());
                m.openTelemetryName().ifPresent(name -> entry.put("openTelemetry", name));
            }
        }
        return glossary;
    }

    /** What the workload sent: its kind and every key set away from its default, as a configuration file has them. */
    private static ObjectNode workload(Workload w) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("kind", w.kind().name().toLowerCase(Locale.ROOT));
        w.toMap().forEach((key, value) -> n.set(key, MAPPER.valueToTree(value)));
        return n;
    }

    private static ObjectNode benchmark(BenchmarkResult b) {
        BenchmarkDescriptor d = b.descriptor();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", b.id());
        n.put("name", d.name());
        n.put("provider", d.provider());
        n.put("model", d.model());
        n.put("pattern", d.pattern().name());
        ObjectNode config = n.putObject("config");
        config.put("class", d.className());
        config.put("method", d.methodName());
        config.put("iterations", d.iterations());
        config.put("warmup", d.warmup());
        config.put("concurrency", d.concurrency());
        config.put("rate", d.rate());
        config.put("maxTokens", d.maxTokens());
        optional(config, "temperature", d.temperature());
        config.put("timeoutMs", d.timeoutMs());
        ArrayNode tags = config.putArray("tags");
        d.tags().forEach(tags::add);
        ObjectNode sla = config.putObject("sla");
        d.sla().bounds().forEach((k, v) -> optional(sla, k, v));
        d.workload().ifPresent(w -> config.set("workload", workload(w)));
        b.sweepStep().ifPresent(s -> n.set("sweep", sweepStep(s)));

        ObjectNode metrics = n.putObject("metrics");
        for (Map.Entry<Metric, Distribution> e : b.metrics().entrySet()) {
            metrics.set(e.getKey().key(), distribution(e.getValue()));
        }
        ObjectNode tokens = n.putObject("tokens");
        tokens.put("input", b.tokens().input());
        tokens.put("output", b.tokens().output());
        tokens.put("cachedInput", b.tokens().cachedInput());
        tokens.put("cacheWrite", b.tokens().cacheWrite());
        tokens.put("reasoning", b.tokens().reasoning());
        tokens.put("source", b.tokens().source());
        tokens.set(Metric.INPUT_TOKENS.key(), distribution(b.tokens().inputPerRequest()));
        tokens.set(Metric.OUTPUT_TOKENS.key(), distribution(b.tokens().outputPerRequest()));
        ObjectNode throughput = n.putObject("throughput");
        throughput.put("requestsPerSecond", b.throughput().requestsPerSecond());
        throughput.put("outputTokensPerSecond", b.throughput().outputTokensPerSecond());
        throughput.put("totalTokensPerSecond", b.throughput().totalTokensPerSecond());
        throughput.put("windowSeconds", b.throughput().windowSeconds());
        b.throughput().firstSend().ifPresent(at -> throughput.put("firstSend", at.toString()));
        b.throughput().lastEnd().ifPresent(at -> throughput.put("lastEnd", at.toString()));
        ObjectNode reliability = n.putObject("reliability");
        reliability.put("attempted", b.reliability().attempted());
        reliability.put("succeeded", b.reliability().succeeded());
        reliability.put("successRate", b.reliability().successRate());
        reliability.put("rateLimitedAttempts", b.reliability().rateLimitedAttempts());
        ObjectNode errors = reliability.putObject("errors");
        b.reliability().errors().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ObjectNode err = errors.putObject(e.getKey().name());
            err.put("count", e.getValue().count());
            ArrayNode examples = err.putArray("examples");
            e.getValue().examples().forEach(examples::add);
        });
        n.set("coldStart", coldStart(b.coldStart()));
        n.set("cost", cost(b.cost()));
        n.set("runCost", cost(b.runCost()));
        ObjectNode goodput = n.putObject("goodput");
        goodput.put("defined", b.goodput().defined());
        if (b.goodput().defined()) {
            goodput.put("good", b.goodput().good());
            goodput.put("goodFraction", b.goodput().goodFraction());
            goodput.put("requestsPerSecond", b.goodput().requestsPerSecond());
        }
        ObjectNode load = n.putObject("load");
        optional(load, "targetRate", b.load().targetRate());
        load.put("achievedRate", b.load().achievedRate());
        load.put("dropped", b.load().dropped());
        optional(load, "dispatchLagP99Ms", b.load().dispatchLagP99Ms());
        load.put("gcPauseMs", b.load().gcPauseMs());
        load.put("processCpuPercent", b.load().processCpuPercent());
        load.put("clientLimited", b.load().clientLimited());
        ArrayNode reasons = load.putArray("reasons");
        b.load().reasons().forEach(reasons::add);
        n.set("connections", connections(b.connections()));
        ArrayNode violations = n.putArray("slaViolations");
        for (SlaViolation v : b.slaViolations()) {
            ObjectNode o = violations.addObject();
            o.put("bound", v.bound());
            o.put("limit", v.limit());
            optional(o, "measured", v.measured());
            o.put("message", v.message());
        }
        b.allFailed().ifPresent(f -> {
            ObjectNode o = n.putObject("allFailed");
            o.put("attempted", f.attempted());
            o.put("causes", f.causes());
            o.put("remedy", f.remedy());
            o.put("message", f.message());
        });
        if (!b.shards().isEmpty()) {
            ArrayNode shards = n.putArray("shards");
            for (ShardSummary s : b.shards()) {
                ObjectNode o = shard(s.shard());
                o.put("attempted", s.attempted());
                o.put("succeeded", s.succeeded());
                o.put("ttftP50Ms", s.ttftP50Ms());
                o.put("ttftP95Ms", s.ttftP95Ms());
                o.put("e2eP50Ms", s.e2eP50Ms());
                o.put("e2eP95Ms", s.e2eP95Ms());
                o.set("coldStart", coldStart(s.coldStart()));
                shards.add(o);
            }
        }
        ArrayNode warnings = n.putArray("warnings");
        b.warnings().forEach(warnings::add);
        n.put("partial", b.partial());
        return n;
    }

    private static ObjectNode shard(Shard s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("index", s.index());
        n.put("count", s.count());
        n.put("host", s.host());
        optional(n, "clockOffsetMs", s.clockOffsetMs());
        return n;
    }

    private static ObjectNode sweepStep(SweepStep s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("benchmark", s.sweep());
        n.put("step", s.index());
        n.put("kind", s.kind().name());
        n.put("key", s.key());
        optional(n, "targetRate", s.targetRate());
        n.put("last", s.last());
        optional(n, "capacityAtSlo", s.capacityAtSlo());
        return n;
    }

    private static ObjectNode distribution(Distribution d) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("unit", d.unit());
        n.put("n", d.n());
        if (d.n() > 0) {
            n.put("mean", d.mean());
            n.put("stddev", d.stddev());
            n.put("min", d.min());
            n.put("p50", d.p50());
            n.put("p90", d.p90());
            n.put("p95", d.p95());
            optional(n, "p99", d.p99());
            optional(n, "p999", d.p999());
            n.put("max", d.max());
            n.put("histogramScale", d.scale());
            n.put("histogram", d.histogram());
        }
        return n;
    }

    private static ObjectNode coldStart(ColdStart c) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("probed", c.probed());
        optional(n, "ttftMs", c.ttftMs());
        optional(n, "ttfbMs", c.ttfbMs());
        optional(n, "e2eMs", c.e2eMs());
        optional(n, "dnsMs", c.dnsMs());
        optional(n, "connectMs", c.connectMs());
        optional(n, "tlsMs", c.tlsMs());
        n.put("connectionReused", c.connectionReused());
        optional(n, "connectionSetupMs", c.connectionSetupMs());
        optional(n, "serverTtftMs", c.serverTtftMs());
        n.put("steadyN", c.steadyN());
        optional(n, "steadyP50Ms", c.steadyP50Ms());
        optional(n, "steadyTailMs", c.steadyTailMs());
        optional(n, "thresholdMs", c.thresholdMs());
        n.put("detected", c.detected());
        optional(n, "penaltyMs", c.penaltyMs());
        n.put("verdict", c.verdict());
        n.put("rule", ColdStart.RULE);
        return n;
    }

    private static ObjectNode connections(ConnectionReuse c) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("requests", c.requests());
        n.put("reused", c.reused());
        n.put("reuseRate", c.reuseRate());
        n.put("staleRetries", c.staleRetries());
        optional(n, "setupP50Ms", c.setupP50Ms());
        n.put("closesConnections", c.closesConnections());
        c.finding().ifPresent(f -> n.put("finding", f));
        n.put("rule", ConnectionReuse.RULE);
        return n;
    }

    private static ObjectNode cost(CostSummary c) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("known", c.known());
        c.currency().ifPresent(v -> n.put("currency", v));
        c.total().ifPresent(v -> n.put("total", v));
        c.perRequest().ifPresent(v -> n.put("perRequest", v));
        c.perThousandSuccessful().ifPresent(v -> n.put("perThousandSuccessful", v));
        c.projectedMonthly().ifPresent(v -> n.put("projectedMonthly", v));
        if (c.requestsPerSecond() > 0) {
            n.put("projectedRequestsPerSecond", c.requestsPerSecond());
        }
        n.put("priceRow", c.priceRow());
        c.price().ifPresent(p -> n.set("price", price(p)));
        n.put("requests", c.requests());
        n.put("succeeded", c.succeeded());
        ObjectNode tokens = n.putObject("tokens");
        tokens.put("uncachedInput", c.tokens().uncachedInput());
        tokens.put("cachedInput", c.tokens().cachedInput());
        tokens.put("cacheWrite", c.tokens().cacheWrite());
        tokens.put("output", c.tokens().output());
        tokens.put("reasoning", c.tokens().reasoning());
        c.unknownReason().ifPresent(v -> n.put("unknownReason", v));
        c.warning().ifPresent(v -> n.put("warning", v));
        return n;
    }

    private static ObjectNode price(Price p) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("provider", p.provider());
        n.put("model", p.model());
        n.put("inputPerMillion", p.inputPerMillion());
        p.cachedInputPerMillion().ifPresent(v -> n.put("cachedInputPerMillion", v));
        p.cacheWritePerMillion().ifPresent(v -> n.put("cacheWritePerMillion", v));
        n.put("outputPerMillion", p.outputPerMillion());
        p.reasoningPerMillion().ifPresent(v -> n.put("reasoningPerMillion", v));
        n.put("currency", p.currency());
        n.put("effectiveDate", p.effectiveDate().toString());
        n.put("source", p.source());
        return n;
    }

    private static void optional(ObjectNode n, String key, OptionalDouble v) {
        if (v.isPresent()) {
            n.put(key, v.getAsDouble());
        }
    }
}
