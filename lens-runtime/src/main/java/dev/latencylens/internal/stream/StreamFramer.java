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

    /** The body ended. */
    void end();

    /** Whether bytes of an unfinished event were left when the body ended: the stream was cut. */
    boolean hasPartialEvent();
}
