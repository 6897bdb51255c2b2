package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.latencylens.internal.stats.SpecialFunctions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The cold-start rule checked by simulation: 1,000 seeded runs per cell of log-normal steady states (σ = 0.3 and 0.6
 * of the log, median 200 ms) with n = 10, 30 and 100 steady requests, through {@link ColdStartRule} itself
 * (histograms included). No network; a second or so.
 *
 * <p><b>What is achievable, worked out before anything was tuned.</b> With one probe and the steady state's median
 * m and σ known exactly, a monotone rule (a slower probe is never less of a cold start) with at most 1 % false
 * positives must flag only above the steady state's 99th percentile, {@code m·e^(2.326σ)}: 2.01 m at σ = 0.3,
 * 4.04 m at σ = 0.6. "The first request pays 3× the median" is read two ways:
 * <ul>
 *   <li><b>A, a penalty</b> (the reading the rule is built for): probe = its own draw + 3 m. Known parameters
 *       detect it with probability 1 at σ = 0.3 and {@code P(draw > 1.04 m)} = 47.6 % at σ = 0.6;</li>
 *   <li><b>B, flat</b>: probe = 3 m exactly: always detected at σ = 0.3, never at σ = 0.6 (3 m is below 4.04 m).</li>
 * </ul>
 * Estimating m and σ from n requests costs more: among rules that treat the log latencies equivariantly (the same
 * verdict in any time unit and for any median), the one with exactly 1 % false positives at every n is the t
 * prediction bound the rule uses, so its detection, computed below by numerical integration over the sampling
 * distribution of the mean and standard deviation, is the best any such rule can do at that n. The test asserts:
 * <ul>
 *   <li>false positives: the rule's rate is 1 % by construction. A 1,000-run sample of a 1 % rate reads above 1 %
 *       nearly half the time, so the count is allowed its sampling error: it must not exceed 18, the 99th
 *       percentile of Binomial(1000, 0.01). A rule with a 2 % rate fails that 62 % of the time per cell; the
 *       previous rule (above the sample's max below 100 requests, its p99 from 100) fails it at n = 10 and 30.
 *       The exact rate, integrated like the detection bounds, is printed next to the count;</li>
 *   <li>detection ≥ 95 % in every cell where the computed bound reaches 95 % (A at σ = 0.3; B at σ = 0.3 from
 *       n = 30);</li>
 *   <li>everywhere (and so in the cells where 95 % is provably out of reach: σ = 0.6, and B at n = 10), detection
 *       within four standard errors of the computed bound.</li>
 * </ul>
 * The known-parameters figure is printed as the ceiling of reading A; it is not a ceiling for reading B, where a
 * threshold estimated from few requests sometimes falls below 3 m and so catches what a fixed 4.04 m never does.
 * The table it prints is the one in docs/METRICS.md ("Cold start").
 */
class ColdStartRuleSimulationTest {

    private static final int RUNS = 1_000;
    private static final long SEED = 42;
    private static final double MEDIAN_MS = 200;
    private static final double[] SIGMAS = {0.3, 0.6};
    private static final int[] NS = {10, 30, 100};
    private static final double PENALTY = 3;

    private record Cell(double sigma, int n, int falsePositives, double exactFalsePositiveRate,
                        int previousRuleFalsePositives, int detectedA, int detectedB, double boundA, double boundB,
                        double ceilingA) {
    }

    @Test
    void falsePositivesStayAtOnePercentAndDetectionReachesWhatIsAchievable() {
        long allowed = falsePositiveAllowance();
        assertThat(allowed).isEqualTo(18); // the 99th percentile of Binomial(1000, 0.01), computed
        List<Cell> cells = new ArrayList<>();
        for (double sigma : SIGMAS) {
            for (int n : NS) {
                cells.add(simulate(sigma, n));
            }
        }
        System.out.println(table(cells));
        for (Cell c : cells) {
            String cell = "σ=" + c.sigma() + ", n=" + c.n();
            assertThat(c.falsePositives()).as("false positives, " + cell).isLessThanOrEqualTo((int) allowed);
            assertThat(c.exactFalsePositiveRate()).as("exact false-positive rate, " + cell)
                    .isCloseTo(ColdStartRule.FALSE_POSITIVE_RATE, within(1e-4));
            check(cell + ", reading A", c.detectedA(), c.boundA());
            check(cell + ", reading B", c.detectedB(), c.boundB());
            assertThat(c.boundA()).as(cell + ": reading A's bound under its ceiling").isLessThanOrEqualTo(c.ceilingA());
        }
        // The cells where 95 % is achievable are exactly the ones the reasoning above names.
        assertThat(cells).filteredOn(c -> c.boundA() >= 0.95).extracting(Cell::sigma).containsOnly(0.3);
        assertThat(cells).filteredOn(c -> c.boundB() >= 0.95).extracting(Cell::n).containsExactly(30, 100);
    }

    private static void check(String what, int detected, double bound) {
        double rate = detected / (double) RUNS;
        double se = Math.max(0.002, Math.sqrt(bound * (1 - bound) / RUNS));
        if (bound >= 0.95) {
            assertThat(rate).as(what + ": achievable, so the target holds").isGreaterThanOrEqualTo(0.95);
        }
        assertThat(rate).as(what + ": the computed bound " + bound).isCloseTo(bound, within(4 * se));
    }

    @Test
    void theComputedBoundsMatchTheHandCalculationWhereItIsSimple() {
        // Known parameters, reading A at σ = 0.6: P(draw > e^(2.3263·0.6) − 3) = 1 − Φ(ln(1.0375)/0.6) = 0.4756.
        assertThat(ceilingA(0.6)).isCloseTo(0.4756, within(1e-3));
        assertThat(ceilingA(0.3)).isEqualTo(1);
        assertThat(ceilingB(0.3)).isEqualTo(1);
        assertThat(ceilingB(0.6)).isZero();
        // With n → ∞ the finite-n bound approaches the ceiling.
        assertThat(boundA(0.6, 5_000)).isCloseTo(ceilingA(0.6), within(0.01));
    }

    // ---- the simulation

    private static Cell simulate(double sigma, int n) {
        SplittableRandom random = new SplittableRandom(SEED ^ Double.doubleToLongBits(sigma) ^ n);
        double mu = Math.log(MEDIAN_MS);
        Histogram steady = new Histogram(3);
        steady.setAutoResize(true);
        int fp = 0;
        int previous = 0;
        int a = 0;
        int b = 0;
        for (int run = 0; run < RUNS; run++) {
            steady.reset();
            for (int i = 0; i < n; i++) {
                steady.recordValue(Math.round(Math.exp(mu + sigma * gaussian(random)) * 1e6));
            }
            ColdStartRule.Steady s = ColdStartRule.steady(steady, 1e6).orElseThrow();
            double probe = Math.exp(mu + sigma * gaussian(random)); // same draw for "no cold start" and reading A
            fp += s.coldStart(probe) ? 1 : 0;
            previous += previousRule(probe, steady) ? 1 : 0;
            a += s.coldStart(probe + PENALTY * MEDIAN_MS) ? 1 : 0;
            b += s.coldStart(PENALTY * MEDIAN_MS) ? 1 : 0;
        }
        return new Cell(sigma, n, fp, exactFalsePositiveRate(sigma, n), previous, a, b, boundA(sigma, n),
                boundB(sigma, n), ceilingA(sigma));
    }

    /** What ColdStart.RULE said before: above the p99 (the max below 100 requests) and above 1.5 × p50. */
    private static boolean previousRule(double probeMs, Histogram steady) {
        double tail = (steady.getTotalCount() >= 100 ? steady.getValueAtPercentile(99) : steady.getMaxValue()) / 1e6;
        return probeMs > tail && probeMs > 1.5 * steady.getValueAtPercentile(50) / 1e6;
    }

    private static double gaussian(SplittableRandom random) {
        // Inversion keeps the stream of draws the same on every JDK (Random.nextGaussian's algorithm changed).
        return SpecialFunctions.normalQuantile(Math.max(Double.MIN_NORMAL, random.nextDouble()));
    }

    private static long falsePositiveAllowance() {
        long c = 0;
        while (SpecialFunctions.binomialAtLeast(c + 1, RUNS, ColdStartRule.FALSE_POSITIVE_RATE) > 0.01) {
            c++;
        }
        return c;
    }

    // ---- the bounds, in units of the median (log median 0)

    /** Known parameters, reading A: flagged above the 99th percentile e^(zσ). */
    private static double ceilingA(double sigma) {
        return detectionA(Math.exp(z99() * sigma), sigma);
    }

    private static double ceilingB(double sigma) {
        return PENALTY > Math.exp(z99() * sigma) ? 1 : 0;
    }

    /** P(draw + 3 > threshold) for a draw e^(σZ): 1 when the penalty alone clears it. */
    private static double detectionA(double threshold, double sigma) {
        double rest = threshold - PENALTY;
        return rest <= 0 ? 1 : 1 - SpecialFunctions.normalCdf(Math.log(rest) / sigma);
    }

    /** The t rule at n, reading A: E over the sample mean and sd of detectionA(e^(mean + k·sd)). */
    private static double boundA(double sigma, int n) {
        double k = k(n);
        return overSd(sigma, n, sd -> integrate(z -> phi(z) * detectionA(Math.exp(sigma / Math.sqrt(n) * z + k * sd),
                sigma), -8, 8, 400));
    }

    /** No cold start: P(draw > e^(mean + k·sd)), which the t quantile makes exactly the rule's rate. */
    private static double exactFalsePositiveRate(double sigma, int n) {
        double k = k(n);
        return overSd(sigma, n, sd -> integrate(z -> phi(z) * (1 - SpecialFunctions.normalCdf(
                (sigma / Math.sqrt(n) * z + k * sd) / sigma)), -8, 8, 400));
    }

    /** Reading B: P(mean + k·sd < ln 3) = E over sd of Φ((ln 3 − k·sd)·√n/σ). */
    private static double boundB(double sigma, int n) {
        double k = k(n);
        return overSd(sigma, n, sd -> SpecialFunctions.normalCdf((Math.log(PENALTY) - k * sd) * Math.sqrt(n) / sigma));
    }

    private static double k(int n) {
        return SpecialFunctions.studentTQuantile(1 - ColdStartRule.FALSE_POSITIVE_RATE, n - 1) * Math.sqrt(1 + 1.0 / n);
    }

    /** E[f(sd)] for the sample sd of n normal values with σ: sd = σ·√(W/ν), W chi-square with ν = n − 1. */
    private static double overSd(double sigma, int n, DoubleUnaryOperator f) {
        double nu = n - 1;
        double from = Math.max(1e-9, nu - 12 * Math.sqrt(2 * nu));
        double to = nu + 14 * Math.sqrt(2 * nu) + 20;
        double logNorm = (nu / 2) * Math.log(2) + SpecialFunctions.logGamma(nu / 2);
        return integrate(w -> Math.exp((nu / 2 - 1) * Math.log(w) - w / 2 - logNorm)
                * f.applyAsDouble(sigma * Math.sqrt(w / nu)), from, to, 2_000);
    }

    private static double phi(double z) {
        return Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
    }

    private static double z99() {
        return SpecialFunctions.normalQuantile(1 - ColdStartRule.FALSE_POSITIVE_RATE);
    }

    /** Composite Simpson's rule with an even number of intervals. */
    private static double integrate(DoubleUnaryOperator f, double from, double to, int intervals) {
        double h = (to - from) / intervals;
        double sum = f.applyAsDouble(from) + f.applyAsDouble(to);
        for (int i = 1; i < intervals; i++) {
            sum += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(from + i * h);
        }
        return sum * h / 3;
    }

    private static String table(List<Cell> cells) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Cold-start rule, %d seeded runs per cell"
                + " (seed %d), log-normal steady state, median %.0f ms%n", RUNS, SEED, MEDIAN_MS));
        s.append("| σ | n | false positives | exact | previous rule | detection A (+3× median) | bound A"
                + " | known parameters, A | detection B (3× median) | bound B |\n");
        s.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Cell c : cells) {
            s.append(String.format(Locale.ROOT, "| %.1f | %d | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    c.sigma(), c.n(), pct(c.falsePositives() / (double) RUNS), pct(c.exactFalsePositiveRate()),
                    pct(c.previousRuleFalsePositives() / (double) RUNS),
                    pct(c.detectedA() / (double) RUNS), pct(c.boundA()), pct(c.ceilingA()),
                    pct(c.detectedB() / (double) RUNS), pct(c.boundB())));
        }
        return s.toString();
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }
}
