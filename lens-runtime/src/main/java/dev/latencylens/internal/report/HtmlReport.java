package dev.latencylens.internal.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latencylens.internal.html.Html;
import dev.latencylens.results.AtomicFile;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.ColdStart;
import dev.latencylens.results.CostSummary;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.LoadCheck;
import dev.latencylens.results.Metric;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.ShardSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code report.html}: the run as one self-contained page a person opens in a browser, offline.
 *
 * <pre>{@code
 * Path html = HtmlReport.write(run, Path.of("target/lens"), Optional.empty(), List.of());
 * }</pre>
 *
 * <p>What it shows: a header with the run's environment (and a banner when the run was partial); the summary
 * table with each benchmark's cost and run cost ("unknown", with the reason on hover, when the price table has no
 * row) (and,
 * with two benchmarks or more, their TTFT percentiles side by side; with two models or more whose cost is known, the
 * <b>latency–cost Pareto chart</b>: TTFT p95 against cost per 1k successful requests, a point per benchmark labelled
 * with its name, the frontier joined and filled, the rest hollow, as {@link Recommendation} finds them); the extra
 * sections; then per benchmark its
 * key figures (cost, run cost, and goodput when the {@code @Sla} defines it, among them), the load self-check
 * (target vs achieved rate, dropped requests, dispatch lag, GC, CPU; red with its reasons when the client may have
 * been the bottleneck, and when a duration's open loop dropped requests),
 * warnings, and charts:
 * <ul>
 *   <li><b>latency by percentile</b>: TTFT, ICL and E2E (in open-loop patterns also TTFT (user) and response
 *       time, from the intended send time, which the {@code @Sla} judges there) against the percentile on
 *       HdrHistogram's {@code 1/(1 − p)} log scale (0 %, 90 %, 99 %, 99.9 % …, up to what the sample count
 *       supports), the SLA bounds drawn as dashed lines; the points are computed here from the encoded histograms
 *       (the page decodes nothing)</li>
 *   <li><b>histograms</b> of TTFT and E2E: counts per bucket, p50/p95/p99 marked; a far tail is folded into one
 *       overflow bar so it does not flatten the rest</li>
 *   <li><b>requests in order</b>: each request's TTFT against its place in the run (cold probe, warmup, measured
 *       requests in start order), failures in red, read from {@code requests.jsonl}; at most
 *       {@value #MAX_REQUEST_POINTS} points per benchmark (every failure, the probe, warmup and cooldown kept,
 *       successful measured requests sampled evenly)</li>
 *   <li><b>cold probe vs steady state</b>: the probe's TTFT (split into DNS, TCP, TLS, the rest of the connection
 *       setup and the server side) against the steady p50 and p99 (max below 100 requests), the cold-start bound
 *       on the server side, and the verdict</li>
 *   <li>errors by class with their example messages; the configuration and SLA bounds next to the measured
 *       values</li>
 * </ul>
 * A {@code SWEEP} yields one result per step ({@code <name> [sync]}, {@code [max]}, {@code [2.50 req/s]}), each
 * shown as above (the requests chart only when {@code requests.jsonl} has lines under the step's name); before
 * its first step comes one card for the whole sweep: the <b>latency-versus-throughput</b> chart (x achieved
 * requests/s, y TTFT p50 and p95 and E2E p95 of each step, open-loop steps from the intended send time; steps
 * that missed the {@code @Sla} hollow; the capacity at SLO marked) and the steps as a table.
 * and a footer with the metric definitions.
 *
 * <p>Self-contained: CSS and JavaScript are inline, charts are SVG drawn by a few hundred lines of plain
 * JavaScript, nothing is loaded from anywhere. A Content-Security-Policy allows no network access and runs only
 * the page's own two scripts (by hash). Every text from the run (names, models, error messages, warnings) is
 * HTML-escaped, and the chart data is embedded as JSON in a non-executed {@code <script type="application/json">}
 * with {@code <}, {@code >}, {@code &} and line separators escaped, so no text can close a tag or run code.
 *
 * <p>The extra sections are trusted HTML fragments from other components (e.g. the regression analysis), placed
 * after the summary, each in its own card. They are inserted as they are: whoever builds them escapes what they
 * contain. Scripts and inline event handlers in them do not run (the page's CSP); inline styles do.
 *
 * <p>If the page's script fails, the error is shown at the top of the page ({@code <pre id="js-errors">}), and
 * once the charts are drawn {@code <body data-charts-drawn="N">} says how many (tests check both in a headless
 * browser).
 *
 * <p>This class writes the page's markup; the charts' data is {@link HtmlChartData}'s, the requests in order are
 * read by {@link RequestPoints}, and escaping is {@link Html}'s.
 */
public final class HtmlReport {

    public static final String FILE_NAME = "report.html";

    /** At most this many requests per benchmark are drawn in the requests chart. */
    public static final int MAX_REQUEST_POINTS = RequestPoints.MAX_POINTS;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CSS = resource("report.css");
    private static final String GUARD_JS = resource("report-errors.js");
    private static final String CHARTS_JS = resource("report.js");

    private HtmlReport() {
    }

    /** Writes {@code directory/report.html}, with per-request data from {@code directory/requests.jsonl} if any. */
    public static Path write(RunResult run, Path directory) throws IOException {
        return write(run, directory, Optional.empty(), List.of());
    }

    /**
     * Writes {@code directory/report.html} atomically.
     *
     * @param requestsJsonl the run's {@code requests.jsonl}; when empty, {@code directory/requests.jsonl} is used if
     *                      it exists. Without it the requests chart says so and the rest of the page is complete.
     * @param extraSections trusted HTML fragments, each shown in its own card after the summary
     */
    public static Path write(RunResult run, Path directory, Optional<Path> requestsJsonl, List<String> extraSections)
            throws IOException {
        Optional<Path> requests = requestsJsonl.isPresent() ? requestsJsonl
                : Optional.of(directory.resolve(RequestLogWriter.FILE_NAME)).filter(Files::isRegularFile);
        return AtomicFile.write(directory.resolve(FILE_NAME), render(run, requests, extraSections));
    }

    /**
     * The whole page.
     *
     * @param requestsJsonl the run's {@code requests.jsonl}, read if present and existing
     * @throws IOException when {@code requestsJsonl} exists but cannot be read
     */
    public static String render(RunResult run, Optional<Path> requestsJsonl, List<String> extraSections)
            throws IOException {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(extraSections, "extraSections");
        boolean haveRequests = requestsJsonl.isPresent() && Files.isRegularFile(requestsJsonl.get());
        Map<String, RequestPoints> requests = haveRequests ? RequestPoints.read(requestsJsonl.get(), run) : Map.of();

        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'; img-src data:; script-src '").append(Html.cspHash(GUARD_JS))
                .append("' '").append(Html.cspHash(CHARTS_JS)).append("'\">\n")
                .append("<meta name=\"generator\" content=\"Latency Lens ")
                .append(escape(run.environment().lensVersion())).append("\">\n")
                .append("<title>Latency Lens report · ").append(escape(run.started().toString()))
                .append("</title>\n<style>").append(CSS).append("</style>\n")
                .append("<script>").append(GUARD_JS).append("</script>\n</head>\n<body>\n")
                .append("<pre id=\"js-errors\" class=\"js-errors\" hidden></pre>\n");
        header(h, run);
        h.append("<main>\n");
        Optional<Recommendation> pareto = Recommendation.forChart(run);
        summary(h, run, pareto);
        for (String extra : extraSections) {
            h.append("<section class=\"card extra\">\n").append(extra).append("\n</section>\n");
        }
        List<ReportViews.Sweep> sweeps = ReportViews.sweeps(run);
        for (int i = 0; i < run.benchmarks().size(); i++) {
            ReportViews.sweepStartingAt(sweeps, i).ifPresent(s -> sweep(h, s, sweeps.indexOf(s)));
            benchmark(h, run.benchmarks().get(i), i, requests.get(run.benchmarks().get(i).descriptor().name()),
                    haveRequests, ReportViews.inSweep(sweeps, i));
        }
        h.append("</main>\n");
        footer(h);
        h.append("<script type=\"application/json\" id=\"lens-data\">")
                .append(Html.scriptSafe(json(HtmlChartData.of(run, requests, sweeps, pareto))))
                .append("</script>\n<script>").append(CHARTS_JS).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    // ---- static HTML --------------------------------------------------------------------------------------------

    private static void header(StringBuilder h, RunResult run) {
        RunResult.Environment env = run.environment();
        h.append("<header class=\"top\">\n<div class=\"top-inner\">\n")
                .append("<div class=\"brand\"><span class=\"logo\" aria-hidden=\"true\"></span>Latency Lens</div>\n")
                .append("<h1>Benchmark report</h1>\n<p class=\"subtitle\">")
                .append(run.benchmarks().size()).append(run.benchmarks().size() == 1 ? " benchmark" : " benchmarks")
                .append(" · started ").append(escape(Reports.when(run.started()))).append(" · took ")
                .append(escape(Reports.duration(run))).append("</p>\n<ul class=\"env\">")
                .append(chip("Lens", env.lensVersion())).append(chip("JVM", env.jvm())).append(chip("OS", env.os()))
                .append(chip("Cores", Integer.toString(env.cores()))).append(chip("Host", env.host()))
                .append(run.shard().map(s -> chip("Shard", s.index() + " of " + s.count() + " · clock "
                        + ReportViews.clockOffset(s))).orElse(""))
                .append("</ul>\n</div>\n</header>\n");
        if (run.partial()) {
            h.append("<div class=\"banner partial\" role=\"alert\"><strong>Partial run.</strong> The run was"
                    + " interrupted before the end: the figures cover only the requests that finished.</div>\n");
        }
    }

    private static String chip(String label, String value) {
        return "<li><span>" + escape(label) + "</span>" + escape(value) + "</li>";
    }

    private static void summary(StringBuilder h, RunResult run, Optional<Recommendation> pareto) {
        h.append("<section class=\"card\" id=\"summary\">\n<h2>Summary</h2>\n");
        if (run.benchmarks().isEmpty()) {
            h.append("<p class=\"muted\">No benchmark ran.</p>\n</section>\n");
            return;
        }
        h.append("<div class=\"table-wrap\"><table class=\"summary\">\n<thead><tr><th>Benchmark</th>")
                .append("<th>Provider / model</th><th>Pattern</th><th class=\"num\">n</th>")
                .append("<th class=\"num\">TTFT p50</th><th class=\"num\">TTFT p95</th><th class=\"num\">ICL p50</th>")
                .append("<th class=\"num\">E2E p95</th><th class=\"num\">Out tok/s</th><th class=\"num\">Errors</th>")
                .append("<th class=\"num\">Cost</th><th class=\"num\">Run cost</th><th>Cold start</th></tr></thead>\n")
                .append("<tbody>\n");
        for (int i = 0; i < run.benchmarks().size(); i++) {
            BenchmarkResult b = run.benchmarks().get(i);
            Distribution ttft = b.metric(Metric.TTFT);
            Distribution icl = b.metric(Metric.ICL);
            Distribution e2e = b.metric(Metric.E2E);
            long failed = Reports.failed(b);
            h.append("<tr><td><a href=\"#").append(anchor(b, i)).append("\">").append(escape(b.descriptor().name()))
                    .append("</a>").append(b.partial() ? " <span class=\"tag warn\">partial</span>" : "")
                    .append("</td><td>").append(escape(b.descriptor().provider())).append(" / ")
                    .append(escape(b.descriptor().model())).append("</td><td>")
                    .append(b.descriptor().pattern().name()).append("</td><td class=\"num\">")
                    .append(b.reliability().attempted()).append("</td><td class=\"num\">").append(ms(ttft, ttft.p50()))
                    .append("</td><td class=\"num\">").append(ms(ttft, ttft.p95()))
                    .append("</td><td class=\"num\">").append(ms(icl, icl.p50()))
                    .append("</td><td class=\"num\">").append(ms(e2e, e2e.p95()))
                    .append("</td><td class=\"num\">")
                    .append(String.format(Locale.ROOT, "%.1f", b.throughput().outputTokensPerSecond()))
                    .append("</td><td class=\"num").append(failed > 0 ? " bad" : "").append("\">")
                    .append(failed == 0 ? "0" : String.format(Locale.ROOT, "%d (%.1f%%)", failed,
                            100.0 * failed / Math.max(1, b.reliability().attempted())))
                    .append("</td><td class=\"num\">").append(costCell(b.cost()))
                    .append("</td><td class=\"num\">").append(costCell(b.runCost()))
                    .append("</td><td>").append(coldTag(b.coldStart())).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table></div>\n<p class=\"note\">Latencies in milliseconds; n = attempted measured"
                + " requests; cost of the measured requests, run cost of every billed request (cold probe, warmup,"
                + " cooldown and retried attempts included; hover an unknown cost for why).</p>\n");
        if (run.benchmarks().size() > 1) {
            h.append("<figure class=\"chart\" data-chart=\"compare\"><figcaption>TTFT across benchmarks"
                    + " <span class=\"muted\">p50 · p90 · p95 · p99 (when n ≥ 100) · max</span></figcaption>"
                    + "</figure>\n");
        }
        if (pareto.isPresent()) {
            h.append("<figure class=\"chart\" data-chart=\"pareto\"><figcaption>Latency vs cost <span"
                    + " class=\"muted\">TTFT p95 (as the @Sla judges it) against cost per 1k successful requests;"
                    + " filled: on the Pareto frontier (no other benchmark is as fast and as cheap)</span>"
                    + "</figcaption></figure>\n");
        }
        h.append("</section>\n");
    }

    private static String costCell(CostSummary cost) {
        if (cost.known()) {
            return escape(ReportViews.costTotal(cost));
        }
        return "<span class=\"tag warn\" title=\"" + escape(cost.warning().orElse("no price")) + "\">unknown</span>";
    }

    private static String coldTag(ColdStart c) {
        if (!c.probed()) {
            return "<span class=\"tag\">no probe</span>";
        }
        if (c.detected()) {
            return "<span class=\"tag cold\">+" + escape(Reports.ms(c.penaltyMs().orElse(0))) + " ms</span>";
        }
        return "<span class=\"tag ok\">none</span>";
    }

    private static void benchmark(StringBuilder h, BenchmarkResult b, int index, RequestPoints requests,
                                  boolean requestsRead, boolean sweepStep) {
        BenchmarkDescriptor d = b.descriptor();
        h.append("<section class=\"card bench\" id=\"").append(anchor(b, index)).append("\">\n")
                .append("<div class=\"bench-head\"><h2>").append(escape(d.name()))
                .append("</h2>\n<div class=\"badges\">")
                .append("<span class=\"badge\">").append(escape(d.provider())).append(" / ").append(escape(d.model()))
                .append("</span><span class=\"badge\">").append(d.pattern().name()).append("</span>")
                .append("<span class=\"badge\">").append(d.iterations()).append(" requests · warmup ")
                .append(d.warmup()).append(" · concurrency ").append(d.concurrency()).append("</span>")
                .append(b.partial() ? "<span class=\"badge warn\">partial</span>" : "")
                .append("</div></div>\n");
        b.allFailed().ifPresent(f -> h.append("<div class=\"banner partial\" role=\"alert\"><strong>No request"
                + " succeeded.</strong> ").append(escape(f.message())).append("</div>\n"));
        tiles(h, b);
        ReportViews.serverSplit(b).ifPresent(split -> h.append("<p class=\"split\"><strong>Server vs path</strong> ")
                .append(escape(split)).append("</p>\n"));
        b.connections().finding().ifPresent(f -> h.append("<p class=\"finding warn\">").append(escape(f))
                .append("</p>\n"));
        loadCheck(h, b);
        List<String> warnings = new ArrayList<>(b.warnings());
        b.cost().warning().ifPresent(warnings::add);
        if (!warnings.isEmpty()) {
            h.append("<ul class=\"warnings\">");
            for (String w : warnings) {
                h.append("<li>").append(escape(w)).append("</li>");
            }
            h.append("</ul>\n");
        }
        String bench = " data-bench=\"" + index + "\"";
        h.append("<div class=\"grid\">\n")
                .append("<figure class=\"chart wide\" data-chart=\"curve\"").append(bench)
                .append("><figcaption>Latency by percentile <span class=\"muted\">")
                .append(ReportViews.openLoop(b) ? "TTFT (user) · response time (from the intended send time: what"
                        + " the @Sla judges) · TTFT · ICL · E2E" : "TTFT · ICL · E2E")
                .append(", from the recorded histograms</span></figcaption></figure>\n")
                .append("<figure class=\"chart\" data-chart=\"hist\" data-metric=\"ttft\"").append(bench)
                .append("><figcaption>TTFT histogram</figcaption></figure>\n")
                .append("<figure class=\"chart\" data-chart=\"hist\" data-metric=\"e2e\"").append(bench)
                .append("><figcaption>E2E histogram</figcaption></figure>\n");
        if (sweepStep && requests == null) {
            // The request log files a sweep's requests under the swept benchmark's name, not per step.
            h.append("<p class=\"note wide\">Requests in order: not drawn per step of a sweep (requests.jsonl"
                    + " files a sweep's requests under its benchmark's name).</p>\n");
        } else {
            requestsChart(h, bench, requests, requestsRead);
        }
        h.append("<figure class=\"chart\" data-chart=\"cold\"").append(bench)
                .append("><figcaption>Cold probe vs steady state</figcaption><p class=\"verdict")
                .append(b.coldStart().detected() ? " cold" : "").append("\">")
                .append(escape(b.coldStart().verdict())).append("</p></figure>\n");
        sla(h, b);
        errors(h, b);
        shards(h, b);
        config(h, b);
        h.append("</div>\n</section>\n");
    }

    /** A merged result's shards, each as it measured on its own. */
    private static void shards(StringBuilder h, BenchmarkResult b) {
        if (b.shards().isEmpty()) {
            return;
        }
        h.append("<div class=\"panel wide shards\"><h3>Shards</h3>\n<table class=\"shards\"><thead><tr>")
                .append("<th class=\"num\">Shard</th><th>Host</th><th class=\"num\">Requests</th>")
                .append("<th class=\"num\">Errors</th><th class=\"num\">TTFT p50</th><th class=\"num\">TTFT p95</th>")
                .append("<th class=\"num\">E2E p50</th><th class=\"num\">E2E p95</th>")
                .append("<th class=\"num\">Clock offset</th><th>Cold start</th></tr></thead><tbody>\n");
        for (ShardSummary s : b.shards()) {
            h.append("<tr><td class=\"num\">").append(s.shard().index()).append("</td><td>")
                    .append(escape(s.shard().host())).append("</td><td class=\"num\">").append(s.attempted())
                    .append("</td><td class=\"num\">").append(s.errors()).append("</td><td class=\"num\">")
                    .append(Reports.ms(s.ttftP50Ms())).append(" ms</td><td class=\"num\">")
                    .append(Reports.ms(s.ttftP95Ms())).append(" ms</td><td class=\"num\">")
                    .append(Reports.ms(s.e2eP50Ms())).append(" ms</td><td class=\"num\">")
                    .append(Reports.ms(s.e2eP95Ms())).append(" ms</td><td class=\"num\">")
                    .append(escape(ReportViews.clockOffset(s.shard()))).append("</td><td>")
                    .append(escape(s.coldStart().verdict())).append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n");
    }

    private static void requestsChart(StringBuilder h, String bench, RequestPoints requests, boolean requestsRead) {
        h.append("<figure class=\"chart wide\" data-chart=\"requests\"").append(bench)
                .append("><figcaption>TTFT of each request, in start order <span class=\"muted\">");
        if (requests != null) {
            h.append(requests.total() == requests.points().size() ? "all " + requests.total() + " requests"
                    : requests.points().size() + " of " + requests.total() + " requests shown (all failures, probe,"
                    + " warmup and cooldown; the rest sampled evenly)");
        } else {
            h.append(requestsRead ? "no line of requests.jsonl belongs to this benchmark"
                    : "requests.jsonl not found: write it with lens.reportsDirectory");
        }
        h.append("</span></figcaption></figure>\n");
    }

    private static void tiles(StringBuilder h, BenchmarkResult b) {
        Distribution ttft = b.metric(Metric.TTFT);
        Distribution icl = b.metric(Metric.ICL);
        Distribution tpot = b.metric(Metric.TPOT);
        Distribution e2e = b.metric(Metric.E2E);
        h.append("<div class=\"tiles\">");
        tile(h, "TTFT p50", ms(ttft, ttft.p50()), "ms", Metric.TTFT.key());
        tile(h, ttft.p99().isPresent() ? "TTFT p99" : "TTFT p95",
                ms(ttft, ttft.p99().orElse(ttft.p95())), "ms", Metric.TTFT.key());
        tile(h, "ICL p50", ms(icl, icl.p50()), "ms", Metric.ICL.key());
        tile(h, "TPOT p50", ms(tpot, tpot.p50()), "ms", "");
        tile(h, "E2E p95", ms(e2e, e2e.p95()), "ms", Metric.E2E.key());
        if (ReportViews.openLoop(b)) {
            Distribution user = b.metric(Metric.USER_TTFT);
            Distribution response = b.metric(Metric.RESPONSE_TIME);
            tile(h, "TTFT (user) p95", ms(user, user.p95()), "ms", "uttft", "from the intended send time");
            tile(h, "Response p95", ms(response, response.p95()), "ms", "resp", "queueing included");
        }
        double out = b.throughput().outputTokensPerSecond();
        tile(h, "Output", String.format(Locale.ROOT, out >= 1000 ? "%,.0f" : "%.1f", out), "tok/s", "");
        long attempted = b.reliability().attempted();
        tile(h, "Success", attempted == 0 ? "–" : String.format(Locale.ROOT, "%.1f", 100 * b.reliability()
                .successRate()), "%", Reports.failed(b) > 0 ? "bad" : "good");
        ColdStart c = b.coldStart();
        tile(h, "Cold start", !c.probed() ? "–" : c.detected() ? "+" + Reports.ms(c.penaltyMs().orElse(0)) : "none",
                c.detected() ? "ms" : "", c.detected() ? "cold" : "");
        tile(h, "Reused conn.", b.connections().requests() == 0 ? "–"
                        : String.format(Locale.ROOT, "%.0f", 100 * b.connections().reuseRate()), "%",
                b.connections().closesConnections() ? "warn" : "", b.connections().staleRetries() + " stale "
                        + (b.connections().staleRetries() == 1 ? "retry" : "retries"));
        if (b.goodput().defined()) {
            tile(h, "Goodput", String.format(Locale.ROOT, "%.2f", b.goodput().requestsPerSecond()), "req/s",
                    "goodput", b.goodput().good() + "/" + attempted + " good");
        }
        CostSummary cost = b.cost();
        if (cost.known()) {
            tile(h, "Cost", ReportViews.amount(cost.total().orElseThrow()), cost.currency().orElse(""), "cost",
                    cost.perThousandSuccessful().map(v -> ReportViews.amount(v) + " per 1k ok")
                            .orElse("no successful request"));
        } else {
            tile(h, "Cost", "unknown", "", "warn", "no price: see warnings");
        }
        CostSummary run = b.runCost();
        tile(h, "Run cost", run.total().map(ReportViews::amount).orElse("unknown"), run.currency().orElse(""),
                run.known() ? "cost" : "warn", run.requests() + " billed, probe to cooldown");
        h.append("</div>\n");
    }

    private static void tile(StringBuilder h, String label, String value, String unit, String cls) {
        tile(h, label, value, unit, cls, "");
    }

    /** A key figure; {@code note} (may be empty) is a small line under the value. */
    private static void tile(StringBuilder h, String label, String value, String unit, String cls, String note) {
        h.append("<div class=\"tile ").append(cls).append("\"><div class=\"label\">").append(escape(label))
                .append("</div><div class=\"value\">").append(escape(value))
                .append(value.equals("–") || unit.isEmpty() ? "" : "<small>" + escape(unit) + "</small>")
                .append("</div>")
                .append(note.isEmpty() ? "" : "<div class=\"sub\">" + escape(note) + "</div>")
                .append("</div>");
    }

    /**
     * The load self-check: the target and achieved rates and the client's own figures; red, with the reasons,
     * when the client may have been the bottleneck, and with what it means when requests were dropped.
     */
    private static void loadCheck(StringBuilder h, BenchmarkResult b) {
        LoadCheck l = b.load();
        boolean bad = l.clientLimited() || l.dropped() > 0;
        h.append("<div class=\"loadcheck ").append(bad ? "bad" : "ok").append("\">")
                .append("<div class=\"loadcheck-head\"><strong>")
                .append(l.clientLimited() ? "Client-limited" : l.dropped() > 0 ? "Requests dropped"
                        : "Load self-check passed")
                .append("</strong> <span class=\"loadcheck-figures\">").append(escape(ReportViews.loadFigures(l)))
                .append("</span></div>");
        if (l.clientLimited()) {
            h.append("<p>The client, not the provider, may have set these numbers:</p><ul class=\"reasons\">");
            for (String reason : l.reasons().isEmpty() ? List.of("the load self-check failed") : l.reasons()) {
                h.append("<li>").append(escape(reason)).append("</li>");
            }
            h.append("</ul>");
        }
        ReportViews.droppedLine(l).ifPresent(d -> h.append("<p class=\"dropped\">").append(escape(d)).append("</p>"));
        h.append("</div>\n");
    }

    /**
     * A swept benchmark, once, before its first step: the latency-versus-throughput chart (x achieved req/s, y TTFT
     * p50 and p95 and E2E p95, the capacity at SLO marked) and the steps as a table.
     */
    private static void sweep(StringBuilder h, ReportViews.Sweep s, int sweepIndex) {
        OptionalDouble capacity = s.capacity();
        h.append("<section class=\"card sweep\" id=\"sweep-").append(sweepIndex).append("\">\n")
                .append("<div class=\"bench-head\"><h2>").append(escape(s.name()))
                .append(" <span class=\"muted\">sweep</span></h2>\n<div class=\"badges\"><span class=\"badge\">")
                .append(s.steps().size()).append(s.steps().size() == 1 ? " step" : " steps").append("</span>")
                .append("<span class=\"badge ").append(capacity.isPresent() ? "good" : "warn").append("\">")
                .append(capacity.isPresent() ? "capacity at SLO " + escape(ReportViews.rate(capacity.getAsDouble()))
                        : "no capacity at SLO").append("</span></div></div>\n")
                .append("<p class=\"capacity\">").append(escape(s.capacityLine())).append("</p>\n")
                .append("<figure class=\"chart\" data-chart=\"sweep\" data-sweep=\"").append(sweepIndex)
                .append("\"><figcaption>Latency vs throughput <span class=\"muted\">one point per step; Poisson"
                        + " steps from the intended send time (TTFT (user), response time), as the @Sla judges"
                        + " them</span></figcaption></figure>\n");
        h.append("<div class=\"table-wrap\"><table class=\"steps\"><thead><tr><th>Step</th><th>Pattern</th>")
                .append("<th class=\"num\">Achieved req/s</th><th class=\"num\">TTFT p50</th>")
                .append("<th class=\"num\">TTFT p95</th><th class=\"num\">E2E p95</th><th>SLA met</th>")
                .append("</tr></thead><tbody>\n");
        for (int k = 0; k < s.steps().size(); k++) {
            BenchmarkResult r = s.steps().get(k);
            Distribution ttft = ReportViews.judgedTtft(r);
            Distribution e2e = ReportViews.judgedE2e(r);
            boolean met = r.slaMet();
            h.append("<tr><td><a href=\"#").append(anchor(r, s.firstIndex() + k)).append("\">")
                    .append(escape(ReportViews.stepLabel(r).orElse(r.descriptor().name()))).append("</a>")
                    .append(r.partial() ? " <span class=\"tag warn\">partial</span>" : "")
                    .append("</td><td>").append(r.descriptor().pattern().name())
                    .append("</td><td class=\"num\">").append(fixed(r.throughput().requestsPerSecond(), 2))
                    .append("</td><td class=\"num\">").append(ms(ttft, ttft.p50()))
                    .append("</td><td class=\"num\">").append(ms(ttft, ttft.p95()))
                    .append("</td><td class=\"num\">").append(ms(e2e, e2e.p95()))
                    .append("</td><td class=\"").append(met ? "good" : "bad").append("\">").append(met ? "yes" : "no")
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n<p class=\"note\">Latencies in milliseconds; achieved req/s: successful"
                + " requests per second of the step's measured window.")
                .append(s.steps().get(0).descriptor().sla().isEmpty()
                        ? " No @Sla bound is set: every step counts as meeting it." : "")
                .append("</p>\n</section>\n");
    }

    private static void errors(StringBuilder h, BenchmarkResult b) {
        h.append("<div class=\"panel errors\"><h3>Errors by class</h3>\n");
        if (b.reliability().errors().isEmpty()) {
            h.append("<p class=\"muted\">No request failed (").append(b.reliability().attempted())
                    .append(" attempted).</p></div>\n");
            return;
        }
        long attempted = Math.max(1, b.reliability().attempted());
        h.append("<table class=\"errors\"><thead><tr><th>Class</th><th class=\"num\">Count</th><th>Share</th>")
                .append("<th>Examples</th></tr></thead><tbody>\n");
        b.reliability().errors().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            double share = 100.0 * e.getValue().count() / attempted;
            h.append("<tr><td><code>").append(e.getKey().name()).append("</code></td><td class=\"num\">")
                    .append(e.getValue().count()).append("</td><td><span class=\"share\"><span style=\"width:")
                    .append(fixed(Math.min(100, Math.max(1, share)), 1)).append("%\"></span></span> ")
                    .append(fixed(share, 1)).append(" %</td><td><ul class=\"examples\">");
            for (String example : e.getValue().examples()) {
                h.append("<li><code>").append(escape(example)).append("</code></li>");
            }
            h.append("</ul></td></tr>\n");
        });
        h.append("</tbody></table></div>\n");
    }

    private static void config(StringBuilder h, BenchmarkResult b) {
        BenchmarkDescriptor d = b.descriptor();
        h.append("<div class=\"panel config\"><h3>Configuration</h3><dl class=\"kv-grid\">");
        if (!d.className().isEmpty()) {
            kv(h, "source", d.className() + "#" + d.methodName());
        }
        kv(h, "provider / model", d.provider() + " / " + d.model());
        kv(h, "pattern", d.pattern().name() + (d.rate() > 0 ? " at " + Reports.plain(d.rate(), 3) + " req/s" : ""));
        kv(h, "iterations · warmup", d.iterations() + " · " + d.warmup());
        kv(h, "concurrency", Integer.toString(d.concurrency()));
        kv(h, "max tokens", Integer.toString(d.maxTokens()));
        kv(h, "temperature", d.temperature().isPresent() ? Reports.plain(d.temperature().getAsDouble(), 3)
                : "provider default");
        kv(h, "timeout", d.timeoutMs() + " ms");
        if (!d.tags().isEmpty()) {
            kv(h, "tags", String.join(", ", d.tags()));
        }
        kv(h, "tokens in / out", b.tokens().input() + " / " + b.tokens().output() + " (" + b.tokens().source() + ")");
        kv(h, "throughput", String.format(Locale.ROOT, "%.2f req/s · %.1f out tok/s over %.1f s",
                b.throughput().requestsPerSecond(), b.throughput().outputTokensPerSecond(),
                b.throughput().windowSeconds()));
        h.append("</dl></div>\n");
    }

    private static void sla(StringBuilder h, BenchmarkResult b) {
        BenchmarkDescriptor d = b.descriptor();
        h.append("<div class=\"panel sla\"><h3>SLA bounds</h3>");
        if (d.sla().isEmpty()) {
            h.append("<p class=\"muted\">No bound set (@Sla).</p>");
        } else {
            h.append("<table class=\"sla\"><thead><tr><th>Bound</th><th class=\"num\">Measured</th></tr></thead>"
                    + "<tbody>");
            d.sla().bounds().forEach((key, bound) -> {
                if (bound.isPresent()) {
                    OptionalDouble measured = ReportViews.measured(b, key);
                    boolean over = measured.isPresent() && (key.startsWith("min")
                            ? measured.getAsDouble() < bound.getAsDouble()
                            : measured.getAsDouble() > bound.getAsDouble());
                    h.append("<tr><td>").append(escape(MarkdownReport.slaBound(key, bound.getAsDouble())))
                            .append("</td><td class=\"num").append(over ? " bad" : " good").append("\">")
                            .append(measured.isPresent() ? escape(slaValue(key, measured.getAsDouble()))
                                    : "n/a").append("</td></tr>");
                }
            });
            h.append("</tbody></table><p class=\"note\">Measured values as this report reads them")
                    .append(ReportViews.openLoop(b) ? " (open loop: TTFT bounds against TTFT (user), E2E bounds"
                            + " against response time, from the intended send time)" : "")
                    .append("; the SLA check of the build has the final word.</p>");
        }
        h.append("</div>\n");
    }

    private static String slaValue(String key, double value) {
        return switch (key) {
            case "maxErrorRate" -> fixed(value * 100, 2) + " %";
            case "minOutputTokensPerSecond" -> fixed(value, 1) + " tok/s";
            default -> Reports.ms(value) + " ms";
        };
    }

    private static void kv(StringBuilder h, String key, String value) {
        h.append("<div><dt>").append(escape(key)).append("</dt><dd>").append(escape(value)).append("</dd></div>");
    }

    private static void footer(StringBuilder h) {
        h.append("<footer class=\"card defs\">\n<h2>Metric definitions</h2>\n<dl>\n");
        for (String[] d : MarkdownReport.DEFINITIONS) {
            h.append("<dt>").append(escape(d[0])).append("</dt><dd>").append(escape(d[1])).append("</dd>\n");
        }
        h.append("</dl>\n<p class=\"note\">Percentiles are nearest-rank from HdrHistograms (3 significant digits);"
                + " p99 needs 100 requests, p99.9 needs 1000. Only measured requests count, latencies only from"
                + " successful ones. All stamps are System.nanoTime() in the client.</p>\n</footer>\n");
    }

    private static String anchor(BenchmarkResult b, int index) {
        return "b" + index + "-" + b.id().replaceAll("[^A-Za-z0-9_-]", "-");
    }

    private static String ms(Distribution d, double value) {
        return d.n() == 0 ? "–" : Reports.ms(value);
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String json(ObjectNode data) {
        try {
            return MAPPER.writeValueAsString(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing a tree to a String does not fail
        }
    }

    // ---- escaping and resources ---------------------------------------------------------------------------------

    /** Text safe in HTML content and in quoted attribute values ({@link Html#escape}). */
    public static String escape(String text) {
        return Html.escape(text);
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource dev/latencylens/report/" + name + " missing from the jar");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String lower = text.toLowerCase(Locale.ROOT);
            if (lower.contains("</script") || lower.contains("</style")) {
                throw new IllegalStateException(name + " must not contain a closing script or style tag");
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read resource " + name, e);
        }
    }
}
