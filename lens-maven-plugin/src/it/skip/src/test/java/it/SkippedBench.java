package it;

import dev.latencylens.annotations.LlmBenchmark;

public class SkippedBench {

    @LlmBenchmark(provider = "simulated", model = "sim-instant", iterations = 5)
    public String never() {
        return "Never sent.";
    }
}
