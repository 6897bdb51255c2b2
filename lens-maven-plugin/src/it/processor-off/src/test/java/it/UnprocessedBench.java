package it;

import dev.latencylens.annotations.LlmBenchmark;

public class UnprocessedBench {

    @LlmBenchmark(provider = "simulated", model = "sim-instant", iterations = 5)
    public String lonely() {
        return "No harness for me.";
    }
}
