package dev.latencylens.internal.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latencylens.results.Metric;
import dev.latencylens.results.ResultJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void loadsAResultsFile(@TempDir Path dir) throws Exception {
        Path file = ResultJson.write(Runs.baseline(Runs.bench("Sample.x").model("m-1").reliability(200, 190)
                .tokensPerSecond(432.5)), dir);

        Baseline b = Baseline.load(file);

        assertThat(b.path()).contains(file);
        assertThat(b.started()).isEqualTo(Runs.BASELINE_STARTED);
        assertThat(b.partial()).isFalse();
        assertThat(b.benchmarks()).hasSize(1);
        Baseline.Entry e = b.benchmark("Sample.x").orElseThrow();
        assertThat(e.name()).isEqualTo("Sample.x");
        assertThat(e.provider()).isEqualTo("simulated");
        assertThat(e.model()).isEqualTo("m-1");
        assertThat(e.metrics()).containsKeys(Runs.ALL_METRICS.toArray(Metric[]::new));
        assertThat(e.metric(Metric.TTFT).orElseThrow().n()).isEqualTo(200);
        assertThat(e.metric(Metric.TTFT).orElseThrow().p99()).isPresent();
        assertThat(e.metric(Metric.TTFT).orElseThrow().p50()).isBetween(100.0, 120.0);
        assertThat(e.metric(Metric.ITL).orElseThrow().n()).isZero();
        Histogram ttft = e.histogram(Metric.TTFT);
        assertThat(ttft.getTotalCount()).isEqualTo(200);
        assertThat(ttft.getMinValue() / e.metric(Metric.TTFT).orElseThrow().scale()).isBetween(99.9, 100.1);
        assertThat(e.histogram(Metric.ITL).getTotalCount()).isZero();
        assertThat(e.throughput().outputTokensPerSecond()).isEqualTo(432.5);
        assertThat(e.reliability().attempted()).isEqualTo(200);
        assertThat(e.reliability().succeeded()).isEqualTo(190);
        assertThat(e.reliability().errorRate()).isEqualTo(0.05);
        assertThat(e.cost()).isEmpty();
        assertThat(b.benchmark("nope")).isEmpty();
    }

    @Test
    void loadsTheResultsOfARealRunFromItsDirectory(@TempDir Path dir) {
        RegressionFixtures.simulatedRun(dir, 20);

        Baseline b = Baseline.load(dir);

        assertThat(b.path()).contains(dir);
        assertThat(b.runs()).singleElement().satisfies(r -> assertThat(r.path()).contains(
                dir.resolve(ResultJson.FILE_NAME)));
        Baseline.Entry e = b.benchmark("x").orElseThrow();
        assertThat(e.model()).isEqualTo("sim-instant");
        assertThat(e.reliability().attempted()).isEqualTo(20);
        assertThat(e.metric(Metric.TTFT).orElseThrow().n()).isEqualTo(20);
        assertThat(e.histogram(Metric.TTFT).getTotalCount()).isEqualTo(20);
    }

    @Test
    void aDirectoryOfRunsIsMergedBenchmarkByBenchmark(@TempDir Path dir) throws Exception {
        Instant day1 = Instant.parse("2025-03-01T10:00:00Z");
        Instant day2 = Instant.parse("2025-03-02T10:00:00Z");
        Instant day3 = Instant.parse("2025-03-03T10:00:00Z");
        ResultJson.write(Runs.run(day2, Runs.bench("x").latency(Metric.TTFT, Runs.spread(200, 100, 120))
                .reliability(200, 190).tokensPerSecond(400)), dir.resolve("run-2"));
        ResultJson.write(Runs.run(day3, Runs.bench("x").latency(Metric.TTFT, Runs.spread(100, 110, 130))
                .reliability(100, 100).tokensPerSecond(600)), dir.resolve("run-3"));
        Path old = ResultJson.write(Runs.run(day1, Runs.bench("y")), dir.resolve("tmp"));
        Files.move(old, dir.resolve("2025-03-01.json"));
        Files.delete(dir.resolve("tmp"));
        Files.writeString(dir.resolve("regression.json"), "{\"baseline\": {}, \"benchmarks\": []}");
        Files.writeString(dir.resolve("jmh-result.json"), "[]");

        Baseline b = Baseline.load(dir);

        assertThat(b.path()).contains(dir);
        assertThat(b.runs()).extracting(Baseline.Run::started).containsExactly(day3, day2, day1);
        assertThat(b.runs().get(0).path()).contains(dir.resolve("run-3").resolve(ResultJson.FILE_NAME));
        assertThat(b.started()).isEqualTo(day3);
        assertThat(b.ignored()).containsExactly(dir.resolve("jmh-result.json"), dir.resolve("regression.json"));
        assertThat(b.benchmarks()).extracting(Baseline.Entry::id).containsExactly("x", "y");

        Baseline.Entry x = b.benchmark("x").orElseThrow();
        assertThat(x.runs()).isEqualTo(2);
        assertThat(x.metric(Metric.TTFT).orElseThrow().n()).isEqualTo(300);
        assertThat(x.histogram(Metric.TTFT).getTotalCount()).isEqualTo(300);
        assertThat(x.metric(Metric.TTFT).orElseThrow().min()).isBetween(99.9, 100.1);
        assertThat(x.metric(Metric.TTFT).orElseThrow().max()).isBetween(129.0, 130.1);
        assertThat(x.reliability()).isEqualTo(new Baseline.Reliability(300, 290));
        // 10 s windows each: (400·10 + 600·10) / 20 tokens/s; (19 + 10) · 10 / 20 requests/s.
        assertThat(x.throughput().outputTokensPerSecond()).isCloseTo(500, within(1e-9));
        assertThat(x.throughput().requestsPerSecond()).isCloseTo(14.5, within(1e-9));
        assertThat(x.throughput().windowSeconds()).isEqualTo(20);
        assertThat(x.outputTokensPerRequest().n()).isEqualTo(400);
        assertThat(b.benchmark("y").orElseThrow().runs()).isEqualTo(1);
    }

    @Test
    void theReportSaysHowManyRunsTheBaselineMergedAndWhen(@TempDir Path dir) throws Exception {
        Instant day1 = Instant.parse("2025-03-01T10:00:00Z");
        Instant day2 = Instant.parse("2025-03-02T10:00:00Z");
        ResultJson.write(Runs.run(day1, Runs.bench("x"), Runs.bench("y")), dir.resolve("a"));
        ResultJson.write(Runs.run(day2, Runs.bench("x")), dir.resolve("b"));

        RegressionReport r = RegressionAnalysis.compare(Runs.current(Runs.bench("x"), Runs.bench("y")),
                Baseline.load(dir), 0.10);

        assertThat(r.baselineRuns()).hasSize(2);
        assertThat(r.toMarkdown()).contains("Baseline: 2 runs merged from " + dir + ", started " + day2 + ", " + day1);
        JsonNode json = JSON.readTree(r.toJsonString());
        assertThat(json.at("/baseline/runs")).hasSize(2);
        assertThat(json.at("/baseline/runs/1/started").asText()).isEqualTo(day1.toString());
        assertThat(json.at("/baseline/started").asText()).isEqualTo(day2.toString());
        assertThat(r.benchmark("x").orElseThrow().baselineRuns()).isEqualTo(2);
        assertThat(r.benchmark("y").orElseThrow().baselineRuns()).isEqualTo(1);
        assertThat(r.benchmark("y").orElseThrow().notes()).contains("in 1 of the 2 baseline runs");
        assertThat(r.toHtmlSection()).contains("2 runs merged from");
    }

    @Test
    void runsWithCostInDifferentCurrenciesMergeWithoutCost(@TempDir Path dir) throws Exception {
        String[][] runs = {{"a", "2025-03-01T10:00:00Z", "USD"}, {"b", "2025-03-02T10:00:00Z", "EUR"}};
        for (String[] run : runs) {
            Path written = ResultJson.write(Runs.run(Instant.parse(run[1]), Runs.bench("x").cost("1.0", run[2])),
                    dir.resolve("tmp"));
            Files.move(written, dir.resolve(run[0] + ".json"));
        }
        Files.delete(dir.resolve("tmp"));

        Baseline.Entry x = Baseline.load(dir).benchmark("x").orElseThrow();

        assertThat(x.cost()).isEmpty();
        assertThat(x.notes()).singleElement().asString().contains("EUR").contains("USD");
    }

    @Test
    void aDirectoryWithOnlyOtherJsonHasNoBaseline(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("jmh-result.json"), "[]");
        assertThatThrownBy(() -> Baseline.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("holds no results.json")
                .hasMessageContaining("<dir>/<run>/results.json");
    }

    @Test
    void aResultsJsonThatIsNotOneIsAnErrorEvenInADirectoryOfRuns(@TempDir Path dir) throws Exception {
        ResultJson.write(Runs.baseline(Runs.bench("x")), dir.resolve("good"));
        Path bad = Files.createDirectories(dir.resolve("bad")).resolve(ResultJson.FILE_NAME);
        Files.writeString(bad, "{\"something\": \"else\"}");
        assertThatThrownBy(() -> Baseline.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(bad.toString())
                .hasMessageContaining("not a Latency Lens results file");
    }

    @Test
    void readsCostWhenPresent(@TempDir Path dir) throws Exception {
        Path file = ResultJson.write(Runs.baseline(Runs.bench("a").cost("1.25", "USD"), Runs.bench("b")), dir);

        Baseline b = Baseline.load(file);

        Baseline.Cost cost = b.benchmark("a").orElseThrow().cost().orElseThrow();
        assertThat(cost.total()).isEqualByComparingTo("1.25");
        assertThat(cost.perThousandSuccessful()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("6.25"));
        assertThat(cost.currency()).isEqualTo("USD");
        assertThat(b.benchmark("b").orElseThrow().cost()).isEmpty();
    }

    @Test
    void aMissingPathIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nowhere/results.json");
        assertThatThrownBy(() -> Baseline.load(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("no such file");
    }

    @Test
    void aDirectoryWithoutResultsIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> Baseline.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("holds no results.json");
    }

    @Test
    void aFileThatIsNotJsonIsNamed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("results.json"), "<html>not json</html>");
        assertThatThrownBy(() -> Baseline.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a Latency Lens results file");
    }

    @Test
    void jsonWithoutTheTopLevelKeysIsNotAResultsFile(@TempDir Path dir) throws Exception {
        for (String content : new String[] {"{\"benchmarks\": []}", "{\"lens\": {}}", "[]", ""}) {
            Path file = Files.writeString(dir.resolve("other.json"), content);
            assertThatThrownBy(() -> Baseline.load(file))
                    .as(content)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("not a Latency Lens results file");
        }
    }

    @Test
    void aMalformedBenchmarkIsNamedWithItsPlace(@TempDir Path dir) throws Exception {
        ObjectNode root = Runs.json(Runs.baseline(Runs.bench("a"), Runs.bench("b")));
        ((ObjectNode) root.at("/benchmarks/1/metrics/ttft")).put("histogram", "not base64 at all!");
        Path file = dir.resolve("results.json");
        JSON.writeValue(file.toFile(), root);
        assertThatThrownBy(() -> Baseline.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("benchmarks[1] (b) metrics.ttft");

        ((ObjectNode) root.at("/benchmarks/0")).remove("id");
        JSON.writeValue(file.toFile(), root);
        assertThatThrownBy(() -> Baseline.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("benchmarks[0] has no text 'id'");
    }
}
