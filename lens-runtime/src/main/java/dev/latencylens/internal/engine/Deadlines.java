package dev.latencylens.internal.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs an action when a request outlives a deadline: its {@code timeoutMs}, and {@code lens.ttftTimeoutMs}. One
 * daemon thread looks every {@value #TICK_MS} ms while anything is watched, and ends after a second with nothing to
 * watch.
 *
 * <p>Why not OkHttp's call timeout, or a task scheduled per request: both queue the deadline and signal a waiting
 * thread whenever the new one is the earliest, which with one stream is every request, at {@code t_send}. That is a
 * thread wake-up inside every measured request, competing for a core with the request's own write (about 0.1 ms at
 * the median on the 2-core machine of docs/PERFORMANCE.md, more in the tail). Watching here is a set insertion that
 * wakes nobody; the price is that a timeout fires up to one tick late.
 */
final class Deadlines {

    static final long TICK_MS = 10;
    static final Deadlines SHARED = new Deadlines();

    private static final long IDLE_EXIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** One watched deadline; closing it ends the watch. */
    final class Watch implements AutoCloseable {

        private final long deadlineNanos;
        private final Runnable onExpiry;

        private Watch(long deadlineNanos, Runnable onExpiry) {
            this.deadlineNanos = deadlineNanos;
            this.onExpiry = onExpiry;
        }

        @Override
        public void close() {
            watched.remove(this);
        }
    }

    private final Set<Watch> watched = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean ticking = new AtomicBoolean();

    /** Runs {@code onExpiry} (on the deadline thread) once {@code timeoutMs} have passed, unless closed before. */
    Watch watch(long timeoutMs, Runnable onExpiry) {
        Watch w = new Watch(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs), onExpiry);
        watched.add(w);
        if (!ticking.get() && ticking.compareAndSet(false, true)) {
            Thread t = new Thread(this::tick, "lens-deadlines");
            t.setDaemon(true);
            t.start();
        }
        return w;
    }

    private void tick() {
        long busy = System.nanoTime();
        while (true) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MS));
            long now = System.nanoTime();
            for (Watch w : watched) {
                if (now - w.deadlineNanos >= 0 && watched.remove(w)) {
                    try {
                        w.onExpiry.run();
                    } catch (RuntimeException e) {
                        // a cancellation that failed leaves the request to its own end; the thread must go on
                    }
                }
            }
            if (!watched.isEmpty()) {
                busy = now;
            } else if (now - busy > IDLE_EXIT_NANOS) {
                ticking.set(false);
                // A watch added after the isEmpty() above saw ticking false and started a thread of its own; one
                // added before it is ours to keep watching, unless that other thread took over already.
                if (watched.isEmpty() || !ticking.compareAndSet(false, true)) {
                    return;
                }
            }
        }
    }
}
