package dev.latencylens.internal.report;

import static dev.latencylens.internal.report.ReportFixtures.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.results.Metric;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.SlaSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhJsonReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> JMH_LEVELS = List.of("0.0", "50.0", "90.0", "95.0", "99.0", "99.9", "99.99",
            "99.999", "99.9999", "100.0");

    @Test
    void aRealRunReadsAsGithubActionBenchmarkReadsJmhResults(@TempDir Path dir) throws Exception {
        RunResult run = ReportFixtures.realRun().run();
        JsonNode root = JSON.readTree(Files.readString(JmhJsonReport.write(run, dir)));

        assertThat(root.isArray()).isTrue();
        assertThat(root).hasSize(2);
        // What github-action-benchmark's extractJmhResult takes: benchmark, params, primaryMetric.score/scoreUnit.
        List<String> names = new ArrayList<>();
        for (JsonNode b : root) {
            assertThat(b.get("benchmark").isTextual()).isTrue();
            assertThat(b.at("/primaryMetric/score").isNumber()).isTrue();
            assertThat(b.at("/primaryMetric/scoreUnit").asText()).isEqualTo("ms/op");
            assertThat(b.get("params").isObject()).isTrue();
            assertThat(b.get("measurementIterations").isInt()).isTrue();
            assertThat(b.get("forks").asInt()).isEqualTo(1);
            names.add(b.get("benchmark").asText() + " ( " + JSON.writeValueAsString(b.get("params")) + " )");
        }
        assertThat(names).doesNotHaveDuplicates();

        JsonNode steady = root.get(0);
        BenchmarkResult s = run.benchmarks().get(0);
        assertThat(steady.get("benchmark").asText()).isEqualTo("com.acme.bench.SupportBot.Nested.shortAnswer");
        assertThat(steady.get("jmhVersion").asText()).isEqualTo("1.37");
        assertThat(steady.get("mode").asText()).isEqualTo("sample");
        assertThat(steady.get("threads").asInt()).isEqualTo(8);
        assertThat(steady.get("warmupIterations").asInt()).isEqualTo(8);
        assertThat(steady.get("measurementIterations").asInt()).isEqualTo(240);
        assertThat(steady.get("jvmArgs").isArray()).isTrue();
        assertThat(steady.get("vmName").asText()).isNotBlank();
        assertThat(steady.get("params").get("provider").asText()).isEqualTo("simulated");
        assertThat(steady.get("params").get("model").asText()).isEqualTo("quick");
        assertThat(steady.get("params").get("pattern").asText()).isEqualTo("CONCURRENT");

        JsonNode primary = steady.get("primaryMetric");
        Distribution ttft = s.metric(Metric.TTFT);
        assertThat(primary.get("score").asDouble()).isCloseTo(ttft.p50(), within(1e-9));
        assertThat(primary.get("scoreError").asDouble()).isCloseTo(3.29 * ttft.stddev() / Math.sqrt(ttft.n()),
                within(1e-9));
        assertThat(primary.get("scoreConfidence").get(0).asDouble())
                .isCloseTo(ttft.p50() - primary.get("scoreError").asDouble(), within(1e-9));
        assertPercentiles(primary, ttft);
        long counted = 0;
        for (JsonNode pair : primary.at("/rawDataHistogram/0/0")) {
            assertThat(pair).hasSize(2);
            counted += pair.get(1).asLong();
        }
        assertThat(counted).as("the histogram's counts add up to n").isEqualTo(ttft.n());

        JsonNode secondary = steady.get("secondaryMetrics");
        assertThat(iterable(secondary.fieldNames())).containsExactly("ttfo", "icl", "tpot", "e2e",
                "outputTokensPerSecond");
        assertThat(secondary.at("/e2e/score").asDouble()).isCloseTo(s.metric(Metric.E2E).p50(), within(1e-9));
        assertThat(secondary.at("/e2e/scoreUnit").asText()).isEqualTo("ms/op");
        assertThat(secondary.at("/outputTokensPerSecond/scoreUnit").asText()).isEqualTo("tokens/s");
        assertThat(secondary.at("/icl/rawData/0/0").asDouble()).isCloseTo(s.metric(Metric.ICL).p50(), within(1e-9));
        assertPercentiles(secondary.get("e2e"), s.metric(Metric.E2E));

        assertThat(root.get(1).get("benchmark").asText()).isEqualTo("latencylens." + run.benchmarks().get(1).id());
        assertThat(root.get(1).get("threads").asInt()).isEqualTo(4);
    }

    @Test
    void aSingleSampleHasAnUnknownErrorAndABenchmarkWithoutSuccessIsLeftOut() throws Exception {
        BenchmarkResult one = ReportFixtures.result("one", ms(42), ms(100), 1, 1, Map.of());
        BenchmarkResult none = ReportFixtures.result("none", ms(), ms(), 3, 0,
                Map.of(ErrorClass.TIMEOUT, new BenchmarkResult.Errors(3, List.of("timed out"))));
        JsonNode root = JSON.readTree(JmhJsonReport.render(ReportFixtures.runOf(false, one, none)));

        assertThat(root).hasSize(1);
        JsonNode primary = root.get(0).get("primaryMetric");
        assertThat(root.get(0).get("benchmark").asText()).isEqualTo("latencylens.one");
        assertThat(primary.get("score").asDouble()).isCloseTo(42, within(0.05));
        assertThat(primary.get("scoreError").asText()).isEqualTo("NaN"); // as JMH writes it
        assertThat(primary.get("scoreConfidence").get(0).asText()).isEqualTo("NaN");
        assertThat(iterable(primary.get("scorePercentiles").fieldNames())).as("one sample supports no tail level")
                .containsExactly("0.0", "50.0", "90.0", "95.0", "100.0");
        assertThat(primary.get("scorePercentiles").get("100.0").asDouble()).isCloseTo(42, within(0.05));
        assertThat(iterable(root.get(0).get("secondaryMetrics").fieldNames())).as("only non-empty metrics")
                .containsExactly("e2e");
    }

    @Test
    void eachSweepStepIsAnEntryOfItsOwnWithItsStepLabelInTheParams() throws Exception {
        RunResult run = ReportFixtures.sweepRun().run();
        JsonNode root = JSON.readTree(JmhJsonReport.render(run));

        assertThat(root).hasSize(4);
        List<String> names = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonNode entry = root.get(i);
            BenchmarkResult r = run.benchmarks().get(i);
            assertThat(entry.at("/params/pattern").asText()).isEqualTo(r.descriptor().pattern().name());
            assertThat(entry.at("/primaryMetric/score").asDouble()).isCloseTo(r.metric(Metric.TTFT).p50(), within(1e-9));
            assertThat(entry.at("/params/provider").asText()).isEqualTo("simulated");
            assertThat(entry.get("measurementIterations").asInt()).isEqualTo(20);
            assertThat(iterable(entry.fieldNames())).as("cost is not a JMH metric").doesNotContain("cost");
            steps.add(entry.at("/params/step").asText());
            names.add(entry.get("benchmark").asText() + " ( " + JSON.writeValueAsString(entry.get("params")) + " )");
        }
        assertThat(steps.subList(0, 2)).containsExactly("sync", "max");
        assertThat(steps.subList(2, 4)).containsExactly("poisson-1", "poisson-2");
        assertThat(names).as("as github-action-benchmark names them").doesNotHaveDuplicates();
        assertThat(root.get(1).get("threads").asInt()).isEqualTo(4);
        assertThat(root.get(0).get("threads").asInt()).isEqualTo(1);

        // Two POISSON steps of an annotated benchmark share class, method and pattern: only the step tells them apart.
        SlaSpec sla = SlaSpec.none();
        BenchmarkResult a = ReportFixtures.step("m", 2, 1, 1, sla, 10, 11);
        BenchmarkResult b = ReportFixtures.step("m", 3, 2, 2, sla, 12, 13);
        BenchmarkResult plain = ReportFixtures.result("plain [x]", ms(10), ms(20), 1, 1, Map.of());
        RunResult annotated = ReportFixtures.runOf(false, sourced(a), sourced(b), plain);
        JsonNode entries = JSON.readTree(JmhJsonReport.render(annotated));
        assertThat(entries.get(0).get("benchmark").asText()).isEqualTo(entries.get(1).get("benchmark").asText())
                .isEqualTo("com.acme.Bot.m");
        assertThat(entries.get(0).at("/params/step").asText()).isEqualTo("poisson-1");
        assertThat(entries.get(1).at("/params/step").asText()).isEqualTo("poisson-2");
        assertThat(entries.get(2).get("params").has("step")).as("not a sweep step").isFalse();
    }

    private static BenchmarkResult sourced(BenchmarkResult r) {
        return ReportFixtures.with(r, r.descriptor().toBuilder().source("com.acme.Bot", "m").build(), r.warnings(),
                r.goodput(), r.load(), r.cost());
    }

    @Test
    void percentilesTheSampleCountCannotSupportAreLeftOut() throws Exception {
        double[] hundredFifty = new double[150];
        double[] thousand = new double[1000];
        for (int i = 0; i < thousand.length; i++) {
            thousand[i] = 10 + i % 97;
            if (i < hundredFifty.length) {
                hundredFifty[i] = 10 + i % 13;
            }
        }
        JsonNode root = JSON.readTree(JmhJsonReport.render(ReportFixtures.runOf(false,
                ReportFixtures.result("small", ms(hundredFifty), ms(hundredFifty), 150, 150, Map.of()),
                ReportFixtures.result("large", ms(thousand), ms(thousand), 1000, 1000, Map.of()))));

        assertThat(iterable(root.at("/0/primaryMetric/scorePercentiles").fieldNames())).as("p99 from 100 samples")
                .containsExactly("0.0", "50.0", "90.0", "95.0", "99.0", "100.0");
        assertThat(iterable(root.at("/1/primaryMetric/scorePercentiles").fieldNames())).as("p99.9 from 1,000")
                .containsExactly("0.0", "50.0", "90.0", "95.0", "99.0", "99.9", "100.0");
        assertThat(iterable(root.at("/1/secondaryMetrics/e2e/scorePercentiles").fieldNames()))
                .as("every metric alike").contains("99.9").doesNotContain("99.99");
    }

    private static void assertPercentiles(JsonNode metric, Distribution d) {
        JsonNode p = metric.get("scorePercentiles");
        List<String> supported = JMH_LEVELS.stream()
                .filter(level -> d.n() >= JmhJsonReport.samplesFor(Double.parseDouble(level))).toList();
        assertThat(iterable(p.fieldNames())).containsExactlyElementsOf(supported);
        double previous = Double.NEGATIVE_INFINITY;
        for (String level : supported) {
            assertThat(p.get(level).asDouble()).as("level %s", level).isGreaterThanOrEqualTo(previous);
            previous = p.get(level).asDouble();
        }
        assertThat(p.get("0.0").asDouble()).isEqualTo(d.min());
        assertThat(p.get("50.0").asDouble()).isCloseTo(d.p50(), within(1e-9));
        assertThat(p.get("95.0").asDouble()).isCloseTo(d.p95(), within(1e-9));
        assertThat(p.get("100.0").asDouble()).isEqualTo(d.max());
        if (d.p99().isPresent()) {
            assertThat(p.get("99.0").asDouble()).isCloseTo(d.p99().getAsDouble(), within(1e-9));
        }
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
