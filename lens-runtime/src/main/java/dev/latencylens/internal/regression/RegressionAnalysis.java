package dev.latencylens.internal.regression;

import dev.latencylens.internal.stats.SpecialFunctions;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.Metric;
import dev.latencylens.results.RunResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;

/**
 * Compares a run with a baseline (one run, or several merged), benchmark by benchmark (matched by {@code id}), and
 * gives every metric a {@link Verdict}. Each metric has a noise model that yields an interval of its relative
 * change {@code (current − baseline) / baseline}, whose two ends are one-sided {@code 1 − }{@value #ALPHA} (99 %)
 * confidence bounds (together a 98 % interval). With {@code threshold} the relative change that matters (default
 * {@value #DEFAULT_THRESHOLD}):
 * <ul>
 *   <li>REGRESSED when the whole interval is beyond the threshold on the worse side: 99 % confident it got worse
 *       by more than the threshold;</li>
 *   <li>IMPROVED likewise on the better side;</li>
 *   <li>UNCHANGED when the change itself is within ±threshold;</li>
 *   <li>INCONCLUSIVE otherwise: it moved by more than the threshold, but not surely (or too few samples).</li>
 * </ul>
 * Both a practical threshold and the confidence, because each alone misleads: a threshold alone flags the noise of
 * small runs (the p99 of 100 samples often moves by more than 10 % between identical runs), and confidence alone
 * flags trivial shifts of large ones. Requiring the interval to clear the threshold, not merely zero, keeps false
 * alarms far below {@value #ALPHA} per verdict when nothing changed, which is what lets a CI leave the gate on
 * (docs/METRICS.md, "Regression false-positive rate", measures it).
 *
 * <h2>Latencies: TTFT, ICL, TPOT, E2E at p50, p95 and p99</h2>
 * Each percentile has its own interval ({@link QuantileBounds}): each run's distribution-free 99 % bounds of that
 * percentile (order statistics, binomial), from the histograms {@code results.json} carries, combined into bounds
 * of their ratio by MOVER on the log scale. ICL counts one value per request, not per gap (a request's gaps are not
 * independent). A percentile close to the largest value cannot be bounded above from few values (a p99 needs 459):
 * the interval is then open on that side, and a baseline that small cannot show that a p99 regressed. INCONCLUSIVE
 * below {@value #MIN_SAMPLES} samples on a side; p99 only when both runs have at least 100.
 *
 * <h2>Throughput: output tokens/s and requests/s (higher is better)</h2>
 * A rate over the measured window is, in a closed loop, concurrency × mean tokens per request / mean E2E; its log
 * has a variance of about {@code (CV²(E2E) + CV²(output tokens per request)) / n} for n successful requests (for
 * requests/s, the E2E term alone), plus the binomial variance of the success count, {@code (a − n) / (a·n)} of a
 * attempted (the rates count successful requests). The positive correlation of a request's tokens with its E2E,
 * which would reduce it, is ignored: the interval errs wide. In open-loop patterns the rate follows the schedule
 * and the interval is wider than needed. Normal on the log scale, as the delta method gives it.
 *
 * <h2>Cost per 1000 successful requests (lower is better)</h2>
 * The mean cost of a request, with a log variance of {@code CV²(cost) / n}. A request's cost is a non-negative
 * combination of its input and output tokens, and the coefficient of variation of such a combination is at most the
 * larger of its parts' (the standard deviation is subadditive), so {@code max(CV(input), CV(output))} per request
 * bounds it whatever the prices and however the two correlate. Compared only when both runs know the cost in one
 * currency; without per-request token counts (results of an older version) there is no interval.
 *
 * <h2>Error rate (1 − success rate; lower is better)</h2>
 * The change is absolute, in percentage points, against a margin of {@code max(threshold × baseline rate,}
 * {@value #MIN_ERROR_RATE_MARGIN}{@code )} (1 point: a relative threshold on a near-zero rate would flag one stray
 * error). The test is {@link ProportionTest}: the pooled two-proportion z-test, or Fisher's exact test when an
 * expected cell count is below 5. UNCHANGED within the margin; REGRESSED (IMPROVED) beyond it upwards (downwards)
 * with {@code p < alpha}; INCONCLUSIVE beyond it without significance, or when a run attempted nothing.
 *
 * <p>The intervals describe sampling noise within runs. Drift between runs (the provider's day, the machine's load)
 * is what the threshold absorbs, and what a rolling baseline of several runs ({@link Baseline}) averages out.
 * Benchmarks of this run without a baseline are listed as new, baseline benchmarks this run lacks as missing.
 */
