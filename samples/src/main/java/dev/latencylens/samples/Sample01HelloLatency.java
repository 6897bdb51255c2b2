package dev.latencylens.samples;

import dev.latencylens.annotations.LlmBenchmark;

/**
 * Sample 01: the smallest benchmark.
 *
 * <p>A public method annotated with {@link LlmBenchmark} returns the user message to send. Latency Lens sends it
 * {@code iterations} times, one after another, after a cold probe (the first request, on a new connection) and
 * {@code warmup} discarded requests, streaming every response and timing each event.
 *
 * <p>The provider is real ({@code openai}); with {@code -Dlens.simulate=true} the same benchmark runs against the
 * embedded simulator, which speaks OpenAI's wire format, so it needs no key and costs nothing. Without that flag
 * and without {@code OPENAI_API_KEY} the run stops with an error naming the variable: it never quietly switches to
 * fake numbers.
 */
public class Sample01HelloLatency {

    @LlmBenchmark(provider = "openai", model = "gpt-4o-mini", iterations = 20, warmup = 3, maxTokens = 64)
    public String shortAnswer() {
        return "In one sentence: why is the sky blue?";
    }
}
