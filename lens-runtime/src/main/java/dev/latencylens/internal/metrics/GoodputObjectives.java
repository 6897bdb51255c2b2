package dev.latencylens.internal.metrics;

import dev.latencylens.results.SlaSpec;
import java.util.OptionalDouble;
import java.util.stream.DoubleStream;

/**
 * The per-request objectives behind goodput (see {@link dev.latencylens.results.Goodput}): for TTFT, TPOT and E2E the
 * loosest bound the {@code @Sla} sets for that metric. In open-loop patterns TTFT and E2E are taken from the
 * intended send time.
 */
public record GoodputObjectives(OptionalDouble ttftMs, OptionalDouble tpotMs, OptionalDouble e2eMs, boolean openLoop) {

    public static GoodputObjectives of(SlaSpec sla, boolean openLoop) {
        return new GoodputObjectives(loosest(sla.ttftP50Ms(), sla.ttftP95Ms(), sla.ttftP99Ms()),
                loosest(sla.tpotP95Ms()), loosest(sla.e2eP95Ms(), sla.e2eP99Ms()), openLoop);
    }

    public boolean defined() {
        return ttftMs.isPresent() || tpotMs.isPresent() || e2eMs.isPresent();
    }

    /** Whether a successful request met every objective. */
    boolean met(RequestTrace t) {
        long ttft = openLoop ? t.userTtftNanos() : t.ttftNanos();
        long e2e = openLoop ? t.responseTimeNanos() : t.e2eNanos();
        return within(ttftMs, ttft) && within(tpotMs, t.tpotNanos()) && within(e2eMs, e2e);
    }

    private static boolean within(OptionalDouble boundMs, long nanos) {
        return boundMs.isEmpty() || (nanos != RequestTrace.NONE && nanos / 1e6 <= boundMs.getAsDouble());
    }

    private static OptionalDouble loosest(OptionalDouble... bounds) {
        return DoubleStream.of(java.util.Arrays.stream(bounds).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).toArray()).max();
    }
}
