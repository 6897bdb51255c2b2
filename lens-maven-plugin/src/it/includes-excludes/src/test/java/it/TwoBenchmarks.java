package it;

import dev.latencylens.annotations.LlmBenchmark;

public class TwoBenchmarks {

    @LlmBenchmark(provider = "simulated", model = "sim-instant", iterations = 3, warmup = 0, maxTokens = 8)
    public String first() {
        return "First.";
    }

    @LlmBenchmark(provider = "simulated", model = "sim-instant", iterations = 3, warmup = 0, maxTokens = 8)
    public String second() {
        return "Second.";
    }
}
