package dev.latencylens.internal.stream;

import dev.latencylens.spi.SseEvent;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Cuts newline-delimited JSON ({@code application/x-ndjson}, as Ollama's native API streams it) into one event per
 * line: {@code SseEvent("message", line, "", receivedNanos)}. Lines end with {@code LF} (a {@code CR} before it is
 * dropped); blank lines are skipped. A last line without its newline is still dispatched by {@link #end()}, with
 * the stamp of the read that brought its last bytes, and {@link #hasPartialEvent()} then says the body ended
 * inside a line. Bytes become a {@code String} (UTF-8) only once a whole line is known, so a character split
 * across reads is never broken.
 *
 * <p>Not thread-safe: one framer per stream, fed by the thread that reads the socket.
 */
public final class NdjsonFramer implements StreamFramer {

    private final Consumer<SseEvent> listener;
    /** The current line, when it spans more than one read. */
    private byte[] line = new byte[512];
    private int lineLength;
    private long lastStamp;
    private boolean ended;
    private boolean truncated;
    private long eventCount;

    public NdjsonFramer(Consumer<SseEvent> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void feed(byte[] buffer, int offset, int length, long receivedNanos) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (ended) {
            throw new IllegalStateException("feed() after end()");
        }
        lastStamp = receivedNanos;
        int end = offset + length;
        int start = offset;
        for (int i = offset; i < end; i++) {
            if (buffer[i] != '\n') {
                continue;
            }
            if (lineLength == 0) {
                dispatch(buffer, start, i - start, receivedNanos);
            } else {
                append(buffer, start, i - start);
                dispatch(line, 0, lineLength, receivedNanos);
                lineLength = 0;
            }
            start = i + 1;
        }
        if (start < end) {
            append(buffer, start, end - start);
        }
    }

    @Override
    public void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (lineLength > 0) {
            truncated = true;
            dispatch(line, 0, lineLength, lastStamp);
            lineLength = 0;
        }
    }

    @Override
    public boolean hasPartialEvent() {
        return ended ? truncated : lineLength > 0;
    }

    /** Lines dispatched so far. */
    public long eventCount() {
        return eventCount;
    }

    private void dispatch(byte[] b, int off, int len, long stamp) {
        if (len > 0 && b[off + len - 1] == '\r') {
            len--;
        }
        if (isBlank(b, off, len)) {
            return;
        }
        eventCount++;
        listener.accept(new SseEvent(SseDecoder.DEFAULT_TYPE, new String(b, off, len, StandardCharsets.UTF_8), "",
                stamp));
    }

    private static boolean isBlank(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private void append(byte[] b, int off, int len) {
        if (lineLength + len > line.length) {
            long size = Math.max((long) line.length * 2, (long) lineLength + len);
            if (size > Integer.MAX_VALUE - 8) {
                throw new StreamFormatException("NDJSON line too long: over " + (Integer.MAX_VALUE - 8) + " bytes");
            }
            line = Arrays.copyOf(line, (int) size);
        }
        System.arraycopy(b, off, line, lineLength, len);
        lineLength += len;
    }
}
