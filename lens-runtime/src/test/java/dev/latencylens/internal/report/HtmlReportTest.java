package dev.latencylens.internal.report;

import static dev.latencylens.internal.report.ReportFixtures.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.internal.pricing.CostSummaries;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.CostSummary;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.Goodput;
import dev.latencylens.results.LoadCheck;
import dev.latencylens.results.Phase;
import dev.latencylens.results.Price;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.results.RequestRecord;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.TokenCounts;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXTRA = "<h2 id=\"regression\">Regression analysis</h2><p>No baseline yet.</p>";
    private static final Pattern JS_ERRORS = Pattern.compile("<pre id=\"js-errors\"[^>]*>(.*?)</pre>", Pattern.DOTALL);
    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"lens-data\">(.*?)</script>", Pattern.DOTALL);

    // ---- in a real browser --------------------------------------------------------------------------------------

    @Test
    void aRealRunRendersInHeadlessChromiumWithEveryChartDrawnAndNoScriptError(@TempDir Path dir) throws Exception {
        ReportFixtures.RealRun real = ReportFixtures.realRun();
        Path html = HtmlReport.write(real.run(), dir.resolve("out"), Optional.of(real.requestsJsonl()),
                List.of(EXTRA));
        String source = Files.readString(html);
        int figures = count(source, "data-chart=\"");
        assertThat(figures).as("compare + 5 charts per benchmark").isEqualTo(1 + 5 * real.run().benchmarks().size());

        ReportBrowser.Page page = ReportBrowser.load(html, dir);

        assertThat(jsErrors(page.dom())).as("script errors shown by the page").isEmpty();
        assertThat(page.log().lines().filter(l -> l.contains(":CONSOLE"))).as("browser console output").isEmpty();
        assertThat(page.dom()).contains("data-charts-drawn=\"" + figures + "\"").contains("data-charts-empty=\"0\"")
                .doesNotContain("data-drawn=\"failed\"");
        List<String> charts = figures(page.dom());
        assertThat(charts).hasSize(figures).allSatisfy(f -> assertThat(f).contains("data-drawn=\"true\"")
                .contains("<svg").containsPattern("<(path|rect|circle) "));
        assertThat(charts.stream().filter(f -> f.contains("data-chart=\"curve\"")))
                .allSatisfy(f -> assertThat(count(f, "class=\"curve\"")).as("TTFT, ICL, E2E").isEqualTo(3));
        assertThat(charts.stream().filter(f -> f.contains("data-chart=\"hist\"")))
                .allSatisfy(f -> assertThat(count(f, "class=\"bar")).isGreaterThan(3));
        assertThat(charts.stream().filter(f -> f.contains("data-chart=\"requests\"")))
                .allSatisfy(f -> assertThat(f).contains("class=\"pts measured").contains("class=\"pts cold\""));
        String flakyRequests = charts.stream().filter(f -> f.contains("data-chart=\"requests\" data-bench=\"1\""))
                .findFirst().orElseThrow();
        assertThat(flakyRequests).as("the flaky benchmark's failures").contains("class=\"fail-mark\"");
        assertThat(charts.stream().filter(f -> f.contains("data-chart=\"cold\"")))
                .allSatisfy(f -> assertThat(count(f, "class=\"hbar")).isGreaterThanOrEqualTo(3));
        String steadyCurve = charts.stream().filter(f -> f.contains("data-chart=\"curve\" data-bench=\"0\""))
                .findFirst().orElseThrow();
        assertThat(count(steadyCurve, "class=\"sla-line\"")).as("TTFT p95 and E2E p99 bounds").isEqualTo(2);

        // The hostile name is text in the DOM, nothing ran from it; the extra section is there.
        assertThat(page.dom()).contains("flaky &lt;script&gt;alert('x')&lt;/script&gt; | \"q\", a&amp;b")
                .doesNotContain("<script>alert").contains("<h2 id=\"regression\">Regression analysis</h2>");
    }

    @Test
    void aSweepDrawsItsLatencyVersusThroughputChartOnceAndOpenLoopStepsTheirUserLatencies(@TempDir Path dir)
            throws Exception {
        ReportFixtures.RealRun sweep = ReportFixtures.sweepRun();
        RunResult run = sweep.run();
        Path html = HtmlReport.write(run, dir.resolve("out"), Optional.of(sweep.requestsJsonl()), List.of());
        String source = Files.readString(html);
        int figures = count(source, "data-chart=\"");
        assertThat(count(source, "data-chart=\"sweep\"")).as("once per swept benchmark").isEqualTo(1);
        assertThat(source.indexOf("id=\"sweep-0\"")).isLessThan(source.indexOf("<h2>s [sync]</h2>"));
        // requests.jsonl files each step's requests under the step's name: every step has its requests chart.
        assertThat(figures).as("compare, sweep, 5 per step").isEqualTo(1 + 1 + 4 * 5);
        assertThat(source).doesNotContain("not drawn per step of a sweep");

        ReportBrowser.Page page = ReportBrowser.load(html, dir);

        assertThat(jsErrors(page.dom())).as("script errors shown by the page").isEmpty();
        assertThat(page.log().lines().filter(l -> l.contains(":CONSOLE"))).as("browser console output").isEmpty();
        assertThat(page.dom()).contains("data-charts-drawn=\"" + figures + "\"").contains("data-charts-empty=\"0\"");
        List<String> charts = figures(page.dom());
        String sweepChart = charts.stream().filter(f -> f.contains("data-chart=\"sweep\"")).findFirst().orElseThrow();
        assertThat(sweepChart).contains("data-drawn=\"true\"");
        assertThat(count(sweepChart, "class=\"sweep-line")).as("TTFT p50, TTFT p95, E2E p95").isEqualTo(3);
        assertThat(count(sweepChart, "class=\"sweep-dot")).as("3 per step").isEqualTo(12);
        assertThat(count(sweepChart, "class=\"capacity-line\"")).isEqualTo(1);
        assertThat(sweepChart).contains(String.format(java.util.Locale.ROOT, "capacity at SLO %.2f req/s",
                run.benchmarks().stream().mapToDouble(r -> r.throughput().requestsPerSecond()).max().orElseThrow()))
                .contains(">sync</text>").contains(">max</text>");
        for (int i = 0; i < 4; i++) {
            boolean open = run.benchmarks().get(i).descriptor().pattern().isOpenLoop();
            String curve = charts.stream().filter(f -> f.contains("data-chart=\"curve\" data-bench=\""))
                    .toList().get(i);
            assertThat(count(curve, "class=\"curve\"")).as("step %d", i).isEqualTo(open ? 5 : 3);
            if (open) {
                assertThat(curve).contains("TTFT (user)").contains("Response time")
                        .contains("SLA TTFT (user) p95");
            }
        }
    }

    @Test
    void severalModelsWithAKnownCostGetTheParetoChartEachPointLabelledTheFrontierFilled(@TempDir Path dir)
            throws Exception {
        // fast and dear, slow and cheap: both on the frontier; slow and dearer than the cheap one: dominated.
        BenchmarkResult fast = priced("fast", "m-fast", "3", "15", 100);
        BenchmarkResult cheap = priced("cheap", "m-cheap", "0.5", "2", 300);
        BenchmarkResult dominated = priced("dominated <b>", "m-dominated", "1", "4", 500);
        Path html = HtmlReport.write(ReportFixtures.runOf(false, fast, cheap, dominated), dir.resolve("out"));
        String source = Files.readString(html);
        assertThat(count(source, "data-chart=\"pareto\"")).isEqualTo(1);
        JsonNode pareto = JSON.readTree(data(source)).get("pareto");
        assertThat(pareto.get("points")).extracting(p -> p.get("name").asText() + " " + p.get("frontier").asBoolean())
                .containsExactly("fast true", "cheap true", "dominated <b> false");
        assertThat(pareto.at("/points/1/cost").asDouble()).isEqualTo(0.65);
        assertThat(pareto.get("currency").asText()).isEqualTo("USD");

        ReportBrowser.Page page = ReportBrowser.load(html, dir);

        assertThat(jsErrors(page.dom())).as("script errors shown by the page").isEmpty();
        assertThat(page.log().lines().filter(l -> l.contains(":CONSOLE"))).as("browser console output").isEmpty();
        String chart = figures(page.dom()).stream().filter(f -> f.contains("data-chart=\"pareto\"")).findFirst()
                .orElseThrow();
        assertThat(chart).contains("data-drawn=\"true\"");
        assertThat(count(chart, "class=\"pareto-dot\"")).as("the frontier").isEqualTo(2);
        assertThat(count(chart, "class=\"pareto-dot off\"")).as("the dominated one").isEqualTo(1);
        assertThat(count(chart, "class=\"pareto-line\"")).isEqualTo(1);
        assertThat(chart).contains(">fast</text>").contains(">cheap</text>").contains(">dominated &lt;b&gt;</text>");
    }

    @Test
    void oneModelGetsNoParetoChartNorDoModelsWithoutAKnownCost() throws Exception {
        BenchmarkResult one = priced("one", "m-1", "1", "4", 100);
        BenchmarkResult sameModel = priced("same model, other settings", "m-1", "1", "4", 200);
        BenchmarkResult unpriced = priced("unpriced", "m-2", null, null, 50);

        String html = HtmlReport.render(ReportFixtures.runOf(false, one, sameModel, unpriced), Optional.empty(),
                List.of());

        assertThat(html).doesNotContain("data-chart=\"pareto\"");
        assertThat(JSON.readTree(data(html)).get("pareto").isNull()).isTrue();

        // Two models priced in two currencies cannot share a cost axis: the report is written without the chart.
        CostSummary euros = CostSummaries.of(Optional.of(new Price("openai", "m-2", BigDecimal.ONE, Optional.empty(),
                Optional.empty(), BigDecimal.ONE, Optional.empty(), "EUR", LocalDate.of(2025, 1, 1), "test")),
                TokenCounts.of(5000, 2000), 10, 10, 0);
        String mixed = HtmlReport.render(ReportFixtures.runOf(false, one, unpriced.toBuilder().cost(euros).build()),
                Optional.empty(), List.of());
        assertThat(mixed).doesNotContain("data-chart=\"pareto\"").contains("0.0070 EUR");
    }

    @Test
    void costGoodputAndTheLoadSelfCheckAreShownAndEscaped() throws Exception {
        BenchmarkResult limited = ReportFixtures.with(ReportFixtures.result("burst", ms(10, 12), ms(20, 22), 4, 4,
                        Map.of()), new Goodput(true, 3, 0.75, 1.5),
                ReportFixtures.clientLimited(50, 31, "the client used 95% of <all> cores"),
                ReportFixtures.unknownCost(4, 4));
        BenchmarkResult fine = ReportFixtures.with(ReportFixtures.result("fine", ms(10, 12), ms(20, 22), 4, 4,
                Map.of()), Goodput.undefined(), LoadCheck.none(), ReportFixtures.knownCost(4, 4));
        String html = HtmlReport.render(ReportFixtures.runOf(false, limited, fine), Optional.empty(), List.of());

        assertThat(html).contains("<th class=\"num\">Cost</th>")
                .contains("<td class=\"num\"><span class=\"tag warn\" title=\""
                        + HtmlReport.escape(limited.cost().warning().orElseThrow()) + "\">unknown</span></td>")
                .contains("<td class=\"num\">0.0090 USD</td>");
        assertThat(html).contains("<div class=\"label\">Cost</div><div class=\"value\">0.0090<small>USD</small>"
                + "</div><div class=\"sub\">2.2500 per 1k ok</div>")
                .contains("<div class=\"label\">Cost</div><div class=\"value\">unknown</div>")
                .contains("<div class=\"label\">Goodput</div><div class=\"value\">1.50<small>req/s</small></div>"
                        + "<div class=\"sub\">3/4 good</div>");
        assertThat(count(html, "<div class=\"label\">Goodput</div>")).as("only where defined").isEqualTo(1);
        assertThat(html).contains("<div class=\"loadcheck bad\"><div class=\"loadcheck-head\"><strong>Client-limited"
                        + "</strong> <span class=\"loadcheck-figures\">target 50.00 req/s · achieved 31.00 req/s ·"
                        + " dispatch lag p99 12.5 ms · GC 40 ms · CPU 95 %</span></div>")
                .contains("<li>the client used 95% of &lt;all&gt; cores</li>")
                .doesNotContain("<all>")
                .contains("<div class=\"loadcheck ok\"><div class=\"loadcheck-head\"><strong>Load self-check passed"
                        + "</strong> <span class=\"loadcheck-figures\">closed loop (no target rate)");
        assertThat(html).as("the reasons are in the box, not repeated among the warnings")
                .doesNotContain("<li>client-limited: ");
        assertThat(html).doesNotContain("data-chart=\"sweep\"");
        JsonNode json = JSON.readTree(data(html));
        assertThat(json.at("/benchmarks/0/series").toString()).isEqualTo("[\"ttft\",\"icl\",\"e2e\"]");
        assertThat(json.at("/benchmarks/0/open").asBoolean()).isFalse();
        assertThat(json.get("sweeps")).isEmpty();
    }

    @Test
    void aRunWithoutSuccessfulRequestsDrawsEmptyChartsWithoutErrors(@TempDir Path dir) throws Exception {
        BenchmarkResult ok = ReportFixtures.result("ok", ms(10, 12, 15, 30), ms(100, 110, 140, 200), 4, 4, Map.of());
        BenchmarkResult failed = ReportFixtures.result("all failed", ms(), ms(), 3, 0,
                Map.of(ErrorClass.CONNECTION, new BenchmarkResult.Errors(3, List.of("connection refused"))));
        Path html = HtmlReport.write(ReportFixtures.runOf(true, ok, failed), dir.resolve("out"));
        String source = Files.readString(html);
        int figures = count(source, "data-chart=\"");

        ReportBrowser.Page page = ReportBrowser.load(html, dir);

        assertThat(jsErrors(page.dom())).isEmpty();
        int drawn = attribute(page.dom(), "data-charts-drawn");
        int empty = attribute(page.dom(), "data-charts-empty");
        assertThat(drawn + empty).isEqualTo(figures);
        // ok: curve and two histograms; compare: ok's row. Empty: ok's requests and cold probe, all of failed's.
        assertThat(drawn).isEqualTo(4);
        assertThat(page.dom()).contains("No successful request: nothing to plot.")
                .contains("requests.jsonl not found").contains("Partial run.");
    }

    // ---- the page as text ---------------------------------------------------------------------------------------

    @Test
    void everyTextIsEscapedAndNothingIsLoadedFromOutside() throws Exception {
        ReportFixtures.RealRun real = ReportFixtures.realRun();
        String html = HtmlReport.render(real.run(), Optional.of(real.requestsJsonl()), List.of(EXTRA));

        assertThat(html).doesNotContain(ReportFixtures.HOSTILE_NAME).doesNotContain("<script>alert")
                .contains(HtmlReport.escape(ReportFixtures.HOSTILE_NAME))
                .contains("flaky &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; | &quot;q&quot;, a&amp;b");
        // Error examples (JSON bodies, URLs) are text too.
        real.run().benchmarks().get(1).reliability().errors().values().forEach(e -> e.examples().forEach(x ->
                assertThat(html).contains("<code>" + HtmlReport.escape(x) + "</code>")));
        assertThat(html).contains(EXTRA);

        assertThat(Pattern.compile("(?i)\\b(src|href|action|poster|srcset|data)\\s*=\\s*[\"']?\\s*(https?:)?//")
                .matcher(html).find()).as("an attribute loading from elsewhere").isFalse();
        assertThat(html).doesNotContainPattern("(?i)url\\(\\s*[\"']?\\s*(https?:)?//").doesNotContain("@import");

        // Three scripts: the error guard, the data (not executed), the charts; the CSP runs only the two by hash.
        assertThat(count(html, "<script")).isEqualTo(3);
        Matcher scripts = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
        List<String> hashes = new ArrayList<>();
        while (scripts.find()) {
            hashes.add("'sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(scripts.group(1).getBytes(StandardCharsets.UTF_8))) + "'");
        }
        assertThat(hashes).hasSize(2);
        String csp = html.substring(html.indexOf("Content-Security-Policy"), html.indexOf('>',
                html.indexOf("Content-Security-Policy")));
        assertThat(csp).contains("default-src 'none'").contains("script-src " + String.join(" ", hashes));

        String data = data(html);
        assertThat(data).doesNotContain("<").doesNotContain(">");
        JsonNode json = JSON.readTree(data);
        assertThat(json.at("/benchmarks/1/name").asText()).isEqualTo(ReportFixtures.HOSTILE_NAME);
        assertThat(json.at("/benchmarks/0/requests/total").asInt()).as("probe + warmup + measured")
                .isEqualTo(1 + 8 + 240);
    }

    @Test
    void requestsAreSampledKeepingEveryFailureAndTheColdProbe(@TempDir Path dir) throws Exception {
        BenchmarkResult big = ReportFixtures.result("big", ms(10, 20), ms(30, 40), 12_000, 11_963, Map.of());
        Path jsonl = dir.resolve("requests.jsonl");
        List<Integer> failures = new ArrayList<>();
        try (RequestLogWriter log = RequestLogWriter.in(dir)) {
            log.write(request("big", Phase.COLD, 0).ttftMs(of(900.5)).e2eMs(of(1200)).build());
            for (int i = 0; i < 12_000; i++) {
                boolean fail = i % 324 == 7;
                if (fail) {
                    failures.add(i);
                    log.write(request("big", Phase.MEASURED, i).success(false).e2eMs(of(5))
                            .error(ErrorClass.HTTP_5XX, "HTTP 503").build());
                } else {
                    log.write(request("big", Phase.MEASURED, i).ttftMs(of(10 + i % 17)).e2eMs(of(40 + i % 23))
                            .build());
                }
            }
            log.write(request("big", Phase.COOLDOWN, 0).ttftMs(of(11)).e2eMs(of(41)).build());
            log.write(request("someone else", Phase.MEASURED, 0).build());
        }
        // the last line of a killed run
        Files.writeString(jsonl, "{\"benchmark\":\"big\",\"phase\":\"meas", StandardOpenOption.APPEND);

        String html = HtmlReport.render(ReportFixtures.runOf(false, big), Optional.of(jsonl), List.of());
        JsonNode requests = JSON.readTree(data(html)).at("/benchmarks/0/requests");

        assertThat(requests.get("total").asInt()).isEqualTo(12_002);
        JsonNode points = requests.get("points");
        assertThat(points.size()).isLessThanOrEqualTo(HtmlReport.MAX_REQUEST_POINTS).isGreaterThan(4_900);
        List<Integer> failedShown = new ArrayList<>();
        int cold = 0;
        int lastX = -1;
        for (JsonNode p : points) {
            assertThat(p.get(0).asInt()).as("in start order").isGreaterThan(lastX);
            lastX = p.get(0).asInt();
            if (p.get(3).asInt() == 0) {
                cold++;
                assertThat(p.get(0).asInt()).isZero();
                assertThat(p.get(1).asDouble()).isCloseTo(900.5, within(1e-9));
            }
            if (!p.get(4).isNull()) {
                assertThat(p.get(4).asText()).isEqualTo("HTTP_5XX");
                assertThat(p.get(1).isNull()).as("no TTFT").isTrue();
                failedShown.add(p.get(0).asInt() - 1); // x = 1 + warmup (0) + index
            }
        }
        assertThat(cold).isEqualTo(1);
        assertThat(points.get(points.size() - 1).get(3).asInt()).as("the cooldown request, last").isEqualTo(3);
        assertThat(lastX).isEqualTo(1 + 12_000);
        assertThat(failedShown).containsExactlyElementsOf(failures);
        // The page says it drew a sample, and how.
        assertThat(html).contains(points.size() + " of 12002 requests shown (all failures, probe, warmup and cooldown;"
                + " the rest sampled evenly)");

        assertThat(HtmlReport.render(ReportFixtures.runOf(false, big), Optional.of(dir.resolve("missing.jsonl")),
                List.of())).contains("requests.jsonl not found").doesNotContain("no line of requests.jsonl");
    }

    @Test
    void theRequestLogNextToThePageIsFoundAndExtraSectionsArePlacedAsTheyAre(@TempDir Path dir) throws Exception {
        ReportFixtures.RealRun real = ReportFixtures.realRun();
        Files.copy(real.requestsJsonl(), dir.resolve("requests.jsonl"));

        Path written = HtmlReport.write(real.run(), dir, Optional.empty(), List.of(EXTRA));

        assertThat(written).isRegularFile().hasParent(dir);
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(JSON.readTree(data(html)).at("/benchmarks/1/requests/total").asInt()).isEqualTo(1 + 4 + 120);
        assertThat(html).contains(EXTRA);
    }

    @Test
    void histogramsFoldAFarTailIntoOneOverflowBarAndCurvesRiseToTheMax() {
        double[] values = new double[201];
        for (int i = 0; i < 200; i++) {
            values[i] = 10 + (i % 50) * 0.2; // 10 .. 19.8 ms
        }
        values[200] = 1_000; // one far outlier
        Distribution d = ms(values);

        JsonNode buckets = HtmlChartData.buckets(d);
        long counted = buckets.get("overflow").asLong();
        for (JsonNode c : buckets.get("counts")) {
            counted += c.asLong();
        }
        assertThat(counted).isEqualTo(201);
        assertThat(buckets.get("overflow").asLong()).isEqualTo(1);
        JsonNode edges = buckets.get("edges");
        assertThat(edges.size()).isEqualTo(buckets.get("counts").size() + 1);
        double width = edges.get(1).asDouble() - edges.get(0).asDouble();
        for (int i = 1; i < edges.size(); i++) {
            assertThat(edges.get(i).asDouble() - edges.get(i - 1).asDouble()).isCloseTo(width, within(1e-6));
        }
        assertThat(edges.get(edges.size() - 1).asDouble()).as("the axis ends near the body, not at 1 s")
                .isLessThan(25);

        JsonNode curve = HtmlChartData.curve(d);
        double previousP = -1;
        double previousV = -1;
        for (JsonNode point : curve) {
            assertThat(point.get(0).asDouble()).isGreaterThanOrEqualTo(previousP);
            assertThat(point.get(1).asDouble()).isGreaterThanOrEqualTo(previousV);
            previousP = point.get(0).asDouble();
            previousV = point.get(1).asDouble();
        }
        assertThat(previousP).isEqualTo(100.0);
        assertThat(previousV).isCloseTo(1_000, within(1.0));
        assertThat(HtmlChartData.buckets(ms()).get("counts")).isEmpty();
        assertThat(HtmlChartData.curve(ms())).isEmpty();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /**
     * 10 successful requests of {@code model} with TTFT {@code ttftMs}, each of 500 input and 200 output tokens,
     * priced at these USD per 1M tokens (without a price when null).
     */
    private static BenchmarkResult priced(String name, String model, String inputPrice, String outputPrice,
                                          double ttftMs) {
        double[] ttft = new double[10];
        java.util.Arrays.fill(ttft, ttftMs);
        Optional<Price> price = inputPrice == null ? Optional.empty()
                : Optional.of(Price.of("openai", model, inputPrice, outputPrice, LocalDate.of(2025, 1, 1), "test"));
        CostSummary cost = CostSummaries.of(price, TokenCounts.of(5000, 2000), 10, 10, 0);
        return ReportFixtures.result(name, ms(ttft), ms(ttft), 10, 10, Map.of()).toBuilder()
                .descriptor(BenchmarkDescriptor.builder("openai", model).name(name).iterations(10).warmup(0).build())
                .id(name.replaceAll("[^A-Za-z0-9._-]", "_")).cost(cost).runCost(cost).build();
    }

    private static String jsErrors(String dom) {
        Matcher m = JS_ERRORS.matcher(dom);
        assertThat(m.find()).as("the page's error box").isTrue();
        return m.group(1);
    }

    /** A successful request of {@code benchmark}, everything else absent. */
    private static RequestRecord.Builder request(String benchmark, Phase phase, int index) {
        return RequestRecord.builder(benchmark, phase, index).success(true);
    }

    private static OptionalDouble of(double ms) {
        return OptionalDouble.of(ms);
    }

    private static String data(String html) {
        Matcher m = DATA.matcher(html);
        assertThat(m.find()).as("the embedded chart data").isTrue();
        return m.group(1);
    }

    private static int attribute(String dom, String name) {
        Matcher m = Pattern.compile(name + "=\"(\\d+)\"").matcher(dom);
        assertThat(m.find()).as(name).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** Every {@code <figure ...>...</figure>} that holds a chart. */
    private static List<String> figures(String dom) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<figure[^>]*data-chart=.*?</figure>", Pattern.DOTALL).matcher(dom);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}
