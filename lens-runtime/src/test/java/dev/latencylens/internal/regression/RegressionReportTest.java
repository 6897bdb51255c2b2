package dev.latencylens.internal.regression;

import static dev.latencylens.internal.regression.Runs.bench;
import static dev.latencylens.internal.regression.Runs.spread;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.results.Metric;
import dev.latencylens.results.ResultJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegressionReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Regressed TTFT in "slow", an odd model name, one new and one missing benchmark. */
    private RegressionReport report() throws Exception {
        Path file = ResultJson.write(Runs.baseline(bench("slow"), bench("odd").model("gpt|4 <b>"), bench("gone")),
                dir.resolve("base"));
        return RegressionAnalysis.compare(Runs.current(bench("slow").latency(Metric.TTFT, spread(200, 150, 180)),
                bench("odd").model("gpt|4 <b>"), bench("fresh")), Baseline.load(file), 0.10);
    }

    @Test
    void markdownLeadsWithTheSummaryAndHasATablePerComparedBenchmark() throws Exception {
        RegressionReport r = report();
        String md = r.toMarkdown();
        List<String> lines = md.lines().toList();

        assertThat(lines.get(0)).isEqualTo("# Latency Lens regression report");
        assertThat(lines.get(2)).isEqualTo("**REGRESSED: 2 regressed, 0 improved, 27 unchanged, 1 inconclusive in 2"
                + " compared benchmarks; 1 new, 1 missing**");
        assertThat(md).contains("| metric | baseline | current | change | 98% interval | p-value | verdict | why |");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("| ttft p95 | ").contains("| **REGRESSED** |")
                .contains("| +50.0% | +4").contains("% to +5"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("| error rate | 0.0% | 0.0% | +0.0 pp |  | 1.0000 |"
                + " UNCHANGED |"));
        assertThat(md).contains("## slow (sim-model @ simulated)");
        assertThat(md).contains("## odd (gpt\\|4 \\<b\\> @ simulated)"); // escaped: no broken table, no HTML
        assertThat(md).contains("## New in this run (no baseline)\n\n- fresh (sim-model @ simulated)");
        assertThat(md).contains("## Missing from this run\n\n- gone (sim-model @ simulated)");
        assertThat(md).contains("order statistics").contains("| -100.0% to +∞ |")
                .contains("Baseline: " + dir.resolve("base").resolve("results.json")
                        + ", run started 2025-01-01T10:00:00Z");
        // every table row has the header's eight cells (escaped pipes do not count)
        for (String l : lines) {
            if (l.startsWith("| ")) {
                assertThat(l.replace("\\|", "").chars().filter(c -> c == '|').count()).as(l).isEqualTo(9);
            }
        }
        assertThat(md).doesNotContain("null").doesNotContain("NaN");
    }

    @Test
    void jsonParsesBackWithTheDocumentedShape() throws Exception {
        RegressionReport r = report();
        JsonNode j = JSON.readTree(r.toJsonString());

        assertThat(j.at("/baseline/path").asText()).endsWith("results.json");
        assertThat(j.at("/baseline/started").asText()).isEqualTo(Runs.BASELINE_STARTED.toString());
        assertThat(j.at("/current/started").asText()).isEqualTo(Runs.CURRENT_STARTED.toString());
        assertThat(j.get("threshold").asDouble()).isEqualTo(0.10);
        assertThat(j.get("alpha").asDouble()).isEqualTo(0.01);
        assertThat(j.get("regressions").asInt()).isEqualTo(2);
        List<String> statuses = new ArrayList<>();
        j.get("benchmarks").forEach(b -> statuses.add(b.get("id").asText() + ":" + b.get("status").asText()));
        assertThat(statuses).containsExactly("slow:compared", "odd:compared", "fresh:new", "gone:missing");

        assertThat(j.at("/baseline/runs")).hasSize(1);
        assertThat(j.at("/baseline/runs/0/started").asText()).isEqualTo(Runs.BASELINE_STARTED.toString());
        assertThat(j.at("/baseline/runs/0/path").asText()).endsWith("results.json");
        assertThat(j.at("/baseline/ignored")).isEmpty();
        assertThat(j.at("/benchmarks/0/baselineRuns").asInt()).isEqualTo(1);
        JsonNode metrics = j.at("/benchmarks/0/metrics");
        assertThat(metrics).hasSize(15);
        Set<String> keys = Set.of("metric", "statistic", "unit", "baseline", "current", "relativeChange",
                "absoluteChange", "intervalLow", "intervalHigh", "pValue", "test", "verdict", "reason");
        metrics.forEach(m -> assertThat(m.properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrderElementsOf(keys));
        JsonNode p95 = metrics.get(1);
        assertThat(p95.get("metric").asText()).isEqualTo("ttft");
        assertThat(p95.get("statistic").asText()).isEqualTo("p95");
        assertThat(p95.get("unit").asText()).isEqualTo("ms");
        assertThat(p95.get("verdict").asText()).isEqualTo("REGRESSED");
        assertThat(p95.get("relativeChange").asDouble()).isBetween(0.45, 0.55);
        assertThat(p95.get("intervalLow").asDouble()).isGreaterThan(0.10)
                .isLessThan(p95.get("intervalHigh").asDouble());
        assertThat(p95.get("pValue").isNull()).isTrue();
        assertThat(p95.get("test").asText()).isEqualTo(RegressionAnalysis.QUANTILE_BOUNDS);
        JsonNode throughput = metrics.get(12);
        assertThat(throughput.get("metric").asText()).isEqualTo("throughput");
        assertThat(throughput.get("statistic").asText()).isEqualTo("outputTokensPerSecond");
        assertThat(throughput.get("test").asText()).isEqualTo(RegressionAnalysis.RATE_MODEL);
        assertThat(throughput.get("intervalLow").isNumber()).isTrue();
        assertThat(metrics.get(13).get("statistic").asText()).isEqualTo("requestsPerSecond");
        assertThat(metrics.get(14).get("statistic").asText()).isEqualTo("errorRate");
        assertThat(metrics.get(14).get("pValue").asDouble()).isEqualTo(1.0);
        assertThat(metrics.get(14).get("intervalLow").isNull()).isTrue();
        assertThat(j.at("/benchmarks/2/metrics")).isEmpty();
    }

    @Test
    void htmlIsAnEscapedSelfContainedSection() throws Exception {
        String html = report().toHtmlSection();

        assertThat(html).startsWith("<section class=\"lens-regression\">").endsWith("</section>\n");
        assertThat(html).contains("<style>").contains("<table>").contains("<td class=\"REGRESSED\">REGRESSED</td>");
        assertThat(html).contains("gpt|4 &lt;b&gt;").doesNotContain("<b>");
        assertThat(html).contains("<th>98% interval</th>").contains("98% interval +")
                .contains("<li class=\"REGRESSED\">slow ttft p95: ").contains(" ms → ");
        assertThat(html).doesNotContain("<script").doesNotContain("src=").doesNotContain("href=");
    }

    @Test
    void writesMarkdownAndJsonFiles() throws Exception {
        RegressionReport r = report();
        Path out = dir.resolve("out/lens");

        r.write(out);

        assertThat(Files.readString(out.resolve(RegressionReport.MARKDOWN_FILE))).isEqualTo(r.toMarkdown());
        assertThat(JSON.readTree(out.resolve(RegressionReport.JSON_FILE).toFile()))
                .isEqualTo(JSON.readTree(r.toJsonString()));
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("regression.md", "regression.json");
        }
    }

    @Test
    void aCleanReportSaysSo() throws Exception {
        Path file = ResultJson.write(Runs.baseline(bench("s")), dir);
        RegressionReport r = RegressionAnalysis.compare(Runs.current(bench("s")), Baseline.load(file), 0.10);
        assertThat(r.summary()).startsWith("No regressions: 0 regressed");
        assertThat(r.toMarkdown()).doesNotContain("Regressions:");
        assertThat(r.toJson().get("regressions").asInt()).isZero();
    }
}
