package dev.latencylens.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latencylens.LatencyLens;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.annotations.DatasetFormat;
import dev.latencylens.annotations.DatasetOrder;
import dev.latencylens.annotations.LengthDistribution;
import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.annotations.PrefixScope;
import dev.latencylens.annotations.SessionHistory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The workload model: its rules (the processor's, at run time), its keys, and what it decides for a descriptor. */
class WorkloadTest {

    @Test
    void eachKindComesFromItsOwnKey() {
        assertThat(Workload.builder().inputTokens(400).build().kind()).isEqualTo(Workload.Kind.SYNTHETIC);
        assertThat(Workload.builder().inputDistribution(LengthDistribution.UNIFORM).inputMin(1).inputMax(9).build()
                .kind()).isEqualTo(Workload.Kind.SYNTHETIC);
        assertThat(Workload.builder().dataset("a.csv").build().kind()).isEqualTo(Workload.Kind.DATASET);
        assertThat(Workload.builder().trace("t.jsonl").build().kind()).isEqualTo(Workload.Kind.TRACE);
    }

    @Test
    void aDatasetsFormatFollowsItsExtensionUnlessSet() {
        assertThat(Workload.builder().dataset("classpath:a.jsonl").build().datasetFormat())
                .isEqualTo(DatasetFormat.JSONL);
        assertThat(Workload.builder().dataset("a.NDJSON").build().datasetFormat()).isEqualTo(DatasetFormat.JSONL);
        assertThat(Workload.builder().dataset("a.csv").build().datasetFormat()).isEqualTo(DatasetFormat.CSV);
        assertThat(Workload.builder().dataset("ShareGPT_V3.json").build().datasetFormat())
                .isEqualTo(DatasetFormat.SHAREGPT);
        assertThat(Workload.builder().dataset("a.txt").format(DatasetFormat.JSONL).build().datasetFormat())
                .isEqualTo(DatasetFormat.JSONL);
    }

    @Test
    void setsOutputLengthWithOutputTokensOrATrace() {
        assertThat(Workload.builder().inputTokens(5).build().setsOutputLength()).isFalse();
        assertThat(Workload.builder().inputTokens(5).outputTokens(9).build().setsOutputLength()).isTrue();
        assertThat(Workload.builder().trace("t.jsonl").build().setsOutputLength()).isTrue();
    }

    static Stream<Arguments> misuses() {
        return Stream.of(
                misuse(b -> b, "inputTokens must be set, or dataset or trace"),
                misuse(b -> b.inputTokens(4).dataset("a.csv"), "dataset must be the only source of prompts"),
                misuse(b -> b.dataset("a.csv").trace("t.jsonl"), "trace must be the only source of prompts"),
                misuse(b -> b.inputTokens(-4), "inputTokens must be 0 or more, was -4"),
                misuse(b -> b.inputTokens(4).inputStddev(-1), "inputStddev must be 0 or more, was -1.0"),
                misuse(b -> b.inputStddev(3), "inputTokens must be at least 1 for NORMAL (the mean), was 0"),
                misuse(b -> b.inputTokens(4).inputDistribution(LengthDistribution.LOGNORMAL),
                        "inputStddev must be above 0 for LOGNORMAL, was 0.0"),
                misuse(b -> b.inputTokens(40).inputStddev(4).inputMin(50), "inputMin must be at most inputTokens (40)"),
                misuse(b -> b.inputTokens(40).inputStddev(4).inputMax(30),
                        "inputMax must be at least inputTokens (40)"),
                misuse(b -> b.inputDistribution(LengthDistribution.UNIFORM).inputMax(9),
                        "inputMin must be at least 1 for UNIFORM"),
                misuse(b -> b.inputDistribution(LengthDistribution.UNIFORM).inputMin(9).inputMax(3),
                        "inputMax must be at least inputMin (9) for UNIFORM"),
                misuse(b -> b.inputDistribution(LengthDistribution.UNIFORM).inputMin(1).inputMax(3).inputTokens(2),
                        "inputTokens must be unset (0) for UNIFORM"),
                misuse(b -> b.trace("t.jsonl").outputTokens(8), "outputTokens must be unset with a trace"),
                misuse(b -> b.inputTokens(4).outputStddev(2), "outputTokens must be at least 1 for NORMAL"),
                misuse(b -> b.inputTokens(40).prefixTokens(40), "prefixTokens must be below the shortest input length"),
                misuse(b -> b.dataset("a.csv").prefixTokens(-1), "prefixTokens must be 0 or more, was -1"),
                misuse(b -> b.inputTokens(4).prefixScope(PrefixScope.SESSION), "prefixScope must be BENCHMARK without"),
                misuse(b -> b.inputTokens(4).order(DatasetOrder.SHUFFLED),
                        "order must be SEQUENTIAL without a dataset"),
                misuse(b -> b.inputTokens(4).history(SessionHistory.MODEL),
                        "history must be DATASET without a dataset"),
                misuse(b -> b.inputTokens(4).format(DatasetFormat.CSV), "format must be AUTO without a dataset"),
                misuse(b -> b.dataset("a.jsonl").column("q"), "column must be left at 'prompt' for a JSONL dataset"),
                misuse(b -> b.dataset("a.csv").column(" "), "column must be a column name"),
                misuse(b -> b.dataset("a.txt"), "format must be set (JSONL, CSV or SHAREGPT) for dataset 'a.txt'"),
                misuse(b -> b.trace("t.jsonl").timeScale(0), "timeScale must be above 0, was 0.0"),
                misuse(b -> b.inputTokens(4).timeScale(2), "timeScale must be 1 without a trace, was 2.0"));
    }

    private static Arguments misuse(UnaryOperator<Workload.Builder> values, String message) {
        return Arguments.of(values, message);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("misuses")
    void everyRuleNamesItsKey(UnaryOperator<Workload.Builder> values, String message) {
        assertThatThrownBy(() -> values.apply(Workload.builder()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void aConfigurationMapHasTheBuildersKeysAndComesBackAsItWent() {
        Workload w = Workload.builder().dataset("classpath:chats.json").order(DatasetOrder.SHUFFLED)
                .history(SessionHistory.MODEL).outputTokens(128).outputStddev(16).prefixTokens(200)
                .prefixScope(PrefixScope.SESSION).build();
        Map<String, Object> map = w.toMap();
        assertThat(map).containsExactly(Map.entry("outputTokens", 128), Map.entry("outputStddev", 16.0),
                Map.entry("prefixTokens", 200), Map.entry("prefixScope", "session"),
                Map.entry("dataset", "classpath:chats.json"), Map.entry("order", "shuffled"),
                Map.entry("history", "model"));
        assertThat(Workload.fromMap(map)).isEqualTo(w);
        assertThat(Workload.KEYS).containsExactlyElementsOf(List.of(Workload.class.getRecordComponents()).stream()
                .map(java.lang.reflect.RecordComponent::getName).toList());
    }

    @Test
    void aConfigurationMapTakesNumbersAsAParserGivesThemAndEnumsInAnyCase() {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("inputTokens", 400L);
        yaml.put("inputStddev", "40");
        yaml.put("inputDistribution", "LogNormal");
        assertThat(Workload.fromMap(yaml)).isEqualTo(Workload.builder().inputTokens(400).inputStddev(40)
                .inputDistribution(LengthDistribution.LOGNORMAL).build());
    }

    @Test
    void aConfigurationMapNamesWhatItCannotTake() {
        assertThatThrownBy(() -> Workload.fromMap(Map.of("inputToken", 400))).hasMessageStartingWith(
                "unknown workload key 'inputToken'; the keys are inputTokens, inputStddev");
        assertThatThrownBy(() -> Workload.fromMap(Map.of("inputTokens", 4.5)))
                .hasMessage("workload key inputTokens must be a whole number, was '4.5'");
        assertThatThrownBy(() -> Workload.fromMap(Map.of("inputTokens", "many")))
                .hasMessage("workload key inputTokens must be a number, was 'many'");
        assertThatThrownBy(() -> Workload.fromMap(Map.of("dataset", 7)))
                .hasMessage("workload key dataset must be a string, was 7");
        assertThatThrownBy(() -> Workload.fromMap(Map.of("dataset", "a.csv", "order", "random")))
                .hasMessage("workload key order must be one of sequential, shuffled, was 'random'");
    }

    @Test
    void aTraceSetsThePatternAndReplaysWholeUnlessIterationsAreSet() {
        Workload trace = Workload.builder().trace("t.jsonl").build();
        BenchmarkDescriptor whole = BenchmarkDescriptor.builder("vllm", "m").workload(trace).concurrency(8).build();
        assertThat(whole.pattern()).isEqualTo(LoadPattern.TRACE);
        assertThat(whole.iterations()).isEqualTo(Integer.MAX_VALUE);
        assertThat(whole.toBuilder().build()).isEqualTo(whole);
        assertThat(BenchmarkDescriptor.builder("vllm", "m").workload(trace).iterations(50).build().iterations())
                .isEqualTo(50);
        assertThat(BenchmarkDescriptor.builder("vllm", "m").build().iterations()).isEqualTo(100);
    }

    @Test
    void traceAndItsPatternGoTogether() {
        assertThatThrownBy(() -> BenchmarkDescriptor.builder("vllm", "m").pattern(LoadPattern.TRACE).build())
                .hasMessageStartingWith("pattern must be a pattern other than TRACE without a trace workload");
        assertThatThrownBy(() -> BenchmarkDescriptor.builder("vllm", "m").pattern(LoadPattern.CONCURRENT)
                .concurrency(2).workload(Workload.builder().trace("t.jsonl").build()).build())
                .hasMessage("pattern must be TRACE with a trace workload, was CONCURRENT");
    }

    @Test
    void aBenchmarkHasEitherAWorkloadOrARequestFunction() {
        BenchmarkDescriptor plain = BenchmarkDescriptor.builder("openai", "m").name("plain").build();
        BenchmarkDescriptor synthetic = plain.toBuilder().name("synthetic")
                .workload(Workload.builder().inputTokens(9).build()).build();
        assertThat(LatencyLens.benchmark(synthetic).descriptor()).isEqualTo(synthetic);
        assertThatThrownBy(() -> LatencyLens.benchmark(plain))
                .hasMessageStartingWith("plain has no workload: give the descriptor one");
        assertThatThrownBy(() -> LatencyLens.benchmark(synthetic, it -> ChatRequest.ofUser("x")))
                .hasMessageStartingWith("synthetic has a workload, which makes its requests");
    }
}
