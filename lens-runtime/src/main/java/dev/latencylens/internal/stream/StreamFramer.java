package dev.latencylens.internal.stream;

import dev.latencylens.spi.SseEvent;

/**
 * Cuts a response body into raw events as its bytes arrive: server-sent events, NDJSON lines or AWS event-stream
 * frames. Each event is dispatched as an {@link SseEvent} (for non-SSE formats: the event type and the payload
 * as text) carrying the stamp of the read that completed it. Fed by the reading thread only; not thread-safe.
 */
public interface StreamFramer {

    /** Bytes just read; {@code receivedNanos} is {@code System.nanoTime()} taken right after the read returned. */
    void feed(byte[] buffer, int offset, int length, long receivedNanos);

    /**
     * The body ended. A last event whose terminator never came (an SSE event without its blank line, an NDJSON line
     * without its newline) is dispatched now, as the providers' SDKs read it; a partial binary frame cannot be.
     */
    void end();

    /**
     * Whether the body ended inside an event (no terminator after its last bytes). Whether the stream was complete
     * is the provider's decoder's call ({@code StreamDecoder.complete()}), not the framer's.
     */
    boolean hasPartialEvent();
}
