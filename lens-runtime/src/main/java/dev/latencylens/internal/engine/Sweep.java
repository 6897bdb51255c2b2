package dev.latencylens.internal.engine;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.internal.metrics.RequestTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code SWEEP}: measures the synchronous rate (one request at a time), then the saturated rate ({@code concurrency}
 * in flight), then {@code lens.sweep.steps} Poisson rates evenly between, each step {@code iterations} requests and
 * its own result ({@code name [sync]}, {@code name [max]}, {@code name [2.50 req/s]}). Together the steps are the
 * latency-versus-throughput curve; the capacity at SLO is the highest achieved rate of a step that met the
 * {@code @Sla}.
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
        BenchmarkDescriptor sync = step(d, "sync", LoadPattern.SEQUENTIAL, 1, 0);
        BenchmarkResult syncResult = runner.measure(target, sync, runner.scheduler(sync), probe, warnings);
        steps.add(syncResult);
        BenchmarkDescriptor max = step(d, "max", LoadPattern.CONCURRENT, d.concurrency(), 0);
        BenchmarkResult maxResult = measure(max, warnings);
        steps.add(maxResult);
        double low = syncResult.throughput().requestsPerSecond();
        double high = maxResult.throughput().requestsPerSecond();
        int n = runner.options().load().sweepSteps();
        for (int k = 1; k <= n && high > low && !runner.stopped(); k++) {
            double rate = low + (high - low) * k / (n + 1);
            BenchmarkDescriptor s = step(d, String.format(Locale.ROOT, "%.2f req/s", rate), LoadPattern.POISSON,
                    d.concurrency(), rate);
            steps.add(measure(s, warnings));
        }
        return withCapacity(steps);
    }

    /** A later step: its own cold probe, then its measured phase. */
    private BenchmarkResult measure(BenchmarkDescriptor step, List<String> warnings) throws InterruptedException {
        RequestTrace probe = runner.probe(target, step.name());
        return runner.measure(target, step, runner.scheduler(step), probe, warnings);
    }

    private static BenchmarkDescriptor step(BenchmarkDescriptor d, String label, LoadPattern pattern,
                                            int concurrency, double rate) {
        return d.toBuilder().name(d.name() + " [" + label + "]").pattern(pattern).concurrency(concurrency)
                .rate(rate).build();
    }

    /** Adds the capacity at SLO to the last step's warnings, where the console and reports show it. */
    private static List<BenchmarkResult> withCapacity(List<BenchmarkResult> steps) {
        double capacity = -1;
        for (BenchmarkResult r : steps) {
            if (SlaCheck.violations(r).isEmpty()) {
                capacity = Math.max(capacity, r.throughput().requestsPerSecond());
            }
        }
        String line = capacity < 0 ? "sweep: no step met the @Sla, so there is no capacity at SLO"
                : String.format(Locale.ROOT, "sweep: capacity at SLO %.2f req/s (the highest achieved rate of a step"
                + " that met the @Sla)", capacity);
        BenchmarkResult last = steps.get(steps.size() - 1);
        List<String> warnings = new ArrayList<>(last.warnings());
        warnings.add(line);
        steps.set(steps.size() - 1, new BenchmarkResult(last.id(), last.descriptor(), last.metrics(), last.tokens(),
                last.throughput(), last.reliability(), last.coldStart(), warnings, last.partial(), last.goodput(),
                last.load(), last.cost(), last.connections()));
        return steps;
    }
}
