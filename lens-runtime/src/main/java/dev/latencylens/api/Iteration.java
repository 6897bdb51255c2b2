package dev.latencylens.api;

import dev.latencylens.results.Phase;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * One request of a benchmark, as seen by the benchmark method: its index in its phase, the phase, and a random
 * generator seeded from the run's seed, the phase and the index.
 *
 * <p>Use {@link #random()} to vary prompts (and so defeat provider-side prompt caches) reproducibly: the same run
 * seed gives every request the same generator state, whatever the order or the thread the requests run on.
 *
 * @param index  0-based index of the request within its phase
 * @param phase  cold probe, warmup or measured
 * @param random generator owned by this request; not shared with other requests
 */
public record Iteration(int index, Phase phase, RandomGenerator random) {

    public Iteration {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, was " + index);
        }
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(random, "random");
    }

    /** The iteration {@code index} of {@code phase} in a run seeded with {@code runSeed}. */
    public static Iteration seeded(long runSeed, Phase phase, int index) {
        long seed = mix(runSeed ^ mix(phase.ordinal() + 1L) ^ mix(0x9E3779B97F4A7C15L * (index + 1L)));
        return new Iteration(index, phase, new SplittableRandom(seed));
    }

    /** Stafford's mix13: spreads nearby inputs over the whole 64-bit range. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
