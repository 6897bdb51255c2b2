package dev.latencylens.internal.load;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for an instant without burning a core: parks until a short window before it, then spins the rest.
 *
 * <pre>
 * SpinWindow window = SpinWindow.calibrate();      // once per phase: ~10 ms
 * if (window.awaitUntil(intended, stop)) { send(); }
 * </pre>
 *
 * <p>{@code LockSupport.parkNanos} wakes late: by the kernel's timer slack (50 µs on Linux) plus however long the
 * thread then waits for a core. The window is how late it woke in {@value #SAMPLES} trial parks of
 * {@value #TRIAL_PARK_NANOS} ns, at the 95th percentile, within {@value #MIN_NANOS}–{@value #MAX_NANOS} ns. The
 * 95th, not the 99th: of a few dozen samples the 99th is their maximum, one preemption on a busy machine, and
 * spinning that long before every request would cost far more than it saves (a spinning thread is preempted too).
 * A thread that wakes on time spins {@code window − typical lateness}, tens of microseconds.
 */
final class SpinWindow {

    static final long MIN_NANOS = 50_000;
    static final long MAX_NANOS = 1_000_000;
    private static final int SAMPLES = 64;
    private static final long TRIAL_PARK_NANOS = 100_000;
    /** Parks at most this long at a time, so a stop request is seen within it. */
    private static final long MAX_PARK_NANOS = 50_000_000;

    private final long nanos;

    private SpinWindow(long nanos) {
        this.nanos = nanos;
    }

    /** Measures how late parks wake on this machine now. */
    static SpinWindow calibrate() {
        long[] late = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long t = System.nanoTime();
            LockSupport.parkNanos(TRIAL_PARK_NANOS);
            late[i] = System.nanoTime() - t - TRIAL_PARK_NANOS;
        }
        Arrays.sort(late);
        return new SpinWindow(Math.max(MIN_NANOS, Math.min(MAX_NANOS, late[(int) (SAMPLES * 0.95)])));
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
