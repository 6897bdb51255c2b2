package dev.latencylens.internal.engine;

import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.RunOptions;
import dev.latencylens.api.Runner;
import dev.latencylens.internal.merge.Merger;
import dev.latencylens.internal.report.RunReporter;
import dev.latencylens.results.RunResult;
import java.nio.file.Path;
import java.util.List;

/**
 * The runtime behind {@link dev.latencylens.LatencyLens#run}: the {@link RunEngine} runs the benchmarks and the
 * {@link RunReporter} writes every file of the run, as for the JUnit engine and {@code mvn lens:bench}; and the
 * {@link Merger} of a sharded run's results.
 */
public final class EngineRunner implements Runner {

    @Override
    public RunResult run(List<BenchmarkHarness> harnesses, RunOptions options) {
        return new RunEngine(options).run(harnesses, RunReporter.of(options)::report);
    }

    @Override
    public RunResult merge(List<Path> shards, RunOptions options) {
        return Merger.merge(shards, options);
    }
}