public final class RegressionAnalysis {

    public static final double DEFAULT_THRESHOLD = 0.10;
    /** One minus the confidence of each end of an interval, and the significance level of the error-rate test. */
    public static final double ALPHA = 0.01;
    /** Fewer latency samples than this on either side: INCONCLUSIVE. */
    public static final long MIN_SAMPLES = 5;
    /** The smallest error-rate change that counts, as a fraction (1 percentage point). */
    public static final double MIN_ERROR_RATE_MARGIN = 0.01;
    /** The latency metrics compared. */
    public static final List<Metric> LATENCY_METRICS = List.of(Metric.TTFT, Metric.ICL, Metric.TPOT, Metric.E2E);

    public static final String QUANTILE_BOUNDS = "order-statistic bounds of each run, combined by MOVER";
    public static final String RATE_MODEL = "normal on the log scale, from CV of E2E and tokens per request";
    public static final String COST_MODEL = "normal on the log scale, from CV of tokens per request";

    /** Metrics with one sample per gap between events: one independent value per request. */
    private static final List<Metric> PER_GAP = List.of(Metric.ICL, Metric.ITL);
    private static final double Z = SpecialFunctions.normalQuantile(1 - ALPHA);

    private RegressionAnalysis() {
    }

    /** {@link #compare(RunResult, Baseline, double)} with the {@linkplain #DEFAULT_THRESHOLD default threshold}. */
    public static RegressionReport compare(RunResult current, Baseline baseline) {
        return compare(current, baseline, DEFAULT_THRESHOLD);
    }

    /**
     * @param threshold the relative change that matters, e.g. 0.10 for 10 %
     * @throws IllegalArgumentException when the threshold is negative or not finite
     */
    public static RegressionReport compare(RunResult current, Baseline baseline, double threshold) {
        return compare(Baseline.of(current), baseline, threshold);
    }

