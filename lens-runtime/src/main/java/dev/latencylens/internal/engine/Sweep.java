package dev.latencylens.internal.engine;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.SweepStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code SWEEP}: measures the synchronous rate (one request at a time), then the saturated rate ({@code concurrency}
 * in flight), then {@code lens.sweep.steps} Poisson rates evenly between, each step {@code iterations} requests and
 * its own result ({@code name [sync]}, {@code name [max]}, {@code name [2.50 req/s]}), each knowing which step it is
 * ({@link SweepStep}). Together the steps are the latency-versus-throughput curve; the capacity at SLO, on the last
 * step, is the highest achieved rate of a step that met the {@code @Sla}.
 *
 * <p>Each step is judged for a cold start against its own steady state, with a probe of its own: the first step's
 * is the benchmark's cold probe (its first request), every later step sends one on a new connection right before
 * it. One probe judged against every step would compare a request sent alone with steady states measured at other
 * loads, and give as many verdicts on it as there are steps.
 */
final class Sweep {

    private final BenchmarkRunner runner;
    private final Object target;

    Sweep(BenchmarkRunner runner, Object target) {
        this.runner = runner;
        this.target = target;
    }

    List<BenchmarkResult> run(RequestTrace probe, List<String> warnings) throws InterruptedException {
        BenchmarkDescriptor d = runner.descriptor();
        List<BenchmarkResult> steps = new ArrayList<>();
        BenchmarkResult syncResult = runner.measure(target, step(d, "sync", LoadPattern.SEQUENTIAL, 1, 0),
                Optional.of(SweepStep.of(d.name(), 0, 0)), probe, warnings);
        steps.add(syncResult);
        BenchmarkResult maxResult = measure(step(d, "max", LoadPattern.CONCURRENT, d.concurrency(), 0),
                SweepStep.of(d.name(), 1, 0), warnings);
        steps.add(maxResult);
        double low = syncResult.throughput().requestsPerSecond();
        double high = maxResult.throughput().requestsPerSecond();
        int n = runner.load().sweepSteps();
        for (int k = 1; k <= n && high > low && !runner.stopped(); k++) {
            double rate = low + (high - low) * k / (n + 1);
            SweepStep poisson = SweepStep.of(d.name(), 1 + k, rate);
            steps.add(measure(step(d, poisson.label(), LoadPattern.POISSON, d.concurrency(), rate), poisson,
                    warnings));
        }
        return withCapacity(steps);
    }

    /** A later step: its own cold probe, then its measured phase. */
    private BenchmarkResult measure(BenchmarkDescriptor step, SweepStep which, List<String> warnings)
            throws InterruptedException {
        RequestTrace probe = runner.probe(target, step.name());
        return runner.measure(target, step, Optional.of(which), probe, warnings);
    }

    private static BenchmarkDescriptor step(BenchmarkDescriptor d, String label, LoadPattern pattern,
                                            int concurrency, double rate) {
        return d.toBuilder().name(d.name() + " [" + label + "]").pattern(pattern).concurrency(concurrency)
                .rate(rate).build();
    }

    /** Marks the last step with the capacity at SLO: the highest achieved rate of a step that met the @Sla. */
    private static List<BenchmarkResult> withCapacity(List<BenchmarkResult> steps) {
        OptionalDouble capacity = steps.stream().filter(BenchmarkResult::slaMet)
                .mapToDouble(r -> r.throughput().requestsPerSecond()).max();
        BenchmarkResult last = steps.get(steps.size() - 1);
        steps.set(steps.size() - 1, last.toBuilder().sweepStep(last.sweepStep().orElseThrow().asLast(capacity))
                .slaViolations(last.slaViolations()).build());
        return steps;
    }
}
