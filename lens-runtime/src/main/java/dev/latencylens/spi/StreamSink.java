package dev.latencylens.spi;

import dev.latencylens.spi.ContentKind;
import dev.latencylens.spi.Usage;

import dev.latencylens.results.ErrorClass;

/**
 * Receives what a provider's stream means, event by event, in the one event model shared by every provider.
 * Each call carries the receive stamp of the raw event it was decoded from, so timing never depends on how long
 * decoding took. Called on the reading thread only.
 */
public interface StreamSink {

    /**
     * A content event: text, reasoning or a tool-call fragment.
     *
     * @param tokens how many tokens this event carries when the provider says so (vLLM continuous usage,
     *               Gemini and Bedrock usage deltas), otherwise -1; only then is ITL computed
     */
    void content(long receivedNanos, ContentKind kind, String text, int tokens);

    /** Token usage, usually once near the end; a later report replaces an earlier one. */
    void usage(long receivedNanos, Usage usage);

    /** The model finished generating ({@code stop}, {@code length}, {@code tool_calls}, ...). */
    void finish(long receivedNanos, String reason);

    /** The provider reported an error inside the stream, or the stream could not be understood. */
    void error(long receivedNanos, ErrorClass errorClass, String message);

    /**
     * A duration the provider measured on its side and reported in the stream, to be kept next to ours: Bedrock's
     * {@code metrics.latencyMs}, llama.cpp's {@code timings} ({@code prompt_ms}, {@code predicted_ms}, ...), Ollama's
     * {@code total_duration}, {@code load_duration}, {@code prompt_eval_duration} and {@code eval_duration}
     * (converted from nanoseconds). Ignored unless the sink keeps them.
     *
     * @param name   the provider's own name of the figure, e.g. {@code latencyMs} or {@code prompt_eval_duration}
     * @param millis the duration in milliseconds
     */
    default void serverTiming(long receivedNanos, String name, double millis) {
    }
}
