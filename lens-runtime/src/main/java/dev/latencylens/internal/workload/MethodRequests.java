package dev.latencylens.internal.workload;

import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.Iteration;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.Phase;
import java.util.Optional;

/** The requests a benchmark's method returns, one call per request with its seeded {@link Iteration}. */
final class MethodRequests implements RequestSource {

    private final BenchmarkHarness harness;
    private final long seed;

    MethodRequests(BenchmarkHarness harness, long seed) {
        this.harness = harness;
        this.seed = seed;
    }

    @Override
    public BenchmarkDescriptor descriptor() {
        return harness.descriptor();
    }

    @Override
    public Planned next(Object instance, Phase phase, int index) throws Exception {
        return new Planned(harness.request(instance, Iteration.seeded(seed, phase, index)), Optional.empty(),
                trace -> { });
    }
}
