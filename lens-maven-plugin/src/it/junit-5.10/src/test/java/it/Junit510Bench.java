package it;

import dev.latencylens.annotations.LlmBenchmark;
import dev.latencylens.annotations.Sla;

public class Junit510Bench {

    @LlmBenchmark(provider = "simulated", model = "sim-instant", iterations = 5, warmup = 1, maxTokens = 16)
    @Sla(maxErrorRate = 0.0)
    public String hello() {
        return "Say hello.";
    }
}
