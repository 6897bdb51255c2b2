package dev.latencylens.internal.engine;

import dev.latencylens.LatencyLens;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.RunOptions;
import dev.latencylens.results.BenchmarkDescriptor;
import java.nio.file.Path;
import java.util.List;

/**
 * The first benchmark of a fresh JVM, for {@link FirstBenchmarkColdStartTest}: OpenAI's wire format against the
 * embedded simulator, a fast model with no cold start (TTFT log-normal, median 50 ms, σ 0.3 of the log).
 * args = output directory.
 */
public final class FirstBenchmarkOfARunMain {

    static final String MODEL = "fast-no-cold-start";

    private FirstBenchmarkOfARunMain() {
    }

    public static void main(String[] args) {
        String p = "lens.sim.profile." + MODEL + ".";
        System.setProperty(p + "ttftMs", "50");
        System.setProperty(p + "ttftSigma", "0.3");
        System.setProperty(p + "itlMs", "1");
        System.setProperty(p + "outputTokens", "5");
        System.setProperty(p + "tokensPerEvent", "1");
        System.setProperty(p + "prefillMicrosPerToken", "0");
        System.setProperty(p + "coldStartMs", "0");
        BenchmarkDescriptor first = BenchmarkDescriptor.builder("openai", MODEL).name("first").iterations(30)
                .warmup(3).build();
        LatencyLens.run(List.of(LatencyLens.benchmark(first, it -> ChatRequest.ofUser("Question " + it.index()))),
                RunOptions.builder().simulate(true).outputDirectory(Path.of(args[0])).build());
    }
}
