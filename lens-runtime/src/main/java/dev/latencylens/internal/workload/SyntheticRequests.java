package dev.latencylens.internal.workload;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.Iteration;
import dev.latencylens.internal.load.ArrivalSchedule;
import dev.latencylens.internal.metrics.RequestShape;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.Phase;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * Synthetic prompts of drawn lengths ({@code inputTokens}), or of a trace's lengths, one request per line at its
 * timestamp. A prompt is the prefix (as the system prompt) and a user message of the remaining tokens, its words
 * drawn from the request's {@link Iteration#seeded seeded generator}: every request's differs, the same seed repeats
 * them.
 */
final class SyntheticRequests implements RequestSource {

    private final BenchmarkDescriptor descriptor;
    private final PromptParts parts;
    private final Optional<Lengths> inputs;
    private final Optional<Trace> trace;
    private final long seed;

    /** @param trace the trace whose lines give the lengths; empty to draw them from the workload's */
    SyntheticRequests(BenchmarkDescriptor descriptor, PromptParts parts, Optional<Lengths> inputs,
                      Optional<Trace> trace, long seed) {
        this.descriptor = descriptor;
        this.parts = parts;
        this.inputs = inputs;
        this.trace = trace;
        this.seed = seed;
    }

    @Override
    public BenchmarkDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Planned next(Object instance, Phase phase, int index) {
        RandomGenerator random = Iteration.seeded(seed, phase, index).random();
        int input;
        OptionalInt output;
        Optional<String> source;
        if (trace.isPresent()) {
            Trace.Line line = trace.get().line(index);
            input = line.inputTokens();
            output = OptionalInt.of(line.outputTokens());
            source = Optional.of(trace.get().source(line));
        } else {
            input = inputs.orElseThrow().draw(random, parts.prefixTokens() + 1);
            output = parts.drawOutput(random);
            source = Optional.empty();
        }
        ChatRequest.Builder request = ChatRequest.builder();
        parts.prefix(random).ifPresent(request::system);
        request.user(parts.text().text(input - parts.prefixTokens(), random));
        output.ifPresent(tokens -> parts.output(request, tokens));
        return Planned.of(request.build(), new RequestShape(() -> input, output, parts.prefixTokens(),
                OptionalInt.empty(), OptionalInt.empty(), source));
    }

    @Override
    public Optional<ArrivalSchedule> arrivals() {
        return trace.map(Trace::arrivals);
    }

    @Override
    public int limit() {
        return trace.map(t -> t.lines().size()).orElse(Integer.MAX_VALUE);
    }

    @Override
    public List<String> warnings() {
        return parts.warnings();
    }
}
