package dev.latencylens.internal.regression;

import dev.latencylens.internal.stats.SpecialFunctions;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The bootstrap of one quantile, computed exactly from an HdrHistogram instead of by resampling, and the interval of
 * the ratio of two such quantiles (current / baseline).
 *
 * <p>Resampling {@code m} values from the empirical distribution F and taking the r-th smallest gives a value at
 * most x exactly when at least r of the m draws fall at or below x: {@code P(Q* <= x) = P(Binomial(m, F(x)) >= r)}.
 * So the bootstrap distribution of a sample quantile is known in closed form over the histogram's buckets (values at
 * bucket resolution, 0.1 %), with no Monte Carlo error and no seed; the two runs' quantiles are independent, and the
 * ratio's distribution is {@code P(C/B <= x) = Σ_b P(B = b) · P(C <= x·b)}. The interval's ends are that
 * distribution's quantiles: the percentile bootstrap, as a seeded resampling with infinitely many replicates would
 * give it.
 *
 * <p>{@code m}, the number of draws, is the sample count for per-request metrics. Where a request contributes many
 * samples (ICL and ITL: one per gap), they are not independent, and {@code m} is the number of requests instead: the
 * interval is as wide as the request count warrants, not the gap count.
 */
final class QuantileBootstrap {

    private static final double NEGLIGIBLE = 1e-12;

    private final double[] values;
    private final double[] cdf;

    private QuantileBootstrap(double[] values, double[] cdf) {
        this.values = values;
        this.cdf = cdf;
    }

    /**
     * The bootstrap distribution of the {@code quantile} (0–1, nearest rank as HdrHistogram reports it) of
     * {@code draws} values resampled from {@code h}, whose values are in {@code 1/scale} units.
     *
     * @throws IllegalArgumentException when h is empty or draws is not positive
     */
    static QuantileBootstrap of(Histogram h, double scale, long draws, double quantile) {
        long n = h.getTotalCount();
        if (n == 0 || draws <= 0) {
            throw new IllegalArgumentException("need samples and draws, had " + n + " and " + draws);
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * draws - 1e-9));
        List<double[]> rows = new ArrayList<>();
        long below = 0;
        for (HistogramIterationValue v : h.recordedValues()) {
            below += v.getCountAtValueIteratedTo();
            double p = below == n ? 1 : SpecialFunctions.binomialAtLeast(rank, draws, (double) below / n);
            rows.add(new double[] {h.medianEquivalentValue(v.getValueIteratedTo()) / scale, p});
        }
        double[] values = new double[rows.size()];
        double[] cdf = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            values[i] = rows.get(i)[0];
            cdf[i] = rows.get(i)[1];
        }
        return new QuantileBootstrap(values, cdf);
    }

    /** {@code P(Q* <= x)}. */
    double cdf(double x) {
        int lo = 0;
        int hi = values.length - 1;
        if (x < values[0]) {
            return 0;
        }
        while (lo < hi) { // the last value <= x
            int mid = (lo + hi + 1) >>> 1;
            if (values[mid] <= x) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return cdf[lo];
    }

    /**
     * The {@code lower} and {@code upper} quantiles (probabilities) of {@code current / baseline}, each side's
     * quantile distributed as its bootstrap.
     *
     * @return {lower end, upper end} of the ratio
     */
    static double[] ratioInterval(QuantileBootstrap baseline, QuantileBootstrap current, double lower,
                                  double upper) {
        List<double[]> mass = new ArrayList<>(); // baseline value, probability
        double previous = 0;
        for (int i = 0; i < baseline.values.length; i++) {
            double p = baseline.cdf[i] - previous;
            previous = baseline.cdf[i];
            if (p > NEGLIGIBLE) {
                mass.add(new double[] {baseline.values[i], p});
            }
        }
        double lowest = current.values[0] / Math.max(Double.MIN_NORMAL, baseline.values[baseline.values.length - 1]);
        double highest = current.values[current.values.length - 1] / Math.max(Double.MIN_NORMAL, baseline.values[0]);
        return new double[] {ratioQuantile(mass, current, lower, lowest, highest),
            ratioQuantile(mass, current, upper, lowest, highest)};
    }

    /** The smallest x in [from, to] with P(C/B <= x) >= p, by bisection on ln x (the CDF is a step function). */
    private static double ratioQuantile(List<double[]> baselineMass, QuantileBootstrap current, double p, double from,
                                        double to) {
        double lo = Math.log(Math.max(from, 1e-300)) - 1e-9;
        double hi = Math.log(Math.max(to, 1e-300)) + 1e-9;
        for (int i = 0; i < 100 && hi - lo > 1e-9; i++) {
            double mid = (lo + hi) / 2;
            double x = Math.exp(mid);
            double below = 0;
            for (double[] m : baselineMass) {
                below += m[1] * current.cdf(x * m[0]);
            }
            if (below >= p) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return Math.exp(hi);
    }
}
