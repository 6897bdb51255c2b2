package dev.latencylens.spi;

import java.util.List;
import java.util.Locale;

/** How a provider frames its streamed response; the engine cuts the body into {@link SseEvent}s accordingly. */
public enum StreamFormat {

    /**
     * Server-sent events ({@code text/event-stream}), read as the WHATWG spec says: OpenAI, Anthropic, Gemini with
     * {@code alt=sse}, Cohere. The event pending when the body ends is dispatched, as the providers' SDKs do.
     */
    SSE("text/event-stream"),

    /**
     * Newline-delimited JSON ({@code application/x-ndjson}): Ollama's native API, one event per line. Also accepted
     * as {@code application/ndjson}, {@code application/jsonl} and {@code application/json} (a body of one JSON
     * value per line is NDJSON whatever it is labelled; Ollama labels non-streamed answers
     * {@code application/json}).
     */
    NDJSON("application/x-ndjson", "application/ndjson", "application/jsonl", "application/json"),

    /**
     * The AWS event-stream binary framing ({@code application/vnd.amazon.eventstream}): Bedrock. One event per
     * message, its CRCs checked; the event's type is its {@code :event-type} header (or
     * {@code :exception-type}).
     */
    AWS_EVENT_STREAM("application/vnd.amazon.eventstream");

    private final String contentType;
    private final List<String> accepted;

    StreamFormat(String contentType, String... alsoAccepted) {
        this.contentType = contentType;
        this.accepted = java.util.stream.Stream.concat(java.util.stream.Stream.of(contentType),
                java.util.Arrays.stream(alsoAccepted)).toList();
    }

    /**
     * Whether a response of this media type ({@code type/subtype}, parameters such as {@code charset} ignored) is a
     * stream of this format; null is never one.
     */
    public boolean accepts(String mediaType) {
        if (mediaType == null) {
            return false;
        }
        int semicolon = mediaType.indexOf(';');
        String type = (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return accepted.contains(type);
    }

    /** The content type this format arrives as, for error messages and {@code Accept} headers. */
    public String contentType() {
        return contentType;
    }
}
