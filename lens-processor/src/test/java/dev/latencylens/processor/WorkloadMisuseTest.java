package dev.latencylens.processor;

import static dev.latencylens.processor.Sources.assertDiagnostic;
import static dev.latencylens.processor.Sources.bench;
import static dev.latencylens.processor.Sources.compile;
import static dev.latencylens.processor.Sources.onlyError;

import dev.latencylens.processor.Sources.Source;
import org.junit.jupiter.api.Test;

/**
 * {@code @Workload}: where it may stand, what its method looks like, which values it may hold and what it decides
 * for the {@code @LlmBenchmark} beside it. One misuse per test, each a compile error on the value (or the element)
 * to change.
 */
class WorkloadMisuseTest {

    /** A benchmark whose {@code @Workload} holds {@code attributes}, each on a line of its own. */
    private static Source workload(String attributes) {
        return bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                @Workload(%s)
                public void prompts() { }
                """.formatted(attributes));
    }

    // ---- where it stands and the method's shape -----------------------------------------------------------------

    @Test
    void workloadWithoutBenchmark() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                public String shortAnswer() { return "hi"; }

                @Workload(inputTokens = 400)
                public void helper() { }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "@Workload(inputTokens = 400)",
                "@Workload on method helper, which has no @LlmBenchmark; put @Workload on the @LlmBenchmark method "
                        + "whose requests it makes.");
    }

    @Test
    void workloadOnAMethodThatReturnsItsRequest() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                @Workload(inputTokens = 400)
                public String prompts() { return "hi"; }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "prompts()",
                "@LlmBenchmark method prompts has a @Workload, which makes its requests, and returns "
                        + "java.lang.String; declare it 'void' (its body is never called), or remove @Workload to send "
                        + "what it returns.");
    }

    @Test
    void workloadOnAMethodTakingTheIteration() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini")
                @Workload(inputTokens = 400)
                public void prompts(Iteration it) { }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "prompts(Iteration it)",
                "@LlmBenchmark method prompts has a @Workload and takes (dev.latencylens.api.Iteration); declare it "
                        + "without parameters: its body is never called.");
    }

    // ---- where the prompts come from ----------------------------------------------------------------------------

    @Test
    void noPrompts() {
        Source src = workload("prefixScope = PrefixScope.BENCHMARK");
        assertDiagnostic(onlyError(compile(src)), src, "@Workload(",
                "@Workload has no prompts; write inputTokens = <tokens> (synthetic prompts), dataset = \"<file>\" or "
                        + "trace = \"<file>\".");
    }

    @Test
    void syntheticLengthsAndADataset() {
        Source src = workload("inputTokens = 400, dataset = \"prompts.jsonl\"");
        assertDiagnostic(onlyError(compile(src)), src, "\"prompts.jsonl\"",
                "@Workload dataset and inputTokens are two sources of prompts; keep one of inputTokens, dataset and "
                        + "trace.");
    }

    @Test
    void aDatasetAndATrace() {
        Source src = workload("dataset = \"prompts.jsonl\", trace = \"trace.jsonl\"");
        assertDiagnostic(onlyError(compile(src)), src, "\"prompts.jsonl\"",
                "@Workload dataset and trace are two sources of prompts");
    }

    @Test
    void syntheticLengthsAndATrace() {
        Source src = workload("inputMin = 10, trace = \"trace.jsonl\"");
        assertDiagnostic(onlyError(compile(src)), src, "\"trace.jsonl\"",
                "@Workload trace and inputMin are two sources of prompts (a trace's lines give the input lengths)");
    }

    // ---- lengths ------------------------------------------------------------------------------------------------

    @Test
    void negativeInputTokens() {
        Source src = workload("inputTokens = -5");
        assertDiagnostic(onlyError(compile(src)), src, "-5)", "@Workload inputTokens = -5 is not allowed; write 1 or "
                + "more.");
    }

    @Test
    void negativeStandardDeviation() {
        Source src = workload("inputTokens = 400, inputStddev = -40");
        assertDiagnostic(onlyError(compile(src)), src, "-40)", "@Workload inputStddev = -40.0 is not allowed; write a "
                + "standard deviation of 0 or more tokens.");
    }

    @Test
    void negativeBound() {
        Source src = workload("inputTokens = 400, inputStddev = 40, inputMax = -1");
        assertDiagnostic(onlyError(compile(src)), src, "-1)", "@Workload inputMax = -1 is not allowed; write 1 or "
                + "more, or leave it out for no bound.");
    }

    @Test
    void aStandardDeviationWithoutALength() {
        Source src = workload("outputStddev = 20, inputTokens = 400");
        assertDiagnostic(onlyError(compile(src)), src, "20,", "@Workload outputStddev needs outputTokens, the length "
                + "(the mean with a standard deviation); write outputTokens = <tokens>.");
    }

    @Test
    void uniformWithoutItsLowerEnd() {
        Source src = workload("inputDistribution = LengthDistribution.UNIFORM, inputMax = 500");
        assertDiagnostic(onlyError(compile(src)), src, "@Workload(", "@Workload inputDistribution = UNIFORM draws "
                + "from inputMin to inputMax; write inputMin = 1 or more.");
    }

    @Test
    void uniformUpperEndBelowItsLowerEnd() {
        Source src = workload("inputDistribution = LengthDistribution.UNIFORM, inputMin = 500, inputMax = 300");
        assertDiagnostic(onlyError(compile(src)), src, "300)", "@Workload inputMax = 300 is below inputMin = 500; "
                + "UNIFORM draws from inputMin to inputMax.");
    }

    @Test
    void uniformWithAMean() {
        Source src = workload("inputDistribution = LengthDistribution.UNIFORM, inputMin = 300, inputMax = 500, "
                + "inputTokens = 400");
        assertDiagnostic(onlyError(compile(src)), src, "400)", "@Workload inputDistribution = UNIFORM draws between "
                + "inputMin and inputMax; leave inputTokens out.");
    }

    @Test
    void logNormalWithoutStandardDeviation() {
        Source src = workload("inputTokens = 400, inputDistribution = LengthDistribution.LOGNORMAL");
        assertDiagnostic(onlyError(compile(src)), src, ".LOGNORMAL)", "@Workload inputDistribution = LOGNORMAL needs "
                + "inputStddev above 0.");
    }

    @Test
    void lowerBoundAboveTheMean() {
        Source src = workload("inputTokens = 400, inputStddev = 40, inputMin = 450");
        assertDiagnostic(onlyError(compile(src)), src, "450)", "@Workload inputMin = 450 is above inputTokens = 400; "
                + "a bound lies on its side of the mean.");
    }

    @Test
    void upperBoundBelowTheMean() {
        Source src = workload("outputTokens = 200, outputStddev = 40, outputMax = 100, inputTokens = 50");
        assertDiagnostic(onlyError(compile(src)), src, "100,", "@Workload outputMax = 100 is below outputTokens = "
                + "200; a bound lies on its side of the mean.");
    }

    @Test
    void outputLengthsWithATrace() {
        Source src = workload("trace = \"trace.jsonl\", outputTokens = 64");
        assertDiagnostic(onlyError(compile(src)), src, "64)", "the trace's lines give the output lengths; leave "
                + "outputTokens out.");
    }

    // ---- prefix -------------------------------------------------------------------------------------------------

    @Test
    void negativePrefix() {
        Source src = workload("dataset = \"prompts.jsonl\", prefixTokens = -3");
        assertDiagnostic(onlyError(compile(src)), src, "-3)", "@Workload prefixTokens = -3 is not allowed; write 1 or "
                + "more, or leave it out for no prefix.");
    }

    @Test
    void prefixAsLongAsThePrompt() {
        Source src = workload("inputTokens = 400, prefixTokens = 400");
        assertDiagnostic(onlyError(compile(src)), src, "400)", "@Workload prefixTokens = 400 is not below the "
                + "shortest input length (400); the prefix is part of each prompt, so write fewer tokens.");
    }

    @Test
    void prefixScopeWithoutPrefix() {
        Source src = workload("inputTokens = 400, prefixScope = PrefixScope.SESSION");
        assertDiagnostic(onlyError(compile(src)), src, ".SESSION)", "@Workload prefixScope = SESSION scopes a prefix, "
                + "and there is none; write prefixTokens = <tokens>, or leave prefixScope out.");
    }

    // ---- dataset ------------------------------------------------------------------------------------------------

    @Test
    void orderWithoutDataset() {
        Source src = workload("inputTokens = 400, order = DatasetOrder.SHUFFLED");
        assertDiagnostic(onlyError(compile(src)), src, ".SHUFFLED)", "@Workload order applies to a dataset, and there "
                + "is none; write dataset = \"<file>\", or leave order out.");
    }

    @Test
    void historyWithoutDataset() {
        Source src = workload("trace = \"trace.jsonl\", history = SessionHistory.MODEL");
        assertDiagnostic(onlyError(compile(src)), src, ".MODEL)", "@Workload history applies to a dataset, and there "
                + "is none");
    }

    @Test
    void datasetOfUnknownFormat() {
        Source src = workload("dataset = \"prompts.txt\"");
        assertDiagnostic(onlyError(compile(src)), src, "\"prompts.txt\"", "@Workload dataset \"prompts.txt\" does not "
                + "end in .jsonl, .ndjson, .csv or .json; write format = DatasetFormat.JSONL, CSV or SHAREGPT.");
    }

    @Test
    void columnOfANonCsvDataset() {
        Source src = workload("dataset = \"classpath:prompts.jsonl\", column = \"question\"");
        assertDiagnostic(onlyError(compile(src)), src, "\"question\"", "@Workload column names a CSV column, and "
                + "dataset \"classpath:prompts.jsonl\" is JSONL; leave column out.");
    }

    @Test
    void blankColumn() {
        Source src = workload("dataset = \"prompts.csv\", column = \" \"");
        assertDiagnostic(onlyError(compile(src)), src, "\" \")", "@Workload column is blank; write the CSV column "
                + "holding the prompts");
    }

    // ---- trace --------------------------------------------------------------------------------------------------

    @Test
    void timeScaleWithoutTrace() {
        Source src = workload("inputTokens = 400, timeScale = 0.5");
        assertDiagnostic(onlyError(compile(src)), src, "0.5)", "@Workload timeScale applies to a trace, and there is "
                + "none; write trace = \"<file>\", or leave timeScale out.");
    }

    @Test
    void timeScaleNotAboveZero() {
        Source src = workload("trace = \"trace.jsonl\", timeScale = 0");
        assertDiagnostic(onlyError(compile(src)), src, "0)", "@Workload timeScale = 0.0 is not allowed; write a factor "
                + "above 0 (0.5 replays a trace twice as fast).");
    }

    // ---- what it decides for @LlmBenchmark ----------------------------------------------------------------------

    @Test
    void aTraceWithAnotherPattern() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini",
                              pattern = LoadPattern.CONCURRENT, concurrency = 8)
                @Workload(trace = "trace.jsonl")
                public void replay() { }
                """);
        assertDiagnostic(onlyError(compile(src)), src, ".CONCURRENT,", "@LlmBenchmark pattern = "
                + "LoadPattern.CONCURRENT conflicts with @Workload trace, which sends each request at its timestamp; "
                + "leave pattern out (a trace sets TRACE).");
    }

    @Test
    void aTraceWithARate() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini", concurrency = 8,
                              rate = 5)
                @Workload(trace = "trace.jsonl")
                public void replay() { }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "5)", "@LlmBenchmark rate does not apply to a trace, whose "
                + "timestamps say when each request goes; leave rate out (@Workload timeScale replays it faster or "
                + "slower).");
    }

    @Test
    void tracePatternWithoutATrace() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini",
                              pattern = LoadPattern.TRACE)
                public String shortAnswer() { return "hi"; }
                """);
        assertDiagnostic(onlyError(compile(src)), src, ".TRACE)", "@LlmBenchmark pattern = LoadPattern.TRACE replays "
                + "a trace, and this benchmark has none; add @Workload(trace = \"<file>\")");
    }

    @Test
    void tracePatternWithSyntheticPrompts() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini",
                              pattern = LoadPattern.TRACE)
                @Workload(inputTokens = 400)
                public void prompts() { }
                """);
        assertDiagnostic(onlyError(compile(src)), src, ".TRACE)", "pattern = LoadPattern.TRACE replays a trace, and "
                + "this benchmark has none");
    }

    @Test
    void maxTokensBesideOutputLengths() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini",
                              maxTokens = 200)
                @Workload(inputTokens = 400, outputTokens = 128)
                public void prompts() { }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "200)", "@LlmBenchmark maxTokens is not used: @Workload "
                + "outputTokens limits each request's output; leave maxTokens out.");
    }

    @Test
    void maxTokensBesideATrace() {
        Source src = bench("""
                @LlmBenchmark(provider = "openai", model = "gpt-4o-mini", concurrency = 4,
                              maxTokens = 200)
                @Workload(trace = "trace.jsonl")
                public void replay() { }
                """);
        assertDiagnostic(onlyError(compile(src)), src, "200)", "@LlmBenchmark maxTokens is not used: the trace's "
                + "outputTokens limit each request's output");
    }
}
