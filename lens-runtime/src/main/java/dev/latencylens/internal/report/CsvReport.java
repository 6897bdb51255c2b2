package dev.latencylens.internal.report;

import dev.latencylens.results.AtomicFile;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.Metric;
import dev.latencylens.results.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * {@code results.csv}: one row per benchmark, for spreadsheets and data frames.
 *
 * <pre>{@code
 * Path csv = CsvReport.write(run, Path.of("target/lens"));
 * }</pre>
 *
 * <p>RFC 4180: a header row, then one record per benchmark in run order, CRLF line ends, UTF-8; a field holding a
 * comma, a double quote or a line break is quoted, its quotes doubled. Numbers are plain decimals ({@code 12.345},
 * never {@code 1.2E3}, never a decimal comma): latencies in milliseconds to the microsecond, rates to three
 * decimals. An absent value is an empty field: a percentile the sample count does not support (p99 below 100
 * requests), a metric with no sample (TTFT when every request failed, ITL when the provider does not count tokens
 * per event), a cold-start penalty when none was seen.
 *
 * <p>The columns, in order ({@link #COLUMNS}); metric names as in docs/METRICS.md:
 * <ul>
 *   <li>{@code id, name, provider, model, pattern, iterations, concurrency}: what ran</li>
 *   <li>{@code attempted, succeeded, successRate} (0–1), {@code errors} (all failed requests, 429s included),
 *       {@code rateLimited} (the 429s alone)</li>
 *   <li>{@code ttftP50Ms, ttftP90Ms, ttftP95Ms, ttftP99Ms, ttftMaxMs, ttfoP50Ms, iclP50Ms, iclP95Ms, itlP50Ms,
 *       tpotP50Ms, tpotP95Ms, e2eP50Ms, e2eP95Ms, e2eP99Ms, responseTimeP95Ms}</li>
 *   <li>{@code outputTokensPerSecond, requestsPerSecond}: throughput over the measured window</li>
 *   <li>{@code inputTokens, outputTokens, tokenSource} ({@code provider}, {@code estimated} or {@code mixed})</li>
 *   <li>{@code coldStartDetected, coldStartPenaltyMs, partial}</li>
 *   <li>{@code costTotal, costPer1kSuccessful} (rounded to 4 decimals, empty when the cost is unknown),
 *       {@code costCurrency}, {@code costKnown}</li>
 *   <li>{@code goodputGood, goodputFraction} (0–1, of attempted), {@code goodputRequestsPerSecond}: requests that
 *       met every per-request objective of the {@code @Sla}; empty when it sets none</li>
 *   <li>{@code targetRate} (open-loop patterns only), {@code achievedRate} (requests sent per second),
 *       {@code clientLimited} (the load self-check: the client may have been the bottleneck)</li>
 *   <li>{@code userTtftP95Ms, scheduleLagP99Ms}: TTFT from the intended send time, and how late requests were
 *       sent (equal to TTFT and 0 in closed-loop patterns)</li>
 *   <li>{@code connectionReuseRate} (0–1, of the measured requests that acquired a connection),
 *       {@code staleRetries}, {@code closesConnections}: see {@code ConnectionReuse}</li>
 *   <li>{@code serverPromptP50Ms, clientOverServerTtftP50Ms}: the server's own time to first token and what the
 *       client saw beyond it, where the provider reports its timings</li>
 *   <li>{@code coldStartConnectionSetupMs, coldStartServerTtftMs}: the cold probe's TTFT in its two parts, the
 *       new connection's setup and the server side the verdict judges ({@code coldStartPenaltyMs} is the server
 *       side's excess over the steady p50)</li>
 *   <li>{@code runCostTotal, runCostRequests}: what every billed request cost (cold probe, warmup, measured,
 *       cooldown and retried attempts), empty when unknown, and how many the provider billed</li>
 *   <li>{@code dropped}: requests a {@code lens.duration} open loop had due before its deadline but never sent</li>
 * </ul>
 * New columns are added at the end, so a reader that picks columns by position keeps working. A {@code SWEEP}
 * gives one row per step, named {@code <name> [sync]}, {@code <name> [max]}, {@code <name> [2.50 req/s]}, its id
 * ending in the step's key ({@code .sync}, {@code .max}, {@code .poisson-1}).
 */
public final class CsvReport {

    public static final String FILE_NAME = "results.csv";

    private static final String CRLF = "\r\n";
    private static final int MS_DECIMALS = 3;

    private record Column(String name, Function<BenchmarkResult, String> value) {
    }

    private static final List<Column> TABLE = List.of(
            new Column("id", BenchmarkResult::id),
            new Column("name", b -> b.descriptor().name()),
            new Column("provider", b -> b.descriptor().provider()),
            new Column("model", b -> b.descriptor().model()),
            new Column("pattern", b -> b.descriptor().pattern().name()),
            new Column("iterations", b -> Integer.toString(b.descriptor().iterations())),
            new Column("concurrency", b -> Integer.toString(b.descriptor().concurrency())),
            new Column("attempted", b -> Long.toString(b.reliability().attempted())),
            new Column("succeeded", b -> Long.toString(b.reliability().succeeded())),
            new Column("successRate", b -> b.reliability().attempted() == 0 ? ""
                    : Reports.plain(b.reliability().successRate(), 4)),
            new Column("errors", b -> Long.toString(Reports.failed(b))),
            new Column("rateLimited", b -> {
                BenchmarkResult.Errors e = b.reliability().errors().get(ErrorClass.RATE_LIMITED);
                return Long.toString(e == null ? 0 : e.count());
            }),
            ms("ttftP50Ms", Metric.TTFT, Distribution::p50),
            ms("ttftP90Ms", Metric.TTFT, Distribution::p90),
            ms("ttftP95Ms", Metric.TTFT, Distribution::p95),
            optionalMs("ttftP99Ms", Metric.TTFT, Distribution::p99),
            ms("ttftMaxMs", Metric.TTFT, Distribution::max),
            ms("ttfoP50Ms", Metric.TTFO, Distribution::p50),
            ms("iclP50Ms", Metric.ICL, Distribution::p50),
            ms("iclP95Ms", Metric.ICL, Distribution::p95),
            ms("itlP50Ms", Metric.ITL, Distribution::p50),
            ms("tpotP50Ms", Metric.TPOT, Distribution::p50),
            ms("tpotP95Ms", Metric.TPOT, Distribution::p95),
            ms("e2eP50Ms", Metric.E2E, Distribution::p50),
            ms("e2eP95Ms", Metric.E2E, Distribution::p95),
            optionalMs("e2eP99Ms", Metric.E2E, Distribution::p99),
            ms("responseTimeP95Ms", Metric.RESPONSE_TIME, Distribution::p95),
            new Column("outputTokensPerSecond", b -> Reports.plain(b.throughput().outputTokensPerSecond(), 3)),
            new Column("requestsPerSecond", b -> Reports.plain(b.throughput().requestsPerSecond(), 3)),
            new Column("inputTokens", b -> Long.toString(b.tokens().input())),
            new Column("outputTokens", b -> Long.toString(b.tokens().output())),
            new Column("tokenSource", b -> b.tokens().source()),
            new Column("coldStartDetected", b -> Boolean.toString(b.coldStart().detected())),
            new Column("coldStartPenaltyMs", b -> Reports.plain(b.coldStart().penaltyMs(), MS_DECIMALS)),
            new Column("partial", b -> Boolean.toString(b.partial())),
            new Column("costTotal", b -> b.cost().total().map(ReportViews::amount).orElse("")),
            new Column("costPer1kSuccessful", b -> b.cost().perThousandSuccessful().map(ReportViews::amount)
                    .orElse("")),
            new Column("costCurrency", b -> b.cost().currency().orElse("")),
            new Column("costKnown", b -> Boolean.toString(b.cost().known())),
            new Column("goodputGood", b -> b.goodput().defined() ? Long.toString(b.goodput().good()) : ""),
            new Column("goodputFraction", b -> b.goodput().defined() ? Reports.plain(b.goodput().goodFraction(), 4)
                    : ""),
            new Column("goodputRequestsPerSecond", b -> b.goodput().defined()
                    ? Reports.plain(b.goodput().requestsPerSecond(), 3) : ""),
            new Column("targetRate", b -> Reports.plain(b.load().targetRate(), 3)),
            new Column("achievedRate", b -> Reports.plain(b.load().achievedRate(), 3)),
            new Column("clientLimited", b -> Boolean.toString(b.load().clientLimited())),
            ms("userTtftP95Ms", Metric.USER_TTFT, Distribution::p95),
            optionalMs("scheduleLagP99Ms", Metric.SCHEDULE_LAG, Distribution::p99),
            new Column("connectionReuseRate", b -> b.connections().requests() == 0 ? ""
                    : Reports.plain(b.connections().reuseRate(), 4)),
            new Column("staleRetries", b -> Long.toString(b.connections().staleRetries())),
            new Column("closesConnections", b -> Boolean.toString(b.connections().closesConnections())),
            ms("serverPromptP50Ms", Metric.SERVER_PROMPT, Distribution::p50),
            ms("clientOverServerTtftP50Ms", Metric.CLIENT_OVER_SERVER_TTFT, Distribution::p50),
            new Column("coldStartConnectionSetupMs", b -> Reports.plain(b.coldStart().connectionSetupMs(),
                    MS_DECIMALS)),
            new Column("coldStartServerTtftMs", b -> Reports.plain(b.coldStart().serverTtftMs(), MS_DECIMALS)),
            new Column("runCostTotal", b -> b.runCost().total().map(ReportViews::amount).orElse("")),
            new Column("runCostRequests", b -> Long.toString(b.runCost().requests())),
            new Column("dropped", b -> Long.toString(b.load().dropped())));

    /** The header row's names, in order. */
    public static final List<String> COLUMNS = TABLE.stream().map(Column::name).toList();

    private CsvReport() {
    }

    /** Writes {@code directory/results.csv} atomically. */
    public static Path write(RunResult run, Path directory) throws IOException {
        return AtomicFile.write(directory.resolve(FILE_NAME), render(run));
    }

    /** The whole file. */
    public static String render(RunResult run) {
        StringBuilder out = new StringBuilder();
        appendRecord(out, COLUMNS);
        for (BenchmarkResult b : run.benchmarks()) {
            List<String> fields = new ArrayList<>(TABLE.size());
            for (Column c : TABLE) {
                fields.add(c.value().apply(b));
            }
            appendRecord(out, fields);
        }
        return out.toString();
    }

    /** One field as RFC 4180 wants it: quoted, quotes doubled, when it holds a comma, a quote or a line break. */
    static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0
                && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static void appendRecord(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields.get(i)));
        }
        out.append(CRLF);
    }

    private static Column ms(String column, Metric metric, java.util.function.ToDoubleFunction<Distribution> f) {
        return new Column(column, b -> {
            Distribution d = b.metric(metric);
            return d.n() == 0 ? "" : Reports.plain(f.applyAsDouble(d), MS_DECIMALS);
        });
    }

    private static Column optionalMs(String column, Metric metric, Function<Distribution, OptionalDouble> f) {
        return new Column(column, b -> {
            Distribution d = b.metric(metric);
            return d.n() == 0 ? "" : Reports.plain(f.apply(d), MS_DECIMALS);
        });
    }
}
