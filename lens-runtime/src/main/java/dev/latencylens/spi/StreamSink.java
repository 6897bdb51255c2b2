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
     * A figure the provider reported about its own handling of the request (llama.cpp's {@code timings}, Ollama's
     * durations, Bedrock's invocation metrics, Groq's {@code x_groq.usage} times, ...), to be kept next to what
     * the client measured. Milliseconds or tokens, as {@link ServerFigure#unit()} says; a later report of the
     * same figure replaces an earlier one. Ignored unless the sink keeps them.
     */
    default void server(long receivedNanos, ServerFigure figure, double value) {
    }
}
