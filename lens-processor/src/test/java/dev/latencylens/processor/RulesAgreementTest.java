package dev.latencylens.processor;

import static dev.latencylens.processor.Sources.bench;
import static dev.latencylens.processor.Sources.compile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.testing.compile.Compilation;
import dev.latencylens.internal.config.ConfigException;
import dev.latencylens.internal.config.LensConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The processor's rules and the configuration file's agree: a value the processor rejects at compile time is
 * rejected by {@code LensConfig.read} too (which enforces the rules through the runtime's BenchmarkDescriptor,
 * SlaSpec and Workload), and a value one accepts the other accepts. The processor cannot depend on the runtime, so
 * its checks are its own; this test keeps the two sides from drifting apart, rule by rule.
 */
class RulesAgreementTest {

    @TempDir
    Path dir;

    /** The annotations before a method, the same benchmark as a YAML flow map, and whether both accept it. */
    static Stream<Arguments> rules() {
        return Stream.of(
                rule("@LlmBenchmark(provider = \"openai\", model = \"m\", iterations = 5)",
                        "{provider: openai, model: m, prompt: hi, iterations: 5}", true),
                rule("@LlmBenchmark(provider = \"openai\", model = \"m\", iterations = 0)",
                        "{provider: openai, model: m, prompt: hi, iterations: 0}", false),
                rule("@LlmBenchmark(provider = \"openai\", model = \"m\", warmup = -1)",
                        "{provider: openai, model: m, prompt: hi, warmup: -1}", false),
                rule("@LlmBenchmark(provider = \"openai\", model = \"m\", pattern = LoadPattern.CONCURRENT, "
                        + "concurrency = 0)", "{provider: openai, model: m, prompt: hi, pattern: concurrent, "
                        + "concurrency: 0}", false),
                rule("@LlmBenchmark(provider = \"openai\", model = \"m\", concurrency = 4)",
                        "{provider: openai, model: m, prompt: hi, concurrency: 4}", false),
                rule("@LlmBenchmark(provider = \"openai\", model = \"m\", pattern = LoadPattern.CONCURRENT, "
                        + "concurrency = 4)", "{provider: openai, model: m, prompt: hi, pattern: concurrent, "
                        + "concurrency: 4}", true),
                rule("@LlmBenchmark(provider = \"openai\", model = \"m\", rate = -1)",
                        "{provider: openai, model: m, prompt: hi, rate: -1}", false),
                rule("@LlmBenchmark(provider = \"openai\", model = \"m\", pattern = LoadPattern.POISSON)",
                        "{provider: openai, model: m, prompt: hi, pattern: poisson}", false),
                rule("@LlmBenchmark(provider = \"openai\", model = \"m\", pattern = LoadPattern.POISSON, rate = 2)",
                        "{provider: openai, model: m, prompt: hi, pattern: poisson, rate: 2}", true),
                rule("@LlmBenchmark(provider = \"openai\", model = \"m\", maxTokens = 0)",
                        "{provider: openai, model: m, prompt: hi, maxTokens: 0}", false),
                rule("@LlmBenchmark(provider = \"openai\", model = \"m\", temperature = 2.5)",
                        "{provider: openai, model: m, prompt: hi, temperature: 2.5}", false),
                rule("@LlmBenchmark(provider = \"openai\", model = \"m\", timeoutMs = 0)",
                        "{provider: openai, model: m, prompt: hi, timeoutMs: 0}", false),
                rule("@LlmBenchmark(provider = \"openai\", model = \" \")",
                        "{provider: openai, model: ' ', prompt: hi}", false),
                rule("@LlmBenchmark(provider = \"\", model = \"m\")",
                        "{provider: '', model: m, prompt: hi}", false),
                rule("@LlmBenchmark(provider = \"openai\", model = \"m\") @Sla(ttftP95Ms = -1)",
                        "{provider: openai, model: m, prompt: hi, sla: {ttftP95Ms: -1}}", false),
                rule("@LlmBenchmark(provider = \"openai\", model = \"m\") @Sla(maxErrorRate = 2)",
                        "{provider: openai, model: m, prompt: hi, sla: {maxErrorRate: 2}}", false),
                rule("@LlmBenchmark(provider = \"openai\", model = \"m\") @Sla(maxErrorRate = 0.01)",
                        "{provider: openai, model: m, prompt: hi, sla: {maxErrorRate: 0.01}}", true),
                workload("inputTokens = 400", "{inputTokens: 400}", true),
                workload("inputTokens = 100, prefixTokens = 200", "{inputTokens: 100, prefixTokens: 200}", false),
                workload("inputTokens = 100, inputStddev = -5", "{inputTokens: 100, inputStddev: -5}", false),
                workload("inputTokens = 100, dataset = \"d.jsonl\"", "{inputTokens: 100, dataset: d.jsonl}", false),
                workload("inputTokens = 100, timeScale = 0.5", "{inputTokens: 100, timeScale: 0.5}", false),
                workload("inputTokens = 100, order = DatasetOrder.SHUFFLED", "{inputTokens: 100, order: shuffled}",
                        false),
                workload("outputTokens = 10", "{outputTokens: 10}", false));
    }

    private static Arguments rule(String annotations, String yaml, boolean allowed) {
        return Arguments.of(annotations + "\npublic String m() { return \"hi\"; }", yaml, allowed);
    }

    private static Arguments workload(String workload, String yaml, boolean allowed) {
        return Arguments.of("@LlmBenchmark(provider = \"openai\", model = \"m\") @Workload(" + workload + ")\n"
                + "public void m() { }", "{provider: openai, model: m, workload: " + yaml + "}", allowed);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("rules")
    void theProcessorAndTheConfigurationFileJudgeAlike(String method, String yaml, boolean allowed) throws Exception {
        Compilation compiled = compile(bench(method));
        Path file = Files.writeString(dir.resolve("lens.yaml"), "benchmarks:\n  - " + yaml + "\n");

        assertThat(compiled.errors()).as("processor errors for %s", method).hasSize(allowed ? 0 : 1);
        if (allowed) {
            assertThatCode(() -> LensConfig.read(file, Map.of())).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> LensConfig.read(file, Map.of())).isInstanceOf(ConfigException.class)
                    .hasMessageContaining(" at lens.yaml:2:");
        }
    }
}
