package dev.latencylens.simulator;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides which requests pay their profile's cold-start penalty: the first request on a new connection (a fresh
 * TCP and TLS path, a new backend picked by the load balancer) and any request for a model that was idle (no
 * request arriving or finishing) for longer than the profile's idle threshold (scaled-to-zero replicas, evicted
 * caches). A model never seen counts as idle since the simulator started. Used by the I/O thread only.
 */
final class ColdStarts {

    private final Map<String, Long> lastActivity = new HashMap<>();
    private long startNanos;

    ColdStarts(long startNanos) {
        this.startNanos = startNanos;
    }

    /** A request for {@code model} arrived; returns whether it is cold. */
    boolean arrive(String model, boolean firstOnConnection, long arrivalNanos, Duration idleThreshold) {
        Long last = lastActivity.put(model, arrivalNanos);
        long idleNanos = arrivalNanos - (last == null ? startNanos : last);
        return firstOnConnection || idleNanos > idleThreshold.toNanos();
    }

    /** A request for {@code model} finished: the model was busy until now. */
    void finished(String model, long nanos) {
        lastActivity.put(model, nanos);
    }

    /** Forgets all activity, as if the simulator started at {@code nanos}. */
    void reset(long nanos) {
        lastActivity.clear();
        startNanos = nanos;
    }
}
