package dev.latencylens.internal.workload;

import dev.latencylens.annotations.LengthDistribution;
import dev.latencylens.results.Workload;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The input or the output lengths of a workload, and one draw of them per request from the request's seeded
 * generator (so a seed repeats every length).
 *
 * @param tokens the fixed length, or the mean ({@code NORMAL}, {@code LOGNORMAL}); 0 for {@code UNIFORM}
 * @param min    the lower end ({@code UNIFORM}) or bound; 0 = none
 * @param max    the upper end ({@code UNIFORM}) or bound; 0 = none
 */
record Lengths(LengthDistribution distribution, int tokens, double stddev, int min, int max) {

    /** A draw outside the bounds is drawn again, this often at most, then clamped: bounds far out in the tail of a
     *  wide distribution must not loop for long. */
    private static final int REDRAWS = 1_000;

    /** The synthetic prompt lengths of {@code w}, when it has them. */
    static Optional<Lengths> input(Workload w) {
        return of(w.inputDistribution(), w.inputTokens(), w.inputStddev(), w.inputMin(), w.inputMax());
    }

    /** The output lengths of {@code w}, when it sets them with {@code outputTokens} (a trace's come per line). */
    static Optional<Lengths> output(Workload w) {
        return of(w.outputDistribution(), w.outputTokens(), w.outputStddev(), w.outputMin(), w.outputMax());
    }

    private static Optional<Lengths> of(LengthDistribution distribution, int tokens, double stddev, int min,
                                        int max) {
        boolean set = tokens > 0 || distribution == LengthDistribution.UNIFORM;
        return set ? Optional.of(new Lengths(distribution, tokens, stddev, min, max)) : Optional.empty();
    }

    /** One length, at least {@code floor} (and {@code min}), at most {@code max} when set. */
    int draw(RandomGenerator random, int floor) {
        int low = Math.max(Math.max(1, floor), min);
        int high = max > 0 ? max : Integer.MAX_VALUE;
        if (distribution == LengthDistribution.UNIFORM) {
            return low + random.nextInt(high - low + 1);
        }
        if (stddev == 0) {
            return Math.max(low, Math.min(high, tokens));
        }
        long drawn = 0;
        for (int i = 0; i < REDRAWS; i++) {
            drawn = Math.round(sample(random));
            if (drawn >= low && drawn <= high) {
                return (int) drawn;
            }
        }
        return (int) Math.max(low, Math.min(high, drawn));
    }

    private double sample(RandomGenerator random) {
        double z = random.nextGaussian();
        if (distribution == LengthDistribution.NORMAL) {
            return tokens + stddev * z;
        }
        // Log-normal with the lengths' own mean m and standard deviation s:
        // sigma² = ln(1 + s²/m²), mu = ln m − sigma²/2.
        double sigma2 = Math.log1p(stddev * stddev / ((double) tokens * tokens));
        return Math.exp(Math.log(tokens) - sigma2 / 2 + Math.sqrt(sigma2) * z);
    }
}
