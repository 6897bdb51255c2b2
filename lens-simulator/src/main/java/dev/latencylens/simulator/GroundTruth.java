package dev.latencylens.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the simulator really did, per request: the reference a client's measurements are checked against.
 *
 * <pre>{@code
 * String id = response.header("x-request-id");
 * ServedRequest truth = sim.groundTruth().await(id, Duration.ofSeconds(5)).orElseThrow();
 * assertThat(clientFirstTokenNanos).isGreaterThanOrEqualTo(truth.firstContentWrittenNanos());
 * }</pre>
 *
 * <p>A record appears when its response is finished on the server side, which can be a moment after the client
 * read the last byte: use {@link #await} rather than {@link #find} right after a call.
 *
 * <p>Memory is bounded: only the last {@code capacity} records are kept (a record holds one {@code long} per
 * content event, about 1.3 kB for a 150-token stream). Thread-safe: the simulator adds, any thread reads.
 */
public final class GroundTruth {

    private final int capacity;
    private final Map<String, ServedRequest> records;
    private long recorded;

    GroundTruth(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("ground truth capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
        this.records = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ServedRequest> eldest) {
                return size() > GroundTruth.this.capacity;
            }
        };
    }

    synchronized void add(ServedRequest record) {
        records.put(record.requestId(), record);
        recorded++;
        notifyAll();
    }

    /** Forgets everything, counter included (after the simulator's warm-up). */
    synchronized void reset() {
        records.clear();
        recorded = 0;
    }

    /** The record of this request if it is finished and still kept. */
    public synchronized Optional<ServedRequest> find(String requestId) {
        return Optional.ofNullable(records.get(requestId));
    }

    /** Waits until the record of this request is there, or the timeout passed (empty). */
    public synchronized Optional<ServedRequest> await(String requestId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ServedRequest r;
        while ((r = records.get(requestId)) == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return Optional.of(r);
    }

    /** Waits until at least {@code count} records were ever added (also counting evicted ones). */
    public synchronized boolean awaitRecorded(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (recorded < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** The kept records, oldest first. */
    public synchronized List<ServedRequest> records() {
        return new ArrayList<>(records.values());
    }

    public synchronized int size() {
        return records.size();
    }

    /** Records ever added, including those evicted to respect the capacity. */
    public synchronized long recorded() {
        return recorded;
    }

    public int capacity() {
        return capacity;
    }

    public synchronized void clear() {
        records.clear();
    }
}
