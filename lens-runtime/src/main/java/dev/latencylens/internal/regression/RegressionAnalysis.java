package dev.latencylens.internal.regression;

import dev.latencylens.results.Distribution;
import dev.latencylens.results.RunResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Compares a run with a baseline run, benchmark by benchmark (matched by {@code id}), and gives every metric a
 * {@link Verdict}. The rules, with {@code threshold} the relative change that matters (default
 * {@value #DEFAULT_THRESHOLD}) and {@code alpha} = {@value #ALPHA}:
 *
 * <h2>Latencies: TTFT, ICL, TPOT, E2E at p50, p95 and p99</h2>
 * p99 only when both runs have at least 100 samples (below that it is not reported at all). The percentile's
 * relative change {@code (current − baseline) / baseline} decides the direction and the size; a
 * {@link MannWhitneyU Mann–Whitney U test} on the two whole histograms decides whether the distribution really
 * moved, so a percentile that wobbles by sampling noise does not fail a build:
 * <ul>
 *   <li>INCONCLUSIVE when either run has fewer than {@value #MIN_SAMPLES} samples of the metric;</li>
 *   <li>UNCHANGED when {@code |change| <= threshold};</li>
 *   <li>REGRESSED when {@code change > threshold} and the distribution shifted upwards with {@code p < alpha};
 *       IMPROVED symmetrically ({@code change < −threshold}, shifted downwards, {@code p < alpha});</li>
 *   <li>INCONCLUSIVE otherwise: the percentile moved beyond the threshold but the test does not back it (a
 *       tail-only change the rank test cannot see is reported this way: look at it, but it fails no build).</li>
 * </ul>
 * Both conditions, because each alone misleads: the threshold alone flags noise on small runs, and significance
 * alone flags trivial shifts on large ones (with 10 000 samples a 1 % drift is "significant"; samples of one run
 * are also not truly independent, which makes p optimistic).
 *
 * <p><b>Why alpha = 0.01.</b> A report makes about four tests per benchmark (one per latency metric, shared by its
 * percentiles, plus the error rate) and a suite has several benchmarks, so at 0.05 a CI pipeline comparing two
 * runs of unchanged code would see a spurious "significant" shift in most reports; at 0.01, and only together with
 * the threshold, a build failing on noise is rare. A real regression of 10 % or more with a hundred samples a side
 * is far below 0.01, so little power is lost.
 *
 * <h2>Error rate (1 − success rate; lower is better)</h2>
 * The change is absolute, in percentage points, against a margin of {@code max(threshold × baseline rate,}
 * {@value #MIN_ERROR_RATE_MARGIN}{@code )} (1 point: a relative threshold on a near-zero rate would flag one stray
 * error). The test is {@link ProportionTest}: the pooled two-proportion z-test, or Fisher's exact test when an
 * expected cell count is below 5. UNCHANGED within the margin; REGRESSED (IMPROVED) beyond it upwards (downwards)
 * with {@code p < alpha}; INCONCLUSIVE beyond it without significance, or when a run attempted nothing.
 *
 * <h2>Throughput and cost</h2>
 * Output tokens/s over the measured window (higher is better) and cost per 1000 successful requests (lower is
 * better; only when both runs know it, in the same currency) are single numbers without a distribution: the
 * relative change against the threshold alone decides REGRESSED, IMPROVED or UNCHANGED.
 *
 * <p>Benchmarks of this run without a baseline are listed as new, baseline benchmarks this run lacks as missing.
 */
public final class RegressionAnalysis {

    public static final double DEFAULT_THRESHOLD = 0.10;
    /** Significance level of every test. */
    public static final double ALPHA = 0.01;
    /** Fewer latency samples than this on either side: INCONCLUSIVE. */
    public static final long MIN_SAMPLES = 5;
    /** The smallest error-rate change that counts, as a fraction (1 percentage point). */
    public static final double MIN_ERROR_RATE_MARGIN = 0.01;
    /** The latency metrics compared, by their {@code results.json} keys. */
    public static final List<String> LATENCY_METRICS = List.of("ttft", "icl", "tpot", "e2e");

    private static final String MWU = "Mann-Whitney U";

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
            if (seen.contains(c.id())) {
                continue;
            }
            seen.add(c.id());
            Optional<Baseline.Entry> b = baseline.benchmark(c.id());
            if (b.isEmpty()) {
                out.add(new BenchmarkComparison(c.id(), c.name(), c.provider(), c.model(),
                        BenchmarkComparison.Status.NEW, List.of(), List.of("no baseline for this benchmark")));
            } else {
                out.add(compare(c, b.get(), threshold));
            }
        }
        for (Baseline.Entry b : baseline.benchmarks()) {
            if (!seen.contains(b.id())) {
                seen.add(b.id());
                out.add(new BenchmarkComparison(b.id(), b.name(), b.provider(), b.model(),
                        BenchmarkComparison.Status.MISSING, List.of(), List.of("not run this time")));
            }
        }
        return new RegressionReport(baseline.path(), baseline.started(), current.started(), threshold, ALPHA, out);
    }

    private static BenchmarkComparison compare(Baseline.Entry c, Baseline.Entry b, double threshold) {
        List<String> notes = new ArrayList<>();
        if (!c.provider().equals(b.provider()) || !c.model().equals(b.model())) {
            notes.add("the target changed: baseline " + b.model() + " @ " + b.provider() + ", now " + c.model()
                    + " @ " + c.provider());
        }
        if (b.partial()) {
            notes.add("the baseline of this benchmark was interrupted (partial)");
        }
        if (c.partial()) {
            notes.add("this benchmark was interrupted in this run (partial)");
        }
        List<MetricComparison> metrics = new ArrayList<>();
        for (String name : LATENCY_METRICS) {
            latency(name, b, c, threshold, metrics);
        }
        throughput(b, c, threshold, metrics);
        errorRate(b, c, threshold, metrics);
        cost(b, c, threshold, metrics, notes);
        return new BenchmarkComparison(c.id(), c.name(), c.provider(), c.model(), BenchmarkComparison.Status.COMPARED,
                metrics, notes);
    }

    private static void latency(String name, Baseline.Entry base, Baseline.Entry cur, double threshold,
                                List<MetricComparison> out) {
        Optional<Distribution> b = base.metric(name).filter(d -> d.n() > 0);
        Optional<Distribution> c = cur.metric(name).filter(d -> d.n() > 0);
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
                out.add(new MetricComparison(name, s, unit, value(b, s), value(c, s), OptionalDouble.empty(), "",
                        Verdict.INCONCLUSIVE, why));
            }
            return;
        }
        MannWhitneyU.Result test = MannWhitneyU.test(cur.histogram(name), c.get().scale(), base.histogram(name),
                b.get().scale());
        double p = test.pValue();
        for (String s : statistics) {
            OptionalDouble bv = value(b, s);
            OptionalDouble cv = value(c, s);
            double change = change(bv.getAsDouble(), cv.getAsDouble());
            Verdict verdict;
            String why;
            if (Math.abs(change) <= threshold) {
                verdict = Verdict.UNCHANGED;
                why = "within ±" + Format.percent(threshold);
            } else {
                boolean slower = change > 0;
                boolean shifted = p < ALPHA && (slower ? test.z() > 0 : test.z() < 0);
                if (shifted) {
                    verdict = slower ? Verdict.REGRESSED : Verdict.IMPROVED;
                    why = (slower ? "slower" : "faster") + " by more than " + Format.percent(threshold)
                            + " and the distribution shifted (p < " + ALPHA + ")";
                } else {
                    verdict = Verdict.INCONCLUSIVE;
                    why = "changed by more than " + Format.percent(threshold) + " but the distribution did not shift"
                            + " significantly that way";
                }
            }
            out.add(new MetricComparison(name, s, unit, bv, cv, OptionalDouble.of(p), MWU, verdict, why));
        }
    }

    private static void throughput(Baseline.Entry b, Baseline.Entry c, double threshold,
                                   List<MetricComparison> out) {
        if (b.reliability().attempted() == 0 && c.reliability().attempted() == 0) {
            return;
        }
        out.add(thresholdOnly("throughput", "outputTokensPerSecond", "tokens/s",
                b.throughput().outputTokensPerSecond(), c.throughput().outputTokensPerSecond(), threshold, true));
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
        out.add(thresholdOnly("cost", "perThousandSuccessful", cc.currency(),
                bc.perThousandSuccessful().map(BigDecimal::doubleValue).get(),
                cc.perThousandSuccessful().map(BigDecimal::doubleValue).get(), threshold, false));
    }

    private static MetricComparison thresholdOnly(String metric, String statistic, String unit, double base,
                                                  double cur, double threshold, boolean higherIsBetter) {
        double change = change(base, cur);
        Verdict verdict;
        String why;
        if (Math.abs(change) <= threshold) {
            verdict = Verdict.UNCHANGED;
            why = "within ±" + Format.percent(threshold);
        } else {
            boolean better = (change > 0) == higherIsBetter;
            verdict = better ? Verdict.IMPROVED : Verdict.REGRESSED;
            why = (better ? "better" : "worse") + " by more than " + Format.percent(threshold) + " (no test: one number"
                    + " a run)";
        }
        return new MetricComparison(metric, statistic, unit, OptionalDouble.of(base), OptionalDouble.of(cur),
                OptionalDouble.empty(), "", verdict, why);
    }

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
                    OptionalDouble.empty(), "", Verdict.INCONCLUSIVE, "no requests attempted in one run"));
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
                OptionalDouble.of(test.pValue()), test.test(), verdict, why));
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
