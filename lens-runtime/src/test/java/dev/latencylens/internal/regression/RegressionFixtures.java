package dev.latencylens.internal.regression;

import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.LatencyLens;
import dev.latencylens.api.RunOptions;
import dev.latencylens.results.RunResult;
import java.nio.file.Path;
import java.util.List;

/** Runs of the real engine against the embedded simulator. */
final class RegressionFixtures {

    private RegressionFixtures() {
    }

    /** Benchmark "x" on the simulator's instant model; writes {@code dir/results.json}. */
    static RunResult simulatedRun(Path dir, int iterations) {
        BenchmarkDescriptor d = BenchmarkDescriptor.builder("simulated", "sim-instant").name("x")
                .iterations(iterations).warmup(0).build();
        return LatencyLens.run(List.of(LatencyLens.benchmark(d, it -> ChatRequest.ofUser("hi"))),
                RunOptions.builder().outputDirectory(dir).build());
    }
}
