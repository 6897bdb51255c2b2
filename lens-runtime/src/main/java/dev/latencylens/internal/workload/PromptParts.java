package dev.latencylens.internal.workload;

import dev.latencylens.annotations.PrefixScope;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.Message;
import dev.latencylens.internal.tokens.TokenEstimator;
import dev.latencylens.results.Workload;
import dev.latencylens.spi.ProviderAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * What every workload's requests are made of beside their prompts: the tokenizer lengths are counted with, the
 * shared prefix, the output length (with the provider's parameters that force it, where it has them), and what the
 * result should say about them. Thread-safe.
 */
final class PromptParts {

    /** Keeps the benchmark-wide prefix's words apart from every request's, which are seeded by phase and index. */
    private static final long PREFIX_SALT = 0x5DEECE66DL;

    private final Workload workload;
    private final ProviderAdapter adapter;
    private final String model;
    private final SyntheticText text;
    private final Optional<Lengths> outputs;
    private final String sharedPrefix;

    PromptParts(Workload workload, ProviderAdapter adapter, String model, long seed) {
        this.workload = workload;
        this.adapter = adapter;
        this.model = model;
        this.text = SyntheticText.of(TokenEstimator.forModel(adapter.id(), model));
        this.outputs = Lengths.output(workload);
        this.sharedPrefix = workload.prefixTokens() > 0 && workload.prefixScope() == PrefixScope.BENCHMARK
                ? text.text(workload.prefixTokens(), new SplittableRandom(seed ^ PREFIX_SALT)) : null;
    }

    SyntheticText text() {
        return text;
    }

    int prefixTokens() {
        return workload.prefixTokens();
    }

    /**
     * The prefix of a request: the benchmark's, or with {@code SESSION} scope one of {@code session}'s own, drawn
     * from the session's generator; empty without {@code prefixTokens}.
     */
    Optional<String> prefix(RandomGenerator session) {
        if (workload.prefixTokens() == 0) {
            return Optional.empty();
        }
        return Optional.of(sharedPrefix != null ? sharedPrefix : text.text(workload.prefixTokens(), session));
    }

    /** An output length drawn for one request, when the workload sets them with {@code outputTokens}. */
    OptionalInt drawOutput(RandomGenerator random) {
        return outputs.map(o -> OptionalInt.of(o.draw(random, 1))).orElse(OptionalInt.empty());
    }

    /** Limits {@code request}'s output to {@code tokens}, forced with the provider's own parameters if it has them. */
    void output(ChatRequest.Builder request, int tokens) {
        request.maxTokens(tokens);
        adapter.exactOutputLength(tokens).forEach(request::extra);
    }

    /** The tokens of a request's texts, system prompt and messages, chat framing aside: what a workload counts. */
    long contentTokens(ChatRequest request) {
        TokenEstimator estimator = text.estimator();
        long n = request.system().map(estimator::count).orElse(0L);
        for (Message m : request.messages()) {
            n += estimator.count(m.content());
        }
        return n;
    }

    /** What the result should say: lengths only approximate for this model, an output length only capped. */
    List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        // The simulator's fictional models have no tokenizer of their own to be approximated.
        if (!TokenEstimator.isExactFor(model) && !adapter.id().equals("simulated")) {
            warnings.add("workload: token lengths are counted with " + text.estimator().encoding().id() + ", an "
                    + "OpenAI encoding; " + model + " has a tokenizer of its own, so they are approximate (the "
                    + "provider's usage counts its own)");
        }
        if (workload.setsOutputLength() && adapter.exactOutputLength(1).isEmpty()) {
            warnings.add("workload: the output length is only a cap: " + adapter.id() + " cannot be told to "
                    + "generate a given number of tokens, so answers may be shorter (see tokens.output)");
        }
        return warnings;
    }
}
