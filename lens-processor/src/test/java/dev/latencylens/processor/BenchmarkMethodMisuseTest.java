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

/** The shape of {@code @LlmBenchmark} methods: one misuse per test, each a compile error on the method. */
class BenchmarkMethodMisuseTest {

    @Test
    void nonPublicMethod() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                String shortAnswer() { return "hi"; }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "shortAnswer()",
                "@LlmBenchmark method shortAnswer is not public; declare it 'public'");
    }

    @Test
    void abstractMethod() {
        // An abstract method needs an abstract class, which is a misuse of its own: both are reported.
        Source src = bench("""
                public static abstract class Base {
                    @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                    public abstract String shortAnswer();
                }
                """);
        Compilation compilation = compile(src);
        assertThat(compilation.errors()).hasSize(2);
        assertDiagnostic(compilation.errors().stream()
                        .filter(d -> message(d).startsWith("@LlmBenchmark method")).findFirst().orElseThrow(),
                src, "shortAnswer()", "@LlmBenchmark method shortAnswer is abstract; give it a body");
        assertThat(compilation.errors()).anySatisfy(d -> assertThat(message(d))
                .contains("Benchmark class Bench.Base is abstract"));
    }

    @Test
    void unsupportedReturnType() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public Object shortAnswer() { return "hi"; }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "shortAnswer()",
                "@LlmBenchmark method shortAnswer returns java.lang.Object; return a String (the user message) or a "
                        + "dev.latencylens.api.ChatRequest.");
    }

    @Test
    void voidReturnType() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public void shortAnswer() { }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "shortAnswer()",
                "returns void; return a String (the user message) or a dev.latencylens.api.ChatRequest, or add "
                        + "@Workload to send synthetic prompts, a dataset or a trace.");
    }

    @Test
    void unsupportedParameter() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public String shortAnswer(int index) { return "hi " + index; }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "shortAnswer(int index)",
                "@LlmBenchmark method shortAnswer takes (int); take no parameter, or a single "
                        + "dev.latencylens.api.Iteration");
    }

    @Test
    void iterationPlusAnotherParameter() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public String shortAnswer(Iteration it, String extra) { return extra; }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "shortAnswer(Iteration",
                "takes (dev.latencylens.api.Iteration, java.lang.String); take no parameter, or a single");
    }

    @Test
    void iterationVarargs() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public String shortAnswer(Iteration... its) { return "hi"; }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "shortAnswer(Iteration...",
                "takes (dev.latencylens.api.Iteration[]); take no parameter, or a single");
    }

    @Test
    void throwsThrowable() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public String shortAnswer() throws Throwable { return "hi"; }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "shortAnswer()",
                "@LlmBenchmark method shortAnswer declares 'throws java.lang.Throwable'; declare Exception");
    }

    @Test
    void unresolvedReturnTypeIsLeftToJavac() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public NoSuchType shortAnswer() { return null; }
                """);
        var error = onlyError(compile(src));
        assertThat(message(error)).contains("cannot find symbol").doesNotContain("@LlmBenchmark");
    }
}
