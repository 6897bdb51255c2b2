package dev.latencylens.internal.load;

import java.util.concurrent.TimeUnit;

/**
 * A client-side token bucket: at most {@code perMinute} units a minute (requests, or tokens), refilled
 * continuously, bursting up to a minute's worth. {@link #acquire} blocks until the units are there, so a request
 * held back by the limit shows the wait in its schedule lag and response time, as a user would feel it.
 * Thread-safe.
 */
public final class RateLimiter {

    private final double perNano;
    private final double capacity;
    private double available;
    private long last;

    public RateLimiter(double perMinute) {
        if (!(perMinute > 0)) {
            throw new IllegalArgumentException("a rate limit must be above 0 per minute, was " + perMinute);
        }
        this.perNano = perMinute / 60e9;
        this.capacity = perMinute;
        this.available = perMinute;
        this.last = System.nanoTime();
    }

    /** Takes {@code units} (at most a minute's worth), waiting as long as needed. */
    public void acquire(double units) throws InterruptedException {
        double wanted = Math.min(units, capacity);
        while (true) {
            long waitNanos;
            synchronized (this) {
                long now = System.nanoTime();
                available = Math.min(capacity, available + (now - last) * perNano);
                last = now;
                if (available >= wanted) {
                    available -= wanted;
                    return;
                }
                waitNanos = (long) Math.ceil((wanted - available) / perNano);
            }
            TimeUnit.NANOSECONDS.sleep(Math.max(waitNanos, 1_000));
        }
    }
}
