package dev.latencylens.results;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one benchmark: its definition, the measured-phase distributions (see README "Metric
 * definitions"), tokens, throughput, reliability and the cold start. Immutable. Serialised as one element of
 * {@code benchmarks[]} in {@code results.json}.
 *
 * @param id          a stable identifier (the name, restricted to {@code [A-Za-z0-9._-]}) for matching baselines
 * @param descriptor  what was run
 * @param metrics     by name: ttfb, ttft, ttfo, icl, itl, tpot, e2e, responseTime, userTtft, scheduleLag,
 *                    outputTokensPerSecond, connectionSetup, and the server's own account where the provider reports
 *                    one: serverPrompt, serverDecode, serverTotal, serverProcessing and what the client saw beyond it,
 *                    clientOverServerTtft, clientOverServerE2e, clientOverServerTtfb
 * @param warnings    things a reader should know (e.g. "not warmed up: raise warmup")
 * @param partial     the run was stopped before all measured requests were sent
 * @param goodput     requests that met the {@code @Sla}'s per-request objectives
 * @param load        target vs achieved rate and the client-limited self-check
 * @param cost        the measured phase's cost from the price table, or unknown with a warning
 * @param connections how often a connection was reused, and whether the server closes them
 */
public record BenchmarkResult(String id, BenchmarkDescriptor descriptor, Map<String, Distribution> metrics,
                              Tokens tokens, Throughput throughput, Reliability reliability, ColdStart coldStart,
                              List<String> warnings, boolean partial, Goodput goodput, LoadCheck load,
                              CostSummary cost, ConnectionReuse connections) {

    public BenchmarkResult {
        metrics = Map.copyOf(metrics);
        warnings = List.copyOf(warnings);
        java.util.Objects.requireNonNull(goodput, "goodput");
        java.util.Objects.requireNonNull(load, "load");
        java.util.Objects.requireNonNull(cost, "cost");
        java.util.Objects.requireNonNull(connections, "connections");
    }

    /** A result without connection figures (e.g. built by hand in tests). */
    public BenchmarkResult(String id, BenchmarkDescriptor descriptor, Map<String, Distribution> metrics,
                           Tokens tokens, Throughput throughput, Reliability reliability, ColdStart coldStart,
                           List<String> warnings, boolean partial, Goodput goodput, LoadCheck load,
                           CostSummary cost) {
        this(id, descriptor, metrics, tokens, throughput, reliability, coldStart, warnings, partial, goodput, load,
                cost, ConnectionReuse.none());
    }

    /** A result without goodput, load self-check and cost (e.g. built by hand in tests). */
    public BenchmarkResult(String id, BenchmarkDescriptor descriptor, Map<String, Distribution> metrics,
                           Tokens tokens, Throughput throughput, Reliability reliability, ColdStart coldStart,
                           List<String> warnings, boolean partial) {
        this(id, descriptor, metrics, tokens, throughput, reliability, coldStart, warnings, partial,
                Goodput.undefined(), LoadCheck.none(), CostSummary.none());
    }

    /** The named distribution; an empty one when nothing was recorded for it. */
    public Distribution metric(String name) {
        Distribution d = metrics.get(name);
        if (d == null) {
            throw new IllegalArgumentException("no metric '" + name + "'; known: " + metrics.keySet());
        }
        return d;
    }

    /**
     * Token totals of the measured phase's successful requests, and their distribution per request (what the
     * baseline comparison's noise models for throughput and cost are computed from).
     *
     * @param source           {@code provider} (all from usage reports), {@code estimated} (counted from text) or
     *                         {@code mixed}
     * @param inputPerRequest  input tokens of each successful request (unit {@code tokens}); empty when none
     * @param outputPerRequest output tokens of each successful request (unit {@code tokens}); empty when none
     */
    public record Tokens(long input, long output, long cachedInput, long reasoning, String source,
                         Distribution inputPerRequest, Distribution outputPerRequest) {

        /** Totals without per-request distributions (e.g. built by hand). */
        public Tokens(long input, long output, long cachedInput, long reasoning, String source) {
            this(input, output, cachedInput, reasoning, source, Distribution.empty(Distribution.TOKENS),
                    Distribution.empty(Distribution.TOKENS));
        }
    }

    /** Rates over the measured window: first send to last end of the measured phase. */
    public record Throughput(double requestsPerSecond, double outputTokensPerSecond, double totalTokensPerSecond,
                             double windowSeconds) {
    }

    /**
     * @param errors by class: count and up to five distinct example messages
     */
    public record Reliability(long attempted, long succeeded, double successRate, Map<ErrorClass, Errors> errors) {
        public Reliability {
            errors = Map.copyOf(errors);
        }
    }

    public record Errors(long count, List<String> examples) {
        public Errors {
            examples = List.copyOf(examples);
        }
    }
}
