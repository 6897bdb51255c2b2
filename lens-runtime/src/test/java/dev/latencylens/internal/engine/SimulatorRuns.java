package dev.latencylens.internal.engine;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.LatencyLens;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.report.RunReporter;
import dev.latencylens.results.RunResult;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.spi.ProviderSettings;
import dev.latencylens.simulator.Dist;
import dev.latencylens.simulator.SimProfile;
import dev.latencylens.simulator.Simulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Test helpers: scripted simulator profiles and runs of the real engine against them. */
final class SimulatorRuns {

    private SimulatorRuns() {
    }

    /** Fixed timings, no faults, no cold start: what a test can predict. */
    static SimProfile.Builder scripted(double ttftMs, double itlMs, int tokens) {
        return SimProfile.builder().ttft(Dist.fixed(ttftMs)).interTokenDelay(Dist.fixed(itlMs)).outputTokens(tokens)
                .tokensPerEvent(1).prefillMicrosPerToken(0).coldStart(Dist.fixed(0)).noFaults();
    }

    static BenchmarkDescriptor.Builder benchmark(String model) {
        return BenchmarkDescriptor.builder("simulated", model).name("test." + model).warmup(1).iterations(5);
    }

    /** A benchmark of its workload, or else one asking why the sky is blue. */
    static BenchmarkHarness harness(BenchmarkDescriptor descriptor) {
        if (descriptor.workload().isPresent()) {
            return LatencyLens.benchmark(descriptor);
        }
        return LatencyLens.benchmark(descriptor, it -> ChatRequest.builder()
                .system("You are terse.").user("Question " + it.index() + ": why is the sky blue?").build());
    }

    /** Runs the benchmarks against {@code sim} and reports the run as every entry point does ({@link RunReporter}). */
    static RunResult run(Simulator sim, RunOptions options, BenchmarkDescriptor... benchmarks) {
        List<BenchmarkHarness> harnesses = java.util.Arrays.stream(benchmarks).map(SimulatorRuns::harness).toList();
        return new RunEngine(options, ProviderRegistry.load(SimulatorRuns.class.getClassLoader()),
                ProviderSettings.of(Map.of(), Map.of()), sim).run(harnesses, RunReporter.of(options)::report);
    }

    static RunOptions writingTo(Path dir) {
        return RunOptions.builder().outputDirectory(dir).build();
    }

    static BenchmarkDescriptor concurrent(String model, int workers, int iterations) {
        return benchmark(model).pattern(LoadPattern.CONCURRENT).concurrency(workers).iterations(iterations).build();
    }
}
