package dev.latencylens.internal.regression;

import dev.latencylens.internal.metrics.Histograms;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.internal.pricing.CostSummaries;
import dev.latencylens.results.ColdStart;
import dev.latencylens.results.CostSummary;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.Metric;
import dev.latencylens.results.Price;
import dev.latencylens.results.ResultJson;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.SweepStep;
import dev.latencylens.results.TokenCounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/** Test fixtures: runs and benchmarks with exactly the distributions a test needs. */
final class Runs {

    static final Instant BASELINE_STARTED = Instant.parse("2025-01-01T10:00:00Z");
    static final Instant CURRENT_STARTED = Instant.parse("2025-01-02T10:00:00Z");
    static final List<Metric> ALL_METRICS = List.of(Metric.TTFB, Metric.TTFT, Metric.TTFO, Metric.ICL, Metric.ITL,
            Metric.TPOT, Metric.E2E, Metric.RESPONSE_TIME, Metric.USER_TTFT, Metric.SCHEDULE_LAG,
            Metric.OUTPUT_TOKENS_PER_SECOND);

    private Runs() {
    }

    /** The run's {@code results.json} as a tree, to edit before it is written as a baseline. */
    static ObjectNode json(RunResult run) {
        try {
            return (ObjectNode) new ObjectMapper().readTree(ResultJson.toString(run));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A histogram in nanoseconds holding these millisecond values. */
    static Histogram ms(double... values) {
        Histogram h = new Histogram(3);
        Arrays.stream(values).forEach(v -> h.recordValue(Math.round(v * 1e6)));
        return h;
    }

    /** {@code n} values spread evenly (in a scrambled order) over [from, to) ms. */
    static Histogram spread(int n, double fromMs, double toMs) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = fromMs + (toMs - fromMs) * ((i * 37L) % n) / n;
        }
        return ms(v);
    }

    /** {@code n} whole counts spread evenly over [from, to] (tokens per request). */
    static Histogram counts(int n, long from, long to) {
        Histogram h = new Histogram(3);
        for (int i = 0; i < n; i++) {
            h.recordValue(from + (to - from) * ((i * 37L) % n) / Math.max(1, n - 1));
        }
        return h;
    }

    /** {@code count} copies of one ms value. */
    static double[] repeat(int count, double valueMs) {
        double[] v = new double[count];
        Arrays.fill(v, valueMs);
        return v;
    }

    static double[] concat(double[]... parts) {
        return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
    }

    static Bench bench(String name) {
        return new Bench(name);
    }

    static RunResult run(Instant started, Bench... benches) {
        return new RunResult(new RunResult.Environment("test", "jvm", "os", 4, "host"), started,
                started.plusSeconds(60), Arrays.stream(benches).map(Bench::build).toList(), false);
    }

    static RunResult baseline(Bench... benches) {
        return run(BASELINE_STARTED, benches);
    }

    static RunResult current(Bench... benches) {
        return run(CURRENT_STARTED, benches);
    }

    /** A benchmark result builder: 200 samples of every compared latency, 500 tokens/s, no errors by default. */
    static final class Bench {
        private final String name;
        private String model = "sim-model";
        private final Map<Metric, Histogram> latencies = new LinkedHashMap<>();
        private double tokensPerSecond = 500;
        private Histogram inputTokens = counts(200, 9, 11);
        private Histogram outputTokens = counts(200, 20, 30);
        private long attempted = 200;
        private long succeeded = 200;
        private CostSummary cost = CostSummary.none();
        private Optional<SweepStep> step = Optional.empty();

        private Bench(String name) {
            this.name = name;
            latencies.put(Metric.TTFT, spread(200, 100, 120));
            latencies.put(Metric.ICL, spread(1000, 10, 12));
            latencies.put(Metric.TPOT, spread(200, 10, 11));
            latencies.put(Metric.E2E, spread(200, 1000, 1200));
        }

        Bench latency(Metric metric, Histogram h) {
            latencies.put(metric, h);
            return this;
        }

        Bench model(String model) {
            this.model = model;
            return this;
        }

        Bench tokensPerSecond(double tps) {
            this.tokensPerSecond = tps;
            return this;
        }

        /** Tokens per request; empty histograms: results written before they were recorded. */
        Bench tokensPerRequest(Histogram input, Histogram output) {
            this.inputTokens = input;
            this.outputTokens = output;
            return this;
        }

        /** A known cost of {@code total} in {@code currency}: a million input tokens at that price per million. */
        Bench cost(String total, String currency) {
            Price price = new Price("simulated", model, new BigDecimal(total), Optional.empty(), Optional.empty(),
                    new BigDecimal(total), Optional.empty(), currency, LocalDate.of(2025, 1, 1), "test");
            this.cost = CostSummaries.of(Optional.of(price), TokenCounts.of(1_000_000, 0), attempted, succeeded, 0);
            return this;
        }

        /** Step {@code index} of the sweep this bench is named after, at {@code targetRate} if a Poisson step. */
        Bench sweepStep(int index, double targetRate) {
            this.step = Optional.of(SweepStep.of(name, index, targetRate));
            return this;
        }

        Bench reliability(long attempted, long succeeded) {
            this.attempted = attempted;
            this.succeeded = succeeded;
            return this;
        }

        BenchmarkResult build() {
            // A sweep step is named as the engine names it, and its id left to the builder, as the engine leaves it.
            String named = step.map(s -> name + " [" + s.label() + "]").orElse(name);
            BenchmarkResult.Builder b = BenchmarkResult.builder(BenchmarkDescriptor.builder("simulated", model)
                    .name(named).build()).sweepStep(step);
            if (step.isEmpty()) {
                b.id(name);
            }
            latencies.forEach((m, h) -> b.metric(m, Histograms.summarize(h, "ms", 1e6)));
            long failed = attempted - succeeded;
            Map<ErrorClass, BenchmarkResult.Errors> errors = failed == 0 ? Map.of()
                    : Map.of(ErrorClass.HTTP_5XX, new BenchmarkResult.Errors(failed, List.of("boom")));
            return b.tokens(new BenchmarkResult.Tokens(1000, 5000, 0, 0, "provider",
                            Histograms.summarize(inputTokens, Distribution.TOKENS, 1),
                            Histograms.summarize(outputTokens, Distribution.TOKENS, 1)))
                    .throughput(new BenchmarkResult.Throughput(succeeded / 10.0, tokensPerSecond,
                            tokensPerSecond * 1.2, 10))
                    .reliability(new BenchmarkResult.Reliability(attempted, succeeded,
                            attempted == 0 ? 0 : (double) succeeded / attempted, errors))
                    .coldStart(ColdStart.notProbed("not probed in tests")).cost(cost).build();
        }

    }
}
