package dev.latencylens.internal.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class MannWhitneyUTest {

    private static Histogram of(long... values) {
        Histogram h = new Histogram(3);
        for (long v : values) {
            h.recordValue(v);
        }
        return h;
    }

    @Test
    void completelySeparatedSamples() {
        // x = 1..5, y = 6..10: no x beats any y, so U = 0. mean = 25/2, var = 25·11/12, no ties.
        // z = (0 − 12.5 + 0.5) / sqrt(275/12) = −2.50672; p = 2·Φ(−2.50672) = 0.0121858 (scipy agrees).
        MannWhitneyU.Result r = MannWhitneyU.test(of(1, 2, 3, 4, 5), of(6, 7, 8, 9, 10));
        assertThat(r.n1()).isEqualTo(5);
        assertThat(r.n2()).isEqualTo(5);
        assertThat(r.u()).isEqualTo(0);
        assertThat(r.z()).isCloseTo(-12 / Math.sqrt(275.0 / 12), within(1e-9));
        assertThat(r.pValue()).isCloseTo(0.0121858, within(1e-6));
        assertThat(r.probabilityOfSuperiority()).isZero();
    }

    @Test
    void tiesGetMidRanksAndCorrectTheVariance() {
        // x = {1,2,2,3}, y = {2,3,3,4,5}. Pooled and sorted: 1 | 2 2 2 | 3 3 3 | 4 | 5 -> ranks 1 | 3 3 3 | 6 6 6 | 8 | 9.
        // R_x = 1 + 3 + 3 + 6 = 13, U = 13 − 4·5/2 = 3 (by pairs: 0 + 0.5 + 0.5 + 2).
        // Ties: two groups of 3 -> Σ(t³−t) = 48. var = 20/12 · (10 − 48/72) = 15.5556.
        // z = (3 − 10 + 0.5) / 3.94405 = −1.64805; p = 0.0993422.
        MannWhitneyU.Result r = MannWhitneyU.test(of(1, 2, 2, 3), of(2, 3, 3, 4, 5));
        assertThat(r.u()).isEqualTo(3);
        assertThat(r.z()).isCloseTo(-6.5 / Math.sqrt(20.0 / 12 * (10 - 48.0 / 72)), within(1e-9));
        assertThat(r.pValue()).isCloseTo(0.0993422, within(1e-6));
    }

    @Test
    void swappingTheSamplesMirrorsUAndZButNotP() {
        MannWhitneyU.Result ab = MannWhitneyU.test(of(1, 2, 2, 3), of(2, 3, 3, 4, 5));
        MannWhitneyU.Result ba = MannWhitneyU.test(of(2, 3, 3, 4, 5), of(1, 2, 2, 3));
        assertThat(ba.u()).isEqualTo(20 - ab.u());
        assertThat(ba.z()).isCloseTo(-ab.z(), within(1e-12));
        assertThat(ba.pValue()).isCloseTo(ab.pValue(), within(1e-12));
    }

    @Test
    void uMatchesCountingEveryPairOnRandomSamplesWithManyTies() {
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            long[] x = random.longs(5 + random.nextInt(60), 0, 40).toArray();
            long[] y = random.longs(5 + random.nextInt(60), 0, 40).toArray();
            double pairs = 0;
            for (long a : x) {
                for (long b : y) {
                    pairs += a > b ? 1 : a == b ? 0.5 : 0;
                }
            }
            assertThat(MannWhitneyU.test(of(x), of(y)).u()).as("round %d", round).isEqualTo(pairs);
        }
    }

    @Test
    void identicalHistogramsGiveAPValueOfOne() {
        Histogram h = Runs.spread(1000, 50, 150);
        MannWhitneyU.Result r = MannWhitneyU.test(h, h.copy());
        assertThat(r.pValue()).isCloseTo(1, within(1e-6));
        assertThat(r.z()).isZero();
        assertThat(r.probabilityOfSuperiority()).isEqualTo(0.5);
    }

    @Test
    void aStronglyShiftedDistributionGivesAPValueNearZero() {
        MannWhitneyU.Result r = MannWhitneyU.test(Runs.spread(200, 150, 180), Runs.spread(200, 100, 120));
        assertThat(r.pValue()).isLessThan(1e-30);
        assertThat(r.z()).isPositive(); // the first sample is the larger
        assertThat(r.probabilityOfSuperiority()).isEqualTo(1.0);
    }

    @Test
    void aSmallShiftInALargeSampleIsSignificantButAnOverlapIsNot() {
        assertThat(MannWhitneyU.test(Runs.spread(5000, 102, 122), Runs.spread(5000, 100, 120)).pValue())
                .isLessThan(0.01);
        assertThat(MannWhitneyU.test(Runs.spread(50, 101, 121), Runs.spread(50, 100, 120)).pValue())
                .isGreaterThan(0.3); // P(X > Y) ≈ 0.55 with 50 a side: z ≈ 0.84
    }

    @Test
    void everyValueTiedHasNoVarianceAndPOfOne() {
        MannWhitneyU.Result r = MannWhitneyU.test(of(7, 7, 7), of(7, 7));
        assertThat(r.u()).isEqualTo(3);
        assertThat(r.z()).isZero();
        assertThat(r.pValue()).isEqualTo(1);
    }

    @Test
    void histogramsAtDifferentScalesCompareInTheCommonUnit() {
        // (values below 2048 are exact in a 3-digit histogram, so both sides hold the same numbers)
        Histogram units = of(10, 20, 30, 40, 50);       // scale 1
        Histogram tenths = of(100, 200, 300, 400, 500); // scale 10: the same values in tenths
        MannWhitneyU.Result r = MannWhitneyU.test(units, 1, tenths, 10);
        assertThat(r.u()).isEqualTo(12.5);
        assertThat(r.pValue()).isCloseTo(1, within(1e-9));
    }

    @Test
    void emptySamplesAreRefused() {
        assertThatThrownBy(() -> MannWhitneyU.test(of(), of(1, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> MannWhitneyU.test(of(1), 0, of(1, 2), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scales");
    }
}
