package it.boot;

import dev.latencylens.annotations.LlmBenchmark;
import dev.latencylens.annotations.Sla;

public class ChatLatency {

    @LlmBenchmark(provider = "openai", model = "gpt-4o-mini", iterations = 5, warmup = 1, maxTokens = 16)
    @Sla(maxErrorRate = 0.0)
    public String shortAnswer() {
        return "In one sentence: why is the sky blue?";
    }
}
