package it;

import dev.latencylens.annotations.LlmBenchmark;

public class MisusedBench {

    @LlmBenchmark(provider = "simulated", model = "sim-instant", iterations = 5)
    String hidden() {
        return "The harness cannot call me.";
    }
}
