package dev.latencylens.internal.regression;

import static dev.latencylens.internal.regression.Runs.bench;
import static dev.latencylens.internal.regression.Runs.concat;
import static dev.latencylens.internal.regression.Runs.ms;
import static dev.latencylens.internal.regression.Runs.repeat;
import static dev.latencylens.internal.regression.Runs.spread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.latencylens.internal.stats.SpecialFunctions;
import dev.latencylens.results.Metric;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.ResultJson;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegressionAnalysisTest {

    @TempDir
    Path dir;

    /** Writes the baseline run to results.json and reads it back, as a build would. */
    private Baseline saved(RunResult run) throws Exception {
        return Baseline.load(ResultJson.write(run, dir));
    }

    private static MetricComparison metric(RegressionReport r, String id, String metric, String statistic) {
        return r.benchmark(id).orElseThrow().metrics().stream()
                .filter(m -> m.metric().equals(metric) && m.statistic().equals(statistic))
                .findFirst().orElseThrow(() -> new AssertionError("no " + metric + " " + statistic));
    }

    @Test
    void aRealRunAgainstItsOwnResultsIsUnchangedEverywhere() {
        RunResult run = RegressionFixtures.simulatedRun(dir, 200);

        RegressionReport r = RegressionAnalysis.compare(run, Baseline.load(dir), 0.10);

        BenchmarkComparison x = r.benchmark("x").orElseThrow();
        assertThat(x.status()).isEqualTo(BenchmarkComparison.Status.COMPARED);
        assertThat(x.metrics()).isNotEmpty().allSatisfy(m -> assertThat(m.verdict()).isEqualTo(Verdict.UNCHANGED));
        assertThat(x.metrics()).extracting(MetricComparison::label)
                .contains("ttft p50", "ttft p95", "ttft p99", "e2e p99", "output tokens/s", "requests/s",
                        "error rate");
        MetricComparison p95 = metric(r, "x", "ttft", "p95");
        assertThat(p95.test()).isEqualTo(RegressionAnalysis.QUANTILE_BOUNDS);
        assertThat(p95.intervalLow().getAsDouble()).isLessThanOrEqualTo(0);
        assertThat(p95.intervalHigh().getAsDouble()).isGreaterThanOrEqualTo(0);
        assertThat(r.hasRegressions()).isFalse();
        assertThat(r.regressionLines()).isEmpty();
    }

    @Test
    void identicalConstructedRunsAreUnchanged() throws Exception {
        RegressionReport r = RegressionAnalysis.compare(Runs.current(bench("Sample.x")),
                saved(Runs.baseline(bench("Sample.x"))), 0.10);
        assertThat(r.benchmark("Sample.x").orElseThrow().metrics())
                .hasSize(4 * 3 + 3)
                .allSatisfy(m -> assertThat(m.verdict()).isEqualTo(Verdict.UNCHANGED));
        assertThat(r.count(Verdict.UNCHANGED)).isEqualTo(15);
    }

    @Test
    void aFiftyPercentSlowerTtftWithTwoHundredSamplesRegresses() throws Exception {
        Baseline baseline = saved(Runs.baseline(bench("Sample.x").latency(Metric.TTFT, ms(concat(repeat(150, 100),
                repeat(50, 120))))));
        RunResult current = Runs.current(bench("Sample.x").latency(Metric.TTFT, ms(concat(repeat(150, 150),
                repeat(50, 180)))));

        RegressionReport r = RegressionAnalysis.compare(current, baseline, 0.10);

        MetricComparison p95 = metric(r, "Sample.x", "ttft", "p95");
        assertThat(p95.verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(p95.test()).isEqualTo(RegressionAnalysis.QUANTILE_BOUNDS);
        assertThat(p95.intervalLow().getAsDouble()).isGreaterThan(0.10);
        assertThat(p95.relativeChange().getAsDouble()).isBetween(0.499, 0.501);
        assertThat(metric(r, "Sample.x", "ttft", "p50").verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(metric(r, "Sample.x", "e2e", "p95").verdict()).isEqualTo(Verdict.UNCHANGED);
        // 200 baseline requests cannot bound their p99 from above (it lies above all of them 13 % of the time):
        // the interval is open below, and a p99 regression cannot be shown.
        MetricComparison p99 = metric(r, "Sample.x", "ttft", "p99");
        assertThat(p99.intervalLow().getAsDouble()).isEqualTo(-1);
        assertThat(p99.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.hasRegressions()).isTrue();
        assertThat(r.count(Verdict.REGRESSED)).isEqualTo(2);
        // Each run's bounds of its p50 (and p95) fall on the one value its ranks hold: the interval is the point.
        assertThat(r.regressionLines()).containsExactly(
                "Sample.x ttft p50: 100.0 ms → 150.0 ms (+50.0%, 98% interval +50.0% to +50.0%)",
                "Sample.x ttft p95: 120.0 ms → 180.0 ms (+50.0%, 98% interval +50.0% to +50.0%)");
    }

    @Test
    void aFiftyPercentChangeWithThreeSamplesIsInconclusive() throws Exception {
        Baseline baseline = saved(Runs.baseline(bench("s").latency(Metric.TTFT, ms(100, 110, 120))));
        RegressionReport r = RegressionAnalysis.compare(
                Runs.current(bench("s").latency(Metric.TTFT, ms(150, 165, 180))), baseline, 0.10);

        MetricComparison p50 = metric(r, "s", "ttft", "p50");
        assertThat(p50.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(p50.pValue()).isEmpty();
        assertThat(p50.reason()).contains("fewer than 5 samples");
        assertThat(p50.relativeChange().getAsDouble()).isBetween(0.49, 0.51);
        assertThat(r.benchmark("s").orElseThrow().metrics()).noneMatch(m -> m.metric().equals("ttft")
                && m.statistic().equals("p99")); // p99 needs 100 samples a side
        assertThat(r.hasRegressions()).isFalse();
    }

    @Test
    void aFasterTtftImproves() throws Exception {
        Baseline baseline = saved(Runs.baseline(bench("s")));
        RegressionReport r = RegressionAnalysis.compare(
                Runs.current(bench("s").latency(Metric.TTFT, spread(200, 60, 72))), baseline, 0.10);

        assertThat(metric(r, "s", "ttft", "p50").verdict()).isEqualTo(Verdict.IMPROVED);
        assertThat(metric(r, "s", "ttft", "p95").verdict()).isEqualTo(Verdict.IMPROVED);
        assertThat(metric(r, "s", "ttft", "p50").relativeChange().getAsDouble()).isLessThan(-0.3);
        assertThat(r.hasRegressions()).isFalse();
        assertThat(r.count(Verdict.IMPROVED)).as("p50 and p95; 200 requests do not bound a p99").isEqualTo(2);
    }

    @Test
    void aSignificantShiftWithinTheThresholdIsUnchanged() throws Exception {
        // 5 % slower everywhere: with 5000 samples a side that is highly significant, but below the threshold.
        Baseline baseline = saved(Runs.baseline(bench("s").latency(Metric.E2E, spread(5000, 1000, 1200))));
        RegressionReport r = RegressionAnalysis.compare(
                Runs.current(bench("s").latency(Metric.E2E, spread(5000, 1050, 1260))), baseline, 0.10);

        MetricComparison p50 = metric(r, "s", "e2e", "p50");
        assertThat(p50.intervalLow().getAsDouble()).as("surely slower").isPositive();
        assertThat(p50.intervalHigh().getAsDouble()).as("but surely by less than 10 %").isLessThan(0.10);
        assertThat(p50.verdict()).isEqualTo(Verdict.UNCHANGED);
    }

    @Test
    void aTailThatMovedForTooFewRequestsToBeSureIsInconclusive() throws Exception {
        // Same body; the slowest 6 % of 200 requests (12) went from 120 to 200 ms: p95 +67 %. But the p95 is the
        // 190th of 200, and at 99 % it may be as low as the 183rd, in the body: the interval reaches down to no
        // change. The p99 of 200 requests has no upper bound in the baseline. The p50 did not move.
        double[] body = new double[188];
        for (int i = 0; i < body.length; i++) {
            body[i] = 100 + 20.0 * i / body.length;
        }
        Baseline baseline = saved(Runs.baseline(bench("s").latency(Metric.TTFT, ms(concat(body, repeat(12, 120))))));
        RegressionReport r = RegressionAnalysis.compare(
                Runs.current(bench("s").latency(Metric.TTFT, ms(concat(body, repeat(12, 200))))), baseline, 0.10);

        MetricComparison p95 = metric(r, "s", "ttft", "p95");
        assertThat(p95.relativeChange().getAsDouble()).isGreaterThan(0.5);
        assertThat(p95.intervalLow().getAsDouble()).isLessThan(0.10);
        assertThat(p95.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(metric(r, "s", "ttft", "p99").verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(metric(r, "s", "ttft", "p50").verdict()).isEqualTo(Verdict.UNCHANGED);
        assertThat(r.hasRegressions()).isFalse();
    }

    @Test
    void aP99ThatDidNotMoveIsNotRegressedBecauseTheBodyOfTheDistributionDid() throws Exception {
        // The body (97 of 100 requests) is 30 % slower; the three slowest come from the same tail in both runs. The
        // sample p99 (the second slowest) moved 310 -> 350 ms by chance. One Mann-Whitney test over the whole
        // distribution (the previous rule) called the shift significant and marked p99 regressed with p50 and p95.
        double[] baseBody = new double[97];
        double[] slowerBody = new double[97];
        for (int i = 0; i < 97; i++) {
            baseBody[i] = 100 + 10.0 * i / 97;
            slowerBody[i] = 1.3 * baseBody[i];
        }
        Baseline baseline = saved(Runs.baseline(bench("s").latency(Metric.TTFT, ms(concat(baseBody, ms3(300, 310, 400))))));
        RegressionReport r = RegressionAnalysis.compare(Runs.current(bench("s").latency(Metric.TTFT,
                ms(concat(slowerBody, ms3(300, 350, 400))))), baseline, 0.10);

        assertThat(metric(r, "s", "ttft", "p50").verdict()).isEqualTo(Verdict.REGRESSED);
        // The p95 is the 95th of 100 with three outliers above it: one resample in twelve puts it among them.
        assertThat(metric(r, "s", "ttft", "p95").verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        MetricComparison p99 = metric(r, "s", "ttft", "p99");
        assertThat(p99.relativeChange().getAsDouble()).isBetween(0.12, 0.14);
        assertThat(p99.intervalLow().getAsDouble()).as("a p99 of 100 requests is a handful of them").isLessThan(0);
        assertThat(p99.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void aP99ThatDoubledIsRegressedThoughTheRestOfTheDistributionDidNotMove() throws Exception {
        // 1000 requests; the slowest 3 % went from 200 to 400 ms, the rest is the same. The ranks hardly change
        // (the slow requests are the slowest either way), so one Mann-Whitney test over the whole distribution
        // found no shift (p ≈ 0.6) and left p99 inconclusive; its own interval says it doubled.
        double[] body = new double[970];
        for (int i = 0; i < body.length; i++) {
            body[i] = 100 + 20.0 * i / body.length;
        }
        Baseline baseline = saved(Runs.baseline(bench("s").latency(Metric.TTFT, ms(concat(body, repeat(30, 200))))));
        RegressionReport r = RegressionAnalysis.compare(Runs.current(bench("s").latency(Metric.TTFT,
                ms(concat(body, repeat(30, 400))))), baseline, 0.10);

        MetricComparison p99 = metric(r, "s", "ttft", "p99");
        assertThat(p99.verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(p99.intervalLow().getAsDouble()).isGreaterThan(0.9);
        assertThat(metric(r, "s", "ttft", "p50").verdict()).isEqualTo(Verdict.UNCHANGED);
        assertThat(metric(r, "s", "ttft", "p95").verdict()).isEqualTo(Verdict.UNCHANGED);
    }

    @Test
    void iclDrawsOneValuePerRequestNotOnePerGap() throws Exception {
        // 2000 gaps from 20 requests: +15 % in the median gap. Were the gaps independent, 2000 a side would make
        // that sure; as 20 requests' worth, it is not.
        Baseline baseline = saved(Runs.baseline(bench("s").reliability(20, 20).latency(Metric.ICL, spread(2000, 10, 14))));
        RegressionReport r = RegressionAnalysis.compare(Runs.current(bench("s").reliability(20, 20)
                .latency(Metric.ICL, spread(2000, 11.5, 16.1))), baseline, 0.10);

        MetricComparison p50 = metric(r, "s", "icl", "p50");
        assertThat(p50.relativeChange().getAsDouble()).isBetween(0.14, 0.16);
        assertThat(p50.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(p50.intervalLow().getAsDouble()).isLessThan(0.10);
    }

    private static double[] ms3(double a, double b, double c) {
        return new double[] {a, b, c};
    }

    @Test
    void anErrorRateJumpRegresses() throws Exception {
        Baseline baseline = saved(Runs.baseline(bench("s").reliability(200, 198)));
        RegressionReport r = RegressionAnalysis.compare(Runs.current(bench("s").reliability(200, 170)), baseline,
                0.10);

        MetricComparison errors = metric(r, "s", "reliability", "errorRate");
        assertThat(errors.verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(errors.test()).isEqualTo(ProportionTest.Z_TEST);
        assertThat(errors.baseline().getAsDouble()).isEqualTo(0.01);
        assertThat(errors.current().getAsDouble()).isEqualTo(0.15);
        assertThat(r.regressionLines()).containsExactly("s error rate: 1.0% → 15.0% (+14.0 pp, p<0.0001)");
        // Fewer successes are fewer successful requests per second too, but within the success count's own
        // binomial noise the drop may be less than the threshold: the error rate is where it shows.
        MetricComparison rate = metric(r, "s", "throughput", "requestsPerSecond");
        assertThat(rate.relativeChange().getAsDouble()).isLessThan(-0.10);
        assertThat(rate.intervalHigh().getAsDouble()).isGreaterThan(-0.10);
        assertThat(rate.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void errorRatesUseTheMarginAndTheTest() throws Exception {
        // 0 -> 0.5 %: within the 1 point floor
        Baseline none = saved(Runs.baseline(bench("s").reliability(200, 200)));
        assertThat(metric(RegressionAnalysis.compare(Runs.current(bench("s").reliability(200, 199)), none, 0.10),
                "s", "reliability", "errorRate").verdict()).isEqualTo(Verdict.UNCHANGED);
        // 0 -> 15 % of 20 requests: beyond the margin, but Fisher's p = 0.23
        Baseline few = saved(Runs.baseline(bench("s").reliability(20, 20)));
        MetricComparison m = metric(RegressionAnalysis.compare(Runs.current(bench("s").reliability(20, 17)), few,
                0.10), "s", "reliability", "errorRate");
        assertThat(m.test()).isEqualTo(ProportionTest.FISHER);
        assertThat(m.pValue().getAsDouble()).isCloseTo(3.0 / 13, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(m.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        // 20 % -> 2 % of 500: improved
        Baseline bad = saved(Runs.baseline(bench("s").reliability(500, 400)));
        assertThat(metric(RegressionAnalysis.compare(Runs.current(bench("s").reliability(500, 490)), bad, 0.10),
                "s", "reliability", "errorRate").verdict()).isEqualTo(Verdict.IMPROVED);
    }

    @Test
    void aThroughputDropRegressesWhenItsIntervalClearsTheThreshold() throws Exception {
        Baseline baseline = saved(Runs.baseline(bench("s").tokensPerSecond(500)));

        RegressionReport drop = RegressionAnalysis.compare(Runs.current(bench("s").tokensPerSecond(300)), baseline,
                0.10);
        MetricComparison m = metric(drop, "s", "throughput", "outputTokensPerSecond");
        assertThat(m.verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(m.test()).isEqualTo(RegressionAnalysis.RATE_MODEL);
        // The documented model: ln(300/500) ± z(0.99) · √((CV²(E2E) + CV²(tokens per request)) / n), per side.
        Baseline.Entry e = baseline.benchmark("s").orElseThrow();
        double cvE2e = e.metric(Metric.E2E).orElseThrow().stddev() / e.metric(Metric.E2E).orElseThrow().mean();
        double cvTokens = e.outputTokensPerRequest().stddev() / e.outputTokensPerRequest().mean();
        double half = SpecialFunctions.normalQuantile(0.99) * Math.sqrt(2 * (cvE2e * cvE2e + cvTokens * cvTokens)
                / 200);
        assertThat(m.intervalLow().getAsDouble()).isCloseTo(0.6 * Math.exp(-half) - 1, within(1e-9));
        assertThat(m.intervalHigh().getAsDouble()).isCloseTo(0.6 * Math.exp(half) - 1, within(1e-9));
        assertThat(drop.regressionLines()).singleElement().asString()
                .startsWith("s output tokens/s: 500.0 tokens/s → 300.0 tokens/s (-40.0%, 98% interval ");

        assertThat(metric(RegressionAnalysis.compare(Runs.current(bench("s").tokensPerSecond(540)), baseline, 0.10),
                "s", "throughput", "outputTokensPerSecond").verdict()).isEqualTo(Verdict.UNCHANGED);
        assertThat(metric(RegressionAnalysis.compare(Runs.current(bench("s").tokensPerSecond(600)), baseline, 0.10),
                "s", "throughput", "outputTokensPerSecond").verdict()).isEqualTo(Verdict.IMPROVED);
    }

    @Test
    void withoutTokensPerRequestAThroughputChangeHasNoIntervalAndIsInconclusive() throws Exception {
        // Results written before per-request token counts existed.
        Baseline baseline = saved(Runs.baseline(bench("s").tokensPerSecond(500)
                .tokensPerRequest(new org.HdrHistogram.Histogram(3), new org.HdrHistogram.Histogram(3))));
        MetricComparison m = metric(RegressionAnalysis.compare(Runs.current(bench("s").tokensPerSecond(300)),
                baseline, 0.10), "s", "throughput", "outputTokensPerSecond");
        assertThat(m.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(m.intervalLow()).isEmpty();
        assertThat(m.reason()).contains("no noise model");
    }

    @Test
    void costIsComparedWhenBothRunsKnowIt() throws Exception {
        // 200 successful requests each: 1.0 USD is 5.0 per 1k successful, 1.5 USD 7.5.
        Path baseFile = ResultJson.write(Runs.baseline(bench("a").cost("1.0", "USD"), bench("b")), dir.resolve("b"));
        Path curFile = ResultJson.write(Runs.current(bench("a").cost("1.5", "USD"), bench("b").cost("1.5", "USD")),
                dir.resolve("c"));

        RegressionReport r = RegressionAnalysis.compare(Baseline.load(curFile), Baseline.load(baseFile), 0.10);

        MetricComparison cost = metric(r, "a", "cost", "perThousandSuccessful");
        assertThat(cost.verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(cost.test()).isEqualTo(RegressionAnalysis.COST_MODEL);
        assertThat(cost.relativeChange().getAsDouble()).isEqualTo(0.5);
        assertThat(cost.line("a"))
                .startsWith("a cost per 1k successful: 5.0000 USD → 7.5000 USD (+50.0%, 98% interval");
        assertThat(r.benchmark("b").orElseThrow().metrics()).noneMatch(m -> m.metric().equals("cost"));
    }

    @Test
    void newAndMissingBenchmarksAreListed() throws Exception {
        Baseline baseline = saved(Runs.baseline(bench("kept"), bench("dropped")));
        RegressionReport r = RegressionAnalysis.compare(Runs.current(bench("added"), bench("kept")), baseline, 0.10);

        assertThat(r.benchmarks()).extracting(BenchmarkComparison::id, BenchmarkComparison::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("added", BenchmarkComparison.Status.NEW),
                        org.assertj.core.groups.Tuple.tuple("kept", BenchmarkComparison.Status.COMPARED),
                        org.assertj.core.groups.Tuple.tuple("dropped", BenchmarkComparison.Status.MISSING));
        assertThat(r.benchmark("added").orElseThrow().metrics()).isEmpty();
        assertThat(r.benchmark("dropped").orElseThrow().metrics()).isEmpty();
        assertThat(r.hasRegressions()).isFalse();
        assertThat(r.count(BenchmarkComparison.Status.NEW)).isEqualTo(1);
        assertThat(r.count(BenchmarkComparison.Status.MISSING)).isEqualTo(1);
    }

    @Test
    void aChangedModelIsNoted() throws Exception {
        Baseline baseline = saved(Runs.baseline(bench("s").model("old-model")));
        RegressionReport r = RegressionAnalysis.compare(Runs.current(bench("s").model("new-model")), baseline);
        assertThat(r.benchmark("s").orElseThrow().notes()).singleElement().asString()
                .contains("old-model").contains("new-model");
        assertThat(r.threshold()).isEqualTo(RegressionAnalysis.DEFAULT_THRESHOLD);
    }

    @Test
    void sweepStepsCompareStepByStepWhateverRateEachRunMeasured() throws Exception {
        // Each run's Poisson steps lie between its own synchronous and saturated rates, so their rates differ from
        // run to run; the ids are the step keys, so each step meets its counterpart.
        Baseline baseline = saved(Runs.baseline(bench("s").sweepStep(0, 0), bench("s").sweepStep(1, 0),
                bench("s").sweepStep(2, 2.0), bench("s").sweepStep(3, 3.0)));
        RegressionReport r = RegressionAnalysis.compare(Runs.current(bench("s").sweepStep(0, 0),
                bench("s").sweepStep(1, 0), bench("s").sweepStep(2, 2.4), bench("s").sweepStep(3, 3.6)), baseline);

        assertThat(r.benchmarks()).extracting(BenchmarkComparison::id, BenchmarkComparison::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("s.sync", BenchmarkComparison.Status.COMPARED),
                org.assertj.core.groups.Tuple.tuple("s.max", BenchmarkComparison.Status.COMPARED),
                org.assertj.core.groups.Tuple.tuple("s.poisson-1", BenchmarkComparison.Status.COMPARED),
                org.assertj.core.groups.Tuple.tuple("s.poisson-2", BenchmarkComparison.Status.COMPARED));
    }

    @Test
    void metricsNotMeasuredInEitherRunAreLeftOut() throws Exception {
        Baseline baseline = saved(Runs.baseline(bench("s").latency(Metric.TPOT, ms())));
        RegressionReport r = RegressionAnalysis.compare(Runs.current(bench("s").latency(Metric.TPOT, ms())), baseline);
        assertThat(r.benchmark("s").orElseThrow().metrics()).noneMatch(m -> m.metric().equals("tpot"));
    }

    @Test
    void aMetricMeasuredOnOneSideOnlyIsInconclusive() throws Exception {
        Baseline baseline = saved(Runs.baseline(bench("s").latency(Metric.TPOT, ms())));
        RegressionReport r = RegressionAnalysis.compare(Runs.current(bench("s")), baseline);
        MetricComparison m = metric(r, "s", "tpot", "p50");
        assertThat(m.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(m.baseline()).isEmpty();
        assertThat(m.current()).isPresent();
    }

    @Test
    void aBadThresholdIsRefused() throws Exception {
        Baseline baseline = saved(Runs.baseline(bench("s")));
        for (double t : List.of(-0.1, Double.NaN, Double.POSITIVE_INFINITY)) {
            assertThatThrownBy(() -> RegressionAnalysis.compare(Runs.current(bench("s")), baseline, t))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
        }
    }
}
