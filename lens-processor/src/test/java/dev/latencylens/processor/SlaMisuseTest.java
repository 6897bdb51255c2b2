package dev.latencylens.processor;

import static dev.latencylens.processor.Sources.assertDiagnostic;
import static dev.latencylens.processor.Sources.bench;
import static dev.latencylens.processor.Sources.compile;
import static dev.latencylens.processor.Sources.onlyError;

import dev.latencylens.processor.Sources.Source;
import org.junit.jupiter.api.Test;

/** {@code @Sla}: where it may stand and which bounds it may hold. One misuse per test. */
class SlaMisuseTest {

    @Test
    void slaWithoutBenchmark() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public String shortAnswer() { return "hi"; }

                @Sla(ttftP95Ms = 900)
                public String helper() { return "hi"; }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "@Sla(ttftP95Ms = 900)",
                "@Sla on method helper, which has no @LlmBenchmark; put @Sla on the @LlmBenchmark method whose "
                        + "results it bounds.");
    }

    @Test
    void slaInClassWithoutBenchmarks() {
        Source src = bench("""
                @Sla(e2eP99Ms = 8000)
                public String helper() { return "hi"; }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "@Sla(e2eP99Ms = 8000)",
                "@Sla on method helper, which has no @LlmBenchmark");
    }

    @Test
    void negativeBound() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                @Sla(ttftP95Ms = 900,
                     e2eP99Ms = -1)
                public String shortAnswer() { return "hi"; }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "-1)",
                "@Sla e2eP99Ms = -1.0 is negative; write a bound of 0 or more, or leave it out to not check it.");
    }

    @Test
    void errorRateAboveOne() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                @Sla(maxErrorRate = 5)
                public String shortAnswer() { return "hi"; }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "5)",
                "@Sla maxErrorRate = 5.0 is a share between 0 and 1; write e.g. maxErrorRate = 0.01 for 1 %");
    }
}
