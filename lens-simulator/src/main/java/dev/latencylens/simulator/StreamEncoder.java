package dev.latencylens.simulator;

/**
 * The events of one streamed response in one provider's format, each written as one HTTP chunk into the given
 * sink. Built per request by a {@link Dialect} for a {@link ResponsePlan}; used by the simulator's I/O thread only.
 * In the text formats (SSE, NDJSON) answer text events splice the word bytes of the {@link Vocabulary} between bytes
 * prepared once per request, so such an event costs a few array copies; reasoning and tool calls, rarer, and
 * Bedrock's binary events, framed with their CRCs anyway, are built as strings.
 */
interface StreamEncoder {

    /** What goes out with the response head, before any content (a role chunk, {@code message_start}, ...). */
    void start(ByteSink out);

    /** A keep-alive (an SSE comment, Anthropic's {@code ping}) for a long wait; false if the format has none. */
    boolean keepAlive(ByteSink out);

    /**
     * One content event: what {@code piece} of the plan says (reasoning, text, a tool call's start or arguments, a
     * whole call), in every choice. Where the part changes the format's closing and opening events (Anthropic's
     * content blocks, the Responses API's output items, ...) go out with it.
     */
    void content(ByteSink out, ResponsePlan.Piece piece);

    /** One event the client cannot use (truncated JSON; for Bedrock a frame with a wrong CRC). Counts no token. */
    void malformed(ByteSink out);

    /** Everything after the last content event: finish, usage, the provider's end, the chunked terminator. */
    void tail(ByteSink out, Tail tail);

    /**
     * What the provider says in-band before it breaks a stream off ({@link Fault#DROP_MID_STREAM}): Anthropic's
     * {@code event: error} ({@code overloaded_error}), Bedrock's {@code modelStreamErrorException}. Nothing for
     * providers that just drop the connection.
     */
    default void abort(ByteSink out) {
    }

    /**
     * What the end of a stream reports. The durations are the ground truth of this request, what the providers
     * report about themselves derives from them: the server's own figures are then exactly what happened on its
     * side of the socket.
     *
     * @param finishReason     {@code stop}, {@code length} or {@code tool_calls}, mapped to each provider's own words
     * @param outputTokens     every choice's output tokens, hidden reasoning included
     * @param reasoningTokens  every choice's reasoning tokens, streamed and hidden
     * @param coldStartNanos   the cold start added to this request's TTFT (0 when warm): Ollama's load time
     * @param promptNanos      arrival of the request to the first content event leaving: the server's TTFT
     * @param decodeNanos      first content event leaving to the last one leaving
     * @param processingNanos  arrival of the request to now: the server-side duration some providers report
     */
    record Tail(String finishReason, int promptTokens, long outputTokens, long reasoningTokens, long coldStartNanos,
                long promptNanos, long decodeNanos, long processingNanos) {

        boolean truncated() {
            return "length".equals(finishReason);
        }

        boolean toolCalls() {
            return "tool_calls".equals(finishReason);
        }
    }
}
