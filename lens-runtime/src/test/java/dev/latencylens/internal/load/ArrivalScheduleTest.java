package dev.latencylens.internal.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Intended send times follow their pattern, within statistical bounds, for fixed seeds. No clock involved. */
class ArrivalScheduleTest {

    private static long[] take(ArrivalSchedule s, int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = s.next();
        }
        return t;
    }

    @Test
    void constantRateIsExact() {
        long[] t = take(ArrivalSchedule.constantRate(4), 5);
        assertThat(t).containsExactly(0, 250_000_000, 500_000_000, 750_000_000, 1_000_000_000);
    }

    @Test
    void poissonHasItsRateAndExponentialDispersion() {
        int n = 20_000;
        double[] cv2 = new double[2];
        double[] rates = new double[2];
        double[] burstiness = {1.0, 0.25};
        for (int k = 0; k < 2; k++) {
            long[] t = take(ArrivalSchedule.gamma(100, burstiness[k], 42), n);
            double mean = 0;
            double sq = 0;
            for (int i = 1; i < n; i++) {
                double gap = (t[i] - t[i - 1]) / 1e9;
                mean += gap;
                sq += gap * gap;
            }
            mean /= n - 1;
            double var = sq / (n - 1) - mean * mean;
            rates[k] = 1 / mean;
            cv2[k] = var / (mean * mean);
        }
        // Rate within 3% of 100/s; squared coefficient of variation 1/burstiness (1 for Poisson, 4 for 0.25).
        assertThat(rates[0]).isBetween(97.0, 103.0);
        assertThat(rates[1]).isBetween(94.0, 106.0);
        assertThat(cv2[0]).isBetween(0.9, 1.1);
        assertThat(cv2[1]).isBetween(3.4, 4.6);
    }

    @Test
    void theSameSeedGivesTheSameSchedule() {
        assertThat(take(ArrivalSchedule.gamma(50, 1, 7), 100)).containsExactly(take(ArrivalSchedule.gamma(50, 1, 7), 100));
        assertThat(take(ArrivalSchedule.gamma(50, 1, 7), 100)).isNotEqualTo(take(ArrivalSchedule.gamma(50, 1, 8), 100));
    }

    @Test
    void burstsSendGroupsAtTheRate() {
        long[] t = take(ArrivalSchedule.burst(2, 3), 7);
        assertThat(t).containsExactly(0, 0, 0, 500_000_000, 500_000_000, 500_000_000, 1_000_000_000);
    }

    @Test
    void rampsRiseFromStartToEnd() {
        int n = 101;
        long[] linear = take(ArrivalSchedule.ramp(10, 100, n, ArrivalSchedule.RampShape.LINEAR, 1), n);
        double firstGap = (linear[1] - linear[0]) / 1e9;
        double lastGap = (linear[n - 1] - linear[n - 2]) / 1e9;
        assertThat(1 / firstGap).isBetween(10.0, 11.5);
        assertThat(1 / lastGap).isBetween(99.0, 100.5);
        for (int i = 2; i < n; i++) {
            assertThat(linear[i] - linear[i - 1]).isLessThanOrEqualTo(linear[i - 1] - linear[i - 2] + 1);
        }
        long[] stages = take(ArrivalSchedule.ramp(10, 40, n, ArrivalSchedule.RampShape.STAGES, 4), n);
        assertThat(stages[2] - stages[1]).isEqualTo(100_000_000); // 10/s in the first stage
        assertThat(stages[n - 1] - stages[n - 2]).isEqualTo(25_000_000); // 40/s in the last
        long[] exp = take(ArrivalSchedule.ramp(10, 1000, n, ArrivalSchedule.RampShape.EXPONENTIAL, 1), n);
        double midRate = 1e9 / (exp[51] - exp[50]);
        assertThat(midRate).isBetween(90.0, 115.0); // geometric middle of 10 and 1000
    }

    @Test
    void shardsDealOneScheduleAmongThemAtItsOriginalTimes() {
        int n = 3;
        int total = 100;
        long[] whole = take(ArrivalSchedule.gamma(40, 1, 9), total);
        long[] union = new long[total];
        for (int shard = 0; shard < n; shard++) {
            int mine = total / n + (shard < total % n ? 1 : 0);
            long[] dealt = take(ArrivalSchedule.dealt(ArrivalSchedule.gamma(40, 1, 9), shard, n), mine);
            for (int k = 0; k < mine; k++) {
                union[k * n + shard] = dealt[k]; // arrival g = k × n + shard keeps its time
            }
        }
        assertThat(union).containsExactly(whole);
        // One shard alone is the whole schedule.
        assertThat(take(ArrivalSchedule.dealt(ArrivalSchedule.constantRate(4), 0, 1), 3))
                .containsExactly(0, 250_000_000, 500_000_000);
        // Shard 1 of 2 at a constant 4/s: every other arrival, starting with the second, at 2/s.
        assertThat(take(ArrivalSchedule.dealt(ArrivalSchedule.constantRate(4), 1, 2), 3))
                .containsExactly(250_000_000, 750_000_000, 1_250_000_000);
    }
}
