package dev.latencylens.api;

import dev.latencylens.results.RunResult;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link dev.latencylens.LatencyLens#run} hands benchmarks to: the runtime's engine, which runs them, and its
 * reporting, which writes every file of the run. Latency Lens's runtime provides the one implementation, found on
 * the class path with {@link java.util.ServiceLoader} ({@code META-INF/services/dev.latencylens.api.Runner}); it is an
 * interface so that the public API names no class of the runtime's internals, not an extension point.
 */
public interface Runner {

    /**
     * Runs {@code harnesses} one after another and writes the run's files when {@code options} has an output
     * directory; see {@link dev.latencylens.LatencyLens#run}.
     */
    RunResult run(List<BenchmarkHarness> harnesses, RunOptions options);

    /**
     * Merges the results of a sharded run's shards into one run's and writes it like a run's; see
     * {@link dev.latencylens.LatencyLens#merge}.
     */
    RunResult merge(List<Path> shards, RunOptions options);
}
