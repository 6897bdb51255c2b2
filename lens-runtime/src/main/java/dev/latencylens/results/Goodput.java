package dev.latencylens.results;

/**
 * Successful requests that met every per-request objective of the benchmark's {@code @Sla}, per second of the
 * measured window (docs/METRICS.md). A request's objectives are, for TTFT, TPOT and E2E, the loosest bound the
 * {@code @Sla} sets for that metric (its tail bound: what any one request may take); in open-loop patterns TTFT and
 * E2E are measured from the intended send time (TTFT_user, response time), so queueing counts.
 *
 * @param defined           whether the {@code @Sla} has any per-request latency bound
 * @param good              requests that met every objective
 * @param goodFraction      good / attempted
 * @param requestsPerSecond good / measured window
 */
public record Goodput(boolean defined, long good, double goodFraction, double requestsPerSecond) {

    /** Without a per-request objective there is nothing to count: an undefined goodput is all zeros. */
    public Goodput {
        if (!defined && (good != 0 || goodFraction != 0 || requestsPerSecond != 0)) {
            throw new IllegalArgumentException("an undefined goodput counts nothing, was " + good + " good, "
                    + goodFraction + " of attempted, " + requestsPerSecond + " req/s");
        }
    }

    public static Goodput undefined() {
        return new Goodput(false, 0, 0, 0);
    }
}
