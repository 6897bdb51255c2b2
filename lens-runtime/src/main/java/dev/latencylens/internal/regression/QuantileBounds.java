package dev.latencylens.internal.regression;

import dev.latencylens.internal.stats.SpecialFunctions;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Distribution-free confidence bounds for a quantile, from an HdrHistogram, and the interval of the ratio of two
 * runs' quantiles built from them.
 *
 * <p>Of n independent values, the number at or below the true q-quantile is Binomial(n, q). So the l-th smallest
 * value is at most the true quantile with probability {@code P(Binomial(n, q) >= l)}, and the u-th smallest is at
 * least it with probability {@code P(Binomial(n, q) < u)}: the largest l and the smallest u for which those reach
 * {@code 1 − α} give one-sided bounds with that confidence, exactly, whatever the distribution (the classical order
 * statistic interval for a quantile). When even the largest value is not enough (at 99 %, a p99 from fewer than
 * 459 values: the true p99 lies above all of them with probability 0.99ⁿ) the bound does not exist, and it is
 * reported so rather than guessed.
 *
 * <p>The ratio of two runs' quantiles combines the two runs' bounds by MOVER (Zou and Donner's method of variance
 * estimates recovery) on the log scale: the lower end is
 * {@code ln(Q_c / Q_b) − √(ln²(Q_c / L_c) + ln²(U_b / Q_b))}, with Q the reported percentiles and L, U the bounds
 * at the same confidence, and the upper end symmetrically. Each
 * side keeps its own shape: a percentile that sits on a gap in its distribution (the p95 of a run whose slowest 6 %
 * form a separate tail) has a lopsided interval, and the ratio's does too. A run too small to bound its quantile
 * leaves the interval open on that side. This keeps what a bootstrap would offer (no distributional assumption,
 * values straight from the histograms) without its known failure near the largest values, where it is far too sure
 * of itself (the p95 of 8 values is their maximum, and no resample exceeds it).
 *
 * <p>{@code draws} is the number of independent values: the sample count for per-request metrics. Where a request
 * contributes many samples (ICL and ITL: one per gap), they are not independent, and {@code draws} is the number of
 * requests: the bounds are the histogram's quantiles at the ranks l/draws and u/draws, as wide as the request count
 * warrants, not the gap count.
 */
final class QuantileBounds {

    private QuantileBounds() {
    }

    /** A one-sided lower bound of the q-quantile with confidence {@code 1 − alpha}; 0 when there is none. */
    static double lower(Histogram h, double scale, long draws, double q, double alpha) {
        // the largest l with P(Bin(draws, q) >= l) >= 1 - alpha; that probability falls as l grows
        long lo = 0;
        long hi = draws;
        while (lo < hi) {
            long mid = (lo + hi + 1) >>> 1;
            if (SpecialFunctions.binomialAtLeast(mid, draws, q) >= 1 - alpha) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo == 0 ? 0 : atRank(h, scale, lo, draws);
    }

    /** A one-sided upper bound of the q-quantile with confidence {@code 1 − alpha}; +∞ when there is none. */
    static double upper(Histogram h, double scale, long draws, double q, double alpha) {
        // the smallest u with P(Bin(draws, q) >= u) <= alpha, i.e. P(Bin < u) >= 1 - alpha
        long lo = 1;
        long hi = draws + 1;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (SpecialFunctions.binomialAtLeast(mid, draws, q) <= alpha) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo > draws ? Double.POSITIVE_INFINITY : atRank(h, scale, lo, draws);
    }

    /**
     * The interval of {@code current / baseline} for the q-quantile, each end a one-sided bound with confidence
     * about {@code 1 − alpha}.
     *
     * @param baselineValue the baseline's q-quantile as reported (the interval is around the reported change)
     * @param currentValue  the current run's
     * @return {lower, upper}; 0 or +∞ on a side a run has too few values to bound
     */
    static double[] ratio(Histogram baseline, double baselineScale, long baselineDraws, double baselineValue,
                          Histogram current, double currentScale, long currentDraws, double currentValue, double q,
                          double alpha) {
        if (!(baselineValue > 0) || !(currentValue > 0)) {
            return new double[] {0, Double.POSITIVE_INFINITY};
        }
        double d = Math.log(currentValue / baselineValue);
        double currentDown = down(currentValue, lower(current, currentScale, currentDraws, q, alpha));
        double currentUp = up(currentValue, upper(current, currentScale, currentDraws, q, alpha));
        double baselineDown = down(baselineValue, lower(baseline, baselineScale, baselineDraws, q, alpha));
        double baselineUp = up(baselineValue, upper(baseline, baselineScale, baselineDraws, q, alpha));
        return new double[] {Math.exp(d - Math.hypot(currentDown, baselineUp)),
            Math.exp(d + Math.hypot(currentUp, baselineDown))};
    }

    /** ln(value / lower bound), ≥ 0; +∞ without a lower bound. */
    private static double down(double value, double lower) {
        return lower > 0 ? Math.max(0, Math.log(value / lower)) : Double.POSITIVE_INFINITY;
    }

    /** ln(upper bound / value), ≥ 0; +∞ without an upper bound. */
    private static double up(double value, double upper) {
        return Double.isInfinite(upper) ? Double.POSITIVE_INFINITY : Math.max(0, Math.log(upper / value));
    }

    /** The value at rank {@code rank} of {@code draws}, scaled to the histogram's count (bucket median). */
    private static double atRank(Histogram h, double scale, long rank, long draws) {
        long total = h.getTotalCount();
        long target = Math.max(1, (long) Math.ceil((double) rank * total / draws - 1e-9));
        long seen = 0;
        for (HistogramIterationValue v : h.recordedValues()) {
            seen += v.getCountAtValueIteratedTo();
            if (seen >= target) {
                return h.medianEquivalentValue(v.getValueIteratedTo()) / scale;
            }
        }
        return h.medianEquivalentValue(h.getMaxValue()) / scale;
    }
}
