package dev.latencylens.internal.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProportionTestTest {

    @Test
    void largeCountsUseThePooledZTest() {
        // 10/1000 vs 30/1000: pooled 0.02, se = sqrt(0.02·0.98·2/1000) = 0.0062610, z = 0.02/se = 3.19438,
        // p = 2·Φ(−3.19438) = 0.0014013.
        ProportionTest.Result r = ProportionTest.test(10, 1000, 30, 1000);
        assertThat(r.test()).isEqualTo(ProportionTest.Z_TEST);
        assertThat(r.pValue()).isCloseTo(0.0014013, within(1e-6));
    }

    @Test
    void smallCountsUseFishersExactTest() {
        // [[0, 20], [3, 17]]: the three failures fall 0/3 or 3/0 with P = (20·19·18)/(40·39·38) = 3/26 each,
        // the tables 1/2 and 2/1 are more probable, so p = 2·3/26 = 3/13.
        ProportionTest.Result r = ProportionTest.test(0, 20, 3, 20);
        assertThat(r.test()).isEqualTo(ProportionTest.FISHER);
        assertThat(r.pValue()).isCloseTo(3.0 / 13, within(1e-9));
    }

    @Test
    void fisherMatchesAReferenceValueWithUnequalTails() {
        // 1/100 vs 6/100: an expected failure count of 3.5 < 5 -> Fisher; R and scipy give 0.1184054.
        ProportionTest.Result r = ProportionTest.test(1, 100, 6, 100);
        assertThat(r.test()).isEqualTo(ProportionTest.FISHER);
        assertThat(r.pValue()).isCloseTo(0.1184054, within(1e-6));
    }

    @Test
    void noFailuresOnEitherSideIsNoEvidence() {
        assertThat(ProportionTest.test(0, 200, 0, 200).pValue()).isEqualTo(1);
        assertThat(ProportionTest.test(0, 5000, 0, 5000).pValue()).isEqualTo(1);
    }

    @Test
    void impossibleCountsAreRefused() {
        assertThatThrownBy(() -> ProportionTest.test(3, 2, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProportionTest.test(0, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
