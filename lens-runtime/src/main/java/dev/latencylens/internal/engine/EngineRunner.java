package dev.latencylens.internal.engine;

import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.RunOptions;
import dev.latencylens.api.Runner;
import dev.latencylens.internal.report.RunReporter;
import dev.latencylens.results.RunResult;
import java.util.List;

/**
 * The runtime behind {@link dev.latencylens.LatencyLens#run}: the {@link RunEngine} runs the benchmarks and the
 * {@link RunReporter} writes every file of the run, as for the JUnit engine and {@code mvn lens:bench}.
 */
public final class EngineRunner implements Runner {

    @Override
    public RunResult run(List<BenchmarkHarness> harnesses, RunOptions options) {
        return new RunEngine(options).run(harnesses, RunReporter.of(options)::report);
    }
}
