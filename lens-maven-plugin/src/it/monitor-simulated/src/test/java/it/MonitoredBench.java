package it;

import dev.latencylens.annotations.LlmBenchmark;

public class MonitoredBench {

    @LlmBenchmark(provider = "simulated", model = "sim-instant", maxTokens = 16)
    public String probed() {
        return "Say hello.";
    }

    /** Not selected (lens.includes): never probed. */
    @LlmBenchmark(provider = "simulated", model = "sim-instant", maxTokens = 16)
    public String ignored() {
        return "Say goodbye.";
    }
}
