package it;

import dev.latencylens.annotations.LlmBenchmark;

public class RegressionBench {

    @LlmBenchmark(provider = "simulated", model = "it-regressed", iterations = 20, warmup = 1, maxTokens = 16)
    public String answer() {
        return "How fast are you today?";
    }
}
