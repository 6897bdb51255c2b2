package dev.latencylens.export;

import org.HdrHistogram.Histogram;

/**
 * One benchmark's figure (TTFT or E2E, in nanoseconds) as {@link Monitor} keeps it: the round being probed, the
 * last {@code window} rounds (HdrHistogram interval histograms, reused in a ring so memory stays flat however long
 * the monitor runs), and everything since the start (what {@code /metrics} serves, as Prometheus expects of a
 * histogram). Not thread-safe: its {@link BenchmarkMonitor} guards it.
 */
final class ProbeWindow {

    private static final int SIGNIFICANT_DIGITS = 3;

    private final Histogram current = histogram();
    private final Histogram[] ring;
    private final Histogram sinceStart = histogram();
    private double sinceStartSumNanos;
    private int closed;

    ProbeWindow(int rounds) {
        ring = new Histogram[rounds];
        for (int i = 0; i < rounds; i++) {
            ring[i] = histogram();
        }
    }

    private static Histogram histogram() {
        // Auto-resizing, as the runtime's MetricsRecorder: no upper bound to guess, a few kilobytes each.
        Histogram h = new Histogram(SIGNIFICANT_DIGITS);
        h.setAutoResize(true);
        return h;
    }

    void record(long nanos) {
        long value = Math.max(0, nanos);
        current.recordValue(value);
        sinceStart.recordValue(value);
        sinceStartSumNanos += value;
    }

    /**
     * Ends the round: it enters the window (pushing the oldest out) and is returned, stamped with its start and end
     * (epoch ms) and {@code tag}, for the interval log. The returned histogram is valid until the next call.
     */
    Histogram closeRound(long startMillis, long endMillis, String tag) {
        Histogram slot = ring[closed % ring.length];
        slot.reset();
        slot.add(current);
        slot.setStartTimeStamp(startMillis);
        slot.setEndTimeStamp(endMillis);
        slot.setTag(tag);
        current.reset();
        closed++;
        return slot;
    }

    /** The last {@code window} rounds merged (fewer while the monitor is younger than the window). */
    Histogram window() {
        Histogram merged = histogram();
        for (int i = 0; i < Math.min(closed, ring.length); i++) {
            merged.add(ring[i]);
        }
        return merged;
    }

    /** Rounds closed so far. */
    int rounds() {
        return closed;
    }

    Histogram sinceStart() {
        return sinceStart;
    }

    double sinceStartSumNanos() {
        return sinceStartSumNanos;
    }
}