    /** Compares two runs read from files (or {@link Baseline#of(RunResult) snapshots}). */
    public static RegressionReport compare(Baseline current, Baseline baseline, double threshold) {
        if (!(threshold >= 0) || !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be a finite fraction of 0 or more (0.10 = 10%), was "
                    + threshold);
        }
        List<BenchmarkComparison> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Baseline.Entry c : current.benchmarks()) {
            seen.add(c.id());
            Optional<Baseline.Entry> b = baseline.benchmark(c.id());
            if (b.isEmpty()) {
                out.add(new BenchmarkComparison(c.id(), c.name(), c.provider(), c.model(),
                        BenchmarkComparison.Status.NEW, 0, List.of(), List.of("no baseline for this benchmark")));
            } else {
                out.add(compare(c, b.get(), threshold, baseline.runs().size()));
            }
        }
        for (Baseline.Entry b : baseline.benchmarks()) {
            if (!seen.contains(b.id())) {
                out.add(new BenchmarkComparison(b.id(), b.name(), b.provider(), b.model(),
                        BenchmarkComparison.Status.MISSING, b.runs(), List.of(), List.of("not run this time")));
            }
        }
        return new RegressionReport(baseline, current.started(), threshold, ALPHA, out);
    }

    private static BenchmarkComparison compare(Baseline.Entry c, Baseline.Entry b, double threshold, int runs) {
        List<String> notes = new ArrayList<>(b.notes());
        if (!c.provider().equals(b.provider()) || !c.model().equals(b.model())) {
            notes.add("the target changed: baseline " + b.model() + " @ " + b.provider() + ", now " + c.model()
                    + " @ " + c.provider());
        }
        if (b.runs() < runs) {
            notes.add("in " + b.runs() + " of the " + runs + " baseline runs");
        }
        if (b.partial()) {
            notes.add("the baseline of this benchmark was interrupted (partial)");
        }
        if (c.partial()) {
            notes.add("this benchmark was interrupted in this run (partial)");
        }
        List<MetricComparison> metrics = new ArrayList<>();
        for (Metric metric : LATENCY_METRICS) {
            latency(metric, b, c, threshold, metrics);
        }
        throughput(b, c, threshold, metrics);
        errorRate(b, c, threshold, metrics);
        cost(b, c, threshold, metrics, notes);
        return new BenchmarkComparison(c.id(), c.name(), c.provider(), c.model(), BenchmarkComparison.Status.COMPARED,
                b.runs(), metrics, notes);
    }

    // ---- latencies

    private static void latency(Metric metric, Baseline.Entry base, Baseline.Entry cur, double threshold, List<MetricComparison> out) {
        String name = metric.key();
        Optional<Distribution> b = base.metric(metric).filter(d -> d.n() > 0);
        Optional<Distribution> c = cur.metric(metric).filter(d -> d.n() > 0);
        if (b.isEmpty() && c.isEmpty()) {
            return; // not measured in either run (e.g. TPOT of one-token answers)
        }
        String unit = b.or(() -> c).get().unit();
        List<String> statistics = new ArrayList<>(List.of("p50", "p95"));
        if (b.isPresent() && c.isPresent() && b.get().p99().isPresent() && c.get().p99().isPresent()) {
            statistics.add("p99");
        }
        long nb = b.map(Distribution::n).orElse(0L);
        long nc = c.map(Distribution::n).orElse(0L);
        if (nb < MIN_SAMPLES || nc < MIN_SAMPLES) {
            String why = "fewer than " + MIN_SAMPLES + " samples (baseline n=" + nb + ", current n=" + nc + ")";
            for (String s : statistics) {
                out.add(new MetricComparison(name, s, unit, value(b, s), value(c, s), OptionalDouble.empty(),
                        OptionalDouble.empty(), OptionalDouble.empty(), "", Verdict.INCONCLUSIVE, why));
            }
            return;
        }
        Histogram bh = base.histogram(metric);
        Histogram ch = cur.histogram(metric);
        long drawsB = draws(metric, nb, base);
        long drawsC = draws(metric, nc, cur);
        for (String s : statistics) {
            double q = Double.parseDouble(s.substring(1)) / 100;
            OptionalDouble bv = value(b, s);
            OptionalDouble cv = value(c, s);
            double[] ratio = QuantileBounds.ratio(bh, b.get().scale(), drawsB, bv.getAsDouble(), ch, c.get().scale(),
                    drawsC, cv.getAsDouble(), q, ALPHA);
            out.add(judged(name, s, unit, bv, cv, ratio[0] - 1, ratio[1] - 1, QUANTILE_BOUNDS, threshold, false));
        }
    }

    /** Independent values: one per sample, or one per successful request for per-gap metrics. */
    private static long draws(Metric metric, long samples, Baseline.Entry e) {
        return PER_GAP.contains(metric) ? Math.max(1, Math.min(samples, e.reliability().succeeded())) : samples;
    }

    // ---- throughput and cost

    private static void throughput(Baseline.Entry b, Baseline.Entry c, double threshold, List<MetricComparison> out) {
        if (b.reliability().attempted() == 0 && c.reliability().attempted() == 0) {
            return;
        }
        double cvB = cv(b.metric(Metric.E2E));
        double cvC = cv(c.metric(Metric.E2E));
        double tokB = cv(Optional.of(b.outputTokensPerRequest()));
        double tokC = cv(Optional.of(c.outputTokensPerRequest()));
        out.add(rate("outputTokensPerSecond", "tokens/s", b.throughput().outputTokensPerSecond(),
                c.throughput().outputTokensPerSecond(), variance(b, cvB, tokB), variance(c, cvC, tokC), threshold));
        out.add(rate("requestsPerSecond", "req/s", b.throughput().requestsPerSecond(),
                c.throughput().requestsPerSecond(), variance(b, cvB, 0), variance(c, cvC, 0), threshold));
    }

    /**
     * Variance of ln(rate): (CV²(E2E) + CV²(tokens)) / n, plus the binomial variance of the success count
     * ((a − n) / (a·n) of a attempted, n successful: the rates count successful requests); NaN when unknown.
     */
    private static double variance(Baseline.Entry e, double cvE2e, double cvTokens) {
        long n = e.reliability().succeeded();
        long a = e.reliability().attempted();
        return n < 2 ? Double.NaN : (cvE2e * cvE2e + cvTokens * cvTokens) / n + (double) (a - n) / ((double) a * n);
    }

    private static MetricComparison rate(String statistic, String unit, double base, double cur, double varB,
                                         double varC, double threshold) {
        OptionalDouble bv = OptionalDouble.of(base);
        OptionalDouble cv = OptionalDouble.of(cur);
        if (!(base > 0) || !(cur > 0) || Double.isNaN(varB) || Double.isNaN(varC)) {
            return withoutInterval("throughput", statistic, unit, bv, cv, threshold, true,
                    "fewer than 2 successful requests, or no E2E or token counts per request, in a run");
        }
        double d = Math.log(cur / base);
        double half = Z * Math.sqrt(varB + varC);
        return judged("throughput", statistic, unit, bv, cv, Math.exp(d - half) - 1, Math.exp(d + half) - 1,
                RATE_MODEL, threshold, true);
    }

    private static void cost(Baseline.Entry b, Baseline.Entry c, double threshold, List<MetricComparison> out,
                             List<String> notes) {
        if (b.cost().isEmpty() || c.cost().isEmpty()) {
            return; // unknown on a side: nothing to say
        }
        Baseline.Cost bc = b.cost().get();
        Baseline.Cost cc = c.cost().get();
        if (!bc.currency().equals(cc.currency())) {
            notes.add("cost not compared: baseline in " + bc.currency() + ", now in " + cc.currency());
            return;
        }
        if (bc.perThousandSuccessful().isEmpty() || cc.perThousandSuccessful().isEmpty()) {
            return;
        }
        OptionalDouble bv = OptionalDouble.of(bc.perThousandSuccessful().map(BigDecimal::doubleValue).get());
        OptionalDouble cv = OptionalDouble.of(cc.perThousandSuccessful().map(BigDecimal::doubleValue).get());
        double varB = costVariance(b);
        double varC = costVariance(c);
        if (!(bv.getAsDouble() > 0) || !(cv.getAsDouble() > 0) || Double.isNaN(varB) || Double.isNaN(varC)) {
            out.add(withoutInterval("cost", "perThousandSuccessful", cc.currency(), bv, cv, threshold, false,
                    "no token counts per request in a run (results of an older version), or a cost of 0"));
            return;
        }
        double d = Math.log(cv.getAsDouble() / bv.getAsDouble());
        double half = Z * Math.sqrt(varB + varC);
        out.add(judged("cost", "perThousandSuccessful", cc.currency(), bv, cv, Math.exp(d - half) - 1,
                Math.exp(d + half) - 1, COST_MODEL, threshold, false));
    }

    /** Variance of ln(mean cost): max(CV(input), CV(output))² / n; NaN without per-request token counts. */
    private static double costVariance(Baseline.Entry e) {
        if (e.inputTokensPerRequest().n() < 2 || e.outputTokensPerRequest().n() < 2) {
            return Double.NaN;
        }
        double cv = Math.max(cv(Optional.of(e.inputTokensPerRequest())), cv(Optional.of(e.outputTokensPerRequest())));
        return cv * cv / e.outputTokensPerRequest().n();
    }

    /** Coefficient of variation; NaN without samples, 0 for a mean of 0. */
    private static double cv(Optional<Distribution> d) {
        if (d.isEmpty() || d.get().n() < 2) {
            return Double.NaN;
        }
        return d.get().mean() > 0 ? d.get().stddev() / d.get().mean() : 0;
    }

    // ---- the verdict from an interval

    private static MetricComparison judged(String metric, String statistic, String unit, OptionalDouble base,
                                           OptionalDouble cur, double low, double high, String test,
                                           double threshold, boolean higherIsBetter) {
        double change = change(base.getAsDouble(), cur.getAsDouble());
        double worseLow = higherIsBetter ? -high : low; // the interval, turned so that up is worse
        double worseHigh = higherIsBetter ? -low : high;
        String t = Format.percent(threshold);
        Verdict verdict;
        String why;
        if (worseLow > threshold) {
            verdict = Verdict.REGRESSED;
            why = (higherIsBetter ? "lower" : "higher") + " by more than " + t + " with " + confidence()
                    + " confidence";
        } else if (worseHigh < -threshold) {
            verdict = Verdict.IMPROVED;
            why = (higherIsBetter ? "higher" : "lower") + " by more than " + t + " with " + confidence()
                    + " confidence";
        } else if (Math.abs(change) <= threshold) {
            verdict = Verdict.UNCHANGED;
            why = "within ±" + t;
        } else {
            verdict = Verdict.INCONCLUSIVE;
            why = "moved by more than " + t + ", but " + (low > -1 && Double.isFinite(high)
                    ? "the interval reaches within it" : "a run has too few values to bound it");
        }
        return new MetricComparison(metric, statistic, unit, base, cur, OptionalDouble.of(low), OptionalDouble.of(high),
                OptionalDouble.empty(), test, verdict, why);
    }

    private static MetricComparison withoutInterval(String metric, String statistic, String unit, OptionalDouble base,
                                                    OptionalDouble cur, double threshold, boolean higherIsBetter,
                                                    String why) {
        double change = change(base.getAsDouble(), cur.getAsDouble());
        boolean within = Math.abs(change) <= threshold;
        return new MetricComparison(metric, statistic, unit, base, cur, OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), "", within ? Verdict.UNCHANGED : Verdict.INCONCLUSIVE,
                within ? "within ±" + Format.percent(threshold) : "moved by more than " + Format.percent(threshold)
                        + ", no noise model: " + why);
    }

    private static String confidence() {
        return Format.percent(1 - ALPHA);
    }

    // ---- error rate

    private static void errorRate(Baseline.Entry base, Baseline.Entry cur, double threshold,
                                  List<MetricComparison> out) {
        Baseline.Reliability b = base.reliability();
        Baseline.Reliability c = cur.reliability();
        if (b.attempted() == 0 && c.attempted() == 0) {
            return;
        }
        OptionalDouble bv = b.attempted() == 0 ? OptionalDouble.empty() : OptionalDouble.of(b.errorRate());
        OptionalDouble cv = c.attempted() == 0 ? OptionalDouble.empty() : OptionalDouble.of(c.errorRate());
        if (b.attempted() == 0 || c.attempted() == 0) {
            out.add(new MetricComparison("reliability", "errorRate", MetricComparison.RATIO, bv, cv,
                    OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), "",
                    Verdict.INCONCLUSIVE, "no requests attempted in one run"));
            return;
        }
        ProportionTest.Result test = ProportionTest.test(b.failed(), b.attempted(), c.failed(), c.attempted());
        double margin = Math.max(threshold * b.errorRate(), MIN_ERROR_RATE_MARGIN);
        double diff = c.errorRate() - b.errorRate();
        String points = Format.number(margin * 100) + " pp";
        Verdict verdict;
        String why;
        if (Math.abs(diff) <= margin) {
            verdict = Verdict.UNCHANGED;
            why = "within ±" + points;
        } else if (test.pValue() < ALPHA) {
            verdict = diff > 0 ? Verdict.REGRESSED : Verdict.IMPROVED;
            why = (diff > 0 ? "up" : "down") + " by more than " + points + " (p < " + ALPHA + ")";
        } else {
            verdict = Verdict.INCONCLUSIVE;
            why = "changed by more than " + points + " but not significantly";
        }
        out.add(new MetricComparison("reliability", "errorRate", MetricComparison.RATIO, bv, cv,
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(test.pValue()), test.test(),
                verdict, why));
    }

    /** The relative change; ±infinity from a baseline of 0 (any change from nothing exceeds every threshold). */
    private static double change(double base, double cur) {
        if (base == 0) {
            return cur == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, cur);
        }
        return (cur - base) / base;
    }

    private static OptionalDouble value(Optional<Distribution> d, String statistic) {
        if (d.isEmpty()) {
            return OptionalDouble.empty();
        }
        return switch (statistic) {
            case "p50" -> OptionalDouble.of(d.get().p50());
            case "p95" -> OptionalDouble.of(d.get().p95());
            case "p99" -> d.get().p99();
            default -> throw new IllegalArgumentException(statistic);
        };
    }
}
