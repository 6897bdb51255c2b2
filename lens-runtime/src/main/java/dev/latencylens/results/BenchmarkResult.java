package dev.latencylens.results;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The outcome of one benchmark, or of one step of a {@code SWEEP}: its definition, the measured-phase
 * distributions ({@link Metric}), tokens, throughput, reliability, the cold start, the verdicts (goodput, the load
 * self-check, the {@code @Sla}) and what it cost. Immutable; build one with {@link #builder}. Serialised as one
 * element of {@code benchmarks[]} in {@code results.json} ({@link ResultJson}).
 *
 * <pre>{@code
 * BenchmarkResult r = run.benchmarks().get(0);
 * r.metric(Metric.TTFT).p95();        // ms
 * r.slaMet();                         // every @Sla bound held
 * r.sweepStep().map(SweepStep::key);  // Optional[poisson-1] for a sweep's first Poisson step
 * }</pre>
 *
 * @param id            a stable identifier, {@code [A-Za-z0-9._-]+}, for matching baselines: the name with other
 *                      characters replaced by {@code -}; a sweep step's is its sweep's id and the step's key
 *                      ({@code translate.sync}, {@code translate.poisson-1}), the same from run to run
 * @param descriptor    what was run (for a sweep step: the step, its pattern and rate)
 * @param sweepStep     which step of a {@code SWEEP} this is; empty for every other pattern
 * @param metrics       every {@linkplain Metric#RECORDED recorded metric}, an empty distribution when nothing was
 *                      recorded for it
 * @param tokens        token totals and per-request distributions of the successful measured requests
 * @param throughput    rates over the measured window
 * @param reliability   attempted and successful measured requests, errors by class
 * @param coldStart     the cold probe against the steady state, and the verdict
 * @param goodput       requests that met the {@code @Sla}'s per-request objectives
 * @param load          target vs achieved rate, dropped requests and the client-limited self-check
 * @param cost          the measured phase's cost (its requests' last attempts), from the price table
 * @param runCost       everything billed for this result: cold probe, warmup, measured, cooldown and retried
 *                      attempts (a sweep's warmup is in its first step's)
 * @param connections   how often a connection was reused, and whether the server closes them
 * @param slaViolations the {@code @Sla} bounds the measured phase breached ({@link SlaCheck}); empty when it met
 *                      them all
 * @param allFailed     present when no measured request succeeded: what failed and what to check; the build fails
 * @param shards        in a result merged from shards ({@code lens:merge}), what each shard measured on its own, in
 *                      shard order; empty otherwise
 * @param warnings      other things a reader should know, each a sentence (e.g. "not warmed up: raise warmup")
 * @param partial       the run was stopped before all measured requests were sent
 */
public record BenchmarkResult(String id, BenchmarkDescriptor descriptor, Optional<SweepStep> sweepStep,
                              Map<Metric, Distribution> metrics, Tokens tokens, Throughput throughput,
                              Reliability reliability, ColdStart coldStart, Goodput goodput, LoadCheck load,
                              CostSummary cost, CostSummary runCost, ConnectionReuse connections,
                              List<SlaViolation> slaViolations, Optional<AllFailed> allFailed,
                              List<ShardSummary> shards, List<String> warnings, boolean partial) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");

    public BenchmarkResult {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id must match " + ID + ", was '" + id + "'");
        }
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(sweepStep, "sweepStep");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(throughput, "throughput");
        Objects.requireNonNull(reliability, "reliability");
        Objects.requireNonNull(coldStart, "coldStart");
        Objects.requireNonNull(goodput, "goodput");
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(runCost, "runCost");
        Objects.requireNonNull(connections, "connections");
        metrics = complete(metrics);
        slaViolations = List.copyOf(slaViolations);
        Objects.requireNonNull(allFailed, "allFailed");
        shards = List.copyOf(shards);
        warnings = List.copyOf(warnings);
    }

    /** Every recorded metric, those absent from {@code given} as empty distributions; in {@link Metric} order. */
    private static Map<Metric, Distribution> complete(Map<Metric, Distribution> given) {
        EnumMap<Metric, Distribution> all = new EnumMap<>(Metric.class);
        for (Metric m : Metric.RECORDED) {
            all.put(m, Distribution.empty(m.unit()));
        }
        for (Map.Entry<Metric, Distribution> e : given.entrySet()) {
            if (!Metric.RECORDED.contains(e.getKey())) {
                throw new IllegalArgumentException(e.getKey() + " is kept in tokens, not among the metrics");
            }
            all.put(e.getKey(), Objects.requireNonNull(e.getValue(), e.getKey().key()));
        }
        return Collections.unmodifiableMap(all);
    }

    /** A builder of a result of {@code descriptor}: nothing measured until told otherwise. */
    public static Builder builder(BenchmarkDescriptor descriptor) {
        return new Builder(descriptor);
    }

    /**
     * A builder holding this result's values, e.g. to mark a sweep's last step. The {@code @Sla} violations are not
     * carried over: {@link Builder#build()} judges the result again, unless told the violations.
     */
    public Builder toBuilder() {
        return new Builder(descriptor).id(id).sweepStep(sweepStep).metrics(metrics).tokens(tokens)
                .throughput(throughput).reliability(reliability).coldStart(coldStart).goodput(goodput).load(load)
                .cost(cost).runCost(runCost).connections(connections).allFailed(allFailed).shards(shards)
                .warnings(warnings).partial(partial);
    }

    /**
     * The id of a result named {@code name}: the name with every character outside {@code [A-Za-z0-9._-]} replaced by
     * {@code -}; for a sweep step, the swept benchmark's id, a dot and the step's key.
     */
    public static String idOf(String name, Optional<SweepStep> step) {
        return step.map(s -> idOf(s.sweep(), Optional.empty()) + "." + s.key())
                .orElseGet(() -> name.replaceAll("[^A-Za-z0-9._-]", "-"));
    }

    /** The distribution of {@code metric}: empty (n = 0) when nothing was recorded for it. */
    public Distribution metric(Metric metric) {
        return switch (metric) {
            case INPUT_TOKENS -> tokens.inputPerRequest();
            case OUTPUT_TOKENS -> tokens.outputPerRequest();
            default -> metrics.get(metric);
        };
    }

    /** Whether the measured phase met every bound of the {@code @Sla} (true when it has none). */
    public boolean slaMet() {
        return slaViolations.isEmpty();
    }

    /**
     * Token totals of the measured phase's successful requests, and their distribution per request (what the
     * baseline comparison's noise models for throughput and cost are computed from).
     *
     * @param cachedInput      input tokens read from the provider's prompt cache (billed at the cache-read price)
     * @param cacheWrite       input tokens written to the provider's prompt cache (Anthropic's
     *                         {@code cache_creation_input_tokens}, billed at the cache-write price), kept apart from
     *                         {@code cachedInput}
     * @param source           {@code provider} (all from usage reports), {@code estimated} (counted from text) or
     *                         {@code mixed}
     * @param inputPerRequest  input tokens of each successful request (unit {@code tokens}); empty when none
     * @param outputPerRequest output tokens of each successful request (unit {@code tokens}); empty when none
     */
    public record Tokens(long input, long output, long cachedInput, long cacheWrite, long reasoning, String source,
                         Distribution inputPerRequest, Distribution outputPerRequest) {

        /** No tokens. */
        public static final Tokens NONE = new Tokens(0, 0, 0, 0, "provider");

        /** Totals without per-request distributions (e.g. built by hand). */
        public Tokens(long input, long output, long cachedInput, long reasoning, String source) {
            this(input, output, cachedInput, 0, reasoning, source, Distribution.empty(Distribution.TOKENS),
                    Distribution.empty(Distribution.TOKENS));
        }

        /** Totals and distributions without cache writes. */
        public Tokens(long input, long output, long cachedInput, long reasoning, String source,
                      Distribution inputPerRequest, Distribution outputPerRequest) {
            this(input, output, cachedInput, 0, reasoning, source, inputPerRequest, outputPerRequest);
        }

        public Tokens {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(inputPerRequest, "inputPerRequest");
            Objects.requireNonNull(outputPerRequest, "outputPerRequest");
        }
    }

    /**
     * Rates over the measured window: first send to last end of the measured phase.
     *
     * @param firstSend when the window opened, by this machine's clock (what merging shards' results unites
     *                  windows by); empty when nothing was sent, or in results of an older version
     * @param lastEnd   when it closed
     */
    public record Throughput(double requestsPerSecond, double outputTokensPerSecond, double totalTokensPerSecond,
                             double windowSeconds, Optional<Instant> firstSend, Optional<Instant> lastEnd) {

        /** Nothing measured. */
        public static final Throughput NONE = new Throughput(0, 0, 0, 0);

        /** Rates without the window's instants (e.g. built by hand). */
        public Throughput(double requestsPerSecond, double outputTokensPerSecond, double totalTokensPerSecond,
                          double windowSeconds) {
            this(requestsPerSecond, outputTokensPerSecond, totalTokensPerSecond, windowSeconds, Optional.empty(),
                    Optional.empty());
        }

        public Throughput {
            Objects.requireNonNull(firstSend, "firstSend");
            Objects.requireNonNull(lastEnd, "lastEnd");
        }
    }

    /**
     * @param errors              by class: count and up to five distinct example messages (of each request's last
     *                            attempt)
     * @param rateLimitedAttempts HTTP 429 answers among every attempt of the measured requests, the retried ones
     *                            ({@code lens.retries}) included: a request that got two 429s and then succeeded
     *                            counts 2 here and none in {@code errors}
     */
    public record Reliability(long attempted, long succeeded, double successRate, Map<ErrorClass, Errors> errors,
                              long rateLimitedAttempts) {

        /** Nothing attempted. */
        public static final Reliability NONE = new Reliability(0, 0, 0, Map.of());

        public Reliability {
            errors = Map.copyOf(errors);
        }

        /** Without a count of retried 429s (e.g. built by hand): the 429s among {@code errors}. */
        public Reliability(long attempted, long succeeded, double successRate, Map<ErrorClass, Errors> errors) {
            this(attempted, succeeded, successRate, errors, errors.containsKey(ErrorClass.RATE_LIMITED)
                    ? errors.get(ErrorClass.RATE_LIMITED).count() : 0);
        }
    }

    public record Errors(long count, List<String> examples) {
        public Errors {
            examples = List.copyOf(examples);
        }
    }

    /**
     * Builds a {@link BenchmarkResult}. Every part defaults to "nothing measured" (empty distributions, zero counts,
     * no cold probe, no cost); the id defaults to {@link #idOf} the descriptor's name and sweep step; the
     * {@code @Sla} violations default to what {@link SlaCheck} finds in the built result. Not thread-safe.
     */
    public static final class Builder {
        private BenchmarkDescriptor descriptor;
        private String id;
        private Optional<SweepStep> sweepStep = Optional.empty();
        private final Map<Metric, Distribution> metrics = new EnumMap<>(Metric.class);
        private Tokens tokens = Tokens.NONE;
        private Throughput throughput = Throughput.NONE;
        private Reliability reliability = Reliability.NONE;
        private ColdStart coldStart = ColdStart.notProbed("no cold probe was sent");
        private Goodput goodput = Goodput.undefined();
        private LoadCheck load = LoadCheck.none();
        private CostSummary cost = CostSummary.none();
        private CostSummary runCost = CostSummary.none();
        private ConnectionReuse connections = ConnectionReuse.none();
        private List<SlaViolation> slaViolations;
        private Optional<AllFailed> allFailed = Optional.empty();
        private List<ShardSummary> shards = List.of();
        private final List<String> warnings = new ArrayList<>();
        private boolean partial;

        private Builder(BenchmarkDescriptor descriptor) {
            this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        }

        public Builder id(String id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        /** Another descriptor (name, pattern, {@code @Sla} ...); the id follows its name again, unless set after. */
        public Builder descriptor(BenchmarkDescriptor descriptor) {
            this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
            this.id = null;
            return this;
        }

        public Builder sweepStep(SweepStep step) {
            return sweepStep(Optional.of(step));
        }

        public Builder sweepStep(Optional<SweepStep> step) {
            this.sweepStep = Objects.requireNonNull(step, "step");
            return this;
        }

        public Builder metric(Metric metric, Distribution distribution) {
            metrics.put(Objects.requireNonNull(metric, "metric"), Objects.requireNonNull(distribution, "distribution"));
            return this;
        }

        /** Sets every metric of {@code metrics}; the others keep their values. */
        public Builder metrics(Map<Metric, Distribution> metrics) {
            metrics.forEach(this::metric);
            return this;
        }

        public Builder tokens(Tokens tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            return this;
        }

        public Builder throughput(Throughput throughput) {
            this.throughput = Objects.requireNonNull(throughput, "throughput");
            return this;
        }

        public Builder reliability(Reliability reliability) {
            this.reliability = Objects.requireNonNull(reliability, "reliability");
            return this;
        }

        public Builder coldStart(ColdStart coldStart) {
            this.coldStart = Objects.requireNonNull(coldStart, "coldStart");
            return this;
        }

        public Builder goodput(Goodput goodput) {
            this.goodput = Objects.requireNonNull(goodput, "goodput");
            return this;
        }

        public Builder load(LoadCheck load) {
            this.load = Objects.requireNonNull(load, "load");
            return this;
        }

        public Builder cost(CostSummary cost) {
            this.cost = Objects.requireNonNull(cost, "cost");
            return this;
        }

        public Builder runCost(CostSummary runCost) {
            this.runCost = Objects.requireNonNull(runCost, "runCost");
            return this;
        }

        public Builder connections(ConnectionReuse connections) {
            this.connections = Objects.requireNonNull(connections, "connections");
            return this;
        }

        /** The violations as judged elsewhere (read from a file); without this call, {@link SlaCheck} judges. */
        public Builder slaViolations(List<SlaViolation> violations) {
            this.slaViolations = List.copyOf(violations);
            return this;
        }

        public Builder allFailed(Optional<AllFailed> allFailed) {
            this.allFailed = Objects.requireNonNull(allFailed, "allFailed");
            return this;
        }

        /** What each shard of a merged result measured on its own. */
        public Builder shards(List<ShardSummary> shards) {
            this.shards = List.copyOf(shards);
            return this;
        }

        public Builder warnings(List<String> warnings) {
            this.warnings.clear();
            this.warnings.addAll(warnings);
            return this;
        }

        public Builder warning(String warning) {
            warnings.add(Objects.requireNonNull(warning, "warning"));
            return this;
        }

        public Builder partial(boolean partial) {
            this.partial = partial;
            return this;
        }

        /** @throws IllegalArgumentException when the id is not {@code [A-Za-z0-9._-]+} */
        public BenchmarkResult build() {
            String resolvedId = id != null ? id : idOf(descriptor.name(), sweepStep);
            BenchmarkResult result = new BenchmarkResult(resolvedId, descriptor, sweepStep, metrics, tokens,
                    throughput, reliability, coldStart, goodput, load, cost, runCost, connections,
                    slaViolations == null ? List.of() : slaViolations, allFailed, shards, warnings, partial);
            return slaViolations != null ? result : new BenchmarkResult(resolvedId, descriptor, sweepStep, metrics,
                    tokens, throughput, reliability, coldStart, goodput, load, cost, runCost, connections,
                    SlaCheck.violations(result), allFailed, shards, warnings, partial);
        }
    }
}
