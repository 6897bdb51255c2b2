package dev.latencylens.internal.metrics;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.LongSupplier;

/**
 * What a workload made of one request, for {@code requests.jsonl}'s {@code workload}: its prompt's length in tokens,
 * the output length asked for, the shared prefix, its session and turn, and where it came from.
 *
 * <p>A synthetic prompt's length is known when it is made; a dataset prompt is counted the first time
 * {@link #inputTokens()} is asked, which the engine does after the request, so tokenizing never sits between the
 * intended and the actual send. Thread-safe.
 */
public final class RequestShape {

    private final LongSupplier counter;
    private final OptionalInt outputTokens;
    private final int prefixTokens;
    private final OptionalInt session;
    private final OptionalInt turn;
    private final Optional<String> source;
    private volatile long inputTokens = -1;

    /**
     * @param inputTokens  the prompt's tokens (system prompt and every message's text), counted when first asked
     * @param outputTokens the output length asked for, when the workload sets one
     * @param prefixTokens the shared prefix's tokens, 0 for none
     * @param session      the conversation's number in its phase, for datasets
     * @param turn         the turn in the conversation (1 = its first user message), for datasets
     * @param source       where the prompt comes from: {@code prompts.jsonl:3}, {@code trace.jsonl:12}
     */
    public RequestShape(LongSupplier inputTokens, OptionalInt outputTokens, int prefixTokens, OptionalInt session,
                        OptionalInt turn, Optional<String> source) {
        this.counter = Objects.requireNonNull(inputTokens, "inputTokens");
        this.outputTokens = Objects.requireNonNull(outputTokens, "outputTokens");
        this.prefixTokens = prefixTokens;
        this.session = Objects.requireNonNull(session, "session");
        this.turn = Objects.requireNonNull(turn, "turn");
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The prompt's tokens in the workload's encoding: its system prompt and every message's text. */
    public long inputTokens() {
        long n = inputTokens;
        if (n < 0) {
            n = counter.getAsLong();
            inputTokens = n;
        }
        return n;
    }

    public OptionalInt outputTokens() {
        return outputTokens;
    }

    public int prefixTokens() {
        return prefixTokens;
    }

    public OptionalInt session() {
        return session;
    }

    public OptionalInt turn() {
        return turn;
    }

    public Optional<String> source() {
        return source;
    }
}
