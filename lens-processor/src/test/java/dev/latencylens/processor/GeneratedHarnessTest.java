package dev.latencylens.processor;

import static dev.latencylens.processor.Sources.bench;
import static dev.latencylens.processor.Sources.compileCleanly;
import static dev.latencylens.processor.Sources.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.testing.compile.Compilation;
import dev.latencylens.annotations.DatasetOrder;
import dev.latencylens.annotations.LengthDistribution;
import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.annotations.PrefixScope;
import dev.latencylens.annotations.SessionHistory;
import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.Iteration;
import dev.latencylens.processor.Sources.Source;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.Phase;
import dev.latencylens.results.SlaSpec;
import dev.latencylens.results.Workload;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the generated harnesses do when the runtime calls them: loaded from the compilation and run. */
class GeneratedHarnessTest {

    private static final Iteration SEVENTH = Iteration.seeded(42, Phase.MEASURED, 7);

    /** Four shapes: String or ChatRequest, static or instance, with or without Iteration. */
    private static final Source SHAPES = bench("""
            private final String topic = "sky";

            @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
            public String stringInstance() { return "Why is the " + topic + " blue?"; }

            @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
            public static String stringStaticIteration(Iteration it) { return "ticket " + it.index(); }

            @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
            public static ChatRequest chatStatic() { return ChatRequest.builder().system("S").user("u").build(); }

            @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
            public ChatRequest chatInstanceIteration(Iteration it) {
                return ChatRequest.builder().user(topic + " " + it.phase() + " " + it.index()).maxTokens(9).build();
            }
            """);

    @Test
    void stringInstanceMethodIsWrappedAsUserMessage() throws Exception {
        BenchmarkHarness harness = new CompiledClasses(compileCleanly(SHAPES))
                .harness("com.acme.Bench_stringInstance_LensHarness");
        Object instance = harness.newInstance();
        assertThat(instance.getClass().getName()).isEqualTo("com.acme.Bench");
        assertThat(harness.request(instance, SEVENTH)).isEqualTo(ChatRequest.ofUser("Why is the sky blue?"));
    }

    @Test
    void stringStaticMethodGetsTheIteration() throws Exception {
        BenchmarkHarness harness = new CompiledClasses(compileCleanly(SHAPES))
                .harness("com.acme.Bench_stringStaticIteration_LensHarness");
        assertThat(harness.request(harness.newInstance(), SEVENTH)).isEqualTo(ChatRequest.ofUser("ticket 7"));
    }

    @Test
    void chatRequestStaticMethodIsReturnedAsIs() throws Exception {
        BenchmarkHarness harness = new CompiledClasses(compileCleanly(SHAPES))
                .harness("com.acme.Bench_chatStatic_LensHarness");
        assertThat(harness.request(harness.newInstance(), SEVENTH))
                .isEqualTo(ChatRequest.builder().system("S").user("u").build());
    }

    @Test
    void chatRequestInstanceMethodGetsTheIteration() throws Exception {
        BenchmarkHarness harness = new CompiledClasses(compileCleanly(SHAPES))
                .harness("com.acme.Bench_chatInstanceIteration_LensHarness");
        assertThat(harness.request(harness.newInstance(), SEVENTH))
                .isEqualTo(ChatRequest.builder().user("sky MEASURED 7").maxTokens(9).build());
    }

    @Test
    void nestedClassHarnessIsNamedAfterEveryLevel() throws Exception {
        Source src = bench("""
                public static class Group {
                    public static class Nested {
                        @LlmBenchmark(provider = "anthropic", model = "claude-sonnet-4-5")
                        public String answer(Iteration it) { return "nested " + it.index(); }
                    }
                }
                """);
        BenchmarkHarness harness = new CompiledClasses(compileCleanly(src))
                .harness("com.acme.Bench_Group_Nested_answer_LensHarness");
        Object instance = harness.newInstance();
        assertThat(instance.getClass().getName()).isEqualTo("com.acme.Bench$Group$Nested");
        assertThat(harness.request(instance, SEVENTH)).isEqualTo(ChatRequest.ofUser("nested 7"));
        assertThat(harness.descriptor().name()).isEqualTo("Bench.Group.Nested.answer");
        assertThat(harness.descriptor().className()).isEqualTo("com.acme.Bench$Group$Nested");
        assertThat(harness.descriptor().methodName()).isEqualTo("answer");
    }

