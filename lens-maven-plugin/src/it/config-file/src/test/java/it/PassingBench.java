package it;

import dev.latencylens.annotations.LlmBenchmark;

public class PassingBench {

    @LlmBenchmark(provider = "simulated", model = "sim-instant", iterations = 5, warmup = 1, maxTokens = 16)
    public String hello() {
        return "Say hello.";
    }
}
