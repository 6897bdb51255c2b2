package dev.latencylens.internal.metrics;

import java.time.Instant;

/**
 * Turns {@code System.nanoTime()} stamps into wall-clock instants, for the records that leave the process (the
 * {@code scheduledAt} of each request in {@code requests.jsonl}, and from it the timestamps of exported points). One
 * anchor per JVM, taken once: stamps keep the monotonic clock's spacing exactly, and a run never reads the wall clock
 * on a measuring thread.
 */
public final class WallClock {

    private static final Instant ANCHOR = Instant.now();
    private static final long ANCHOR_NANOS = System.nanoTime();

    private WallClock() {
    }

    /** The instant of {@code nanoTime}, a {@code System.nanoTime()} value of this JVM. */
    public static Instant at(long nanoTime) {
        return ANCHOR.plusNanos(nanoTime - ANCHOR_NANOS);
    }
}
