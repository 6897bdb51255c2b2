package dev.latencylens.simulator;

import java.nio.charset.StandardCharsets;

/**
 * Server-sent events for the SSE formats other than Chat Completions (Anthropic, Gemini, Cohere, Responses), each
 * framed as one HTTP chunk: an optional {@code event:} line, one {@code data:} line, the blank line. Content events
 * splice word bytes between a prefix and a suffix prepared once per request. One per stream; I/O thread only.
 */
final class SseFrames {

    private final ByteSink payload = new ByteSink(512);
    private final String lineEnd;
    private final byte[] eventEnd;

    /** @param lineEnd {@code "\n"} (most providers) or {@code "\r\n"} (Gemini) */
    SseFrames(String lineEnd) {
        this.lineEnd = lineEnd;
        this.eventEnd = (lineEnd + lineEnd).getBytes(StandardCharsets.US_ASCII);
    }

    /** One event; {@code type} null for none. */
    void event(ByteSink out, String type, String data) {
        event(out, type, data, StreamEnd.BLANK_LINE);
    }

    /** The body's last event, ended as {@code end} says. */
    void event(ByteSink out, String type, String data, StreamEnd end) {
        payload.reset();
        if (type != null) {
            payload.ascii("event: ").ascii(type).ascii(lineEnd);
        }
        payload.ascii("data: ").utf8(data);
        if (end == StreamEnd.BLANK_LINE) {
            payload.put(eventEnd);
        } else {
            payload.ascii(end.lineEnd());
        }
        HttpWire.chunk(out, payload);
    }

    /** The bytes before the spliced words: {@code event:} line, {@code data: } and the JSON up to the text. */
    byte[] prefix(String type, String jsonBeforeText) {
        return ((type == null ? "" : "event: " + type + lineEnd) + "data: " + jsonBeforeText)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes after the spliced words: the rest of the JSON and the blank line. */
    byte[] suffix(String jsonAfterText) {
        return (jsonAfterText + lineEnd + lineEnd).getBytes(StandardCharsets.UTF_8);
    }

    /** A content event: {@code prefix}, the words of choice 0's {@code piece}, {@code suffix}. */
    void spliced(ByteSink out, byte[] prefix, ResponsePlan.Piece piece, ResponsePlan plan, byte[] suffix) {
        payload.reset();
        payload.put(prefix);
        plan.appendWords(payload, piece, 0);
        payload.put(suffix);
        HttpWire.chunk(out, payload);
    }

    /** A content event whose JSON is cut off inside the text and never closes. */
    void malformed(ByteSink out, byte[] prefix) {
        payload.reset();
        payload.put(prefix).ascii("hel").put(eventEnd);
        HttpWire.chunk(out, payload);
    }

    /** An SSE comment line, e.g. a keep-alive. */
    void comment(ByteSink out, String text) {
        payload.reset();
        payload.ascii(": ").ascii(text).put(eventEnd);
        HttpWire.chunk(out, payload);
    }
}
