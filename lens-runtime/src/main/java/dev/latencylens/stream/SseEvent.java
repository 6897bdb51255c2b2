package dev.latencylens.stream;

/**
 * One server-sent event, as dispatched by {@link SseDecoder}.
 *
 * @param type          the {@code event:} field, {@code "message"} when absent
 * @param data          the {@code data:} lines joined with {@code \n}
 * @param id            the {@code id:} field, empty when absent
 * @param receivedNanos {@code System.nanoTime()} taken right after the read that completed this event returned
 */
public record SseEvent(String type, String data, String id, long receivedNanos) {
}
