package dev.latencylens.samples;

import dev.latencylens.annotations.LlmBenchmark;
import dev.latencylens.annotations.Sla;

/**
 * Sample 07: a real provider, and the simulator standing in for it.
 *
 * <p>This benchmark calls OpenAI's Chat Completions API with {@code OPENAI_API_KEY}. Without the key, a run stops
 * with an error naming the variable: Latency Lens never switches to fake numbers on its own. With
 * {@code -Dlens.simulate=true} every request goes instead to the embedded simulator, which speaks OpenAI's wire
 * format byte for byte, so the same benchmark runs offline and in CI.
 *
 * <p>This project's pom has a profile, active when {@code OPENAI_API_KEY} is not set, that sets
 * {@code lens.simulate=true}, visibly: the run prints that it uses the simulator. Set the key and the same command
 * measures the real API (and costs a few cents: the cost column says how much).
 */
public class Sample07RealProvider {

    @LlmBenchmark(provider = "openai", model = "gpt-4o-mini", iterations = 10, warmup = 2, maxTokens = 40)
    @Sla(ttftP95Ms = 2_000, maxErrorRate = 0.1)
    public String haiku() {
        return "Write a haiku about latency.";
    }
}
