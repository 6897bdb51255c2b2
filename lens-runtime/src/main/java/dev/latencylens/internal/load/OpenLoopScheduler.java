package dev.latencylens.internal.load;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;

/**
 * Open loop: a dispatcher sends request {@code i} at its intended time {@code start + schedule.next()}, whether or
 * not earlier requests have finished. At most {@code concurrency} are in flight; a request that finds every slot
 * busy waits for one but keeps its intended time as {@code t_sched}, so the wait counts in its response time and
 * schedule lag (no coordinated omission).
 *
 * <p>No thread has to wake another at the instant: the dispatcher takes a slot and hands request {@code i} to its worker
 * {@value #HANDOFF_LEAD_NANOS} ns before it is due; the worker {@linkplain Sender#prepare prepares} it (the engine
 * builds the provider's request), waits for the instant in a calibrated {@link SpinWindow} (parked until just
 * before it, then spinning) and sends. Waking a parked worker at the instant, and building the request after it,
 * were the tail of the schedule lag on a busy machine; a timed park that wakes a little early costs tens of
 * microseconds of spin instead. Taking the slot early takes it from no one: every request due before this one
 * already has its slot, and every later one would find this one in flight at its own instant anyway. A request
 * whose worker sees the stop before its instant is prepared but never sent, and is counted by
 * {@link #unsentBefore}.
 *
 * <p>It also measures itself: the <em>dispatch lag</em> of a request is how late the client started sending it,
 * measured from the later of its intended time and the moment a slot was free, i.e. lateness that is the client's
 * own fault, not the concurrency cap's. {@link #dispatchLag()} feeds the client-limited self-check.
 *
 * <p>When the run stops it before the schedule is exhausted ({@code lens.duration}), the requests that were due but
 * never sent, because every slot stayed busy, are counted by {@link #unsentBefore}: they would otherwise vanish from
 * every figure, the worst of them first (coordinated omission at the tail).
 */
public final class OpenLoopScheduler implements LoadScheduler {

    /**
     * How long before its instant a request goes to its worker: more than the dispatcher's lateness in waking, the
     * worker's in taking it and the preparation together (2 ms was too little on a busy 2-core machine: a woken
     * thread can wait that long for a core), yet short enough to hold a slot no longer than a blink.
     */
    static final long HANDOFF_LEAD_NANOS = 5_000_000;

    private final ArrivalSchedule schedule;
    private final int concurrency;
    private final String threadName;
    private final OptionalLong startNanos;
    private final SpinWindow window = SpinWindow.calibrate();
    private final Histogram dispatchLag = new Histogram(3);
    /** When the phase started, and the intended time of the first request never dispatched (NONE: not computed). */
    private long start;
    private long firstUnsent = NONE;
    /** Intended times of requests handed to a worker that saw the stop before their instant, and never sent them. */
    private final List<Long> stoppedAtWorker = new ArrayList<>();
    private boolean exhausted;

    private static final long NONE = Long.MIN_VALUE;

    /**
     * A scheduler whose t = 0 is when {@link #run} has started its workers. Calibrates its {@link SpinWindow} here
     * (10–20 ms), so that is not spent inside the phase.
     */
    public OpenLoopScheduler(ArrivalSchedule schedule, int concurrency, String threadName) {
        this(schedule, concurrency, threadName, OptionalLong.empty());
    }

    /**
     * @param startNanos the {@code nanoTime} of the schedule's t = 0 ({@code lens.startAt}); it may be past, and then
     *                   the requests due before now go at once, late by their schedule lag. Empty: when {@link #run}
     *                   has started its workers
     */
    public OpenLoopScheduler(ArrivalSchedule schedule, int concurrency, String threadName, OptionalLong startNanos) {
        this.schedule = schedule;
        this.concurrency = concurrency;
        this.threadName = threadName;
        this.startNanos = startNanos;
        dispatchLag.setAutoResize(true);
    }

    @Override
    public void run(int count, Sender sender, BooleanSupplier stopRequested) throws InterruptedException {
        Semaphore slots = new Semaphore(concurrency);
        // A stack of idle workers (SynchronousQueue, unfair): the one idle the shortest takes the next request, so at
        // low rates the same few threads stay warm (caches, stacks) instead of each of them in turn. A thread that
        // has released its slot but is not yet back on the stack is busy: then one more is started, ahead of the
        // instant, and it stops after a minute idle.
        ThreadPoolExecutor workers = new ThreadPoolExecutor(concurrency, Integer.MAX_VALUE, 1, TimeUnit.MINUTES,
                new SynchronousQueue<>(), threads());
        workers.prestartAllCoreThreads(); // no thread start-up inside a measured dispatch
        start = startNanos.orElseGet(System::nanoTime);
        try {
            int i = 0;
            for (; i < count && !stopRequested.getAsBoolean(); i++) {
                long intended = start + schedule.next();
                SpinWindow.parkUntil(intended - HANDOFF_LEAD_NANOS, stopRequested);
                if (stopRequested.getAsBoolean()) {
                    firstUnsent = intended;
                    break;
                }
                slots.acquire();
                long free = System.nanoTime();
                int index = i;
                workers.execute(() -> {
                    try {
                        Runnable send = sender.prepare(index, intended);
                        if (window.awaitUntil(intended, stopRequested)) {
                            recordDispatchLag(System.nanoTime() - Math.max(intended, free));
                            send.run();
                        } else {
                            synchronized (stoppedAtWorker) {
                                stoppedAtWorker.add(intended);
                            }
                        }
                    } finally {
                        slots.release();
                    }
                });
            }
            exhausted = i >= count;
        } finally {
            workers.shutdown();
            while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                // in-flight requests finish on their own timeouts
            }
        }
    }

    /**
     * After {@link #run}: how many requests the schedule had due before {@code deadlineNanos} (a {@code nanoTime})
     * that were never dispatched; 0 when every request of the phase was.
     */
    public long unsentBefore(long deadlineNanos) {
        long unsent;
        synchronized (stoppedAtWorker) {
            unsent = stoppedAtWorker.stream().filter(t -> t < deadlineNanos).count();
        }
        if (exhausted) {
            return unsent;
        }
        for (long t = firstUnsent != NONE ? firstUnsent : start + schedule.next(); t < deadlineNanos;
             t = start + schedule.next()) {
            unsent++;
        }
        return unsent;
    }

    /** How late the client itself dispatched requests (nanoseconds), slot waits excluded. */
    public Histogram dispatchLag() {
        synchronized (dispatchLag) {
            return dispatchLag.copy();
        }
    }

    private void recordDispatchLag(long nanos) {
        synchronized (dispatchLag) {
            dispatchLag.recordValue(Math.max(0, nanos));
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
