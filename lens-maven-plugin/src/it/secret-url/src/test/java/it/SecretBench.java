package it;

import dev.latencylens.annotations.LlmBenchmark;

public class SecretBench {

    // lens.openai.baseUrl points at a closed port, with a password in it: every request fails to connect.
    @LlmBenchmark(provider = "openai", model = "gpt-4o-mini", iterations = 2, warmup = 0, maxTokens = 16)
    public String unreachable() {
        return "Nobody will answer.";
    }
}
