package dev.latencylens.results;

import java.util.OptionalDouble;

/**
 * The cold probe (the first request of a benchmark, sent on a new connection after the client's own code paths were
 * warmed on loopback) next to the steady state, and the verdict.
 *
 * <p>The probe's TTFT has two parts, reported apart: the connection setup every new connection pays (DNS, TCP and
 * TLS: {@code t_conn − t_send}), and what remains, the server-side TTFT. Only the server side is judged
 * ({@link #RULE}): a cold start is seen when it is above the steady state's 99 % prediction bound (a log-normal fit
 * of the measured TTFTs that accounts for estimating it from n requests), at least 1.5 × the steady p50 and at
 * least 10 ms above it. Its size is the server-side TTFT minus the steady p50. docs/METRICS.md ("Cold start") has
 * the reasoning and the rule's false-positive and detection rates.
 *
 * @param probed            whether a probe was sent and succeeded (false: every other value is empty)
 * @param ttftMs            the probe's TTFT
 * @param ttfbMs            the probe's time to response headers
 * @param e2eMs             the probe's end-to-end latency
 * @param dnsMs             DNS lookup of the probe's new connection (empty when none happened, e.g. an IP address)
 * @param connectMs         TCP connect (TLS included, as OkHttp reports it)
 * @param tlsMs             TLS handshake (empty for plain HTTP)
 * @param connectionReused  whether the probe found a pooled connection after all (should be false)
 * @param connectionSetupMs what the probe spent getting its connection: send to connection acquired, DNS, TCP and
 *                          TLS included
 * @param serverTtftMs      the probe's TTFT minus its connection setup: what the rule judges
 * @param steadyN           successful measured requests the steady state was fitted to (0: none)
 * @param steadyP50Ms       measured-phase TTFT p50
 * @param steadyTailMs      measured-phase TTFT p99, or max below 100 requests
 * @param thresholdMs       the rule's bound on the server-side TTFT (empty below 5 steady requests: no verdict)
 * @param detected          the verdict
 * @param penaltyMs         the server-side cold start when detected: server-side TTFT minus the steady p50
 * @param verdict           the verdict in a sentence
 */
public record ColdStart(boolean probed, OptionalDouble ttftMs, OptionalDouble ttfbMs, OptionalDouble e2eMs,
                        OptionalDouble dnsMs, OptionalDouble connectMs, OptionalDouble tlsMs,
                        boolean connectionReused, OptionalDouble connectionSetupMs, OptionalDouble serverTtftMs,
                        long steadyN, OptionalDouble steadyP50Ms, OptionalDouble steadyTailMs,
                        OptionalDouble thresholdMs, boolean detected, OptionalDouble penaltyMs, String verdict) {

    public static final String RULE = "cold start when the probe's server-side TTFT (TTFT minus its connection"
            + " setup) is above the steady state's 99% prediction bound (log-normal fit of the measured TTFTs,"
            + " Student t with n-1 degrees of freedom), at least 1.5 x the steady p50 and at least 10 ms above it;"
            + " size = server-side TTFT - steady p50; no verdict below 5 steady requests";

    private static final OptionalDouble NONE = OptionalDouble.empty();

    /** No probe result: it failed, or the run stopped before it. */
    public static ColdStart notProbed(String why) {
        return new ColdStart(false, NONE, NONE, NONE, NONE, NONE, NONE, false, NONE, NONE, 0, NONE, NONE, NONE,
                false, NONE, why);
    }
}
