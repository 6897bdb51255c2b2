package dev.latencylens.cli;

import dev.latencylens.LatencyLens;
import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.Workload;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lens profile --provider openai --model gpt-4o-mini}: one benchmark defined by options, for a quick look.
 * Unset options keep {@code @LlmBenchmark}'s defaults, and the descriptor checks the same rules as for an annotation.
 */
@Command(name = "profile", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Profile one model ad hoc: a benchmark defined by options, with every report.",
        footer = {"", "Example: lens profile --provider openai --model gpt-4o-mini -n 50 --input-tokens 400 "
                + "--max-tokens 64",
            "Exit codes: 0 ok, 1 regression failure, 2 usage or configuration error."})
final class ProfileCommand implements Callable<Integer> {

    @Option(names = "--provider", required = true, paramLabel = "ID", description = "Provider id, e.g. openai.")
    String provider;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "Model name, sent verbatim.")
    String model;

    @Option(names = {"-n", "--iterations"}, paramLabel = "N", description = "Measured requests (100).")
    Integer iterations;

    @Option(names = "--warmup", paramLabel = "N", description = "Requests sent and discarded first (3).")
    Integer warmup;

    @Option(names = "--pattern", paramLabel = "PATTERN",
            description = "Load pattern: ${COMPLETION-CANDIDATES} (SEQUENTIAL).")
    LoadPattern pattern;

    @Option(names = "--concurrency", paramLabel = "N", description = "Requests in flight at most (1).")
    Integer concurrency;

    @Option(names = "--rate", paramLabel = "R", description = "Requests per second, for open-loop patterns.")
    Double rate;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Output tokens per request at most (256).")
    Integer maxTokens;

    @Option(names = "--temperature", paramLabel = "T", description = "0 to 2; unset sends none.")
    Double temperature;

    @Option(names = "--timeout-ms", paramLabel = "MS", description = "Per-request timeout (60000).")
    Long timeoutMs;

    @Option(names = "--name", paramLabel = "NAME", description = "Name in the reports (MODEL@PROVIDER).")
    String name;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Requests requests;

    @Mixin
    RunSettings settings;

    /** What is sent: one fixed prompt, or synthetic prompts of a token length. */
    static final class Requests {
        @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The user message.")
        String prompt;

        @Option(names = "--input-tokens", required = true, paramLabel = "N",
                description = "Synthetic prompts of exactly N tokens, each different (no prompt cache serves them).")
        Integer inputTokens;
    }

    @Override
    public Integer call() {
        BenchmarkDescriptor.Builder b = BenchmarkDescriptor.builder(provider, model).name(name);
        if (iterations != null) {
            b.iterations(iterations);
        }
        if (warmup != null) {
            b.warmup(warmup);
        }
        if (pattern != null) {
            b.pattern(pattern);
        }
        if (concurrency != null) {
            b.concurrency(concurrency);
        }
        if (rate != null) {
            b.rate(rate);
        }
        if (maxTokens != null) {
            b.maxTokens(maxTokens);
        }
        if (temperature != null) {
            b.temperature(temperature);
        }
        if (timeoutMs != null) {
            b.timeoutMs(timeoutMs);
        }
        BenchmarkHarness harness;
        if (requests.inputTokens != null) {
            harness = LatencyLens.benchmark(b.workload(Workload.builder().inputTokens(requests.inputTokens).build())
                    .build());
        } else {
            ChatRequest request = ChatRequest.ofUser(requests.prompt);
            harness = LatencyLens.benchmark(b.build(), it -> request);
        }
        return new BenchmarkRun(System.out, System.err).run(List.of(harness), settings.asProperties());
    }
}
