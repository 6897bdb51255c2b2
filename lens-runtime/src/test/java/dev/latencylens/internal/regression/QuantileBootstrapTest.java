package dev.latencylens.internal.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The exact bootstrap against what it replaces: seeded resampling with many replicates. */
class QuantileBootstrapTest {

    private static final int REPLICATES = 20_000;

    private static Histogram of(long... values) {
        Histogram h = new Histogram(3);
        Arrays.stream(values).forEach(h::recordValue);
        return h;
    }

    private static long[] sample(SplittableRandom random, int n, double median, double sigma) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.round(median * Math.exp(sigma * random.nextGaussian()));
        }
        return v;
    }

    /** The quantile of one resample, nearest rank as HdrHistogram reports it. */
    private static long resampledQuantile(long[] sorted, int draws, double q, SplittableRandom random) {
        long[] r = new long[draws];
        for (int i = 0; i < draws; i++) {
            r[i] = sorted[random.nextInt(sorted.length)];
        }
        Arrays.sort(r);
        return r[(int) Math.max(1, Math.ceil(q * draws - 1e-9)) - 1];
    }

    @Test
    void theDistributionOfAResampledQuantileIsTheBinomialTail() {
        long[] values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        QuantileBootstrap median = QuantileBootstrap.of(of(values), 1, 10, 0.5);
        // The 5th of 10 draws is at most 3 when at least 5 draws are at most 3: P(Bin(10, 0.3) >= 5) = 0.150268.
        assertThat(median.cdf(3)).isCloseTo(0.1502683, within(1e-6));
        assertThat(median.cdf(0.5)).isZero();
        assertThat(median.cdf(10)).isEqualTo(1);
        SplittableRandom random = new SplittableRandom(7);
        int atMost3 = 0;
        for (int i = 0; i < REPLICATES; i++) {
            atMost3 += resampledQuantile(values, 10, 0.5, random) <= 3 ? 1 : 0;
        }
        assertThat(atMost3 / (double) REPLICATES).isCloseTo(0.1502683, within(0.01));
    }

    @Test
    void theRatioIntervalMatchesSeededResamplingOfBothRuns() {
        SplittableRandom random = new SplittableRandom(11);
        long[] base = sample(random, 150, 1000, 0.3);
        long[] cur = sample(random, 120, 1150, 0.3);
        Arrays.sort(base);
        Arrays.sort(cur);
        for (double q : new double[] {0.5, 0.95}) {
            double[] exact = QuantileBootstrap.ratioInterval(QuantileBootstrap.of(of(base), 1, base.length, q),
                    QuantileBootstrap.of(of(cur), 1, cur.length, q), 0.05, 0.95);
            double[] ratios = new double[REPLICATES];
            for (int i = 0; i < REPLICATES; i++) {
                ratios[i] = (double) resampledQuantile(cur, cur.length, q, random)
                        / resampledQuantile(base, base.length, q, random);
            }
            Arrays.sort(ratios);
            // Resampling's 5th and 95th percentiles, within the histogram's 0.1 % buckets and Monte Carlo error.
            assertThat(exact[0]).as("q=" + q).isCloseTo(ratios[REPLICATES / 20], within(0.01));
            assertThat(exact[1]).as("q=" + q).isCloseTo(ratios[REPLICATES * 19 / 20], within(0.01));
        }
    }

    @Test
    void fewerDrawsThanSamplesWidenTheInterval() {
        SplittableRandom random = new SplittableRandom(3);
        long[] gaps = sample(random, 5_000, 10_000, 0.3);
        Histogram h = of(gaps);
        double[] perGap = QuantileBootstrap.ratioInterval(QuantileBootstrap.of(h, 1, 5_000, 0.5),
                QuantileBootstrap.of(h, 1, 5_000, 0.5), 0.01, 0.99);
        double[] perRequest = QuantileBootstrap.ratioInterval(QuantileBootstrap.of(h, 1, 50, 0.5),
                QuantileBootstrap.of(h, 1, 50, 0.5), 0.01, 0.99);
        assertThat(perRequest[1] - perRequest[0]).isGreaterThan(5 * (perGap[1] - perGap[0]));
        assertThat(perGap[0]).isLessThan(1).isGreaterThan(0.97);
    }
}
