package dev.latencylens.spi;

import dev.latencylens.results.ErrorClass;

/**
 * Receives what a provider's stream means, event by event, in the one event model shared by every provider.
 * Each call carries the receive stamp of the raw event it was decoded from, so timing never depends on how long
 * decoding took. Called on the reading thread only.
 *
 * <h2>The event model</h2>
 * <ul>
 *   <li><b>Content</b> is what the model generates: answer text, reasoning and refusals ({@link #content}, by
 *       {@link ContentKind}), and tool calls ({@link #toolCall}, piece by piece). Each such call is one content
 *       event, stamped: the first is TTFT, the first {@link ContentKind#TEXT} or {@link ContentKind#REFUSAL} is
 *       TTFO, the gaps between them are ICL. A decoder reports only what carries generated content: no call for a
 *       role-only chunk, an empty delta, a ping, a signature or a filter annotation. A call with {@code tokens == 0}
 *       completes data without being an event: it is recorded but not timed (e.g. arguments a decoder could only
 *       rebuild once a call ended, whose pieces it already reported as events).</li>
 *   <li><b>Choices.</b> A response with {@code n > 1} choices streams them interleaved; every call names its
 *       {@code choice} (0 for providers that have one). Lens times and keeps choice 0 only and counts the
 *       choices it saw; usage covers every choice, as the provider reports it.</li>
 *   <li><b>Usage, finish, errors and server timings</b> as their methods say.</li>
 * </ul>
 * The methods without a {@code choice} are those of the first version of this interface: they mean choice 0, and
 * the newer methods' defaults pass choice 0 on to them, so a sink or decoder written against the first version
 * keeps working.
 */
public interface StreamSink {

    /**
     * A content event of choice 0: answer text, reasoning or a refusal (for a tool call use {@link #toolCall}).
     *
     * @param text   the generated text, never empty
     * @param tokens how many tokens this event carries when the provider says so (vLLM continuous usage,
     *               Gemini usage deltas), otherwise -1; only then is ITL computed. 0: not an event, see above
     */
    void content(long receivedNanos, ContentKind kind, String text, int tokens);

    /**
     * A content event of choice {@code choice}; see {@link #content(long, ContentKind, String, int)}. The default
     * passes choice 0 on to that method and drops the others.
     */
    default void content(long receivedNanos, int choice, ContentKind kind, String text, int tokens) {
        if (choice == 0) {
            content(receivedNanos, kind, text, tokens);
        }
    }

    /**
     * A piece of a tool call of choice {@code choice}: a content event (TTFT at the first one when a response is
     * only tool calls), unless {@code tokens == 0}. The default passes choice 0 on as {@link ContentKind#TOOL_CALL}
     * content of the piece's name and arguments, for sinks written before tool calls had their own call.
     *
     * @param tokens as for {@link #content(long, ContentKind, String, int)}
     */
    default void toolCall(long receivedNanos, int choice, ToolCallDelta delta, int tokens) {
        if (choice == 0) {
            content(receivedNanos, ContentKind.TOOL_CALL, delta.name() + delta.arguments(), tokens);
        }
    }

    /** Token usage, usually once near the end; a later report replaces an earlier one. It covers every choice. */
    void usage(long receivedNanos, Usage usage);

    /** Choice 0 finished generating, for the provider's own reason ({@code stop}, {@code length},
     *  {@code tool_calls}, {@code end_turn}, ...). */
    void finish(long receivedNanos, String reason);

    /** Choice {@code choice} finished; the default passes choice 0 on to {@link #finish(long, String)}. */
    default void finish(long receivedNanos, int choice, String reason) {
        if (choice == 0) {
            finish(receivedNanos, reason);
        }
    }

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
