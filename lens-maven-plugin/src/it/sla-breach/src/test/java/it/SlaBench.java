package it;

import dev.latencylens.annotations.LlmBenchmark;
import dev.latencylens.annotations.Sla;

public class SlaBench {

    @LlmBenchmark(provider = "simulated", model = "sim-instant", iterations = 5, warmup = 1, maxTokens = 16)
    @Sla(ttftP50Ms = 0.001)
    public String tooFast() {
        return "Answer in a microsecond.";
    }
}
