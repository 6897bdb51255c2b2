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
 * are kept in buckets of {@value #TICK_MS} ms. One daemon thread sleeps until the earliest bucket is due, runs what is
 * still in it, and ends after a second with nothing to watch. A watch closed before its deadline leaves its bucket,
 * and the last to leave removes the bucket, so requests that end in time never wake the thread.
 *
 * <p>Why not OkHttp's call timeout, or a task scheduled per request: both queue the deadline and signal a waiting
 * thread whenever the new one is the earliest, which with one stream is every request, at {@code t_send}. That is a
 * thread wake-up inside every measured request, competing for a core with the request's own write (about 0.1 ms at
 * the median on the 2-core machine of docs/PERFORMANCE.md, more in the tail). Here a watch wakes the thread only when
 * its deadline is earlier than the one the thread sleeps until, which with one timeout for every request is never
 * once the thread sleeps; and why not a ticker: a wake-up every tick is 100 a second, several percent of a core on
 * that machine at 100 requests/s. The price is that a timeout fires up to one tick late.
 */
final class Deadlines {

    static final long TICK_MS = 10;

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MS);
    private static final long IDLE_EXIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** {@link #plannedTick} while the thread is awake and about to look at the buckets again. */
    private static final long AWAKE = Long.MIN_VALUE;
    /** After the constants it reads. */
    static final Deadlines SHARED = new Deadlines();

    /** One watched deadline; closing it ends the watch. */
    final class Watch implements AutoCloseable {

        private final long tick;
        private final Bucket bucket;
        private final Runnable onExpiry;

        private Watch(long tick, Bucket bucket, Runnable onExpiry) {
            this.tick = tick;
            this.bucket = bucket;
            this.onExpiry = onExpiry;
        }

        @Override
        public void close() {
            if (bucket.leave(this)) {
                buckets.remove(tick, bucket);
            }
        }
    }

    /** The watches due at one tick; closed once taken (due, or emptied), so nothing joins it too late. */
    private static final class Bucket {

        private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
        private boolean taken; // guarded by this

        synchronized boolean add(Watch w) {
            return !taken && watches.add(w);
        }

        /** Removes {@code w}; true when it was the last, and the bucket is closed for good. */
        synchronized boolean leave(Watch w) {
            return watches.remove(w) && watches.isEmpty() && !taken && (taken = true);
        }

        synchronized void take() {
            taken = true;
        }
    }

    /** Buckets by the tick they are due at ({@code nanoTime / TICK_NANOS}), earliest first. */
    private final ConcurrentSkipListMap<Long, Bucket> buckets = new ConcurrentSkipListMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    /** The tick the thread sleeps until; {@link #AWAKE} while it is not asleep. */
    private volatile long plannedTick = AWAKE;
    private volatile Thread thread;
    /** The thread looks at the buckets at least this often, whatever it planned. */
    private final long maxSleepTicks;

    Deadlines() {
        this(IDLE_EXIT_NANOS);
    }

    /** For tests: with a long {@code maxSleepNanos} only a watch's wake-up makes the thread see an earlier one. */
    Deadlines(long maxSleepNanos) {
        this.maxSleepTicks = Math.max(1, maxSleepNanos / TICK_NANOS);
    }

    /** Runs {@code onExpiry} (on the deadline thread) once {@code timeoutMs} have passed, unless closed before. */
    Watch watch(long timeoutMs, Runnable onExpiry) {
        long due = Math.floorDiv(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs), TICK_NANOS) + 1;
        Watch w;
        Bucket bucket;
        do { // a bucket taken meanwhile leaves the map at once: the loop ends with a new one
            bucket = buckets.computeIfAbsent(due, tick -> new Bucket());
            w = new Watch(due, bucket, onExpiry);
        } while (!bucket.add(w));
        if (!running.get() && running.compareAndSet(false, true)) {
            Thread t = new Thread(this::run, "lens-deadlines");
            t.setDaemon(true);
            thread = t;
            t.start();
        } else if (due < plannedTick) { // the bucket is in the map before this read; see run()
            LockSupport.unpark(thread);
        }
        return w;
    }

    private void run() {
        long busy = System.nanoTime();
        while (true) {
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
                running.set(false);
                // A watch added after the isEmpty() above saw running false and started a thread of its own; one
                // added before it is ours to keep watching, unless that other thread took over already.
                if (buckets.isEmpty() || !running.compareAndSet(false, true)) {
                    return;
                }
            }
            sleepUntilNextDue(tick);
        }
    }

    /**
     * Sleeps until the earliest bucket is due, a watch due earlier arrives, or its longest sleep passes. The
     * plan is published before the buckets are read again and a watch adds its bucket before it reads the plan, so
     * either the watch sees the plan and wakes the thread, or the thread sees the bucket and does not sleep past it.
     */
    private void sleepUntilNextDue(long tick) {
        long planned = Math.min(tick + maxSleepTicks, firstDue());
        plannedTick = planned;
        if (planned > tick && firstDue() >= planned) {
            long sleep = planned * TICK_NANOS - System.nanoTime();
            if (sleep > 0) {
                LockSupport.parkNanos(this, sleep);
            }
        }
        plannedTick = AWAKE;
    }

    /** Buckets still held: watched, or due and not yet taken. */
    int buckets() {
        return buckets.size();
    }

    private long firstDue() {
        Map.Entry<Long, Bucket> first = buckets.firstEntry();
        return first == null ? Long.MAX_VALUE : first.getKey();
    }
}
