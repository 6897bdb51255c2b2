package dev.latencylens.internal.load;

import java.util.function.BooleanSupplier;

/**
 * Decides when each request of a phase is sent: the seam between a load pattern and the engine.
 *
 * <p>A scheduler asks its {@link Sender} to {@linkplain Sender#prepare prepare} each request index once, with the
 * time the pattern intended the request to go ({@code t_sched}), and runs what it gets back when the request is
 * due: that sends it and returns when it is over. Closed-loop schedulers pass "now" and send at once; open-loop
 * ones prepare ahead of the instant and pass the planned time even when the request had to wait for a free slot,
 * so that wait is counted (no coordinated omission).
 */
public interface LoadScheduler {

    /**
     * Sends requests {@code 0 .. count-1} through {@code sender} and returns when all are over, or when
     * {@code stopRequested} turns true (requests in flight still finish; no new one starts).
     */
    void run(int count, Sender sender, BooleanSupplier stopRequested) throws InterruptedException;

    /** Prepares and sends requests; never throws for a failed request (failures are recorded, not thrown). */
    @FunctionalInterface
    interface Sender {

        /**
         * Does what request {@code index} needs before it can go (the engine builds it), and returns what sends it:
         * running that sends the request and returns when it is over. What is done here is not in the request's
         * schedule lag when the scheduler prepares ahead of the instant.
         */
        Runnable prepare(int index, long scheduledNanos);

        /** Prepares request {@code index} and sends it at once; blocking. */
        default void send(int index, long scheduledNanos) {
            prepare(index, scheduledNanos).run();
        }
    }
}
