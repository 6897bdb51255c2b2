package dev.latencylens.internal.engine;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs an action when a request outlives a deadline: its {@code timeoutMs}, and {@code lens.ttftTimeoutMs}. Deadlines
 * are kept in buckets of {@value #TICK_MS} ms; one daemon thread wakes every tick while anything is watched, takes
 * the buckets that are due and runs what is still in them, and ends after a second with nothing to watch.
 *
 * <p>Why not OkHttp's call timeout, or a task scheduled per request: both queue the deadline and signal a waiting
 * thread whenever the new one is the earliest, which with one stream is every request, at {@code t_send}. That is a
 * thread wake-up inside every measured request, competing for a core with the request's own write (about 0.1 ms at
 * the median on the 2-core machine of docs/PERFORMANCE.md, more in the tail). Watching here is two set insertions
 * that wake nobody, ending a watch one removal, and a tick touches only the buckets that are due, whatever the number
 * of streams; the price is that a timeout fires up to one tick late.
 */
final class Deadlines {

    static final long TICK_MS = 10;
    static final Deadlines SHARED = new Deadlines();

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MS);
    private static final long IDLE_EXIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** One watched deadline; closing it ends the watch. */
    final class Watch implements AutoCloseable {

        private final Bucket bucket;
        private final Runnable onExpiry;

        private Watch(Bucket bucket, Runnable onExpiry) {
            this.bucket = bucket;
            this.onExpiry = onExpiry;
        }

        @Override
        public void close() {
            bucket.watches.remove(this);
        }
    }

    /** The watches due at one tick; closed once the ticker has taken it, so nothing joins it too late. */
    private static final class Bucket {

        private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
        private boolean taken; // guarded by this

        synchronized boolean add(Watch w) {
            return !taken && watches.add(w);
        }

        synchronized void take() {
            taken = true;
        }
    }

    /** Buckets by the tick they are due at ({@code nanoTime / TICK_NANOS}), earliest first. */
    private final ConcurrentSkipListMap<Long, Bucket> buckets = new ConcurrentSkipListMap<>();
    private final AtomicBoolean ticking = new AtomicBoolean();

    /** Runs {@code onExpiry} (on the deadline thread) once {@code timeoutMs} have passed, unless closed before. */
    Watch watch(long timeoutMs, Runnable onExpiry) {
        long due = Math.floorDiv(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs), TICK_NANOS) + 1;
        Watch w;
        Bucket bucket;
        do { // a bucket the ticker took meanwhile is gone from the map: the next one made is taken at the next tick
            bucket = buckets.computeIfAbsent(due, tick -> new Bucket());
            w = new Watch(bucket, onExpiry);
        } while (!bucket.add(w));
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
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            long tick = Math.floorDiv(now, TICK_NANOS);
            for (Map.Entry<Long, Bucket> due = buckets.firstEntry(); due != null && due.getKey() <= tick;
                 due = buckets.firstEntry()) {
                buckets.remove(due.getKey(), due.getValue());
                due.getValue().take();
                for (Watch w : due.getValue().watches) {
                    try {
                        w.onExpiry.run();
                    } catch (RuntimeException e) {
                        // a cancellation that failed leaves the request to its own end; the thread must go on
                    }
                }
            }
            if (!buckets.isEmpty()) {
                busy = now;
            } else if (now - busy > IDLE_EXIT_NANOS) {
                ticking.set(false);
                // A watch added after the isEmpty() above saw ticking false and started a thread of its own; one
                // added before it is ours to keep watching, unless that other thread took over already.
                if (buckets.isEmpty() || !ticking.compareAndSet(false, true)) {
                    return;
                }
            }
        }
    }
}
