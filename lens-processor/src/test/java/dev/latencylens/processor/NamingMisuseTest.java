package dev.latencylens.processor;

import static dev.latencylens.processor.Sources.assertDiagnostic;
import static dev.latencylens.processor.Sources.bench;
import static dev.latencylens.processor.Sources.compile;
import static dev.latencylens.processor.Sources.onlyError;
import static dev.latencylens.processor.Sources.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.latencylens.processor.Sources.Source;
import org.junit.jupiter.api.Test;

/** Benchmark names and harness names must be unique in a compilation. */
class NamingMisuseTest {

    @Test
    void duplicateExplicitName() {
        Source first = source("com.acme.First", """
                package com.acme;

                import dev.latencylens.annotations.LlmBenchmark;

                public class First {
                    @LlmBenchmark(provider = "openai", model = "gpt-4o-mini", name = "smoke")
                    public String a() { return "hi"; }
                }
                """);
        Source second = source("com.acme.Second", """
                package com.acme;

                import dev.latencylens.annotations.LlmBenchmark;

                public class Second {
                    @LlmBenchmark(provider = "openai", model = "gpt-4o-mini",
                                  name = "smoke")
                    public String b() { return "hi"; }
                }
                """);
        var error = onlyError(compile(first, second));
        assertThat(error.getSource().getName()).endsWith("Second.java");
        assertDiagnostic(error, second, "\"smoke\")",
                "Benchmark name \"smoke\" is already used by com.acme.First.a; benchmark names must be unique: "
                        + "write name = \"<another name>\" on one of them.");
    }

    @Test
    void duplicateDefaultNameFromClassesOfTheSameSimpleName() {
        // The default name leaves the package out, for readable reports: same-named classes must pick names.
        Source first = source("com.acme.a.Bench", """
                package com.acme.a;

                public class Bench {
                    @dev.latencylens.annotations.LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                    public String shortAnswer() { return "hi"; }
                }
                """);
        Source second = source("com.acme.b.Bench", """
                package com.acme.b;

                public class Bench {
                    @dev.latencylens.annotations.LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                    public String shortAnswer() { return "hi"; }
                }
                """);
        var error = onlyError(compile(first, second));
        assertThat(error.getSource().getName()).endsWith("b/Bench.java");
        assertDiagnostic(error, second, "@dev.latencylens.annotations.LlmBenchmark",
                "Benchmark name \"Bench.shortAnswer\" is already used by com.acme.a.Bench.shortAnswer");
    }

    @Test
    void overloadedBenchmarkMethods() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini", name = "plain")
                public String shortAnswer() { return "hi"; }

                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini", name = "varied")
                public String shortAnswer(Iteration it) { return "hi " + it.index(); }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "shortAnswer(Iteration it)",
                "@LlmBenchmark method shortAnswer would be run by the generated class Bench_shortAnswer_LensHarness, "
                        + "which already runs com.acme.Bench.shortAnswer; give benchmark methods distinct names");
    }

    @Test
    void distinctNamesCompile() {
        Compilation compilation = compile(bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini", name = "one")
                public String a() { return "hi"; }

                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini", name = "two")
                public String b() { return "hi"; }
                """));
        assertThat(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
    }
}
