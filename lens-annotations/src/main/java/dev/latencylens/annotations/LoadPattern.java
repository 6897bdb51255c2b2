package dev.latencylens.annotations;

/**
 * How the measured requests of a benchmark are sent.
 *
 * <p>A <em>closed-loop</em> pattern sends the next request only when an earlier one has finished, so a slow
 * provider slows the load down and the latencies it reports describe that reduced load. An <em>open-loop</em>
 * pattern sends each request at a time fixed in advance by a seeded schedule, whether or not earlier requests
 * have finished; a request that waits for a free slot keeps its intended send time, so the wait shows up in
 * {@code responseTime} and TTFT as a user would see it (no coordinated omission).
 *
 * <p>{@link LlmBenchmark#concurrency()} is always the maximum number of requests in flight;
 * {@link LlmBenchmark#rate()} is a number of requests per second and is required by every open-loop pattern but
 * {@link #TRACE}.
 */
public enum LoadPattern {

    /**
     * Closed loop, one request at a time: the next request starts when the previous one has finished.
     * {@code concurrency} must be 1 and {@code rate} is ignored. The baseline for latency: no request ever
     * competes with another of the benchmark's own.
     */
    SEQUENTIAL,

    /**
     * Closed loop with {@code concurrency} workers, each sending its next request as soon as its previous one
     * finished. Measures latency at a fixed number of requests in flight; {@code rate} is ignored.
     */
    CONCURRENT,

    /**
     * Open loop: one request every {@code 1 / rate} seconds. At most {@code concurrency} are in flight; a request
     * that has to wait for a slot still counts its wait in its response time.
     */
    CONSTANT_RATE,

    /**
     * Open loop: exponentially distributed gaps with a mean of {@code 1 / rate} seconds (arrivals of independent
     * users). At most {@code concurrency} requests are in flight.
     */
    POISSON,

    /**
     * Open loop: {@code concurrency} requests at once, one burst every {@code 1 / rate} seconds. Shows how a
     * provider absorbs a spike.
     */
    BURST,

    /**
     * Open loop: the rate rises across the measured phase until it reaches {@code rate} requests per second.
     * At most {@code concurrency} requests are in flight. Finds where latency starts to climb.
     */
    RAMP,

    /**
     * A series of runs: the synchronous rate (one at a time), the saturated rate ({@code concurrency} in flight),
     * then rates evenly between them, each reported as its own result, plus the latency-versus-throughput curve.
     * {@code rate} is ignored; {@code iterations} is the number of requests per step.
     */
    SWEEP,

    /**
     * Open loop: each request at its timestamp in the trace of {@code @Workload(trace = ...)}, which sets this pattern
     * by itself (another pattern with a trace, or this one without, is a compile error). At most
     * {@code concurrency} requests are in flight, a request waiting for a slot keeping its trace time as its
     * intended send time. {@code rate} is the trace's own mean rate, filled in when the trace is read.
     */
    TRACE;

    /** Whether requests are sent on a schedule fixed in advance rather than when earlier ones finish. */
    public boolean isOpenLoop() {
        return this == CONSTANT_RATE || this == POISSON || this == BURST || this == RAMP || this == TRACE;
    }

    /** Whether the pattern sends at a rate the benchmark gives ({@code rate} above 0): the open-loop patterns but
     *  {@link #TRACE}, whose times come from its trace. */
    public boolean needsRate() {
        return isOpenLoop() && this != TRACE;
    }
}
