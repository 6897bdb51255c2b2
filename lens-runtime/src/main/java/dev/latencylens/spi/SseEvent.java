package dev.latencylens.spi;

import dev.latencylens.internal.stream.SseDecoder;

/**
 * One server-sent event, as dispatched by {@link SseDecoder}.
 *
 * @param type          the {@code event:} field, {@code "message"} when absent
 * @param data          the {@code data:} lines joined with {@code \n}
 * @param id            the last event ID: the value of the stream's most recent {@code id:} field (it carries over
 *                      to later events, as the spec says), empty when none
 * @param receivedNanos {@code System.nanoTime()} taken right after the read that completed this event returned
 */
public record SseEvent(String type, String data, String id, long receivedNanos) {
}
