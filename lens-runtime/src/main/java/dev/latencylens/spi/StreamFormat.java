package dev.latencylens.spi;

import dev.latencylens.internal.stream.AwsEventStreamFramer;
import dev.latencylens.internal.stream.NdjsonFramer;
import dev.latencylens.internal.stream.SseDecoder;
import dev.latencylens.internal.stream.StreamFramer;

import dev.latencylens.spi.SseEvent;

import java.util.List;
import java.util.function.Consumer;
import okhttp3.MediaType;

/** How a provider frames its streamed response. */
public enum StreamFormat {

    /** Server-sent events ({@code text/event-stream}): OpenAI, Anthropic, Gemini with {@code alt=sse}, Cohere. */
    SSE("text/event-stream") {
        @Override
        public StreamFramer newFramer(Consumer<SseEvent> events) {
            return new SseDecoder(events);
        }
    },

    /**
     * Newline-delimited JSON ({@code application/x-ndjson}): Ollama's native API. Also accepted as
     * {@code application/ndjson}, {@code application/jsonl} and {@code application/json} (a body of one JSON value
     * per line is NDJSON whatever it is labelled; Ollama labels non-streamed answers {@code application/json}).
     * One event per line, see {@link NdjsonFramer}.
     */
    NDJSON("application/x-ndjson", "application/ndjson", "application/jsonl", "application/json") {
        @Override
        public StreamFramer newFramer(Consumer<SseEvent> events) {
            return new NdjsonFramer(events);
        }
    },

    /**
     * The AWS event-stream binary framing ({@code application/vnd.amazon.eventstream}): Bedrock's
     * {@code ConverseStream}. One event per message, CRCs checked, see {@link AwsEventStreamFramer}.
     */
    AWS_EVENT_STREAM("application/vnd.amazon.eventstream") {
        @Override
        public StreamFramer newFramer(Consumer<SseEvent> events) {
            return new AwsEventStreamFramer(events);
        }
    };

    private final String contentType;
    private final List<String> accepted;

    StreamFormat(String contentType, String... alsoAccepted) {
        this.contentType = contentType;
        this.accepted = java.util.stream.Stream.concat(java.util.stream.Stream.of(contentType),
                java.util.Arrays.stream(alsoAccepted)).toList();
    }

    /** A framer dispatching each complete event to {@code events}. */
    public abstract StreamFramer newFramer(Consumer<SseEvent> events);

    /** Whether a response of this content type is a stream of this format (parameters such as charset ignored). */
    public boolean accepts(MediaType contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.type() + "/" + contentType.subtype();
        for (String a : accepted) {
            if (a.equalsIgnoreCase(type)) {
                return true;
            }
        }
        return false;
    }

    /** The content type this format arrives as, for error messages. */
    public String contentType() {
        return contentType;
    }
}
