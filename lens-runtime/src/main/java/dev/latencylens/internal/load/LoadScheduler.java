package dev.latencylens.internal.load;

import java.util.function.BooleanSupplier;

/**
 * Decides when each request of a phase is sent: the seam between a load pattern and the engine.
 *
 * <p>A scheduler calls {@link Sender#send} once per request index, with the time the pattern intended the request
 * to go ({@code t_sched}); the sender sends it at once and returns when it is over. Closed-loop schedulers pass
 * "now"; open-loop ones pass the planned time even when the request had to wait for a free slot, so that wait is
 * counted (no coordinated omission).
 */
public interface LoadScheduler {

    /**
     * Sends requests {@code 0 .. count-1} through {@code sender} and returns when all are over, or when
     * {@code stopRequested} turns true (requests in flight still finish; no new one starts).
     */
    void run(int count, Sender sender, BooleanSupplier stopRequested) throws InterruptedException;

    /** Sends one request; blocking; never throws for a failed request (failures are recorded, not thrown). */
    @FunctionalInterface
    interface Sender {
        void send(int index, long scheduledNanos);
    }
}
