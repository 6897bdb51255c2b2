package dev.latencylens.samples;

import dev.latencylens.annotations.LlmBenchmark;
import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.annotations.Sla;

/**
 * Sample 03: users arriving at random, and a service-level agreement.
 *
 * <p>{@link LoadPattern#POISSON} is an open loop: requests are sent at times drawn in advance (exponential gaps,
 * {@code rate} per second on average, from a seeded generator), whether or not earlier ones have finished. At most
 * {@code concurrency} are in flight; a request that has to wait for a slot keeps its intended send time, so the
 * wait shows in its response time: no coordinated omission.
 *
 * <p>{@link Sla} says what "fast enough" means. In an open loop the TTFT and E2E bounds apply to what a user waits
 * (from the intended send time). A breached bound fails the benchmark, and {@code mvn lens:bench} fails the build;
 * requests that met every bound count as goodput.
 */
public class Sample03PoissonWithSla {

    @LlmBenchmark(provider = "simulated", model = "sim-fast", iterations = 40, warmup = 2,
            pattern = LoadPattern.POISSON, rate = 8, concurrency = 16, maxTokens = 40)
    @Sla(ttftP95Ms = 1_000, e2eP95Ms = 3_000, maxErrorRate = 0.05)
    public String classify() {
        return "Is this review positive or negative? 'The battery died after two days.'";
    }
}
