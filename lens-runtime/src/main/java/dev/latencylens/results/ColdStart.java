package dev.latencylens.results;

import java.util.OptionalDouble;

/**
 * The cold probe (the first request of a benchmark, sent on a new connection) next to the steady state, and the
 * verdict.
 *
 * <p>The rule ({@link #RULE}): a cold start is seen when the probe's TTFT is above the steady-state p99 (the max
 * when fewer than 100 requests were measured) <em>and</em> above 1.5 × the steady p50; its size is the probe's TTFT
 * minus the steady p50. Both conditions: the first alone flags ordinary tail noise on small runs, the second alone
 * flags a probe that is merely in the tail.
 *
 * @param probed     whether a probe was sent and succeeded (false: every other value is empty)
 * @param ttftMs     the probe's TTFT
 * @param ttfbMs     the probe's time to response headers
 * @param e2eMs      the probe's end-to-end latency
 * @param dnsMs      DNS lookup of the probe's new connection (empty when none happened, e.g. an IP address)
 * @param connectMs  TCP connect (TLS included, as OkHttp reports it)
 * @param tlsMs      TLS handshake (empty for plain HTTP)
 * @param connectionReused whether the probe found a pooled connection after all (should be false)
 * @param steadyP50Ms measured-phase TTFT p50
 * @param steadyTailMs measured-phase TTFT p99, or max below 100 requests
 * @param detected   the verdict
 * @param penaltyMs  probe TTFT minus steady p50 when detected
 * @param verdict    the verdict in a sentence
 */
public record ColdStart(boolean probed, OptionalDouble ttftMs, OptionalDouble ttfbMs, OptionalDouble e2eMs,
                        OptionalDouble dnsMs, OptionalDouble connectMs, OptionalDouble tlsMs,
                        boolean connectionReused, OptionalDouble steadyP50Ms, OptionalDouble steadyTailMs,
                        boolean detected, OptionalDouble penaltyMs, String verdict) {

    public static final String RULE = "cold start when probe TTFT > steady p99 (max below 100 requests)"
            + " and > 1.5 x steady p50; size = probe TTFT - steady p50";

    private static final OptionalDouble NONE = OptionalDouble.empty();

    /** No probe result: it failed, or the run stopped before it. */
    public static ColdStart notProbed(String why) {
        return new ColdStart(false, NONE, NONE, NONE, NONE, NONE, NONE, false, NONE, NONE, false, NONE, why);
    }
}
