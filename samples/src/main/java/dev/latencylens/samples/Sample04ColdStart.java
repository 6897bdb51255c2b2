package dev.latencylens.samples;

import dev.latencylens.annotations.LlmBenchmark;

/**
 * Sample 04: the cold start.
 *
 * <p>The first request of every benchmark goes out on a new connection (the pool is emptied first), so it pays
 * for DNS, TCP and TLS, and often for a provider-side cold start too. Latency Lens reports it apart: its connection
 * setup, and the rest, the server side, which it compares with the steady state by a written rule: a cold start is
 * seen when the server side is above the steady state's 99 % prediction bound (a log-normal fit of the measured
 * TTFTs that allows for having only n of them), at least 1.5 × the steady p50 and 10 ms above it. The JVM's own
 * first use of the HTTP client is paid before, on loopback, so it is never taken for the provider's.
 *
 * <p>The {@code sim-slow} preset plays a large model that adds 1.5 s to the first request on a new connection:
 * the run prints "cold start of +… ms".
 */
public class Sample04ColdStart {

    @LlmBenchmark(provider = "simulated", model = "sim-slow", iterations = 8, warmup = 1, maxTokens = 10)
    public String greet() {
        return "Say hello.";
    }
}
