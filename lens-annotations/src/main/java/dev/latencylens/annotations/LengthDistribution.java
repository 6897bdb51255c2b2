package dev.latencylens.annotations;

/**
 * How the token lengths of a {@link Workload} are drawn, one draw per request from the run's seed
 * ({@code lens.seed}), so a run repeats exactly.
 *
 * <p>Input lengths ({@code inputTokens}, {@code inputStddev}, {@code inputMin}, {@code inputMax}) and output lengths
 * ({@code outputTokens}, ...) read the same way.
 */
public enum LengthDistribution {

    /**
     * Normal around {@code tokens} with standard deviation {@code stddev}; a standard deviation of 0 (the default)
     * makes every request exactly {@code tokens} long. {@code min} and {@code max}, when set, bound the draws: one
     * outside them is drawn again, so a bound cuts the tail off rather than piling draws up on it.
     */
    NORMAL,

    /**
     * Log-normal with mean {@code tokens} and standard deviation {@code stddev} (of the lengths, not of their
     * logarithm): right-skewed, as real prompt and answer lengths are. Bounded by {@code min} and {@code max} as
     * {@link #NORMAL} is.
     */
    LOGNORMAL,

    /** Every length from {@code min} to {@code max} (both included) equally likely; {@code tokens} stays unset. */
    UNIFORM
}
