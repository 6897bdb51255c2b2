package dev.latencylens.internal.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.annotations.LengthDistribution;
import dev.latencylens.results.Workload;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Drawn lengths follow their distribution: sample means and spreads within four standard errors for the sample size
 * (a bound that fails by chance about once in 16,000 runs), and every draw within its bounds.
 */
class LengthsTest {

    private static final int N = 4_000;

    private static int[] draws(Workload w, int floor) {
        Lengths lengths = Lengths.input(w).orElseThrow();
        SplittableRandom random = new SplittableRandom(3);
        return IntStream.range(0, N).map(i -> lengths.draw(random, floor)).toArray();
    }

    private static double mean(int[] xs) {
        return Arrays.stream(xs).average().orElseThrow();
    }

    private static double sd(int[] xs) {
        double m = mean(xs);
        return Math.sqrt(Arrays.stream(xs).mapToDouble(x -> (x - m) * (x - m)).sum() / (xs.length - 1));
    }

    @Test
    void aFixedLengthIsAlwaysThatLength() {
        assertThat(draws(Workload.builder().inputTokens(400).build(), 1)).containsOnly(400);
    }

    @Test
    void normalLengthsHaveTheirMeanAndStandardDeviation() {
        int[] xs = draws(Workload.builder().inputTokens(400).inputStddev(40).build(), 1);
        assertThat(mean(xs)).isBetween(400 - 4 * 40 / Math.sqrt(N), 400 + 4 * 40 / Math.sqrt(N));
        assertThat(sd(xs)).isBetween(40 * (1 - 4 / Math.sqrt(2.0 * N)), 40 * (1 + 4 / Math.sqrt(2.0 * N)));
    }

    @Test
    void logNormalLengthsHaveTheMeanAskedAndLeanRight() {
        int[] xs = draws(Workload.builder().inputTokens(400).inputStddev(200)
                .inputDistribution(LengthDistribution.LOGNORMAL).build(), 1);
        assertThat(mean(xs)).isBetween(400 - 4 * 200 / Math.sqrt(N), 400 + 4 * 200 / Math.sqrt(N));
        int[] sorted = xs.clone();
        Arrays.sort(sorted);
        assertThat(sorted[N / 2]).as("median below the mean").isLessThan(400);
    }

    @Test
    void uniformLengthsCoverTheirRangeEvenly() {
        int[] xs = draws(Workload.builder().inputDistribution(LengthDistribution.UNIFORM).inputMin(300)
                .inputMax(309).build(), 1);
        assertThat(Arrays.stream(xs).min().orElseThrow()).isEqualTo(300);
        assertThat(Arrays.stream(xs).max().orElseThrow()).isEqualTo(309);
        for (int v = 300; v <= 309; v++) {
            int value = v;
            long count = Arrays.stream(xs).filter(x -> x == value).count();
            // Binomial(N, 1/10): mean 400, sd 19; four of them either side.
            assertThat(count).as("draws of %d", v).isBetween(400 - 76L, 400 + 76L);
        }
    }

    @Test
    void boundsAndTheFloorAreNeverCrossed() {
        int[] bounded = draws(Workload.builder().inputTokens(400).inputStddev(200).inputMin(350).inputMax(420)
                .build(), 1);
        assertThat(Arrays.stream(bounded).min().orElseThrow()).isGreaterThanOrEqualTo(350);
        assertThat(Arrays.stream(bounded).max().orElseThrow()).isLessThanOrEqualTo(420);
        int[] floored = draws(Workload.builder().inputTokens(100).inputStddev(100).build(), 60);
        assertThat(Arrays.stream(floored).min().orElseThrow()).isGreaterThanOrEqualTo(60);
    }
}
