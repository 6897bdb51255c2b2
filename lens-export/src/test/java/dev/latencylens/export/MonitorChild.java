package dev.latencylens.export;

import dev.latencylens.LatencyLens;
import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.RunOptions;
import dev.latencylens.results.BenchmarkDescriptor;
import java.util.List;

/**
 * The main class of the JVM that {@link MonitorShutdownTest} starts and stops with SIGTERM: monitors one benchmark
 * on the runtime's embedded simulator with the {@code lens.monitor.*} system properties, as {@code lens monitor}
 * would.
 */
public final class MonitorChild {

    private MonitorChild() {
    }

    public static void main(String[] args) {
        BenchmarkDescriptor d = BenchmarkDescriptor.builder("openai", "sim-instant").name("Child.probe")
                .pattern(LoadPattern.SEQUENTIAL).maxTokens(8).build();
        Monitor.run(List.of(LatencyLens.benchmark(d, it -> ChatRequest.ofUser("ping #" + it.index()))),
                RunOptions.builder().simulate(true).build(), MonitorOptions.fromSystemProperties());
    }
}
