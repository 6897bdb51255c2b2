package dev.latencylens.internal.load;

import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;

/**
 * Open loop: a dispatcher sends request {@code i} at its intended time {@code start + schedule.next()}, whether or
 * not earlier requests have finished. At most {@code concurrency} are in flight; a request that finds every slot
 * busy waits for one but keeps its intended time as {@code t_sched}, so the wait counts in its response time and
 * schedule lag (no coordinated omission).
 *
 * <p>It also measures itself: the <em>dispatch lag</em> of a request is how late the client handed it to a worker
 * measured from the later of its intended time and the moment a slot was free, i.e. lateness that is the client's
 * own fault, not the concurrency cap's. {@link #dispatchLag()} feeds the client-limited self-check.
 */
public final class OpenLoopScheduler implements LoadScheduler {

    /** Waking this early and spinning the rest keeps the dispatch lag in microseconds, not timer slack. */
    private static final long SPIN_NANOS = 200_000;

    private final ArrivalSchedule schedule;
    private final int concurrency;
    private final String threadName;
    private final Histogram dispatchLag = new Histogram(3);

    public OpenLoopScheduler(ArrivalSchedule schedule, int concurrency, String threadName) {
        this.schedule = schedule;
        this.concurrency = concurrency;
        this.threadName = threadName;
        dispatchLag.setAutoResize(true);
    }

    @Override
    public void run(int count, Sender sender, BooleanSupplier stopRequested) throws InterruptedException {
        Semaphore slots = new Semaphore(concurrency);
        ThreadPoolExecutor workers = (ThreadPoolExecutor) Executors.newFixedThreadPool(concurrency, threads());
        workers.prestartAllCoreThreads(); // no thread start-up inside a measured dispatch
        long start = System.nanoTime();
        try {
            for (int i = 0; i < count && !stopRequested.getAsBoolean(); i++) {
                long intended = start + schedule.next();
                waitUntil(intended, stopRequested);
                if (stopRequested.getAsBoolean()) {
                    break;
                }
                slots.acquire();
                long free = System.nanoTime();
                int index = i;
                workers.execute(() -> {
                    long lag = System.nanoTime() - Math.max(intended, free);
                    synchronized (dispatchLag) {
                        dispatchLag.recordValue(Math.max(0, lag));
                    }
                    try {
                        sender.send(index, intended);
                    } finally {
                        slots.release();
                    }
                });
            }
        } finally {
            workers.shutdown();
            while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                // in-flight requests finish on their own timeouts
            }
        }
    }

    /** How late the client itself dispatched requests (nanoseconds), slot waits excluded. */
    public Histogram dispatchLag() {
        synchronized (dispatchLag) {
            return dispatchLag.copy();
        }
    }

    private static void waitUntil(long deadline, BooleanSupplier stop) {
        long left;
        while ((left = deadline - System.nanoTime()) > SPIN_NANOS && !stop.getAsBoolean()) {
            LockSupport.parkNanos(Math.min(left - SPIN_NANOS, 50_000_000));
        }
        while (deadline - System.nanoTime() > 0) {
            Thread.onSpinWait();
        }
    }

    private ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            // Small stacks: a thousand workers must not cost a gigabyte of reserved stack.
            Thread t = new Thread(null, r, threadName + "-" + n.getAndIncrement(), 256 * 1024);
            t.setDaemon(true);
            return t;
        };
    }
}
