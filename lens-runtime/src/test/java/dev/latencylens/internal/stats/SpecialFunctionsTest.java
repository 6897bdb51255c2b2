package dev.latencylens.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reference values from SciPy 1.17 ({@code scipy.stats.norm.ppf}, {@code t.ppf}, {@code special.betainc}). */
class SpecialFunctionsTest {

    @Test
    void normalQuantileMatchesScipyFromTheBodyToTheFarTail() {
        assertThat(SpecialFunctions.normalQuantile(1e-10)).isCloseTo(-6.361340902404056, within(1e-12));
        assertThat(SpecialFunctions.normalQuantile(0.001)).isCloseTo(-3.090232306167813, within(1e-12));
        assertThat(SpecialFunctions.normalQuantile(0.3)).isCloseTo(-0.5244005127080409, within(1e-12));
        assertThat(SpecialFunctions.normalQuantile(0.5)).isZero();
        assertThat(SpecialFunctions.normalQuantile(0.975)).isCloseTo(1.959963984540054, within(1e-12));
        assertThat(SpecialFunctions.normalQuantile(0.99)).isCloseTo(2.3263478740408408, within(1e-12));
        assertThat(SpecialFunctions.normalQuantile(0.999999)).isCloseTo(4.753424308817087, within(1e-10));
        assertThatThrownBy(() -> SpecialFunctions.normalQuantile(1)).hasMessageContaining("strictly between 0 and 1");
    }

    @Test
    void normalCdfInvertsTheQuantile() {
        for (double p : new double[] {0.001, 0.01, 0.2, 0.5, 0.9, 0.995}) {
            assertThat(SpecialFunctions.normalCdf(SpecialFunctions.normalQuantile(p))).isCloseTo(p, within(2e-7 * p
                    + 1e-9));
        }
    }

    @Test
    void studentTQuantileMatchesScipy() {
        assertThat(SpecialFunctions.studentTQuantile(0.99, 9)).isCloseTo(2.821437925025809, within(1e-9));
        assertThat(SpecialFunctions.studentTQuantile(0.99, 29)).isCloseTo(2.4620213601504126, within(1e-9));
        assertThat(SpecialFunctions.studentTQuantile(0.99, 99)).isCloseTo(2.364605861786943, within(1e-9));
        assertThat(SpecialFunctions.studentTQuantile(0.975, 2)).isCloseTo(4.302652729749462, within(1e-9));
        assertThat(SpecialFunctions.studentTQuantile(0.995, 4)).isCloseTo(4.604094871349992, within(1e-9));
        assertThat(SpecialFunctions.studentTQuantile(0.9, 1)).isCloseTo(3.0776835371752544, within(1e-9));
        assertThat(SpecialFunctions.studentTQuantile(0.01, 9)).isCloseTo(-2.821437925025809, within(1e-9));
    }

    @Test
    void regularizedBetaMatchesScipyForSmallAndHugeParameters() {
        assertThat(SpecialFunctions.regularizedBeta(0.3, 2, 5)).isCloseTo(0.5798250000000003, within(1e-13));
        assertThat(SpecialFunctions.regularizedBeta(0.97, 990, 11)).isCloseTo(1.812991346796421e-05, within(1e-15));
        assertThat(SpecialFunctions.regularizedBeta(0.5, 5000, 5001)).isCloseTo(0.5039893230696917, within(1e-10));
        assertThat(SpecialFunctions.regularizedBeta(0.0123, 1, 1000)).isCloseTo(0.9999957825128445, within(1e-13));
        assertThat(SpecialFunctions.regularizedBeta(0.999, 3e5, 400)).isCloseTo(0.99999997513072, within(1e-10));
        assertThat(SpecialFunctions.regularizedBeta(0.6, 1e6, 6.7e5)).isCloseTo(0.9992070615986007, within(1e-8));
        assertThat(SpecialFunctions.regularizedBeta(0, 3, 4)).isZero();
        assertThat(SpecialFunctions.regularizedBeta(1, 3, 4)).isEqualTo(1);
    }

    @Test
    void binomialTailsMatchScipy() {
        assertThat(SpecialFunctions.binomialAtLeast(99, 100, 0.98)).isCloseTo(0.4032717107820041, within(1e-12));
        assertThat(SpecialFunctions.binomialAtLeast(990, 1000, 0.97)).isCloseTo(1.812991346796421e-05,
                within(1e-15));
        assertThat(SpecialFunctions.binomialAtLeast(50, 100, 0.5)).isCloseTo(0.5397946186935889, within(1e-12));
        assertThat(SpecialFunctions.binomialAtLeast(0, 10, 0.1)).isEqualTo(1);
        assertThat(SpecialFunctions.binomialAtLeast(11, 10, 0.9)).isZero();
    }
}
