package dev.latencylens.internal.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * {@code SEQUENTIAL} (one worker) and {@code CONCURRENT} ({@code workers} workers): each worker sends its next
 * request as soon as its previous one is over, so {@code t_sched = t_send} and exactly {@code workers} requests
 * are in flight while enough remain.
 */
public final class ClosedLoopScheduler implements LoadScheduler {

    private final int workers;
    private final String threadName;

    public ClosedLoopScheduler(int workers, String threadName) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        this.workers = workers;
        this.threadName = threadName;
    }

    @Override
    public void run(int count, Sender sender, BooleanSupplier stopRequested) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            int index;
            while (!stopRequested.getAsBoolean() && (index = next.getAndIncrement()) < count) {
                sender.send(index, System.nanoTime());
            }
        };
        int threads = Math.min(workers, count);
        if (threads == 1) {
            worker.run();
            return;
        }
        List<Thread> started = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            // Small stacks: a thousand workers must not cost a gigabyte of reserved stack.
            Thread t = new Thread(null, worker, threadName + "-" + i, 256 * 1024);
            t.setDaemon(true);
            t.start();
            started.add(t);
        }
        for (Thread t : started) {
            t.join();
        }
    }
}
