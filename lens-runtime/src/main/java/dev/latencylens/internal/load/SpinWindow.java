package dev.latencylens.internal.load;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for an instant without burning a core: parks until a short window before it, then spins the rest.
 *
 * <pre>
 * SpinWindow window = SpinWindow.calibrate();      // once per phase: ~10 ms, at most ~20 ms
 * if (window.awaitUntil(intended, stop)) { send(); }
 * </pre>
 *
 * <p>{@code LockSupport.parkNanos} wakes late: by the kernel's timer slack (50 µs on Linux) plus however long the
 * thread then waits for a core. The window is how late it woke in {@value #SAMPLES} trial parks of
 * {@value #TRIAL_PARK_NANOS} ns, at the 90th percentile, within {@value #MIN_NANOS}–{@value #MAX_NANOS} ns: on the
 * 2-core machine of docs/PERFORMANCE.md about 100 µs, so a thread that wakes as usual spins 20–40 µs. Not a
 * higher percentile: on a busy machine the top few samples are preemptions of a millisecond or more, which
 * spinning cannot cure (a spinning thread is preempted too) and which, as the window, would cost several percent of
 * a core at 100 requests/s.
 */
final class SpinWindow {

    static final long MIN_NANOS = 50_000;
    static final long MAX_NANOS = 1_000_000;
    private static final int SAMPLES = 64;
    private static final int MIN_SAMPLES = 16;
    private static final long CALIBRATION_NANOS = 20_000_000;
    private static final long TRIAL_PARK_NANOS = 100_000;
    /** Parks at most this long at a time, so a stop request is seen within it. */
    private static final long MAX_PARK_NANOS = 50_000_000;

    private final long nanos;

    private SpinWindow(long nanos) {
        this.nanos = nanos;
    }

    /**
     * Measures how late parks wake on this machine now: {@value #SAMPLES} trial parks, or as many as fit in
     * {@value #CALIBRATION_NANOS} ns (at least {@value #MIN_SAMPLES}), since on a busy machine each can take
     * milliseconds.
     */
    static SpinWindow calibrate() {
        long[] late = new long[SAMPLES];
        long until = System.nanoTime() + CALIBRATION_NANOS;
        int n = 0;
        while (n < SAMPLES && (n < MIN_SAMPLES || System.nanoTime() - until < 0)) {
            long t = System.nanoTime();
            LockSupport.parkNanos(TRIAL_PARK_NANOS);
            late[n++] = System.nanoTime() - t - TRIAL_PARK_NANOS;
        }
        Arrays.sort(late, 0, n);
        return new SpinWindow(Math.max(MIN_NANOS, Math.min(MAX_NANOS, late[(int) (n * 0.90)])));
    }

    /** How long before an instant the waiting thread stops parking and spins, nanoseconds. */
    long nanos() {
        return nanos;
    }

    /**
     * Returns at {@code deadline} (a {@code nanoTime}) or just after, true; or false as soon as {@code stop} is
     * seen true, before or at the deadline.
     */
    boolean awaitUntil(long deadline, BooleanSupplier stop) {
        parkUntil(deadline - nanos, stop);
        if (stop.getAsBoolean()) {
            return false;
        }
        while (deadline - System.nanoTime() > 0) {
            Thread.onSpinWait();
        }
        return !stop.getAsBoolean();
    }

    /** Parks until {@code deadline} or until {@code stop} is seen true; wakes late by the timer's slack or more. */
    static void parkUntil(long deadline, BooleanSupplier stop) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0 && !stop.getAsBoolean()) {
            LockSupport.parkNanos(Math.min(left, MAX_PARK_NANOS));
        }
    }
}
