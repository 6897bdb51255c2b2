package dev.latencylens.samples;

import dev.latencylens.annotations.LlmBenchmark;

/**
 * Sample 01: the smallest benchmark.
 *
 * <p>A public method annotated with {@link LlmBenchmark} returns the user message to send. Latency Lens sends it
 * {@code iterations} times, one after another: first a cold probe (one request on a brand-new connection, reported
 * apart), then {@code warmup} requests it throws away, then the measured ones. Every response is streamed and every
 * event timed; the table at the end shows time to first token (TTFT), the gaps between chunks (ICL) and end-to-end
 * latency (E2E), with the definitions printed in every report.
 *
 * <p>{@code provider = "simulated"} is the embedded simulator: a real HTTP server on loopback that answers like a
 * small fast model ({@code sim-fast}). It costs nothing and needs no key.
 */
public class Sample01HelloWorld {

    @LlmBenchmark(provider = "simulated", model = "sim-fast", iterations = 20, warmup = 3, maxTokens = 40)
    public String shortAnswer() {
        return "In one sentence: why is the sky blue?";
    }
}
