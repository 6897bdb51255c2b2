package dev.latencylens.internal.regression;

import static dev.latencylens.internal.stats.SpecialFunctions.logFactorial;

import dev.latencylens.internal.stats.SpecialFunctions;

/**
 * Whether two failure proportions differ: {@code x1} of {@code n1} against {@code x2} of {@code n2}. The pooled
 * two-proportion z-test when every expected cell of the 2×2 table is at least 5 (where its normal approximation
 * holds); otherwise Fisher's exact test, two-sided by summing every table at most as probable as the observed one
 * (R's {@code fisher.test} rule, with the same 1e-7 relative tolerance for ties in probability).
 */
public final class ProportionTest {

    /** Expected cell count below which the z-test's normal approximation is not trusted. */
    public static final double MIN_EXPECTED = 5;

    public static final String Z_TEST = "two-proportion z";
    public static final String FISHER = "Fisher exact";

    private ProportionTest() {
    }

    /**
     * @param pValue two-sided
     * @param test   {@link #Z_TEST} or {@link #FISHER}
     */
    public record Result(double pValue, String test) {
    }

    /** @throws IllegalArgumentException when a count is negative, above its total, or a total is 0 */
    public static Result test(long x1, long n1, long x2, long n2) {
        if (n1 <= 0 || n2 <= 0 || x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2) {
            throw new IllegalArgumentException("need 0 <= x <= n and n > 0, had " + x1 + "/" + n1 + " and "
                    + x2 + "/" + n2);
        }
        long n = n1 + n2;
        long k = x1 + x2;
        double minExpected = Math.min(Math.min(n1, n2) * (double) k / n, Math.min(n1, n2) * (double) (n - k) / n);
        return minExpected >= MIN_EXPECTED ? new Result(zTest(x1, n1, x2, n2), Z_TEST)
                : new Result(fisher(x1, n1, x2, n2), FISHER);
    }

    /** The pooled two-proportion z-test, two-sided. */
    static double zTest(long x1, long n1, long x2, long n2) {
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        double pooled = (double) (x1 + x2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        return se > 0 ? SpecialFunctions.twoSidedNormal((p2 - p1) / se) : 1;
    }

    /** Fisher's exact test on [[x1, n1 - x1], [x2, n2 - x2]], two-sided. */
    static double fisher(long x1, long n1, long x2, long n2) {
        long n = n1 + n2;
        long k = x1 + x2;
        long lo = Math.max(0, k - n2);
        long hi = Math.min(k, n1);
        double denominator = logFactorial(n) - logFactorial(n1) - logFactorial(n2);
        double observed = logHypergeometric(x1, n1, n2, k) - denominator;
        double limit = observed + 1e-7;
        double p = 0;
        for (long x = lo; x <= hi; x++) {
            double logP = logHypergeometric(x, n1, n2, k) - denominator;
            if (logP <= limit) {
                p += Math.exp(logP);
            }
        }
        return Math.min(1, p);
    }

    /** ln(C(k, x) · C(n - k, n1 - x)) with n = n1 + n2. */
    private static double logHypergeometric(long x, long n1, long n2, long k) {
        long n = n1 + n2;
        return logFactorial(k) - logFactorial(x) - logFactorial(k - x)
                + logFactorial(n - k) - logFactorial(n1 - x) - logFactorial(n - k - n1 + x);
    }
}
