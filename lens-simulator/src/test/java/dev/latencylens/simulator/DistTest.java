package dev.latencylens.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DistTest {

    @Test
    void normalIsTruncatedAtZero() {
        SplittableRandom random = new SplittableRandom(1);
        Dist d = Dist.normal(1, 10);
        for (int i = 0; i < 10_000; i++) {
            assertThat(d.sample(random)).isGreaterThanOrEqualTo(0.0);
        }
    }

    @Test
    void logNormalHasTheGivenMedian() {
        SplittableRandom random = new SplittableRandom(1);
        double[] samples = new double[10_001];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = Dist.logNormal(150, 0.25).sample(random);
        }
        Arrays.sort(samples);
        assertThat(samples[5_000]).isBetween(140.0, 160.0);
    }

    @Test
    void fixedDrawsNothing() {
        SplittableRandom a = new SplittableRandom(3);
        SplittableRandom b = new SplittableRandom(3);
        assertThat(Dist.fixed(5).sample(a)).isEqualTo(5.0);
        assertThat(a.nextLong()).isEqualTo(b.nextLong());
    }

    @Test
    void negativeParametersAreRefused() {
        assertThatThrownBy(() -> Dist.normal(-1, 1)).hasMessage("mean must be a finite number >= 0, was -1.0");
        assertThatThrownBy(() -> Dist.logNormal(1, Double.NaN)).hasMessageContaining("sigma");
    }
}
