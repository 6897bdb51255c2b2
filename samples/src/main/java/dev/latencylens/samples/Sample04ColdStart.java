package dev.latencylens.samples;

import dev.latencylens.annotations.LlmBenchmark;

/**
 * Sample 04: the cold start.
 *
 * <p>The first request of every benchmark goes out on a new connection (the pool is emptied first), so it pays
 * for DNS, TCP and TLS, and often for a provider-side cold start too. Latency Lens reports it apart, with its
 * connection phases, next to the steady state, and gives a verdict by a written rule: a cold start is seen when the
 * probe's TTFT is above the steady p99 (the max below 100 requests) and above 1.5 × the steady p50.
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
