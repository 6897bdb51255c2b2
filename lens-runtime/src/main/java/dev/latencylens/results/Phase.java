package dev.latencylens.results;

/** The phase a request belongs to. Only {@link #MEASURED} requests enter the latency histograms. */
public enum Phase {
    /** The first request of a benchmark, sent on a new connection and reported apart to show a cold start. */
    COLD,
    /** Requests sent and discarded before measuring, to warm connections and caches. */
    WARMUP,
    /** The requests the benchmark's figures are computed from. */
    MEASURED,
    /** Requests sent after the measured ones and discarded, so the last measured ones do not see load drain. */
    COOLDOWN
}
