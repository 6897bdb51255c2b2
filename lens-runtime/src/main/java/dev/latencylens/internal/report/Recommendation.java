package dev.latencylens.internal.report;

import dev.latencylens.internal.pricing.CostCalculator;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.CostSummary;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.SlaCheck;
import dev.latencylens.results.SlaSpec;
import dev.latencylens.results.SlaViolation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of the benchmarks of one or more runs to use: those that meet the SLOs, the latency–cost Pareto frontier,
 * the cost projected at a stated traffic, the replicas or rate limit it needs, and the pick — the cheapest benchmark
 * that meets every SLO. What {@code lens recommend} prints and writes as JSON ({@link RecommendationReport}), and what
 * the HTML report's Pareto chart draws.
 *
 * <pre>{@code
 * Recommendation r = Recommendation.of(List.of(runA, runB),
 *         new Recommendation.Options(Optional.of(SlaSpec.none().withTtftP95Ms(800)), "ttftP95Ms", Optional.empty()));
 * r.pick().map(Recommendation.Row::name);   // the cheapest that meets every SLO
 * }</pre>
 *
 * <p>The rules (docs/METRICS.md, "Choosing a model: the recommender"):
 * <ul>
 *   <li><b>SLOs</b> are judged by {@link SlaCheck}, exactly as {@code @Sla} is after a run: the bounds given, or
 *       without them each benchmark's own {@code @Sla} (a benchmark without one meets it).</li>
 *   <li><b>Cost</b> is the cost per 1,000 successful requests (failures' tokens included), or with a traffic the
 *       cost of its 30-day month: at its tokens per request and the benchmark's price row when they are given,
 *       otherwise at the measured cost per successful request. Exact {@link BigDecimal}. A benchmark without a
 *       price, or without a successful request, has no cost: it is never on the frontier nor picked.</li>
 *   <li><b>The frontier</b>: a benchmark with a latency and a cost is on it when no other is at least as fast and
 *       at least as cheap and better in one of the two. Equal points are all on it.</li>
 *   <li><b>The pick</b>: the cheapest that meets every SLO; on equal cost the faster, then the first given.</li>
 *   <li><b>Capacity</b>: a step of a {@code SWEEP} carries its sweep's capacity at SLO, the highest achieved rate of
 *       a step that meets the SLOs (judged again when bounds are given); with a traffic, the replicas needed are
 *       {@code ceil(peak rate / capacity)}.</li>
 * </ul>
 */
public final class Recommendation {

    /** The latency the frontier is drawn against unless told otherwise. */
    public static final String DEFAULT_LATENCY = "ttftP95Ms";

    /** The latencies that can be chosen: the {@code @Sla} latency bounds, measured as the bounds judge them. */
    public static final List<String> LATENCIES = List.of("ttftP50Ms", "ttftP95Ms", "ttftP99Ms", "tpotP95Ms",
            "e2eP95Ms", "e2eP99Ms");

    private final Options options;
    private final List<Row> rows;

    private Recommendation(Options options, List<Row> rows) {
        this.options = options;
        this.rows = List.copyOf(rows);
    }

    /**
     * What to recommend on.
     *
     * @param slo     the bounds every benchmark is judged against; empty for each benchmark's own {@code @Sla}
     * @param latency the latency of the frontier, one of {@link #LATENCIES}
     * @param traffic the traffic to project the cost at and size capacity for; empty for cost per 1k requests
     */
    public record Options(Optional<SlaSpec> slo, String latency, Optional<Traffic> traffic) {
        public Options {
            Objects.requireNonNull(slo, "slo");
            Objects.requireNonNull(traffic, "traffic");
            if (!LATENCIES.contains(latency)) {
                throw new IllegalArgumentException("unknown latency '" + latency + "'; allowed: "
                        + String.join(", ", LATENCIES));
            }
        }

        /** Each benchmark's own {@code @Sla}, TTFT p95, cost per 1k requests. */
        public static Options defaults() {
            return new Options(Optional.empty(), DEFAULT_LATENCY, Optional.empty());
        }
    }

    /**
     * One benchmark (or sweep step) as the recommendation sees it.
     *
     * @param result        the benchmark's result, judged against {@code slo}
     * @param slo           the bounds it was judged against
     * @param misses        the bounds it breached; empty when it meets every SLO
     * @param latencyMs     the chosen latency; empty when it has none (no successful request, a p99 from fewer than
     *                      100 requests)
     * @param costPer1k     cost per 1,000 successful requests; empty when unknown
     * @param monthly       the cost of the traffic's month; empty without a traffic, or when unknown
     * @param costUnknown   why the cost is unknown; empty when it is known
     * @param frontier      whether it is on the latency–cost Pareto frontier
     * @param capacityAtSlo a sweep step's: its sweep's capacity at SLO in requests per second; empty otherwise, or
     *                      when no step met the SLOs
     * @param replicas      with a traffic and a capacity: the replicas the peak rate needs
     */
    public record Row(BenchmarkResult result, SlaSpec slo, List<SlaViolation> misses, OptionalDouble latencyMs,
                      Optional<BigDecimal> costPer1k, Optional<BigDecimal> monthly, Optional<String> costUnknown,
                      boolean frontier, OptionalDouble capacityAtSlo, OptionalLong replicas) {

        public Row {
            misses = List.copyOf(misses);
        }

        public String name() {
            return result.descriptor().name();
        }

        /** {@code provider/model}. */
        public String model() {
            return result.descriptor().provider() + "/" + result.descriptor().model();
        }

        public boolean meetsSlo() {
            return misses.isEmpty();
        }

        /** What the frontier and the pick compare: the monthly cost with a traffic, else the cost per 1k. */
        public Optional<BigDecimal> cost() {
            return monthly.isPresent() ? monthly : costPer1k;
        }

        public Optional<String> currency() {
            return result.cost().currency();
        }

        private Row onFrontier(boolean on) {
            return new Row(result, slo, misses, latencyMs, costPer1k, monthly, costUnknown, on, capacityAtSlo,
                    replicas);
        }
    }

    /**
     * For one SLO bound when no benchmark meets every SLO: the benchmarks that meet this one, or the one that missed
     * it by the least.
     *
     * @param bound        the bound's {@code @Sla} name
     * @param metBy        the benchmarks that meet it
     * @param closest      when none meets it: the one with the smallest relative miss
     * @param violation    that one's breach of the bound
     * @param relativeMiss that miss: how far past the limit, as a share of the limit ({@code 0.015}: 1.5 % over)
     */
    public record Closest(String bound, List<Row> metBy, Optional<Row> closest, Optional<SlaViolation> violation,
                          OptionalDouble relativeMiss) {
        public Closest {
            metBy = List.copyOf(metBy);
        }
    }

    /**
     * The recommendation over every benchmark of {@code runs}, in order.
     *
     * @throws IllegalArgumentException when the known costs are in several currencies, which cannot be compared
     */
    public static Recommendation of(List<RunResult> runs, Options options) {
        List<Row> rows = rows(runs, options);
        Set<String> currencies = currencies(rows);
        if (currencies.size() > 1) {
            throw new IllegalArgumentException("the results are priced in several currencies (" + String.join(", ",
                    currencies) + "), which cannot be compared: recommend within one currency at a time");
        }
        return new Recommendation(options, frontier(rows));
    }

    /**
     * What the HTML report's Pareto chart draws for {@code run}: the recommendation with the {@linkplain
     * Options#defaults() defaults}; empty when the run does not {@linkplain #comparesModels() compare two models or
     * more}, or prices them in several currencies (a report is still written, without the chart).
     */
    public static Optional<Recommendation> forChart(RunResult run) {
        List<Row> rows = rows(List.of(run), Options.defaults());
        if (currencies(rows).size() > 1) {
            return Optional.empty();
        }
        Recommendation r = new Recommendation(Options.defaults(), frontier(rows));
        return r.comparesModels() ? Optional.of(r) : Optional.empty();
    }

    private static List<Row> rows(List<RunResult> runs, Options options) {
        List<Row> rows = new ArrayList<>();
        for (RunResult run : runs) {
            List<ReportViews.Sweep> sweeps = ReportViews.sweeps(run);
            for (int i = 0; i < run.benchmarks().size(); i++) {
                BenchmarkResult judged = judged(run.benchmarks().get(i), options.slo());
                int index = i;
                OptionalDouble capacity = sweeps.stream()
                        .filter(s -> index >= s.firstIndex() && index < s.firstIndex() + s.steps().size())
                        .findFirst().map(s -> capacity(s, options.slo())).orElse(OptionalDouble.empty());
                rows.add(row(judged, options, capacity));
            }
        }
        return rows;
    }

    /** The currencies of the rows with a cost. */
    private static Set<String> currencies(List<Row> rows) {
        Set<String> currencies = new TreeSet<>();
        rows.stream().filter(r -> r.cost().isPresent()).forEach(r -> r.currency().ifPresent(currencies::add));
        return currencies;
    }

    /** {@code r} judged against {@code slo} by {@link SlaCheck}; as it is without one. */
    private static BenchmarkResult judged(BenchmarkResult r, Optional<SlaSpec> slo) {
        if (slo.isEmpty()) {
            return r;
        }
        return r.toBuilder().descriptor(r.descriptor().toBuilder().sla(slo.get()).build()).id(r.id()).build();
    }

    /** The highest achieved rate of a step of {@code sweep} that meets the SLOs. */
    private static OptionalDouble capacity(ReportViews.Sweep sweep, Optional<SlaSpec> slo) {
        if (slo.isEmpty()) {
            return sweep.capacity(); // the engine's verdict
        }
        return sweep.steps().stream().map(s -> judged(s, slo)).filter(BenchmarkResult::slaMet)
                .mapToDouble(s -> s.throughput().requestsPerSecond()).max();
    }

    private static Row row(BenchmarkResult b, Options options, OptionalDouble capacity) {
        CostSummary cost = b.cost();
        Optional<String> unknown = !cost.known() ? Optional.of(cost.warning().orElse("cost unknown: no price"))
                : b.reliability().succeeded() == 0 ? Optional.of("no successful request to price")
                : Optional.empty();
        Optional<BigDecimal> per1k = unknown.isPresent() ? Optional.empty() : cost.perThousandSuccessful();
        Optional<BigDecimal> monthly = options.traffic().flatMap(t -> per1k.map(p -> monthly(t, b, p)));
        OptionalLong replicas = OptionalLong.empty();
        if (options.traffic().isPresent() && capacity.isPresent() && capacity.getAsDouble() > 0) {
            replicas = OptionalLong.of((long) Math.ceil(options.traffic().get().peakPerSecond()
                    / capacity.getAsDouble()));
        }
        return new Row(b, b.descriptor().sla(), b.slaViolations(), ReportViews.measured(b, options.latency()), per1k,
                monthly, unknown, false, capacity, replicas);
    }

    /**
     * The month's cost: requests × (the traffic's tokens at the benchmark's price), or requests × the measured
     * cost per successful request when the traffic states no tokens.
     */
    static BigDecimal monthly(Traffic traffic, BenchmarkResult b, BigDecimal per1k) {
        BigDecimal perRequest = traffic.tokensPerRequest()
                .map(tokens -> CostCalculator.cost(b.cost().price().orElseThrow(), tokens))
                .orElse(per1k.movePointLeft(3));
        return traffic.requestsPerMonth().multiply(perRequest);
    }

    private static List<Row> frontier(List<Row> rows) {
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(r.onFrontier(placed(r) && rows.stream().filter(Recommendation::placed)
                    .noneMatch(other -> dominates(other, r))));
        }
        return out;
    }

    private static boolean placed(Row r) {
        return r.latencyMs().isPresent() && r.cost().isPresent();
    }

    /** Whether {@code a} is at least as fast and as cheap as {@code b}, and better in one. */
    private static boolean dominates(Row a, Row b) {
        double la = a.latencyMs().getAsDouble();
        double lb = b.latencyMs().getAsDouble();
        int cost = a.cost().orElseThrow().compareTo(b.cost().orElseThrow());
        return la <= lb && cost <= 0 && (la < lb || cost < 0);
    }

    public Options options() {
        return options;
    }

    /** Every benchmark, in the order given. */
    public List<Row> rows() {
        return rows;
    }

    /** The cheapest benchmark with a known cost that meets every SLO; on equal cost the faster, then the first. */
    public Optional<Row> pick() {
        return rows.stream().filter(r -> r.meetsSlo() && r.cost().isPresent())
                .min(Comparator.comparing((Row r) -> r.cost().orElseThrow())
                        .thenComparingDouble(r -> r.latencyMs().orElse(Double.POSITIVE_INFINITY)));
    }

    /** Whether the frontier can be drawn: two or more distinct provider/model pairs placed on it (latency, cost). */
    public boolean comparesModels() {
        return rows.stream().filter(Recommendation::placed).map(Row::model).distinct().count() >= 2;
    }

    /**
     * For each SLO bound any benchmark has, in {@code @Sla} order: who meets it, or who came closest. What to say
     * when nothing is picked.
     */
    public List<Closest> closest() {
        Map<String, List<Row>> having = new LinkedHashMap<>();
        for (String bound : SlaSpec.none().bounds().keySet()) {
            for (Row r : rows) {
                if (r.slo().bounds().get(bound).isPresent()) {
                    having.computeIfAbsent(bound, k -> new ArrayList<>()).add(r);
                }
            }
        }
        List<Closest> out = new ArrayList<>();
        having.forEach((bound, candidates) -> {
            List<Row> met = candidates.stream().filter(r -> violation(r, bound).isEmpty()).toList();
            if (!met.isEmpty()) {
                out.add(new Closest(bound, met, Optional.empty(), Optional.empty(), OptionalDouble.empty()));
                return;
            }
            Row best = null;
            double bestMiss = Double.POSITIVE_INFINITY;
            for (Row r : candidates) {
                double miss = relativeMiss(violation(r, bound).orElseThrow());
                if (best == null || miss < bestMiss) {
                    best = r;
                    bestMiss = miss;
                }
            }
            out.add(new Closest(bound, List.of(), Optional.of(best), violation(best, bound),
                    Double.isFinite(bestMiss) ? OptionalDouble.of(bestMiss) : OptionalDouble.empty()));
        });
        return out;
    }

    private static Optional<SlaViolation> violation(Row r, String bound) {
        return r.misses().stream().filter(v -> v.bound().equals(bound)).findFirst();
    }

    /**
     * How far past its limit a violation is, as a share of the limit: {@code (measured − limit) / limit} for an
     * upper bound, {@code (limit − measured) / limit} for the lower bound {@code minOutputTokensPerSecond};
     * infinite when nothing was measured (or the limit is 0).
     */
    static double relativeMiss(SlaViolation v) {
        if (v.measured().isEmpty() || v.limit() == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double m = v.measured().getAsDouble();
        return (v.bound().startsWith("min") ? v.limit() - m : m - v.limit()) / v.limit();
    }
}
