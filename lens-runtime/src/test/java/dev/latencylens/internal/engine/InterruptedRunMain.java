package dev.latencylens.internal.engine;

import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.LatencyLens;
import dev.latencylens.api.RunOptions;
import java.nio.file.Path;
import java.util.List;

/** A long run in its own JVM, for {@link InterruptedRunTest} to interrupt: args = output directory. */
public final class InterruptedRunMain {

    private InterruptedRunMain() {
    }

    public static void main(String[] args) {
        BenchmarkDescriptor endless = BenchmarkDescriptor.builder("simulated", "sim-fast").name("endless")
                .iterations(100_000).warmup(0).build();
        LatencyLens.run(List.of(LatencyLens.benchmark(endless, it -> ChatRequest.ofUser("hi " + it.index()))),
                RunOptions.builder().outputDirectory(Path.of(args[0])).build());
    }
}
