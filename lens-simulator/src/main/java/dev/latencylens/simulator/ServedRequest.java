package dev.latencylens.simulator;

import java.util.List;
import java.util.Objects;

/**
 * Ground truth of one chat completion request the simulator served: what it scripted and when it actually wrote
 * each part. Stamps are {@code System.nanoTime()} taken right before the socket write that handed the last bytes
 * of that part to the kernel (for a part the socket could not take at once, before the write that finished it), in
 * the same JVM as an embedded client, so they compare directly with the client's stamps: a client can never have
 * read a part before its stamp. A part never written is {@link #NOT_WRITTEN}.
 *
 * @param requestId                the {@code x-request-id} header; the chunk id is {@code "chatcmpl-" + requestId}
 * @param model                    the model named in the request
 * @param connectionId             the simulator's id of the TCP connection (1, 2, … in accept order)
 * @param firstOnConnection        whether this was the first request on its connection
 * @param coldStart                whether a cold-start penalty was added to the TTFT
 * @param fault                    the fault injected, {@link Fault#NONE} when served as scripted
 * @param status                   the HTTP status sent
 * @param stream                   whether the client asked for {@code stream: true}
 * @param promptTokens             input tokens as the simulator counted them (characters / 4, at least 1)
 * @param outputTokens             output tokens of what went out, every choice's, the reasoning it generated without
 *                                 streaming it included (equals {@code completion_tokens} when usage was sent)
 * @param finishReason             {@code "stop"}, {@code "length"} or {@code "tool_calls"}; empty for error
 *                                 responses
 * @param scriptedTtftNanos        the TTFT the script asked for: sampled TTFT + prefill + applied cold start
 * @param scriptedColdStartNanos   the cold-start part of it (0 when not cold)
 * @param arrivalNanos             when the complete request had been read and parsed
 * @param headersWrittenNanos      when the status line and headers (with the role chunk, for streams) were written
 * @param firstContentWrittenNanos when the first content event (the whole body, without streaming) was written
 * @param contentWrittenNanos      one stamp per content event written, in order
 * @param endNanos                 when the response was complete, or the connection closed or found closed
 * @param completed                whether the whole response went out (false for drops, stalls, clients that left)
 * @param wordOffset               where the response's words start in the simulator's vocabulary
 * @param text                     choice 0's answer text that went out, as a client should have decoded it
 * @param reasoningText            choice 0's streamed reasoning that went out; empty when none
 * @param toolCalls                choice 0's tool calls that went out (a call cut off has the arguments sent so
 *                                 far), in order; each id is empty in formats that send none (Gemini, Ollama)
 * @param choices                  how many choices the response had (OpenAI's {@code n}), each as long as choice 0
 * @param requestBody              the request's body as it arrived (UTF-8), when the simulator was built to keep
 *                                 them ({@link Simulator.Builder#recordRequestBodies}); empty otherwise
 */
public record ServedRequest(
        String requestId,
        String model,
        long connectionId,
        boolean firstOnConnection,
        boolean coldStart,
        Fault fault,
        int status,
        boolean stream,
        int promptTokens,
        int outputTokens,
        String finishReason,
        long scriptedTtftNanos,
        long scriptedColdStartNanos,
        long arrivalNanos,
        long headersWrittenNanos,
        long firstContentWrittenNanos,
        long[] contentWrittenNanos,
        long endNanos,
        boolean completed,
        int wordOffset,
        String text,
        String reasoningText,
        List<ToolCall> toolCalls,
        int choices,
        String requestBody) {

    /** The stamp of a part that was never written. */
    public static final long NOT_WRITTEN = Long.MIN_VALUE;

    /** A tool call as the simulator sent it: id (empty when the format has none), name, arguments' JSON text. */
    public record ToolCall(String id, String name, String arguments) {
        public ToolCall {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arguments, "arguments");
        }
    }

    public ServedRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(reasoningText, "reasoningText");
        Objects.requireNonNull(requestBody, "requestBody");
        contentWrittenNanos = contentWrittenNanos.clone();
        toolCalls = List.copyOf(toolCalls);
    }

    /** A copy: the record stays immutable. */
    @Override
    public long[] contentWrittenNanos() {
        return contentWrittenNanos.clone();
    }

    public int contentEvents() {
        return contentWrittenNanos.length;
    }

    /** First content written − arrival: the TTFT the wire saw, or -1 when no content was written. */
    public long wireTtftNanos() {
        return firstContentWrittenNanos == NOT_WRITTEN ? -1 : firstContentWrittenNanos - arrivalNanos;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServedRequest r && requestId.equals(r.requestId) && arrivalNanos == r.arrivalNanos;
    }

    @Override
    public int hashCode() {
        return requestId.hashCode();
    }

    @Override
    public String toString() {
        return "ServedRequest[" + requestId + " " + model + " conn=" + connectionId
                + (firstOnConnection ? " first" : "") + (coldStart ? " cold" : "") + " fault=" + fault
                + " status=" + status + " out=" + outputTokens + " " + finishReason
                + (choices > 1 ? " choices=" + choices : "")
                + (toolCalls.isEmpty() ? "" : " toolCalls=" + toolCalls.size())
                + " scriptedTtft=" + scriptedTtftNanos / 1_000 + "us wireTtft=" + wireTtftNanos() / 1_000
                + "us events=" + contentWrittenNanos.length + (completed ? "" : " incomplete") + "]";
    }
}
