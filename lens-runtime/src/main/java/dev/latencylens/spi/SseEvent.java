package dev.latencylens.spi;


/**
 * One raw event of a response stream: a server-sent event, an NDJSON line ({@code type} "message") or an AWS
 * event-stream message ({@code type} its {@code :event-type}), as the engine's framer dispatched it.
 *
 * @param type          the {@code event:} field, {@code "message"} when absent
 * @param data          the {@code data:} lines joined with {@code \n}
 * @param id            the last event ID: the value of the stream's most recent {@code id:} field (it carries over
 *                      to later events, as the spec says), empty when none
 * @param receivedNanos {@code System.nanoTime()} taken right after the read that completed this event returned
 */
public record SseEvent(String type, String data, String id, long receivedNanos) {
}
