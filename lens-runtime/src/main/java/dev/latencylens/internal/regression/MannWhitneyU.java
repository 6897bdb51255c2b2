package dev.latencylens.internal.regression;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The Mann–Whitney U (Wilcoxon rank-sum) test, computed exactly from two HdrHistograms without expanding them
 * into samples: both histograms' recorded buckets are merge-sorted by value, every distinct value gets the mid-rank
 * of the samples it holds (ties share their average rank), and the rank sum gives U. The p-value is the normal
 * approximation with the tie correction of the variance and a continuity correction of ½, two-sided — what
 * {@code scipy.stats.mannwhitneyu(x, y, method="asymptotic")} computes on the same samples.
 *
 * <p>Values that share an HdrHistogram bucket (3 significant digits: within 0.1 %) count as ties. That loses
 * nothing a latency comparison cares about and keeps the cost at O(buckets), whatever the sample count.
 *
 * <p>The test assumes independent samples. Latencies of one run are only roughly so (a slow minute on the network
 * moves many of them together), and ICL samples of one request are not (one sample per gap), so the p-value is
 * optimistic for large n; {@link RegressionAnalysis} therefore never acts on significance alone, only together with
 * a relative change beyond its threshold.
 */
public final class MannWhitneyU {

    private MannWhitneyU() {
    }

    /**
     * @param n1                 samples in the first histogram
     * @param n2                 samples in the second
     * @param u                  U of the first sample: the pairs (x from the first, y from the second) with
     *                           x &gt; y, plus half the pairs with x = y
     * @param z                  the standardised statistic, continuity-corrected; positive when the first sample
     *                           tends to be larger, 0 when the variance is 0 (every value tied)
     * @param pValue             two-sided
     */
    public record Result(long n1, long n2, double u, double z, double pValue) {

        /** {@code P(X > Y) + ½ P(X = Y)} for X from the first sample and Y from the second: 0.5 = no shift. */
        public double probabilityOfSuperiority() {
            return u / ((double) n1 * n2);
        }
    }

    /** The test on two histograms recorded in the same unit. */
    public static Result test(Histogram first, Histogram second) {
        return test(first, 1, second, 1);
    }

    /**
     * The test on two histograms whose values are in {@code 1/scale} of a common unit (as in {@code results.json},
     * see {@code histogramScale}), so histograms recorded at different scales compare correctly.
     *
     * @throws IllegalArgumentException when either histogram is empty or a scale is not positive
     */
    public static Result test(Histogram first, double firstScale, Histogram second, double secondScale) {
        if (!(firstScale > 0) || !(secondScale > 0)) {
            throw new IllegalArgumentException("scales must be above 0, were " + firstScale + " and " + secondScale);
        }
        Buckets a = buckets(first, firstScale);
        Buckets b = buckets(second, secondScale);
        if (a.total == 0 || b.total == 0) {
            throw new IllegalArgumentException("both samples must be non-empty, had " + a.total + " and " + b.total);
        }
        double n1 = a.total;
        double n2 = b.total;
        double n = n1 + n2;
        double rankSum1 = 0;
        double ties = 0; // sum of t^3 - t over tie groups
        double below = 0; // samples with a smaller value than the current one
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            double value = Math.min(i < a.size() ? a.values[i] : Double.POSITIVE_INFINITY,
                    j < b.size() ? b.values[j] : Double.POSITIVE_INFINITY);
            long c1 = 0;
            long c2 = 0;
            if (i < a.size() && a.values[i] == value) {
                c1 = a.counts[i++];
            }
            if (j < b.size() && b.values[j] == value) {
                c2 = b.counts[j++];
            }
            double t = c1 + c2;
            double midRank = below + (t + 1) / 2;
            rankSum1 += c1 * midRank;
            ties += t * t * t - t;
            below += t;
        }
        double u = rankSum1 - n1 * (n1 + 1) / 2;
        double mean = n1 * n2 / 2;
        double variance = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1)));
        if (!(variance > 0)) {
            return new Result(a.total, b.total, u, 0, 1);
        }
        double d = u - mean;
        double z = Math.signum(d) * Math.max(Math.abs(d) - 0.5, 0) / Math.sqrt(variance);
        return new Result(a.total, b.total, u, z, dev.latencylens.internal.stats.SpecialFunctions.twoSidedNormal(z));
    }

    private record Buckets(double[] values, long[] counts, long total) {
        int size() {
            return values.length;
        }
    }

    private static Buckets buckets(Histogram h, double scale) {
        List<double[]> rows = new ArrayList<>();
        long total = 0;
        double previous = Double.NEGATIVE_INFINITY;
        for (HistogramIterationValue v : h.recordedValues()) {
            long count = v.getCountAtValueIteratedTo();
            double value = v.getValueIteratedTo() / scale;
            if (count == 0) {
                continue;
            }
            if (value <= previous) { // recordedValues() ascends; guard the merge's assumption anyway
                throw new IllegalStateException("histogram values not ascending at " + value);
            }
            previous = value;
            rows.add(new double[] {value, count});
            total += count;
        }
        double[] values = new double[rows.size()];
        long[] counts = new long[rows.size()];
        for (int k = 0; k < rows.size(); k++) {
            values[k] = rows.get(k)[0];
            counts[k] = (long) rows.get(k)[1];
        }
        return new Buckets(values, counts, total);
    }
}
