package dev.latencylens.internal.engine;

import dev.latencylens.internal.metrics.BilledTokens;
import dev.latencylens.internal.metrics.MetricsRecorder;
import dev.latencylens.internal.metrics.Redactor;
import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.internal.pricing.CostSummaries;
import dev.latencylens.internal.pricing.PriceTable;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.ConnectionReuse;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.Goodput;
import dev.latencylens.results.LoadCheck;
import dev.latencylens.results.Metric;
import dev.latencylens.results.SweepStep;
import dev.latencylens.spi.ProviderAdapter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Turns what was recorded over a measured phase into its {@link BenchmarkResult}: throughput, reliability, goodput,
 * the cold-start verdict, connection reuse, and what it cost, the measured requests alone ({@code cost}) and every
 * billed attempt ({@code runCost}). The {@code @Sla} is judged as the result is built.
 */
final class ResultSummary {

    private final PriceTable prices;
    private final ProviderAdapter adapter;
    private final String provider;
    private final double projectedRate;
    private final boolean simulated;
    private final Redactor redactor;

    /**
     * @param adapter       the provider: its id prices are looked up under, the settings an all-failed verdict names
     * @param projectedRate the request rate of the measured cost's monthly projection ({@code lens.projectedRate}),
     *                      0 for none
     * @param simulated     the requests go to the embedded simulator
     * @param redactor      masks the run's secrets in the warnings, the one place a result's own text enters it
     */
    ResultSummary(PriceTable prices, ProviderAdapter adapter, double projectedRate, boolean simulated,
                  Redactor redactor) {
        this.prices = prices;
        this.adapter = adapter;
        this.provider = adapter.id();
        this.projectedRate = projectedRate;
        this.simulated = simulated;
        this.redactor = redactor;
    }

    /**
     * @param probe    the cold probe judged against this phase's steady state; null when none was sent
     * @param billed   every attempt billed for this result, in any phase
     * @param warnings what the runner found worth saying; the warm-up check's finding is added
     */
    BenchmarkResult summarise(BenchmarkDescriptor d, Optional<SweepStep> step, MetricsRecorder.Snapshot s,
                              RequestTrace probe, LoadCheck load, BilledTokens.Totals billed, List<String> warnings,
                              boolean partial) {
        double w = s.windowSeconds();
        Goodput goodput = !s.goodputDefined() ? Goodput.undefined() : new Goodput(true, s.good(),
                s.attempted() == 0 ? 0 : (double) s.good() / s.attempted(), w <= 0 ? 0 : s.good() / w);
        BenchmarkResult.Builder result = BenchmarkResult.builder(d).sweepStep(step).metrics(s.metrics())
                .tokens(new BenchmarkResult.Tokens(s.inputTokens(), s.outputTokens(), s.cachedInputTokens(),
                        s.cacheWriteTokens(), s.reasoningTokens(), s.tokenSource(), s.inputTokensPerRequest(),
                        s.outputTokensPerRequest()))
                .throughput(throughput(s)).reliability(reliability(s))
                .coldStart(ColdStartAnalysis.analyse(probe, s.metrics().get(Metric.TTFT)))
                .goodput(goodput).load(load)
                .cost(CostSummaries.lookup(prices, provider, d.model(), s.billedTokens(), s.billedRequests(),
                        s.succeeded(), projectedRate))
                .runCost(CostSummaries.lookup(prices, provider, d.model(), billed.tokens(), billed.requests(),
                        billed.succeeded(), 0))
                .connections(connections(s, d)).partial(partial)
                .allFailed(AllFailedDiagnosis.of(s.attempted(), s.succeeded(), s.errorCounts(), s.failedStatuses(),
                        adapter, d, simulated))
                .warnings(warnings.stream().map(redactor::redact).toList());
        s.warmupWarning().ifPresent(result::warning);
        return result.build();
    }

    private static BenchmarkResult.Throughput throughput(MetricsRecorder.Snapshot s) {
        double w = s.windowSeconds();
        if (w <= 0) {
            return BenchmarkResult.Throughput.NONE;
        }
        return new BenchmarkResult.Throughput(s.succeeded() / w, s.outputTokens() / w,
                (s.inputTokens() + s.outputTokens()) / w, w, s.firstSend(), s.lastEnd());
    }

    private static ConnectionReuse connections(MetricsRecorder.Snapshot s, BenchmarkDescriptor d) {
        Distribution setup = s.metrics().get(Metric.CONNECTION_SETUP);
        return ConnectionReuse.of(s.connected(), s.reused(), s.staleRetries(),
                setup.n() == 0 ? OptionalDouble.empty() : OptionalDouble.of(setup.p50()), d.concurrency());
    }

    private static BenchmarkResult.Reliability reliability(MetricsRecorder.Snapshot s) {
        Map<ErrorClass, BenchmarkResult.Errors> errors = new EnumMap<>(ErrorClass.class);
        s.errorCounts().forEach((c, n) -> errors.put(c, new BenchmarkResult.Errors(n, s.errorExamples().get(c))));
        double rate = s.attempted() == 0 ? 0 : (double) s.succeeded() / s.attempted();
        return new BenchmarkResult.Reliability(s.attempted(), s.succeeded(), rate, errors, s.rateLimitedAttempts());
    }
}
