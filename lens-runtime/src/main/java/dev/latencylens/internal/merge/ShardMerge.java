package dev.latencylens.internal.merge;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.internal.metrics.Histograms;
import dev.latencylens.internal.pricing.CostSummaries;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.ColdStart;
import dev.latencylens.results.ConnectionReuse;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.Goodput;
import dev.latencylens.results.LoadCheck;
import dev.latencylens.results.Metric;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.Shard;
import dev.latencylens.results.ShardSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The shards' results as one run's, exactly where it can be: histograms added ({@code Histogram.add}), counts, tokens
 * and cost (BigDecimal) summed, rates over the union of the shards' measured windows, the {@code @Sla} judged again
 * on the merged figures ({@link BenchmarkResult.Builder#build()}), goodput recounted from the shards' good requests.
 * A cold start stays each shard's own (it is judged against that shard's steady state), listed per shard. Each
 * benchmark keeps what every shard measured on its own ({@link ShardSummary}), and warns when a shard disagrees with
 * the others ({@link ShardAgreement}).
 */
final class ShardMerge {

    /** As many error examples as a single run keeps per class. */
    private static final int MAX_EXAMPLES = 5;

    private ShardMerge() {
    }

    /** @param shards every shard of one run, in index order, checked by {@link ShardInputs} */
    static RunResult merge(List<ShardInputs.Input> shards) {
        List<RunResult> runs = shards.stream().map(ShardInputs.Input::run).toList();
        RunResult first = runs.get(0);
        List<BenchmarkResult> benchmarks = new ArrayList<>();
        for (int b = 0; b < first.benchmarks().size(); b++) {
            int index = b;
            benchmarks.add(benchmark(runs, runs.stream().map(r -> r.benchmarks().get(index)).toList()));
        }
        Set<String> hosts = new LinkedHashSet<>();
        runs.forEach(r -> hosts.add(r.environment().host()));
        RunResult.Environment e = first.environment();
        RunResult.Environment environment = new RunResult.Environment(e.lensVersion(), e.jvm(), e.os(),
                runs.stream().mapToInt(r -> r.environment().cores()).sum(), String.join(", ", hosts),
                runs.stream().mapToInt(r -> r.environment().clientWarmUpRequests()).sum(),
                runs.stream().mapToDouble(r -> r.environment().clientWarmUpMs()).max().orElse(0));
        return new RunResult(environment, runs.stream().map(RunResult::started).min(Comparator.naturalOrder())
                .orElseThrow(), runs.stream().map(RunResult::ended).max(Comparator.naturalOrder()).orElseThrow(),
                benchmarks, runs.stream().anyMatch(RunResult::partial));
    }

    private static BenchmarkResult benchmark(List<RunResult> runs, List<BenchmarkResult> parts) {
        BenchmarkResult first = parts.get(0);
        String id = first.id();
        List<Shard> shards = runs.stream().map(r -> r.shard().orElseThrow()).toList();
        BenchmarkDescriptor d = first.descriptor();
        int concurrency = d.pattern() == LoadPattern.SEQUENTIAL ? 1 : sumInt(parts, p -> p.descriptor().concurrency());
        BenchmarkDescriptor merged = d.toBuilder().iterations(sumInt(parts, p -> p.descriptor().iterations()))
                .concurrency(concurrency).build();

        Map<Metric, Distribution> metrics = new EnumMap<>(Metric.class);
        for (Metric m : Metric.RECORDED) {
            metrics.put(m, Histograms.sum(parts.stream().map(p -> p.metric(m)).toList(), id + " metrics." + m.key()));
        }
        BenchmarkResult.Tokens tokens = tokens(parts, id);
        BenchmarkResult.Reliability reliability = reliability(parts);
        BenchmarkResult.Throughput throughput = throughput(parts, reliability, tokens);
        double window = throughput.windowSeconds();

        List<ShardSummary> summaries = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int s = 0; s < parts.size(); s++) {
            BenchmarkResult p = parts.get(s);
            summaries.add(new ShardSummary(shards.get(s), p.reliability().attempted(), p.reliability().succeeded(),
                    p.metric(Metric.TTFT).p50(), p.metric(Metric.TTFT).p95(), p.metric(Metric.E2E).p50(),
                    p.metric(Metric.E2E).p95(), p.coldStart()));
            int index = shards.get(s).index();
            p.warnings().forEach(w -> warnings.add("shard " + index + ": " + w));
        }
        warnings.addAll(ShardAgreement.disagreements(parts.stream().map(p -> p.metric(Metric.TTFT)).toList(),
                shards));

        BenchmarkResult.Builder result = BenchmarkResult.builder(merged).id(id).sweepStep(first.sweepStep())
                .metrics(metrics).tokens(tokens).throughput(throughput).reliability(reliability)
                .coldStart(coldStart(summaries)).goodput(goodput(parts, reliability, window))
                .load(load(parts, shards)).cost(CostSummaries.merge(parts.stream().map(BenchmarkResult::cost)
                        .toList()))
                .runCost(CostSummaries.merge(parts.stream().map(BenchmarkResult::runCost).toList()))
                .connections(connections(parts, metrics.get(Metric.CONNECTION_SETUP), concurrency))
                .shards(summaries).warnings(warnings).partial(parts.stream().anyMatch(BenchmarkResult::partial));
        return result.build(); // the @Sla judged again, on the merged figures
    }

    private static int sumInt(List<BenchmarkResult> parts, Function<BenchmarkResult, Integer> value) {
        return parts.stream().mapToInt(value::apply).sum();
    }

    private static BenchmarkResult.Tokens tokens(List<BenchmarkResult> parts, String id) {
        Set<String> sources = new LinkedHashSet<>();
        long input = 0;
        long output = 0;
        long cached = 0;
        long reasoning = 0;
        for (BenchmarkResult p : parts) {
            BenchmarkResult.Tokens t = p.tokens();
            input += t.input();
            output += t.output();
            cached += t.cachedInput();
            reasoning += t.reasoning();
            if (p.reliability().succeeded() > 0) {
                sources.add(t.source());
            }
        }
        String source = sources.isEmpty() ? parts.get(0).tokens().source()
                : sources.size() == 1 ? sources.iterator().next() : "mixed";
        return new BenchmarkResult.Tokens(input, output, cached, reasoning, source,
                Histograms.sum(parts.stream().map(p -> p.tokens().inputPerRequest()).toList(),
                        id + " tokens.inputPerRequest"),
                Histograms.sum(parts.stream().map(p -> p.tokens().outputPerRequest()).toList(),
                        id + " tokens.outputPerRequest"));
    }

    private static BenchmarkResult.Reliability reliability(List<BenchmarkResult> parts) {
        long attempted = 0;
        long succeeded = 0;
        Map<ErrorClass, Long> counts = new EnumMap<>(ErrorClass.class);
        Map<ErrorClass, Set<String>> examples = new EnumMap<>(ErrorClass.class);
        for (BenchmarkResult p : parts) {
            attempted += p.reliability().attempted();
            succeeded += p.reliability().succeeded();
            p.reliability().errors().forEach((c, e) -> {
                counts.merge(c, e.count(), Long::sum);
                Set<String> kept = examples.computeIfAbsent(c, k -> new LinkedHashSet<>());
                e.examples().stream().takeWhile(x -> kept.size() < MAX_EXAMPLES).forEach(kept::add);
            });
        }
        Map<ErrorClass, BenchmarkResult.Errors> errors = new EnumMap<>(ErrorClass.class);
        counts.forEach((c, n) -> errors.put(c, new BenchmarkResult.Errors(n, List.copyOf(examples.get(c)))));
        return new BenchmarkResult.Reliability(attempted, succeeded,
                attempted == 0 ? 0 : (double) succeeded / attempted, errors);
    }

    /**
     * Rates over the union of the shards' measured windows: the first send of any shard to the last end of any, by
     * each shard's clock (the clocks of machines synchronised by NTP agree to milliseconds; the clock offset in each
     * shard's row shows one that does not). Results of a version without the windows' instants fall back to the
     * longest shard window.
     */
    private static BenchmarkResult.Throughput throughput(List<BenchmarkResult> parts,
                                                         BenchmarkResult.Reliability reliability,
                                                         BenchmarkResult.Tokens tokens) {
        Optional<Instant> firstSend = parts.stream().map(p -> p.throughput().firstSend()).flatMap(Optional::stream)
                .min(Comparator.naturalOrder());
        Optional<Instant> lastEnd = parts.stream().map(p -> p.throughput().lastEnd()).flatMap(Optional::stream)
                .max(Comparator.naturalOrder());
        boolean allKnown = parts.stream().allMatch(p -> p.throughput().firstSend().isPresent()
                || p.throughput().windowSeconds() == 0);
        double window = allKnown && firstSend.isPresent() && lastEnd.isPresent()
                ? Duration.between(firstSend.get(), lastEnd.get()).toNanos() / 1e9
                : parts.stream().mapToDouble(p -> p.throughput().windowSeconds()).max().orElse(0);
        if (window <= 0) {
            return BenchmarkResult.Throughput.NONE;
        }
        return new BenchmarkResult.Throughput(reliability.succeeded() / window, tokens.output() / window,
                (tokens.input() + tokens.output()) / window, window, firstSend, lastEnd);
    }

    private static Goodput goodput(List<BenchmarkResult> parts, BenchmarkResult.Reliability reliability,
                                   double window) {
        if (!parts.get(0).goodput().defined()) {
            return Goodput.undefined();
        }
        long good = parts.stream().mapToLong(p -> p.goodput().good()).sum();
        return new Goodput(true, good, reliability.attempted() == 0 ? 0 : (double) good / reliability.attempted(),
                window <= 0 ? 0 : good / window);
    }

    /**
     * The shards' load checks as one: the sending rates add up (each shard sent its dealt part of the schedule at the
     * same time), dropped requests add up, and the client was the limit if it was on any shard.
     */
    private static LoadCheck load(List<BenchmarkResult> parts, List<Shard> shards) {
        List<String> reasons = new ArrayList<>();
        for (int s = 0; s < parts.size(); s++) {
            int index = shards.get(s).index();
            parts.get(s).load().reasons().forEach(r -> reasons.add("shard " + index + ": " + r));
        }
        OptionalDouble lag = parts.stream().map(p -> p.load().dispatchLagP99Ms()).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).max();
        return new LoadCheck(parts.get(0).load().targetRate(),
                parts.stream().mapToDouble(p -> p.load().achievedRate()).sum(),
                parts.stream().mapToLong(p -> p.load().dropped()).sum(), lag,
                parts.stream().mapToDouble(p -> p.load().gcPauseMs()).max().orElse(0),
                parts.stream().mapToDouble(p -> p.load().processCpuPercent()).max().orElse(-1),
                parts.stream().anyMatch(p -> p.load().clientLimited()), reasons);
    }

    private static ConnectionReuse connections(List<BenchmarkResult> parts, Distribution setup, int workers) {
        return ConnectionReuse.of(parts.stream().mapToLong(p -> p.connections().requests()).sum(),
                parts.stream().mapToLong(p -> p.connections().reused()).sum(),
                parts.stream().mapToLong(p -> p.connections().staleRetries()).sum(),
                setup.n() == 0 ? OptionalDouble.empty() : OptionalDouble.of(setup.p50()), workers);
    }

    /**
     * No merged verdict: each shard's probe was judged against its own steady state. The merged result says so and
     * lists each shard's verdict; {@code shards[].coldStart} has them in full.
     */
    private static ColdStart coldStart(List<ShardSummary> shards) {
        return ColdStart.notProbed("judged per shard: " + shards.stream()
                .map(s -> "shard " + s.shard().index() + ": " + s.coldStart().verdict())
                .collect(Collectors.joining("; ")));
    }
}
