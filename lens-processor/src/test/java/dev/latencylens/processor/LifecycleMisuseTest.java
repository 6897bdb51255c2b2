package dev.latencylens.processor;

import static dev.latencylens.processor.Sources.assertDiagnostic;
import static dev.latencylens.processor.Sources.bench;
import static dev.latencylens.processor.Sources.compile;
import static dev.latencylens.processor.Sources.onlyError;

import dev.latencylens.processor.Sources.Source;
import org.junit.jupiter.api.Test;

/** {@code @Setup} and {@code @TearDown}: public, void, parameterless, in a benchmark class. One misuse per test. */
class LifecycleMisuseTest {

    private static final String BENCHMARK = """
            @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
            public String shortAnswer() { return "hi"; }

            """;

    @Test
    void setupInClassWithoutBenchmarks() {
        Source src = bench("""
                @Setup
                public void load() { }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "@Setup",
                "@Setup method load is in Bench, which has no @LlmBenchmark method; move it into the benchmark class "
                        + "it serves.");
    }

    @Test
    void tearDownInClassWithoutBenchmarks() {
        Source src = bench("""
                @TearDown
                public static void close() { }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "@TearDown",
                "@TearDown method close is in Bench, which has no @LlmBenchmark method");
    }

    @Test
    void setupNotPublic() {
        Source src = bench(BENCHMARK + """
                @Setup
                void load() { }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "load()",
                "@Setup method load is not public; declare it 'public'");
    }

    @Test
    void setupReturningAValue() {
        Source src = bench(BENCHMARK + """
                @Setup
                public int load() { return 1; }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "load()",
                "@Setup method load returns int; declare it 'void': its result would be ignored.");
    }

    @Test
    void tearDownWithParameters() {
        Source src = bench(BENCHMARK + """
                @TearDown
                public void close(boolean force) { }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "close(boolean force)",
                "@TearDown method close takes (boolean); declare it without parameters.");
    }

    @Test
    void tearDownThrowingThrowable() {
        Source src = bench(BENCHMARK + """
                @TearDown
                public void close() throws Throwable { }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "close()",
                "@TearDown method close declares 'throws java.lang.Throwable'; declare Exception");
    }

    @Test
    void benchmarkThatIsAlsoSetup() {
        Source src = bench("""
                @Setup
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public String shortAnswer() { return "hi"; }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "@Setup",
                "Method shortAnswer is both @LlmBenchmark and @Setup; split it");
    }
}
