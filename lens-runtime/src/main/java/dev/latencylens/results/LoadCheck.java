package dev.latencylens.results;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How well the load was delivered, and whether the client, not the provider, was the bottleneck.
 *
 * <p>The self-check marks a result {@code clientLimited} when, over the measured phase: the client's own dispatch
 * lag (how late it sent a request that had a free slot; open-loop patterns only) had a p99 above
 * {@value #MAX_DISPATCH_LAG_P99_MS} ms and a p50 above {@value #MAX_DISPATCH_LAG_P50_MS} ms (systematically late, not
 * one hiccup of a shared machine); or garbage collection paused the JVM for more than
 * {@value #MAX_GC_SHARE_PERCENT} % of the phase; or the process used more than {@value #MAX_CPU_PERCENT} % of all
 * cores. Each reason says what was seen, so the number it qualifies can be judged.
 *
 * @param targetRate        the rate the pattern asked for (requests/s), empty for closed-loop patterns
 * @param achievedRate      the rate the measured requests were sent at: {@code (n − 1) / (t_send,last −
 *                          t_send,first)} over the n measured requests that were sent, i.e. from the first measured
 *                          send to the last (n sends span n − 1 gaps); 0 below two sends. The window ends at the last
 *                          send, not at the last answer, so slow answers do not make a steady schedule read slow
 * @param dropped           requests of a {@code lens.duration} open loop that were due before the deadline but never
 *                          sent (every slot was busy until the phase ended): left out of every latency, so a tail of
 *                          them means the percentiles are better than what users would have seen; 0 otherwise
 * @param dispatchLagP99Ms  p99 of the client's own dispatch lag, empty for closed-loop patterns
 * @param gcPauseMs         total GC time during the measured phase
 * @param processCpuPercent the process's CPU use during the measured phase, percent of all cores (-1 unknown)
 * @param clientLimited     whether the self-check found the client to be the bottleneck: {@code reasons} says why
 * @param reasons           each finding of the self-check in a sentence; empty when it passed
 */
public record LoadCheck(OptionalDouble targetRate, double achievedRate, long dropped, OptionalDouble dispatchLagP99Ms,
                        double gcPauseMs, double processCpuPercent, boolean clientLimited, List<String> reasons) {

    public static final double MAX_DISPATCH_LAG_P99_MS = 5;
    public static final double MAX_DISPATCH_LAG_P50_MS = 1;
    public static final double MAX_GC_SHARE_PERCENT = 5;
    public static final double MAX_CPU_PERCENT = 90;

    public LoadCheck {
        Objects.requireNonNull(targetRate, "targetRate");
        Objects.requireNonNull(dispatchLagP99Ms, "dispatchLagP99Ms");
        reasons = List.copyOf(reasons);
        if (dropped < 0) {
            throw new IllegalArgumentException("dropped must be >= 0, was " + dropped);
        }
    }

    public static LoadCheck none() {
        return new LoadCheck(OptionalDouble.empty(), 0, 0, OptionalDouble.empty(), 0, -1, false, List.of());
    }
}