    @Test
    void classWithoutPublicConstructorRunsStaticMethods() throws Exception {
        Source src = bench("""
                private Bench() { }

                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public static String shortAnswer() { return "static"; }
                """);
        BenchmarkHarness harness = new CompiledClasses(compileCleanly(src))
                .harness("com.acme.Bench_shortAnswer_LensHarness");
        assertThat(harness.newInstance()).isSameAs(BenchmarkHarness.STATIC_ONLY);
        assertThat(harness.request(BenchmarkHarness.STATIC_ONLY, SEVENTH)).isEqualTo(ChatRequest.ofUser("static"));
    }

    @Test
    void implicitlyStaticNestedTypesAreAccepted() throws Exception {
        // A nested record is implicitly static, and so is a class nested in an interface (which is also public).
        Source src = bench("""
                public record Prompt() {
                    @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                    public String shortAnswer() { return "record"; }
                }

                public interface Catalog {
                    class Entry {
                        @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                        public String shortAnswer() { return "entry"; }
                    }
                }
                """);
        CompiledClasses classes = new CompiledClasses(compileCleanly(src));
        BenchmarkHarness record = classes.harness("com.acme.Bench_Prompt_shortAnswer_LensHarness");
        assertThat(record.request(record.newInstance(), SEVENTH)).isEqualTo(ChatRequest.ofUser("record"));
        BenchmarkHarness entry = classes.harness("com.acme.Bench_Catalog_Entry_shortAnswer_LensHarness");
        assertThat(entry.request(entry.newInstance(), SEVENTH)).isEqualTo(ChatRequest.ofUser("entry"));
    }

    @Test
    void genericClassIsCastWithWildcards() throws Exception {
        Source src = bench("""
                public static class Typed<T extends Number> {
                    @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                    public String shortAnswer() { return "typed"; }
                }
                """);
        BenchmarkHarness harness = new CompiledClasses(compileCleanly(src))
                .harness("com.acme.Bench_Typed_shortAnswer_LensHarness");
        assertThat(harness.request(harness.newInstance(), SEVENTH)).isEqualTo(ChatRequest.ofUser("typed"));
    }

    @Test
    void descriptorHoldsEveryAnnotationValue() throws Exception {
        Source src = bench("""
                @LlmBenchmark(provider = "anthropic", model = "claude-sonnet-4-5", iterations = 300, warmup = 5,
                              pattern = LoadPattern.POISSON, concurrency = 64, rate = 4.5, maxTokens = 200,
                              temperature = 0.7, timeoutMs = 12_000, name = "triage", tags = {"smoke", "say \\"hi\\""})
                @Sla(ttftP50Ms = 300, ttftP95Ms = 900, ttftP99Ms = 1200, tpotP95Ms = 40, e2eP95Ms = 6000,
                     e2eP99Ms = 8000, maxErrorRate = 0.01, minOutputTokensPerSecond = 1e-3)
                public String ticketTriage() { return "hi"; }
                """);
        BenchmarkHarness harness = new CompiledClasses(compileCleanly(src))
                .harness("com.acme.Bench_ticketTriage_LensHarness");
        BenchmarkDescriptor expected = BenchmarkDescriptor.builder("anthropic", "claude-sonnet-4-5")
                .name("triage")
                .source("com.acme.Bench", "ticketTriage")
                .iterations(300)
                .warmup(5)
                .pattern(LoadPattern.POISSON)
                .concurrency(64)
                .rate(4.5)
                .maxTokens(200)
                .temperature(0.7)
                .timeoutMs(12_000)
                .tags("smoke", "say \"hi\"")
                .sla(SlaSpec.none().withTtftP50Ms(300).withTtftP95Ms(900).withTtftP99Ms(1200).withTpotP95Ms(40)
                        .withE2eP95Ms(6000).withE2eP99Ms(8000).withMaxErrorRate(0.01)
                        .withMinOutputTokensPerSecond(1e-3))
                .build();
        assertThat(harness.descriptor()).isEqualTo(expected);
    }

