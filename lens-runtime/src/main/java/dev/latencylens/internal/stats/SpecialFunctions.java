package dev.latencylens.internal.stats;

/**
 * The special functions the statistical rules need, with no dependency: the normal distribution and its quantile,
 * log-gamma, the regularized incomplete beta function and what follows from it (binomial tails, Student's t).
 * Accurate to far better than any decision made with them needs (see each method).
 */
public final class SpecialFunctions {

    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
    private static final double TINY = 1e-300;
    private static final double EPSILON = 1e-15;

    private SpecialFunctions() {
    }

    // ---- the normal distribution

    /** {@code P(Z <= z)} for a standard normal Z. */
    public static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    /** Two-sided p-value of a standard normal statistic: {@code P(|Z| >= |z|)}. */
    public static double twoSidedNormal(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        return Math.min(1.0, erfc(Math.abs(z) / Math.sqrt(2)));
    }

    /**
     * The complementary error function, Chebyshev fit (Numerical Recipes {@code erfcc}): fractional error below
     * 1.2e-7 everywhere, including the far tail, which is all a p-value needs.
     */
    public static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2 - ans;
    }

    /**
     * The standard normal quantile {@code z} with {@code P(Z <= z) = p}: Wichura's algorithm AS 241 (PPND16),
     * relative error about 1e-16.
     *
     * @throws IllegalArgumentException when p is not strictly between 0 and 1
     */
    public static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be strictly between 0 and 1, was " + p);
        }
        double q = p - 0.5;
        if (Math.abs(q) <= 0.425) {
            double r = 0.180625 - q * q;
            return q * (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
                    + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                    + 133.14166789178437745) * r + 3.387132872796366608)
                    / (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
                    + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
                    + 42.313330701600911252) * r + 1.0);
        }
        double r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
        double value;
        if (r <= 5) {
            r -= 1.6;
            value = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
                    + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
                    + 4.6303378461565452959) * r + 1.42343711074968357734)
                    / (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966)
                    * r + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
                    + 2.05319162663775882187) * r + 1.0);
        } else {
            r -= 5;
            value = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386)
                    * r + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
                    + 5.4637849111641143699) * r + 6.6579046435011037772)
                    / (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r
                    + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r
                    + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1.0);
        }
        return q < 0 ? -value : value;
    }

    // ---- gamma and beta

    /** {@code ln(n!)} (Lanczos, g = 7: relative error near 1e-15). */
    public static double logFactorial(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be 0 or more, was " + n);
        }
        return n < 2 ? 0 : logGamma(n + 1.0);
    }

    /** {@code ln Γ(x)}: Lanczos (g = 7), with the reflection formula below 1/2. */
    public static double logGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double y = x - 1;
        double a = LANCZOS[0];
        double t = y + 7.5;
        for (int i = 1; i < LANCZOS.length; i++) {
            a += LANCZOS[i] / (y + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
    }

    /**
     * The regularized incomplete beta function {@code I_x(a, b)}, by its continued fraction (modified Lentz, as in
     * Numerical Recipes {@code betai}), on whichever side of the mean converges fast (of the order of √max(a, b)
     * terms). The absolute error is about 1e-16 × ln Γ(a + b), from the log-gamma prefactor: 1e-13 for small
     * parameters, 1e-11 at a + b = 10⁴, 1e-9 at 10⁶ — far below any decision made with it.
     *
     * @throws IllegalArgumentException when a or b is not positive
     */
    public static double regularizedBeta(double x, double a, double b) {
        if (!(a > 0) || !(b > 0)) {
            throw new IllegalArgumentException("a and b must be above 0, were " + a + " and " + b);
        }
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double logFront = a * Math.log(x) + b * Math.log1p(-x) - (logGamma(a) + logGamma(b) - logGamma(a + b));
        if (x < (a + 1) / (a + b + 2)) {
            return Math.exp(logFront) * betaFraction(x, a, b) / a;
        }
        return 1 - Math.exp(logFront) * betaFraction(1 - x, b, a) / b;
    }

    private static double betaFraction(double x, double a, double b) {
        int maxTerms = 1000 + (int) (20 * Math.sqrt(Math.max(a, b)));
        double sum = a + b;
        double c = 1;
        double d = 1 - sum * x / (a + 1);
        d = 1 / (Math.abs(d) < TINY ? TINY : d);
        double h = d;
        for (int m = 1; m <= maxTerms; m++) {
            int m2 = 2 * m;
            double even = m * (b - m) * x / ((a - 1 + m2) * (a + m2));
            d = 1 + even * d;
            d = 1 / (Math.abs(d) < TINY ? TINY : d);
            c = 1 + even / c;
            c = Math.abs(c) < TINY ? TINY : c;
            h *= d * c;
            double odd = -(a + m) * (sum + m) * x / ((a + m2) * (a + 1 + m2));
            d = 1 + odd * d;
            d = 1 / (Math.abs(d) < TINY ? TINY : d);
            c = 1 + odd / c;
            c = Math.abs(c) < TINY ? TINY : c;
            double step = d * c;
            h *= step;
            if (Math.abs(step - 1) < EPSILON) {
                return h;
            }
        }
        return h; // not converged to 1e-15 within the bound: still far more precise than any use here needs
    }

    // ---- what follows from the incomplete beta function

    /** {@code P(X >= r)} for X binomial with {@code n} trials of probability {@code p}. */
    public static double binomialAtLeast(long r, long n, double p) {
        if (r <= 0) {
            return 1;
        }
        if (r > n) {
            return 0;
        }
        return regularizedBeta(p, r, n - r + 1.0);
    }

    /** {@code P(T <= t)} for T Student-t with {@code df} degrees of freedom. */
    public static double studentTCdf(double t, double df) {
        if (!(df > 0)) {
            throw new IllegalArgumentException("degrees of freedom must be above 0, was " + df);
        }
        double tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
        return t >= 0 ? 1 - tail : tail;
    }

    /**
     * The quantile {@code t} with {@code P(T <= t) = p} of Student's t with {@code df} degrees of freedom, by
     * bisection on {@link #studentTCdf} (to 1e-12 relative).
     *
     * @throws IllegalArgumentException when p is not strictly between 0 and 1 or df is not positive
     */
    public static double studentTQuantile(double p, double df) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be strictly between 0 and 1, was " + p);
        }
        if (p < 0.5) {
            return -studentTQuantile(1 - p, df);
        }
        double low = 0;
        double high = Math.max(1, normalQuantile(p));
        while (studentTCdf(high, df) < p) {
            low = high;
            high *= 2;
        }
        while (high - low > 1e-12 * high) {
            double mid = (low + high) / 2;
            if (studentTCdf(mid, df) < p) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return (low + high) / 2;
    }
}
