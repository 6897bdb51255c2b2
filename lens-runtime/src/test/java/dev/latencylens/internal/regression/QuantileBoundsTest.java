package dev.latencylens.internal.regression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.internal.stats.SpecialFunctions;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Order-statistic bounds: their ranks by the binomial, their coverage by seeded simulation, and their limits. */
class QuantileBoundsTest {

    private static final int SAMPLES = 4_000;

    private static Histogram of(long... values) {
        Histogram h = new Histogram(3);
        Arrays.stream(values).forEach(h::recordValue);
        return h;
    }

    /** n log-normal values (median 1000, σ 0.5 of the log), by inversion: the same stream on every JDK. */
    private static Histogram sample(SplittableRandom random, int n) {
        Histogram h = new Histogram(3);
        for (int i = 0; i < n; i++) {
            h.recordValue(Math.round(1000 * Math.exp(0.5 * SpecialFunctions.normalQuantile(
                    Math.max(Double.MIN_NORMAL, random.nextDouble())))));
        }
        return h;
    }

    private static double trueQuantile(double q) {
        return 1000 * Math.exp(0.5 * SpecialFunctions.normalQuantile(q));
    }

    @Test
    void theBoundsAreTheOrderStatisticsTheBinomialPicks() {
        Histogram h = of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        // P(Bin(10, 0.5) >= 2) = 0.989 >= 0.95 > P(>= 3) = 0.945: the 2nd smallest.
        assertThat(QuantileBounds.lower(h, 1, 10, 0.5, 0.05)).isEqualTo(2);
        // P(Bin(10, 0.5) >= 9) = 0.0107 <= 0.05 < P(>= 8) = 0.0547: the 9th smallest.
        assertThat(QuantileBounds.upper(h, 1, 10, 0.5, 0.05)).isEqualTo(9);
    }

    @Test
    void aQuantileNearTheLargestValueHasNoUpperBoundFromFewValues() {
        Histogram hundred = of(java.util.stream.LongStream.rangeClosed(1, 100).toArray());
        // The true p99 lies above all 100 values with probability 0.99^100 = 0.37.
        assertThat(QuantileBounds.upper(hundred, 1, 100, 0.99, 0.01)).isInfinite();
        double[] open = QuantileBounds.ratio(hundred, 1, 100, 99, hundred, 1, 100, 99, 0.99, 0.01);
        assertThat(open[0]).as("a regression cannot be shown against this baseline").isZero();
        assertThat(open[1]).as("nor an improvement of this run").isInfinite();
        // The p95 of 8 values is their maximum: nothing bounds it above, and no interval of a ratio with it closes.
        Histogram eight = of(458, 657, 763, 836, 976, 989, 1003, 1068);
        assertThat(QuantileBounds.upper(eight, 1, 8, 0.95, 0.01)).isInfinite();
        double[] r = QuantileBounds.ratio(eight, 1, 8, 1068, of(430, 576, 599, 670, 675, 734, 773, 802), 1, 8, 802,
                0.95, 0.01);
        assertThat(r[0]).isZero();
        assertThat(r[1]).isInfinite();
        // 0.99^459 <= 0.01 < 0.99^458: from 459 values the p99 has a 99 % upper bound, the largest.
        assertThat(QuantileBounds.upper(of(java.util.stream.LongStream.rangeClosed(1, 458).toArray()), 1, 458, 0.99,
                0.01)).isInfinite();
        assertThat(QuantileBounds.upper(of(java.util.stream.LongStream.rangeClosed(1, 459).toArray()), 1, 459, 0.99,
                0.01)).isEqualTo(459);
    }

    @Test
    void eachBoundMissesTheTrueQuantileAtMostAsOftenAsItsAlphaAllows() {
        SplittableRandom random = new SplittableRandom(17);
        for (int n : new int[] {20, 200}) {
            for (double q : new double[] {0.5, 0.9}) {
                int lowAbove = 0;
                int highBelow = 0;
                for (int i = 0; i < SAMPLES; i++) {
                    Histogram h = sample(random, n);
                    lowAbove += QuantileBounds.lower(h, 1, n, q, 0.05) > trueQuantile(q) ? 1 : 0;
                    highBelow += QuantileBounds.upper(h, 1, n, q, 0.05) < trueQuantile(q) ? 1 : 0;
                }
                // exact (conservative through discreteness): at most 5 %, plus three standard errors of 4000 runs
                assertThat(lowAbove / (double) SAMPLES).as("lower, n=%d q=%s", n, q).isLessThan(0.05 + 0.011);
                assertThat(highBelow / (double) SAMPLES).as("upper, n=%d q=%s", n, q).isLessThan(0.05 + 0.011);
            }
        }
    }

    @Test
    void theRatioIntervalCoversNoChangeAsOftenAsItsConfidenceSays() {
        SplittableRandom random = new SplittableRandom(23);
        for (double q : new double[] {0.5, 0.95}) {
            int above = 0;
            int below = 0;
            for (int i = 0; i < SAMPLES; i++) {
                Histogram b = sample(random, 200);
                Histogram c = sample(random, 200);
                double[] r = QuantileBounds.ratio(b, 1, 200, b.getValueAtPercentile(q * 100), c, 1, 200,
                        c.getValueAtPercentile(q * 100), q, 0.05);
                above += r[0] > 1 ? 1 : 0;
                below += r[1] < 1 ? 1 : 0;
            }
            // Two identical distributions: each end may exclude "no change" 5 % of the time. MOVER is approximate
            // and the order statistics discrete: at most 5 % plus three standard errors, and not degenerate.
            assertThat(above / (double) SAMPLES).as("q=" + q).isBetween(0.01, 0.05 + 0.011);
            assertThat(below / (double) SAMPLES).as("q=" + q).isBetween(0.01, 0.05 + 0.011);
        }
    }

    @Test
    void fewerIndependentValuesThanSamplesWidenTheInterval() {
        Histogram gaps = sample(new SplittableRandom(3), 5_000);
        double perGap = Math.log(QuantileBounds.upper(gaps, 1, 5_000, 0.5, 0.025)
                / QuantileBounds.lower(gaps, 1, 5_000, 0.5, 0.025));
        double perRequest = Math.log(QuantileBounds.upper(gaps, 1, 50, 0.5, 0.025)
                / QuantileBounds.lower(gaps, 1, 50, 0.5, 0.025));
        assertThat(perRequest).isGreaterThan(5 * perGap);
        // √(5000/50) = 10 times wider, up to the discreteness of 50 ranks
        assertThat(perRequest / perGap).isBetween(7.0, 14.0);
    }
}
