package dev.latencylens.internal.engine;

import dev.latencylens.internal.stats.SpecialFunctions;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * When one request (the cold probe) is slower than the steady state by more than chance: the rule behind
 * {@link dev.latencylens.results.ColdStart#RULE}, as a function of numbers so it can be checked by simulation.
 *
 * <p>The steady state's TTFTs are taken as log-normal (latencies are: a sum of many positive delays, multiplicative
 * slowdowns). In log space the measured n values have mean m and standard deviation s; a new value from the same
 * distribution exceeds {@code m + t(1−α; n−1) · s · √(1 + 1/n)} with probability exactly α (the one-sided
 * prediction bound: {@code (x − m) / (s√(1+1/n))} is Student-t with n−1 degrees of freedom). So the probe is
 * judged against that bound with α = {@value #FALSE_POSITIVE_RATE}: a probe drawn from the steady state is called a cold
 * start 1 % of the time, at every n (a bound from the sample's own p99 or max would be exceeded 1/(n+1) of the time:
 * 9 % at n = 10). The t quantile is what pays for estimating m and s from few requests. s, not a robust scale, is
 * deliberate: slow requests in the steady state widen the bound, where a robust scale would discount them and then
 * call a probe just like them a cold start. The 1 % is exact for a log-normal steady state; one with a separate
 * slow mode can exceed it.
 *
 * <p>Two practical floors keep a statistically clear but trivial difference from being called a cold start when
 * the steady state barely varies (a local server, the simulator): the probe must also be at least
 * {@value #MIN_RATIO} × the steady p50 and at least {@value #MIN_EXCESS_MS} ms above it. Below
 * {@value #MIN_STEADY_REQUESTS} steady requests there is no verdict.
 */
final class ColdStartRule {

    /** Probability that a probe drawn from the steady state is called a cold start. */
    static final double FALSE_POSITIVE_RATE = 0.01;
    /** Fewer successful measured requests than this: no verdict. */
    static final int MIN_STEADY_REQUESTS = 5;
    /** The probe must be at least this multiple of the steady p50. */
    static final double MIN_RATIO = 1.5;
    /** ... and at least this much above it: below, a "cold start" is one request's scheduling noise. */
    static final double MIN_EXCESS_MS = 10;

    private ColdStartRule() {
    }

    /**
     * The steady state as the rule sees it.
     *
     * @param n       requests
     * @param p50Ms   the median (nearest rank, at the histogram's bucket resolution, as every report shows it)
     * @param logMean mean of ln(TTFT in ms)
     * @param logSd   standard deviation of ln(TTFT in ms), n − 1 in the denominator
     * @param boundMs the probe's server-side TTFT above which it is out of the steady state
     */
    record Steady(long n, double p50Ms, double logMean, double logSd, double boundMs) {

        /** Whether a probe with this server-side TTFT is a cold start. */
        boolean coldStart(double probeMs) {
            return probeMs > boundMs && probeMs >= MIN_RATIO * p50Ms && probeMs - p50Ms >= MIN_EXCESS_MS;
        }
    }

    /**
     * Fits the steady state, from a histogram whose values are in {@code 1/scale} ms (nanoseconds: 1e6).
     *
     * @return empty below {@value #MIN_STEADY_REQUESTS} values
     */
    static Optional<Steady> steady(Histogram ttft, double scale) {
        long n = ttft.getTotalCount();
        if (n < MIN_STEADY_REQUESTS) {
            return Optional.empty();
        }
        double sum = 0;
        for (HistogramIterationValue v : ttft.recordedValues()) {
            sum += v.getCountAtValueIteratedTo() * logMs(ttft, v, scale);
        }
        double mean = sum / n;
        double squares = 0;
        for (HistogramIterationValue v : ttft.recordedValues()) {
            double d = logMs(ttft, v, scale) - mean;
            squares += v.getCountAtValueIteratedTo() * d * d;
        }
        double sd = Math.sqrt(squares / (n - 1));
        double t = SpecialFunctions.studentTQuantile(1 - FALSE_POSITIVE_RATE, n - 1);
        double bound = Math.exp(mean + t * sd * Math.sqrt(1 + 1.0 / n));
        double p50 = ttft.medianEquivalentValue(ttft.getValueAtPercentile(50)) / scale;
        return Optional.of(new Steady(n, p50, mean, sd, bound));
    }

    private static double logMs(Histogram h, HistogramIterationValue v, double scale) {
        // The bucket's median, as Distribution reports percentiles; never below one unit (a 0 would be ln 0).
        return Math.log(Math.max(1, h.medianEquivalentValue(v.getValueIteratedTo())) / scale);
    }
}
