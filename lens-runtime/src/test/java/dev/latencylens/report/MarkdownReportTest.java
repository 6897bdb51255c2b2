package dev.latencylens.report;

import static dev.latencylens.report.ReportFixtures.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latencylens.api.BenchmarkResult;
import dev.latencylens.api.ErrorClass;
import dev.latencylens.api.RunResult;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
                .contains(String.format(java.util.Locale.ROOT, "%.1f", run.benchmarks().get(0).metric("ttft").p50()));

        assertThat(md).contains("## " + ReportFixtures.STEADY_NAME + "\n");
        assertThat(md).contains(MarkdownReport.escape(run.benchmarks().get(0).coldStart().verdict()));
        assertThat(md).contains("- **SLA:** TTFT p95 ≤ 40 ms · E2E p99 ≤ 120 ms · error rate ≤ 1 %");

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
        assertThat(separators(summaryRow)).isEqualTo(11);
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
