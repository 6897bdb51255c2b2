package dev.latencylens.internal.regression;

import dev.latencylens.internal.metrics.Histograms;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.Metric;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One benchmark of several baseline runs as if it were one run: histograms added metric by metric, counts summed,
 * rates pooled over the summed window ({@code Σ rate·window / Σ window}), cost per 1k successful requests from the
 * summed totals. So the baseline is the runs' combined experience, and a day on which the provider was slow weighs
 * only its share.
 */
final class BaselineMerge {

    private BaselineMerge() {
    }

    /**
     * @param entries one benchmark (one id) of each run that has it, most recent first (its name, provider and model
     *                label the result)
     * @throws IllegalArgumentException when the runs record a metric in different units
     */
    static Baseline.Entry merge(List<Baseline.Entry> entries) {
        if (entries.size() == 1) {
            return entries.get(0);
        }
        Baseline.Entry latest = entries.get(0);
        List<String> notes = new ArrayList<>();
        Set<String> targets = new LinkedHashSet<>();
        entries.forEach(e -> targets.add(e.model() + " @ " + e.provider()));
        if (targets.size() > 1) {
            notes.add("the baseline runs measured different targets (" + String.join(", ", targets) + ")");
        }
        Set<Metric> names = new LinkedHashSet<>();
        entries.forEach(e -> names.addAll(e.metrics().keySet()));
        Map<Metric, Distribution> metrics = new EnumMap<>(Metric.class);
        for (Metric name : names) {
            metrics.put(name, distribution(entries.stream().map(e -> e.metrics().get(name)).filter(d -> d != null)
                    .toList(), latest.id() + " metrics." + name.key()));
        }
        double window = 0;
        double requests = 0;
        double outputTokens = 0;
        double totalTokens = 0;
        long attempted = 0;
        long succeeded = 0;
        for (Baseline.Entry e : entries) {
            BenchmarkResult.Throughput t = e.throughput();
            window += t.windowSeconds();
            requests += t.requestsPerSecond() * t.windowSeconds();
            outputTokens += t.outputTokensPerSecond() * t.windowSeconds();
            totalTokens += t.totalTokensPerSecond() * t.windowSeconds();
            attempted += e.reliability().attempted();
            succeeded += e.reliability().succeeded();
        }
        BenchmarkResult.Throughput throughput = window <= 0 ? new BenchmarkResult.Throughput(0, 0, 0, 0)
                : new BenchmarkResult.Throughput(requests / window, outputTokens / window, totalTokens / window,
                window);
        return new Baseline.Entry(latest.id(), latest.name(), latest.provider(), latest.model(), metrics, throughput,
                new Baseline.Reliability(attempted, succeeded), cost(entries, succeeded, notes),
                entries.stream().anyMatch(Baseline.Entry::partial),
                distribution(entries.stream().map(Baseline.Entry::inputTokensPerRequest).toList(),
                        latest.id() + " tokens.inputPerRequest"),
                distribution(entries.stream().map(Baseline.Entry::outputTokensPerRequest).toList(),
                        latest.id() + " tokens.outputPerRequest"),
                entries.size(), notes);
    }

    /** Cost per 1k successful from the summed totals; unknown unless every run knows it, in one currency. */
    private static Optional<Baseline.Cost> cost(List<Baseline.Entry> entries, long succeeded, List<String> notes) {
        long known = entries.stream().filter(e -> e.cost().isPresent()).count();
        if (known == 0) {
            return Optional.empty();
        }
        if (known < entries.size()) {
            notes.add("cost not compared: unknown in " + (entries.size() - known) + " of " + entries.size()
                    + " baseline runs");
            return Optional.empty();
        }
        Set<String> currencies = new LinkedHashSet<>();
        entries.forEach(e -> currencies.add(e.cost().get().currency()));
        if (currencies.size() > 1) {
            notes.add("cost not compared: the baseline runs are in " + String.join(" and ", currencies));
            return Optional.empty();
        }
        BigDecimal total = entries.stream().map(e -> e.cost().get().total()).reduce(BigDecimal.ZERO, BigDecimal::add);
        Optional<BigDecimal> perThousand = succeeded == 0 ? Optional.empty()
                : Optional.of(total.multiply(BigDecimal.valueOf(1000)).divide(BigDecimal.valueOf(succeeded),
                MathContext.DECIMAL128));
        return Optional.of(new Baseline.Cost(total, perThousand, currencies.iterator().next()));
    }

    private static Distribution distribution(List<Distribution> parts, String where) {
        return Histograms.sum(parts, "baseline: " + where);
    }
}
