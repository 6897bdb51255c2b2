package it;

import dev.latencylens.annotations.LlmBenchmark;
import dev.latencylens.annotations.LoadPattern;

public class ShardedBench {

    @LlmBenchmark(provider = "simulated", model = "sim-instant", pattern = LoadPattern.POISSON, rate = 20,
            iterations = 12, concurrency = 4, warmup = 1, maxTokens = 16)
    public String answer() {
        return "How fast are you today?";
    }
}
