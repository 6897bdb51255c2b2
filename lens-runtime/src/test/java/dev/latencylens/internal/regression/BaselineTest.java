package dev.latencylens.internal.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latencylens.results.ResultJson;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertThat(e.metrics()).containsKeys(Runs.ALL_METRICS.toArray(String[]::new));
        assertThat(e.metric("ttft").orElseThrow().n()).isEqualTo(200);
        assertThat(e.metric("ttft").orElseThrow().p99()).isPresent();
        assertThat(e.metric("ttft").orElseThrow().p50()).isBetween(100.0, 120.0);
        assertThat(e.metric("itl").orElseThrow().n()).isZero();
        Histogram ttft = e.histogram("ttft");
        assertThat(ttft.getTotalCount()).isEqualTo(200);
        assertThat(ttft.getMinValue() / e.metric("ttft").orElseThrow().scale()).isBetween(99.9, 100.1);
        assertThat(e.histogram("itl").getTotalCount()).isZero();
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

        assertThat(b.path()).contains(dir.resolve(ResultJson.FILE_NAME));
        Baseline.Entry e = b.benchmark("x").orElseThrow();
        assertThat(e.model()).isEqualTo("sim-instant");
        assertThat(e.reliability().attempted()).isEqualTo(20);
        assertThat(e.metric("ttft").orElseThrow().n()).isEqualTo(20);
        assertThat(e.histogram("ttft").getTotalCount()).isEqualTo(20);
    }

    @Test
    void readsCostWhenPresent(@TempDir Path dir) throws Exception {
        ObjectNode root = Runs.json(Runs.baseline(Runs.bench("a"), Runs.bench("b")));
        ((ObjectNode) root.at("/benchmarks/0")).putObject("cost").put("total", new BigDecimal("1.25"))
                .put("perThousandSuccessful", new BigDecimal("6.25")).put("currency", "USD");
        Path file = dir.resolve("results.json");
        JSON.writeValue(file.toFile(), root);

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
