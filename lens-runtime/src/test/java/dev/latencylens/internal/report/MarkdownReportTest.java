package dev.latencylens.internal.report;

import static dev.latencylens.internal.report.ReportFixtures.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.results.Metric;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.Goodput;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.SlaSpec;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownReportTest {

    @Test
    void aRealRunRendersTheSummaryTableAndOneSectionPerBenchmark(@TempDir Path dir) throws Exception {
        RunResult run = ReportFixtures.realRun().run();
        String md = Files.readString(MarkdownReport.write(run, dir));

        assertThat(md).startsWith("# Latency Lens results\n");
        assertThat(md).contains(run.environment().jvm()).contains(run.environment().cores() + " cores");
        List<String> tableLines = md.lines().filter(l -> l.startsWith("| ")).toList();
        List<String> summary = tableLines.subList(0, 1 + run.benchmarks().size());
        assertThat(summary.get(0)).startsWith("| Benchmark | Provider/model | Pattern | n | TTFT p50 | TTFT p95 |");
        assertThat(md.lines().filter(l -> l.startsWith("|---")).findFirst()).isPresent();
        // Every row of the summary has as many cell separators as the header: escaping kept the cells closed.
        assertThat(summary).allSatisfy(l -> assertThat(separators(l)).isEqualTo(separators(summary.get(0))));
        assertThat(summary.get(1)).contains(ReportFixtures.STEADY_NAME).contains("simulated/quick")
                .contains(String.format(java.util.Locale.ROOT, "%.1f", run.benchmarks().get(0).metric(Metric.TTFT).p50()));

        assertThat(md).contains("## " + ReportFixtures.STEADY_NAME + "\n");
        assertThat(md).contains(MarkdownReport.escape(run.benchmarks().get(0).coldStart().verdict()));
        assertThat(md).contains("- **SLA:** TTFT p95 ≤ 20 ms · E2E p99 ≤ 120 ms · error rate ≤ 1 %");

        // The hostile name: no live tag, no cell break, no quote trick.
        assertThat(md).doesNotContain("<script>").contains("\\<script\\>alert('x')\\</script\\> \\| \"q\", a&amp;b");
        BenchmarkResult flaky = run.benchmarks().get(1);
        assertThat(md).contains("| Error class | Count | Examples |");
        flaky.reliability().errors().forEach((c, e) ->
                assertThat(md).contains("| " + c.name() + " | " + e.count() + " | "));
        assertThat(md).contains("<details><summary>Metric definitions</summary>");
        assertThat(md).doesNotContain("Partial run");
    }

    @Test
    void errorExamplesStayInsideTheirTableCell() {
        String message = "upstream said | no\nsecond line <b>bold</b> & [link](x) *star*";
        BenchmarkResult b = ReportFixtures.result("pipes|and\nnewlines", ms(10, 11), ms(20, 22), 4, 2,
                Map.of(ErrorClass.HTTP_5XX, new BenchmarkResult.Errors(2, List.of(message, "plain"))));
        String md = MarkdownReport.render(ReportFixtures.runOf(false, b));

        String row = md.lines().filter(l -> l.startsWith("| HTTP_5XX |")).findFirst().orElseThrow();
        assertThat(row).isEqualTo("| HTTP_5XX | 2 | upstream said \\| no<br>second line \\<b\\>bold\\</b\\> &amp;"
                + " \\[link\\](x) \\*star\\*<br>plain |");
        assertThat(separators(row)).isEqualTo(4);
        assertThat(md).contains("## pipes\\|and newlines\n");
        String summaryRow = md.lines().filter(l -> l.startsWith("| pipes")).findFirst().orElseThrow();
        assertThat(separators(summaryRow)).isEqualTo(13);
        assertThat(summaryRow).contains("| 2 (50.0%) |");
    }

    @Test
    void aPartialRunSaysSoAtTheTop() {
        BenchmarkResult b = ReportFixtures.result("cut", ms(10), ms(20), 1, 1, Map.of());
        String md = MarkdownReport.render(ReportFixtures.runOf(true, b));
        assertThat(md.indexOf("**Partial run**")).isPositive().isLessThan(md.indexOf("| Benchmark |"));
        assertThat(md).contains("· 12.5 s"); // the fixture's duration
    }

    @Test
    void theFooterDefinesEveryMetricInOneLine() {
        String md = MarkdownReport.render(ReportFixtures.runOf(false));
        assertThat(md).contains("No benchmark ran.");
        for (String metric : List.of("TTFT", "TTFO", "ICL", "ITL", "TPOT", "E2E", "Response time", "Cold start")) {
            assertThat(md.lines().filter(l -> l.startsWith("- **" + metric + "**: "))).hasSize(1);
        }
    }

    @Test
    void appendsToTheGithubStepSummaryOnlyWhenTheVariableIsSet(@TempDir Path dir) throws Exception {
        Path summary = dir.resolve("step_summary.md");
        Files.writeString(summary, "earlier step\n");

        MarkdownReport.appendToGithubStepSummary("# one", Map.of("GITHUB_STEP_SUMMARY", summary.toString()));
        MarkdownReport.appendToGithubStepSummary("# two\n", Map.of("GITHUB_STEP_SUMMARY", summary.toString()));
        assertThat(Files.readString(summary)).isEqualTo("earlier step\n# one\n# two\n");

        Path created = dir.resolve("new.md");
        MarkdownReport.appendToGithubStepSummary("x", Map.of("GITHUB_STEP_SUMMARY", created.toString()));
        assertThat(Files.readString(created)).isEqualTo("x\n");

        MarkdownReport.appendToGithubStepSummary("ignored", Map.of());
        MarkdownReport.appendToGithubStepSummary("ignored", Map.of("GITHUB_STEP_SUMMARY", " "));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("step_summary.md",
                    "new.md");
        }

        Path notADirectory = summary.resolve("child.md");
        assertThatThrownBy(() -> MarkdownReport.appendToGithubStepSummary("x",
                Map.of("GITHUB_STEP_SUMMARY", notADirectory.toString())))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("GITHUB_STEP_SUMMARY");
    }

    @Test
    void aSweepGetsItsLatencyVersusThroughputTableAndCapacityAndEveryStepItsCostGoodputAndLoad() {
        RunResult run = ReportFixtures.sweepRun().run();
        String md = MarkdownReport.render(run);

        // Summary table: the cost column, known (sim-instant has a fictional price).
        List<String> summary = md.lines().filter(l -> l.startsWith("| s \\[")).toList();
        assertThat(summary).hasSize(4).allSatisfy(l -> assertThat(l).matches(".* \\| \\d+\\.\\d{4} USD \\|$"));
        assertThat(md).doesNotContain("Cost unknown");

        // The sweep section comes once, before the first step's section.
        assertThat(md.indexOf("## s — sweep\n")).isPositive().isLessThan(md.indexOf("## s \\[sync\\]\n"));
        assertThat(md.split("## s — sweep", -1)).hasSize(2);
        assertThat(md).contains("| Step | Pattern | Achieved req/s | TTFT p50 | TTFT p95 | E2E p95 | SLA met |");
        for (BenchmarkResult r : run.benchmarks()) {
            String label = ReportViews.stepLabel(r).orElseThrow();
            boolean open = r.descriptor().pattern().isOpenLoop();
            Distribution ttft = r.metric(open ? Metric.USER_TTFT : Metric.TTFT);
            Distribution e2e = r.metric(open ? Metric.RESPONSE_TIME : Metric.E2E);
            assertThat(md).contains("| " + label + " | " + r.descriptor().pattern().name() + " | "
                    + String.format(Locale.ROOT, "%.2f", r.throughput().requestsPerSecond()) + " | "
                    + Reports.ms(ttft.p50()) + " | " + Reports.ms(ttft.p95()) + " | " + Reports.ms(e2e.p95())
                    + " | yes |");
        }
        double capacity = run.benchmarks().stream().mapToDouble(r -> r.throughput().requestsPerSecond()).max()
                .orElseThrow();
        assertThat(md).contains(String.format(Locale.ROOT, "**Capacity at SLO: %.2f req/s** (the highest achieved"
                + " rate of a step that met the @Sla)", capacity));
        assertThat(md).as("the capacity line is in the sweep section, not repeated as a warning")
                .doesNotContain("**Warning:** sweep:");

        // Per step: goodput (the @Sla sets a TTFT bound), load, cost; open-loop steps from the intended send time.
        BenchmarkResult poisson = run.benchmarks().get(2);
        String section = md.substring(md.indexOf("## " + MarkdownReport.escape(poisson.descriptor().name())));
        section = section.substring(0, section.indexOf("\n## "));
        assertThat(section).contains("- **Goodput:** " + poisson.goodput().good() + " of 20 requests met every"
                + " per-request objective")
                .contains("- **Load:** target " + ReportViews.rate(poisson.load().targetRate().getAsDouble())
                        + " · achieved " + ReportViews.rate(poisson.load().achievedRate()))
                .contains("- **Cost:** cost " + ReportViews.amount(poisson.cost().total().orElseThrow()) + " USD total")
                .contains("- **From the intended send time** (queueing included; the @Sla judges these): TTFT (user)"
                        + " p50 " + Reports.ms(poisson.metric(Metric.USER_TTFT).p50()));
        String sync = md.substring(md.indexOf("## s \\[sync\\]"), md.indexOf("## s \\[max\\]"));
        assertThat(sync).contains("- **Load:** closed loop (no target rate) · achieved ")
                .doesNotContain("From the intended send time");
        for (BenchmarkResult r : run.benchmarks()) {
            if (r.load().clientLimited()) {
                assertThat(md).contains(" · **client-limited: " + MarkdownReport.escape(String.join("; ",
                        r.load().reasons())) + "**");
            }
        }
    }

    @Test
    void anUnknownCostSaysSoWithItsWarningBelowTheTableAndClientLimitedReasonsAreBold() {
        BenchmarkResult b = ReportFixtures.with(ReportFixtures.result("burst|y", ms(10, 12), ms(20, 22), 4, 4,
                        Map.of()), new Goodput(true, 3, 0.75, 1.5),
                ReportFixtures.clientLimited(50, 31, "GC paused the client for 40 ms (9.0% of the phase)",
                        "the client used 95% of all <CPU> cores"), ReportFixtures.unknownCost(4, 4));
        String md = MarkdownReport.render(ReportFixtures.runOf(false, b));

        String row = md.lines().filter(l -> l.startsWith("| burst")).findFirst().orElseThrow();
        assertThat(row).endsWith(" | 0 | unknown | unknown |");
        assertThat(separators(row)).isEqualTo(13);
        String warning = b.cost().warning().orElseThrow();
        assertThat(warning).startsWith("cost unknown: ");
        assertThat(md).contains("- **Cost unknown** for burst\\|y: " + MarkdownReport.escape(
                warning.substring("cost unknown: ".length())) + "\n");
        assertThat(md.indexOf("- **Cost unknown**")).isLessThan(md.indexOf("## burst"));
        assertThat(md).contains("- **Cost:** unknown — no price row for this model;")
                .contains("- **Goodput:** 3 of 4 requests met every per-request objective (75.0 %) · 1.50 good req/s")
                .contains("- **Load:** target 50.00 req/s · achieved 31.00 req/s · dispatch lag p99 12.5 ms · GC 40"
                        + " ms · CPU 95 % · **client-limited: GC paused the client for 40 ms (9.0% of the phase); the"
                        + " client used 95% of all \\<CPU\\> cores**")
                .doesNotContain("## burst\\|y — sweep");
        assertThat(md).contains("- **Goodput**: ").contains("- **Cost**: ").contains("- **TTFT (user)**: ")
                .contains("- **Client-limited**: ");
    }

    @Test
    void aSweepStepThatMissedTheSlaSaysNoAndWithoutAnyMetTheresNoCapacity() {
        SlaSpec sla = SlaSpec.none().withTtftP95Ms(50);
        String md = MarkdownReport.render(ReportFixtures.runOf(false,
                ReportFixtures.step("h", 0, 0, 10, sla, 60, 70),
                ReportFixtures.last(ReportFixtures.step("h", 1, 0, 40, sla, 80, 90), OptionalDouble.empty())));

        assertThat(md).contains("| sync | SEQUENTIAL | 10.00 | ").contains("| max | CONCURRENT | 40.00 | ")
                .contains("| **no** |\n").doesNotContain("| yes |")
                .contains("**No capacity at SLO:** no step met the @Sla");
    }

    /** Unescaped '|' characters: the cell boundaries a Markdown table parser sees. */
    private static int separators(String line) {
        int count = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '|' && (i == 0 || line.charAt(i - 1) != '\\')) {
                count++;
            }
        }
        return count;
    }
}
