package dev.latencylens.processor;

import static dev.latencylens.processor.Sources.assertDiagnostic;
import static dev.latencylens.processor.Sources.bench;
import static dev.latencylens.processor.Sources.compile;
import static dev.latencylens.processor.Sources.onlyError;
import static dev.latencylens.processor.Sources.source;

import dev.latencylens.processor.Sources.Source;
import org.junit.jupiter.api.Test;

/** The class a benchmark is declared in: the harness must reach it and create it. One misuse per test. */
class BenchmarkClassMisuseTest {

    @Test
    void nonPublicClass() {
        Source src = source("com.acme.Bench", """
                package com.acme;

                import dev.latencylens.annotations.LlmBenchmark;

                class Bench {
                    @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                    public String shortAnswer() { return "hi"; }
                }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "class Bench",
                "Benchmark class Bench is not public; declare it 'public'");
    }

    @Test
    void nonPublicEnclosingClass() {
        Source src = bench("""
                static class Group {
                    public static class Nested {
                        @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                        public String shortAnswer() { return "hi"; }
                    }
                }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "class Group",
                "Class Bench.Group, which encloses benchmark class Bench.Group.Nested, is not public; declare it "
                        + "'public'");
    }

    @Test
    void abstractClass() {
        Source src = bench("""
                public static abstract class Base {
                    @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                    public static String shortAnswer() { return "hi"; }
                }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "class Base",
                "Benchmark class Bench.Base is abstract, but the harness must create it; remove 'abstract'");
    }

    @Test
    void innerClass() {
        Source src = bench("""
                public class Inner {
                    @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                    public String shortAnswer() { return "hi"; }
                }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "class Inner",
                "Benchmark class Bench.Inner is an inner class; declare it 'static' (a static nested class) so the "
                        + "harness can create it without an instance of Bench.");
    }

    @Test
    void localClass() {
        // The processing API never shows methods inside method bodies; a valid benchmark makes javac run it.
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public String valid() { return "hi"; }

                public void helper() {
                    class Local {
                        @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                        public String shortAnswer() { return "hi"; }
                    }
                }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "shortAnswer()",
                "@LlmBenchmark method shortAnswer is declared in local class Local, which the generated harness "
                        + "cannot reach, so it would be ignored; declare it in a public top-level or public static "
                        + "nested class.");
    }

    @Test
    void anonymousClass() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public String valid() { return "hi"; }

                public Object helper() {
                    return new Object() {
                        @dev.latencylens.annotations.LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                        public String shortAnswer() { return "hi"; }
                    };
                }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "shortAnswer()",
                "@LlmBenchmark method shortAnswer is declared in an anonymous class");
    }

    @Test
    void missingPublicNoArgConstructor() {
        Source src = bench("""
                private final String topic;

                public Bench(String topic) { this.topic = topic; }

                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public String shortAnswer() { return topic; }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "class Bench",
                "Benchmark class Bench has no public no-argument constructor, which its instance method shortAnswer "
                        + "needs; add 'public Bench() {}', or make its @LlmBenchmark, @Setup and @TearDown methods "
                        + "static.");
    }

    @Test
    void privateNoArgConstructorWithInstanceSetup() {
        // The benchmark itself is static, but the instance @Setup method needs an instance.
        Source src = bench("""
                private Bench() { }

                @Setup
                public void load() { }

                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public static String shortAnswer() { return "hi"; }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "class Bench",
                "has no public no-argument constructor, which its instance method load needs");
    }

    @Test
    void benchmarkInInterface() {
        Source src = bench("""
                public interface Prompts {
                    @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                    static String shortAnswer() { return "hi"; }
                }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "interface Prompts",
                "Bench.Prompts is an interface; declare benchmark methods in a public class.");
    }
}
