package dev.latencylens.results;

import java.util.List;
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
 * @param achievedRate      requests sent per second over the measured phase
 * @param dispatchLagP99Ms  p99 of the client's own dispatch lag, empty for closed-loop patterns
 * @param gcPauseMs         total GC time during the measured phase
 * @param processCpuPercent the process's CPU use during the measured phase, percent of all cores (-1 unknown)
 */
public record LoadCheck(OptionalDouble targetRate, double achievedRate, OptionalDouble dispatchLagP99Ms,
                        double gcPauseMs, double processCpuPercent, boolean clientLimited, List<String> reasons) {

    public static final double MAX_DISPATCH_LAG_P99_MS = 5;
    public static final double MAX_DISPATCH_LAG_P50_MS = 1;
    public static final double MAX_GC_SHARE_PERCENT = 5;
    public static final double MAX_CPU_PERCENT = 90;

    public LoadCheck {
        reasons = List.copyOf(reasons);
    }

    public static LoadCheck none() {
        return new LoadCheck(OptionalDouble.empty(), 0, OptionalDouble.empty(), 0, -1, false, List.of());
    }
}
