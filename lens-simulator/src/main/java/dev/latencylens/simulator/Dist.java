package dev.latencylens.simulator;

import java.util.random.RandomGenerator;

/**
 * A distribution the simulator samples a delay (milliseconds) or a count (tokens) from.
 *
 * <pre>{@code
 * Dist ttft = Dist.logNormal(150, 0.25);   // median 150 ms, long right tail like real TTFTs
 * Dist itl  = Dist.normal(8, 2);           // 8 ms ± 2 ms per token, never below 0
 * Dist len  = Dist.fixed(64);              // always 64 (tokens)
 * }</pre>
 *
 * <p>Samples are drawn from the simulator's seeded generator, so a given seed and request order give the same
 * samples. {@link Fixed} draws nothing, which keeps a fixed profile's other samples unchanged when it is swapped in.
 */
public sealed interface Dist permits Dist.Fixed, Dist.Normal, Dist.LogNormal {

    /** Always {@code value}. */
    static Dist fixed(double value) {
        return new Fixed(value);
    }

    /** Gaussian with this mean and standard deviation, truncated at 0 (negative samples become 0). */
    static Dist normal(double mean, double sd) {
        return new Normal(mean, sd);
    }

    /**
     * Log-normal with this median and shape {@code sigma} (the standard deviation of the logarithm): latencies of
     * real services are right-skewed, and a median is what people quote. sigma 0.25 puts p99 at about 1.8 × median.
     */
    static Dist logNormal(double median, double sigma) {
        return new LogNormal(median, sigma);
    }

    /** One sample, never negative. */
    double sample(RandomGenerator random);

    /** A typical value (mean or median), for documentation and for deriving profiles. */
    double center();

    /** See {@link Dist#fixed(double)}. */
    record Fixed(double value) implements Dist {
        public Fixed {
            requireNonNegative("value", value);
        }

        @Override
        public double sample(RandomGenerator random) {
            return value;
        }

        @Override
        public double center() {
            return value;
        }

        @Override
        public String toString() {
            return "fixed(" + value + ")";
        }
    }

    /** See {@link Dist#normal(double, double)}. */
    record Normal(double mean, double sd) implements Dist {
        public Normal {
            requireNonNegative("mean", mean);
            requireNonNegative("sd", sd);
        }

        @Override
        public double sample(RandomGenerator random) {
            return Math.max(0.0, mean + sd * random.nextGaussian());
        }

        @Override
        public double center() {
            return mean;
        }

        @Override
        public String toString() {
            return "normal(" + mean + ", " + sd + ")";
        }
    }

    /** See {@link Dist#logNormal(double, double)}. */
    record LogNormal(double median, double sigma) implements Dist {
        public LogNormal {
            requireNonNegative("median", median);
            requireNonNegative("sigma", sigma);
        }

        @Override
        public double sample(RandomGenerator random) {
            return median * Math.exp(sigma * random.nextGaussian());
        }

        @Override
        public double center() {
            return median;
        }

        @Override
        public String toString() {
            return "logNormal(" + median + ", " + sigma + ")";
        }
    }

    private static void requireNonNegative(String name, double value) {
        if (!(value >= 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, was " + value);
        }
    }
}
