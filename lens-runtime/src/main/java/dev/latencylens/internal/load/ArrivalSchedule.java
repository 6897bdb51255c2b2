package dev.latencylens.internal.load;

import java.util.SplittableRandom;

/**
 * When each request of an open-loop phase is meant to go: {@link #next()} returns successive intended send times
 * as offsets in nanoseconds from the start of the phase. Built from a seed, so a run repeats exactly. Not
 * thread-safe: one dispatcher asks.
 */
public interface ArrivalSchedule {

    /** The intended offset of the next request, non-decreasing. */
    long next();

    /** One request every {@code 1 / rate} seconds. */
    static ArrivalSchedule constantRate(double rate) {
        double gap = 1e9 / rate;
        return new ArrivalSchedule() {
            private long i;

            @Override
            public long next() {
                return Math.round(i++ * gap);
            }
        };
    }

    /**
     * Gamma-distributed gaps with mean {@code 1 / rate}: {@code burstiness} 1 gives a Poisson process; below 1 the
     * arrivals bunch up (burstier), above 1 they are more regular. The same shape as vLLM's benchmark
     * {@code --burstiness}.
     */
    static ArrivalSchedule gamma(double rate, double burstiness, long seed) {
        if (!(burstiness > 0)) {
            throw new IllegalArgumentException("burstiness must be above 0, was " + burstiness);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double scale = 1e9 / (rate * burstiness); // mean = shape × scale = 1e9 / rate
        return new ArrivalSchedule() {
            private double t;
            private boolean first = true;

            @Override
            public long next() {
                if (first) {
                    first = false;
                    return 0;
                }
                t += Gamma.sample(random, burstiness) * scale;
                return Math.round(t);
            }
        };
    }

    /** {@code size} requests at once, one burst every {@code 1 / rate} seconds. */
    static ArrivalSchedule burst(double rate, int size) {
        double gap = 1e9 / rate;
        return new ArrivalSchedule() {
            private long i;

            @Override
            public long next() {
                return Math.round((i++ / size) * gap);
            }
        };
    }

    /**
     * A rate rising from {@code startRate} to {@code endRate} across {@code count} requests: linearly, exponentially
     * (equal ratios per request) or in {@code stages} equal steps. Each gap is {@code 1 / rate} at that point.
     */
    static ArrivalSchedule ramp(double startRate, double endRate, int count, RampShape shape, int stages) {
        return new ArrivalSchedule() {
            private long i;
            private double t;

            @Override
            public long next() {
                if (i == 0) {
                    i++;
                    return 0;
                }
                double progress = count <= 1 ? 1 : Math.min(1, (double) i / (count - 1));
                double rate = switch (shape) {
                    case LINEAR -> startRate + (endRate - startRate) * progress;
                    case EXPONENTIAL -> startRate * Math.pow(endRate / startRate, progress);
                    case STAGES -> {
                        int stage = Math.min(stages - 1, (int) (progress * stages));
                        yield stages == 1 ? endRate : startRate + (endRate - startRate) * stage / (stages - 1);
                    }
                };
                i++;
                t += 1e9 / rate;
                return Math.round(t);
            }
        };
    }

    /**
     * The arrivals of {@code whole} that belong to shard {@code index} of {@code count}: arrival {@code g} goes to
     * shard {@code g mod count}, at its original time. Every shard builds {@code whole} from the same seed, so the
     * shards' arrivals together are {@code whole}, at its full rate, each sent once.
     */
    static ArrivalSchedule dealt(ArrivalSchedule whole, int index, int count) {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("a shard needs 0 <= index < count, was " + index + " of " + count);
        }
        return new ArrivalSchedule() {
            private boolean started;

            @Override
            public long next() {
                // Skip the other shards' arrivals: index of them before the first, count - 1 between two of ours.
                for (int skip = started ? count - 1 : index; skip > 0; skip--) {
                    whole.next();
                }
                started = true;
                return whole.next();
            }
        };
    }

    /** How {@link #ramp} rises. */
    enum RampShape { LINEAR, EXPONENTIAL, STAGES }
}