    @Test
    void descriptorResolvesEveryDefault() throws Exception {
        BenchmarkHarness harness = new CompiledClasses(compileCleanly(SHAPES))
                .harness("com.acme.Bench_stringInstance_LensHarness");
        BenchmarkDescriptor d = harness.descriptor();
        assertThat(d).isEqualTo(BenchmarkDescriptor.builder("openai", "gpt-4o-mini")
                .name("Bench.stringInstance")
                .source("com.acme.Bench", "stringInstance")
                .build());
        // The defaults spelled out, so a change of the builder's defaults cannot hide a change of the processor's.
        assertThat(List.of(d.iterations(), d.warmup(), d.concurrency(), d.maxTokens())).containsExactly(100, 3, 1, 256);
        assertThat(d.pattern()).isEqualTo(LoadPattern.SEQUENTIAL);
        assertThat(d.rate()).isZero();
        assertThat(d.temperature()).isEmpty();
        assertThat(d.timeoutMs()).isEqualTo(60_000L);
        assertThat(d.tags()).isEmpty();
        assertThat(d.sla().isEmpty()).isTrue();
    }

    @Test
    void onlySetSlaBoundsAreWritten() throws IOException {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                @Sla(ttftP95Ms = 900)
                public String shortAnswer() { return "hi"; }
                """);
        String harness = compileCleanly(src).generatedSourceFile("com.acme.Bench_shortAnswer_LensHarness")
                .orElseThrow().getCharContent(false).toString();
        assertThat(harness).contains(".sla(SlaSpec.none().withTtftP95Ms(900.0))")
                .contains(".temperature(Double.NaN)");
    }

    @Test
    void setupAndTearDownRunInSourceOrderOnTheInstance() throws Exception {
        Source src = bench("""
                public static final java.util.List<String> CALLS = new java.util.ArrayList<>();
                private String data = "unloaded";

                @Setup
                public void load() { data = "loaded"; CALLS.add("setup load"); }

                @TearDown
                public static void report() { CALLS.add("tearDown report"); }

                @Setup
                public static void connect() { CALLS.add("setup connect"); }

                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public String shortAnswer() { CALLS.add("request"); return data; }

                @TearDown
                public void close() { CALLS.add("tearDown close " + data); }
                """);
        CompiledClasses classes = new CompiledClasses(compileCleanly(src));
        BenchmarkHarness harness = classes.harness("com.acme.Bench_shortAnswer_LensHarness");
        Object instance = harness.newInstance();
        harness.setup(instance);
        ChatRequest request = harness.request(instance, SEVENTH);
        harness.tearDown(instance);
        assertThat(request).isEqualTo(ChatRequest.ofUser("loaded"));
        assertThat(classes.staticField("com.acme.Bench", "CALLS")).isEqualTo(List.of(
                "setup load", "setup connect", "request", "tearDown report", "tearDown close loaded"));
    }

    @Test
    void nullPromptFailsNamingTheMethod() throws Exception {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public String shortAnswer() { return null; }

                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public static ChatRequest triage() { return null; }
                """);
        CompiledClasses classes = new CompiledClasses(compileCleanly(src));
        BenchmarkHarness prompt = classes.harness("com.acme.Bench_shortAnswer_LensHarness");
        assertThatThrownBy(() -> prompt.request(prompt.newInstance(), SEVENTH))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Bench.shortAnswer returned null; return the prompt text");
        BenchmarkHarness request = classes.harness("com.acme.Bench_triage_LensHarness");
        assertThatThrownBy(() -> request.request(request.newInstance(), SEVENTH))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Bench.triage returned null; return a ChatRequest");
    }

    /** Workloads: synthetic prompts, a dataset, a trace replayed whole and one cut short. */
    private static final Source WORKLOADS = bench("""
            @LlmBenchmark(provider = "openai", model = "gpt-4o-mini", iterations = 200)
            @Workload(inputTokens = 400, inputStddev = 40, inputMax = 600, outputTokens = 128, prefixTokens = 100,
                      prefixScope = PrefixScope.SESSION)
            public void synthetic() { }

            @LlmBenchmark(provider = "vllm", model = "llama", pattern = LoadPattern.CONCURRENT, concurrency = 4)
            @Workload(dataset = "classpath:chats.json", history = SessionHistory.MODEL, order = DatasetOrder.SHUFFLED,
                      outputDistribution = LengthDistribution.UNIFORM, outputMin = 10, outputMax = 20)
            public static void sessions() { }

            @LlmBenchmark(provider = "vllm", model = "llama", concurrency = 64)
            @Workload(trace = "traces/monday.jsonl", timeScale = 0.5)
            public void replay() { }

            @LlmBenchmark(provider = "vllm", model = "llama", concurrency = 64, iterations = 50)
            @Workload(trace = "traces/monday.jsonl")
            public void replayStart() { }
            """);

    @Test
    void theDescriptorHoldsTheWorkloadAsTheBuilderWouldMakeIt() throws Exception {
        CompiledClasses classes = new CompiledClasses(compileCleanly(WORKLOADS));

        BenchmarkDescriptor synthetic = classes.harness("com.acme.Bench_synthetic_LensHarness").descriptor();
        assertThat(synthetic.workload()).contains(Workload.builder().inputTokens(400).inputStddev(40).inputMax(600)
                .outputTokens(128).prefixTokens(100).prefixScope(PrefixScope.SESSION).build());
        assertThat(synthetic.iterations()).isEqualTo(200);
        assertThat(synthetic.pattern()).isEqualTo(LoadPattern.SEQUENTIAL);

        BenchmarkDescriptor sessions = classes.harness("com.acme.Bench_sessions_LensHarness").descriptor();
        assertThat(sessions.workload()).contains(Workload.builder().dataset("classpath:chats.json")
                .history(SessionHistory.MODEL).order(DatasetOrder.SHUFFLED)
                .outputDistribution(LengthDistribution.UNIFORM).outputMin(10).outputMax(20).build());
        assertThat(sessions.pattern()).isEqualTo(LoadPattern.CONCURRENT);
    }

    @Test
    void aTraceReplaysAtItsTimestampsAndWholeUnlessIterationsAreWritten() throws Exception {
        CompiledClasses classes = new CompiledClasses(compileCleanly(WORKLOADS));

        BenchmarkDescriptor replay = classes.harness("com.acme.Bench_replay_LensHarness").descriptor();
        assertThat(replay.pattern()).isEqualTo(LoadPattern.TRACE);
        assertThat(replay.iterations()).as("every line, counted when the trace is read").isEqualTo(Integer.MAX_VALUE);
        assertThat(replay.concurrency()).isEqualTo(64);
        assertThat(replay.workload().orElseThrow().timeScale()).isEqualTo(0.5);
        BenchmarkDescriptor start = classes.harness("com.acme.Bench_replayStart_LensHarness").descriptor();
        assertThat(start.pattern()).isEqualTo(LoadPattern.TRACE);
        assertThat(start.iterations()).isEqualTo(50);
    }

    @Test
    void aWorkloadHarnessNeverCallsTheMethod() throws Exception {
        BenchmarkHarness harness = new CompiledClasses(compileCleanly(WORKLOADS))
                .harness("com.acme.Bench_synthetic_LensHarness");
        assertThatThrownBy(() -> harness.request(harness.newInstance(), SEVENTH))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Bench.synthetic sends its @Workload; the runtime never asks the harness for a request");
    }

    @Test
    void harnessIsAPublicFinalGeneratedClassCallingWithoutReflection() throws Exception {
        Compilation compilation = compileCleanly(SHAPES);
        Class<?> harness = new CompiledClasses(compilation).loadClass("com.acme.Bench_stringInstance_LensHarness");
        assertThat(Modifier.isPublic(harness.getModifiers()) && Modifier.isFinal(harness.getModifiers())).isTrue();
        assertThat(harness.getInterfaces()).containsExactly(BenchmarkHarness.class);
        assertThat(Modifier.isPublic(harness.getConstructor().getModifiers())).isTrue();
        String source = compilation.generatedSourceFile("com.acme.Bench_stringInstance_LensHarness").orElseThrow()
                .getCharContent(false).toString();
        assertThat(source).contains("@Generated(\"dev.latencylens.processor.LensProcessor\")")
                .contains("((Bench) instance).stringInstance()")
                .doesNotContain("java.lang.reflect");
    }

    @Test
    void generatedCodeCompilesWithoutLintWarnings() {
        // -processing: javac warns that no processor claims @Generated on the harnesses, which is not ours to claim.
        Compilation compilation = Sources.compiler().withOptions("-Xlint:all,-processing", "-Werror")
                .compile(SHAPES.toFileObject(), source("com.acme.Other", """
                        package com.acme;

                        public class Other<T> {
                            @dev.latencylens.annotations.LlmBenchmark(provider = "openai", model = "m")
                            @Deprecated
                            public static String old(dev.latencylens.api.Iteration it) { return "x"; }

                            @dev.latencylens.annotations.TearDown
                            public void close() throws java.io.IOException { }
                        }
                        """).toFileObject());
        assertThat(compilation.diagnostics()).isEmpty();
        assertThat(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
    }
}
