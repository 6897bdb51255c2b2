package dev.latencylens.simulator;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The profiles a simulator serves, by model name: presets, then the builder's, then configured ones, then those
 * registered at run time (a later one replaces an earlier one of the same name). Read by the I/O thread,
 * written by any thread.
 */
final class ProfileTable {

    /** Served by the simulator's own warm-up only; listed nowhere. */
    static final String WARM_UP_MODEL = "latency-lens-warm-up";

    private final Map<String, SimProfile> byModel = new ConcurrentSkipListMap<>();
    private final SimProfile fallback;

    ProfileTable(SimProfile fallback) {
        this.fallback = Objects.requireNonNull(fallback, "default profile");
        byModel.putAll(SimPresets.all());
    }

    void put(String model, SimProfile profile) {
        if (Objects.requireNonNull(model, "model").isBlank()) {
            throw new IllegalArgumentException("model name must not be blank");
        }
        byModel.put(model, Objects.requireNonNull(profile, "profile"));
    }

    SimProfile profileFor(String model) {
        if (model.equals(WARM_UP_MODEL)) {
            return SimPresets.INSTANT;
        }
        return byModel.getOrDefault(model, fallback);
    }

    Collection<String> names() {
        return Collections.unmodifiableSet(byModel.keySet());
    }
}
