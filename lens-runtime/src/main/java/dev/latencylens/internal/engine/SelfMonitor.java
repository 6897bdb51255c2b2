package dev.latencylens.internal.engine;

import dev.latencylens.results.LoadCheck;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;

/**
 * Watches the client itself over a measured phase (CPU time of the process, GC time) and turns what it saw, with
 * the scheduler's dispatch lag, into a {@link LoadCheck}: the rules are on {@link LoadCheck}. Two samples, at the
 * start and at the end: nothing runs during the phase.
 */
final class SelfMonitor {

    private final long startNanos;
    private final long startCpuNanos;
    private final long startGcMillis;

    SelfMonitor() {
        startNanos = System.nanoTime();
        startCpuNanos = processCpuNanos();
        startGcMillis = gcMillis();
    }

    /**
     * @param achievedRate     the rate the measured requests were sent at (see {@link LoadCheck#achievedRate()})
     * @param dropped          requests due before a duration's deadline but never sent
     * @param dispatchLagNanos the open-loop scheduler's dispatch lag; null for closed loops
     */
    LoadCheck finish(OptionalDouble targetRate, double achievedRate, long dropped, Histogram dispatchLagNanos) {
        double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        double gcMs = gcMillis() - startGcMillis;
        long cpu = processCpuNanos();
        double cpuPercent = cpu < 0 || startCpuNanos < 0 ? -1
                : 100.0 * (cpu - startCpuNanos) / 1e9 / seconds / Runtime.getRuntime().availableProcessors();
        boolean lagKnown = dispatchLagNanos != null && dispatchLagNanos.getTotalCount() > 0;
        OptionalDouble lagP99 = lagKnown ? OptionalDouble.of(dispatchLagNanos.getValueAtPercentile(99) / 1e6)
                : OptionalDouble.empty();
        double lagP50 = lagKnown ? dispatchLagNanos.getValueAtPercentile(50) / 1e6 : 0;
        List<String> reasons = new ArrayList<>();
        if (lagP99.isPresent() && lagP99.getAsDouble() > LoadCheck.MAX_DISPATCH_LAG_P99_MS
                && lagP50 > LoadCheck.MAX_DISPATCH_LAG_P50_MS) {
            reasons.add(String.format(Locale.ROOT, "p99 dispatch lag %.1f ms (p50 %.1f ms): the client could not keep"
                            + " up with %s", lagP99.getAsDouble(), lagP50, targetRate.isPresent()
                            ? String.format(Locale.ROOT, "%.1f req/s", targetRate.getAsDouble()) : "the schedule"));
        }
        if (100 * gcMs / 1000 / seconds > LoadCheck.MAX_GC_SHARE_PERCENT) {
            reasons.add(String.format(Locale.ROOT, "GC paused the client for %.0f ms (%.1f%% of the phase)", gcMs,
                    100 * gcMs / 1000 / seconds));
        }
        if (cpuPercent > LoadCheck.MAX_CPU_PERCENT) {
            reasons.add(String.format(Locale.ROOT, "the client used %.0f%% of all CPU cores", cpuPercent));
        }
        return new LoadCheck(targetRate, achievedRate, dropped, lagP99, gcMs, cpuPercent, !reasons.isEmpty(), reasons);
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
