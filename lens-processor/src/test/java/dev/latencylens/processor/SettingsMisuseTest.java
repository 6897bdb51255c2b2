package dev.latencylens.processor;

import static dev.latencylens.processor.Sources.assertDiagnostic;
import static dev.latencylens.processor.Sources.bench;
import static dev.latencylens.processor.Sources.compile;
import static dev.latencylens.processor.Sources.message;
import static dev.latencylens.processor.Sources.onlyError;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.latencylens.processor.Sources.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The values of {@code @LlmBenchmark}: each wrong value is a compile error on the value itself, so the IDE
 * underlines exactly what to change. One misuse per test.
 */
class SettingsMisuseTest {

    /** A benchmark whose annotation ends with {@code attributes}, each on its own line. */
    private static Source benchWith(String attributes) {
        return bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini",
                              %s)
                public String shortAnswer() { return "hi"; }
                """.formatted(attributes));
    }

    @Test
    void iterationsBelowOne() {
        Source src = benchWith("iterations = 0");
        assertDiagnostic(onlyError(compile(src)), src, "0)",
                "@LlmBenchmark iterations = 0 is not allowed; write iterations = 1 or more");
    }

    @Test
    void negativeWarmup() {
        Source src = benchWith("warmup = -1");
        assertDiagnostic(onlyError(compile(src)), src, "-1)",
                "@LlmBenchmark warmup = -1 is not allowed; write warmup = 0 or more");
    }

    @Test
    void concurrencyBelowOne() {
        Source src = benchWith("pattern = LoadPattern.CONCURRENT, concurrency = 0");
        assertDiagnostic(onlyError(compile(src)), src, "0)",
                "@LlmBenchmark concurrency = 0 is not allowed; write concurrency = 1 or more");
    }

    @Test
    void timeoutNotAboveZero() {
        Source src = benchWith("timeoutMs = 0");
        assertDiagnostic(onlyError(compile(src)), src, "0)",
                "@LlmBenchmark timeoutMs = 0 is not allowed; write a timeout above 0 milliseconds");
    }

    @Test
    void maxTokensBelowOne() {
        Source src = benchWith("maxTokens = 0");
        assertDiagnostic(onlyError(compile(src)), src, "0)",
                "@LlmBenchmark maxTokens = 0 is not allowed; write maxTokens = 1 or more");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.1", "2.5"})
    void temperatureOutsideZeroToTwo(String temperature) {
        Source src = benchWith("temperature = " + temperature);
        assertDiagnostic(onlyError(compile(src)), src, temperature + ")",
                "@LlmBenchmark temperature = " + Double.parseDouble(temperature) + " is outside 0 to 2; write a "
                        + "temperature between 0 and 2, or leave it out");
    }

    @Test
    void infiniteTemperature() {
        // javac points at the operator of a qualified or binary expression: here the '.' of the constant.
        Source src = benchWith("temperature = Double.POSITIVE_INFINITY");
        assertDiagnostic(onlyError(compile(src)), src, ".POSITIVE_INFINITY)",
                "@LlmBenchmark temperature = Infinity is outside 0 to 2");
    }

    @Test
    void blankProvider() {
        Source src = bench("""
                @LlmBenchmark(provider = " ", model = "gpt-4o-mini")
                public String shortAnswer() { return "hi"; }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "\" \", model",
                "@LlmBenchmark provider is blank; write a provider id, e.g. provider = \"openai\"");
    }

    @Test
    void blankModel() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "")
                public String shortAnswer() { return "hi"; }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "\"\")",
                "@LlmBenchmark model is blank; write the model as the provider names it");
    }

    @Test
    void sequentialWithConcurrencyAboveOne() {
        Source src = benchWith("concurrency = 8");
        assertDiagnostic(onlyError(compile(src)), src, "8)",
                "concurrency = 8 needs several requests in flight, but pattern SEQUENTIAL sends one at a time; use "
                        + "pattern = LoadPattern.CONCURRENT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONSTANT_RATE", "POISSON", "BURST", "RAMP"})
    void openLoopPatternWithoutRate(String pattern) {
        Source src = benchWith("pattern = LoadPattern." + pattern + ", concurrency = 4");
        assertDiagnostic(onlyError(compile(src)), src, "." + pattern + ",",
                "@LlmBenchmark pattern = LoadPattern." + pattern + " sends requests on a schedule and needs a rate; "
                        + "write rate = <requests per second> above 0");
    }

    @Test
    void negativeRate() {
        Source src = benchWith("pattern = LoadPattern.CONCURRENT, concurrency = 4, rate = -2");
        assertDiagnostic(onlyError(compile(src)), src, "-2)", "@LlmBenchmark rate = -2.0 is negative");
    }

    @Test
    void infiniteRate() {
        Source src = benchWith("pattern = LoadPattern.POISSON, rate = 1 / 0.0");
        assertDiagnostic(onlyError(compile(src)), src, "/ 0.0)",
                "@LlmBenchmark rate = Infinity is not a finite number; write a number of requests per second");
    }

    @Test
    void unknownProviderIsOnlyAWarning() {
        Source src = bench("""
                @LlmBenchmark(provider = "opneai", model = "gpt-4o-mini")
                public String shortAnswer() { return "hi"; }
                """);
        Compilation compilation = compile(src);
        assertThat(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
        assertThat(compilation.warnings()).hasSize(1);
        assertDiagnostic(compilation.warnings().get(0), src, "\"opneai\"",
                "@LlmBenchmark provider \"opneai\" is not a built-in provider id (openai, openai-responses, "
                        + "anthropic, gemini, bedrock, azure-openai, cohere, mistral, openrouter, together, groq, "
                        + "deepseek, fireworks, vllm, llamacpp, ollama, ollama-native, simulated); fix the spelling");
        assertThat(compilation.generatedSourceFile("com.acme.Bench_shortAnswer_LensHarness")).isPresent();
    }

    @Test
    void everyWrongValueIsReported() {
        Source src = benchWith("iterations = 0, warmup = -1, maxTokens = 0");
        Compilation compilation = compile(src);
        assertThat(compilation.errors()).extracting(Sources::message).hasSize(3)
                .anySatisfy(m -> assertThat(m).contains("iterations = 0"))
                .anySatisfy(m -> assertThat(m).contains("warmup = -1"))
                .anySatisfy(m -> assertThat(m).contains("maxTokens = 0"));
        assertThat(compilation.errors()).allSatisfy(d -> assertThat(message(d)).startsWith("@LlmBenchmark"));
    }
}
