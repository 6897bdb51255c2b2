package dev.latencylens.internal.stream;

import dev.latencylens.spi.SseEvent;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Decodes a {@code text/event-stream} body into {@link SseEvent}s, incrementally and byte by byte, as the
 * <a href="https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation">WHATWG
 * event-stream interpretation</a> says.
 *
 * <pre>{@code
 * SseDecoder decoder = new SseDecoder(event -> decode(event));
 * byte[] buf = new byte[8192];
 * for (int n; (n = source.read(buf, 0, buf.length)) != -1; ) {
 *     long now = System.nanoTime();          // first thing after the read returned
 *     decoder.feed(buf, 0, n, now);          // events completed by this chunk carry `now`
 * }
 * decoder.end();
 * boolean truncated = decoder.hasPartialEvent();
 * }</pre>
 *
 * <p>Chunks may split the stream anywhere: inside a field name, between a {@code CR} and its {@code LF}, inside a
 * multi-byte UTF-8 character. Lines end with {@code CRLF}, {@code LF} or a lone {@code CR}; a leading UTF-8 byte
 * order mark is skipped; comment lines ({@code :} first, e.g. OpenRouter's {@code : OPENROUTER PROCESSING} and
 * keep-alives) dispatch nothing but are counted and handed to the optional comment listener. Bytes become a
 * {@code String} (UTF-8) only once a whole line, or a whole event's data, is known.
 *
 * <p>Each event carries the {@code receivedNanos} of the {@link #feed} call whose bytes completed it (the blank line
 * that ends it), never a clock read taken later, so the cost of decoding never shows in the timings.
 *
 * <p><b>End of stream.</b> Providers end bodies without the blank line after their last event: {@code data:
 * [DONE]\n}, or {@code data: {...}} with no line end at all, with LF or CRLF (the Anthropic SDK's own recorded
 * streams end so; see the fixtures in the tests). The WHATWG algorithm discards such an event at EOF, and so do the
 * Stainless-generated OpenAI and Anthropic SDKs, but they never need it: the end of the body ends their stream.
 * Google's SDK reads {@code alt=sse} bodies line by line and keeps the last {@code data:} line. Lens tells a
 * complete stream from a cut one by the provider's own end marker ({@code [DONE]}, {@code message_stop},
 * {@code response.completed}, a {@code finishReason}), and that marker is often the unterminated event, so
 * {@link #end()} dispatches the pending event, stamped with the read that brought its last bytes. An event that was
 * really cut off (half a JSON object) is still dispatched and fails to parse in the provider's decoder: a
 * {@code PROTOCOL} error.
 *
 * <p>On the hot path: a growable byte buffer for the current partial line and one for the event's data, no regex,
 * no per-byte objects; a line that arrives whole within one chunk is never copied.
 *
 * <p>Not thread-safe: one decoder per stream, fed by the thread that reads the socket.
 */
public final class SseDecoder implements StreamFramer {

    /** The event type of an event without an {@code event:} field. */
    public static final String DEFAULT_TYPE = "message";

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte COLON = ':';
    private static final byte SPACE = ' ';
    private static final byte[] DATA = ascii("data");
    private static final byte[] EVENT = ascii("event");
    private static final byte[] ID = ascii("id");
    private static final byte[] RETRY = ascii("retry");

    private final Consumer<SseEvent> listener;
    private final Consumer<String> commentListener;

    /** The current line, when it spans more than one chunk. */
    private byte[] line = new byte[256];
    private int lineLength;
    /** The data buffer of the event being built: every {@code data:} value followed by LF. */
    private byte[] data = new byte[1024];
    private int dataLength;
    private boolean hasData;
    /** The event type buffer; null = none. */
    private String type;
    /** Bytes of the last non-default type, to reuse its String when the next event has the same type. */
    private byte[] cachedTypeBytes;
    private String cachedType;
    private String lastEventId = "";
    private long retryMillis = -1;

    /** A CR ended the previous chunk: an LF starting the next chunk belongs to that same line end. */
    private boolean skipLf;
    private boolean firstLine = true;
    /** A field line was seen since the last blank line. */
    private boolean pendingFields;
    private boolean ended;
    private boolean truncated;
    /** The stamp of the last {@link #feed}: an event completed by the end of the body was completed by it. */
    private long lastStamp;

    private long eventCount;
    private long commentCount;
    private long byteCount;

    /** A decoder that ignores comments (it still counts them, see {@link #commentCount()}). */
    public SseDecoder(Consumer<SseEvent> listener) {
        this(listener, null);
    }

    /**
     * @param listener        receives every dispatched event, on the thread that calls {@link #feed}
     * @param commentListener receives the text of each comment line (after the colon, one leading space removed);
     *                        may be null. It is called only when there is one, so comments cost nothing otherwise
     */
    public SseDecoder(Consumer<SseEvent> listener, Consumer<String> commentListener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.commentListener = commentListener;
    }

    /**
     * Decodes the next chunk of the stream and dispatches every event it completes, stamped {@code receivedNanos}.
     *
     * @param receivedNanos {@code System.nanoTime()} taken right after the read that returned this chunk
     * @throws IllegalStateException after {@link #end()}
     */
    public void feed(byte[] buf, int off, int len, long receivedNanos) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (ended) {
            throw new IllegalStateException("feed() after end()");
        }
        if (len == 0) {
            return;
        }
        byteCount += len;
        lastStamp = receivedNanos;
        int end = off + len;
        int i = off;
        if (skipLf) {
            skipLf = false;
            if (buf[i] == LF) {
                i++;
            }
        }
        int lineStart = i;
        while (i < end) {
            byte b = buf[i];
            if (b != LF && b != CR) {
                i++;
                continue;
            }
            if (lineLength == 0) {
                processLine(buf, lineStart, i - lineStart, receivedNanos);
            } else {
                appendLine(buf, lineStart, i - lineStart);
                processLine(line, 0, lineLength, receivedNanos);
                lineLength = 0;
            }
            i++;
            if (b == CR) {
                if (i == end) {
                    skipLf = true;
                } else if (buf[i] == LF) {
                    i++;
                }
            }
            lineStart = i;
        }
        if (lineStart < end) {
            appendLine(buf, lineStart, end - lineStart);
        }
    }

    /** {@link #feed(byte[], int, int, long)} for a whole array. */
    public void feed(byte[] buf, long receivedNanos) {
        feed(buf, 0, buf.length, receivedNanos);
    }

    /**
     * The stream ended (EOF): a last line without its line end is taken as ended, and an event not terminated by a
     * blank line is dispatched (see "End of stream" above), with the stamp of the last {@link #feed}. Whether the body
     * ended so is then told by {@link #hasPartialEvent()}. Idempotent.
     */
    public void end() {
        if (ended) {
            return;
        }
        ended = true;
        truncated = lineLength > 0 || pendingFields;
        if (lineLength > 0) {
            processLine(line, 0, lineLength, lastStamp);
            lineLength = 0;
        }
        if (pendingFields) {
            dispatch(lastStamp);
        }
        resetEvent();
    }

    /**
     * Whether bytes of an event are pending that no blank line has completed: fields of an unfinished event or an
     * unfinished line. After {@link #end()}, whether the body ended inside an event (without the blank line after
     * its last event): that event was dispatched anyway, and whether it made sense is for the decoder to say.
     */
    public boolean hasPartialEvent() {
        return ended ? truncated : lineLength > 0 || pendingFields;
    }

    /** Whether {@link #end()} was called. */
    public boolean ended() {
        return ended;
    }

    /** Events dispatched so far. */
    public long eventCount() {
        return eventCount;
    }

    /** Comment lines seen so far (keep-alives, {@code : OPENROUTER PROCESSING}, ...). */
    public long commentCount() {
        return commentCount;
    }

    /** Bytes fed so far. */
    public long byteCount() {
        return byteCount;
    }

    /** The last event ID set by an {@code id:} field; empty when none. */
    public String lastEventId() {
        return lastEventId;
    }

    /** The reconnection time of the last valid {@code retry:} field, in milliseconds; -1 when none. */
    public long retryMillis() {
        return retryMillis;
    }

    private void processLine(byte[] b, int off, int len, long receivedNanos) {
        if (firstLine) {
            firstLine = false;
            if (len >= 3 && b[off] == (byte) 0xEF && b[off + 1] == (byte) 0xBB && b[off + 2] == (byte) 0xBF) {
                off += 3;
                len -= 3;
            }
        }
        if (len == 0) {
            dispatch(receivedNanos);
            return;
        }
        if (b[off] == COLON) {
            commentCount++;
            if (commentListener != null) {
                int start = off + 1;
                if (start < off + len && b[start] == SPACE) {
                    start++;
                }
                commentListener.accept(new String(b, start, off + len - start, StandardCharsets.UTF_8));
            }
            return;
        }
        int end = off + len;
        int colon = off;
        while (colon < end && b[colon] != COLON) {
            colon++;
        }
        int nameLength = colon - off;
        int valueStart;
        if (colon == end) {
            valueStart = end; // a field without a colon: the whole line is the name, the value is empty
        } else {
            valueStart = colon + 1;
            if (valueStart < end && b[valueStart] == SPACE) {
                valueStart++;
            }
        }
        int valueLength = end - valueStart;
        pendingFields = true;
        if (equalsAscii(b, off, nameLength, DATA)) {
            appendData(b, valueStart, valueLength);
        } else if (equalsAscii(b, off, nameLength, EVENT)) {
            type = typeString(b, valueStart, valueLength);
        } else if (equalsAscii(b, off, nameLength, ID)) {
            if (indexOfNul(b, valueStart, valueLength) < 0) {
                lastEventId = valueLength == 0 ? "" : new String(b, valueStart, valueLength, StandardCharsets.UTF_8);
            }
        } else if (equalsAscii(b, off, nameLength, RETRY)) {
            long value = parseDigits(b, valueStart, valueLength);
            if (value >= 0) {
                retryMillis = value;
            }
        }
        // any other field is ignored, as the spec says
    }

    private void dispatch(long receivedNanos) {
        pendingFields = false;
        if (!hasData) {
            resetEvent();
            return;
        }
        int length = dataLength - 1; // drop the LF after the last data line
        String text = length == 0 ? "" : new String(data, 0, length, StandardCharsets.UTF_8);
        String eventType = type == null || type.isEmpty() ? DEFAULT_TYPE : type;
        resetEvent();
        eventCount++;
        listener.accept(new SseEvent(eventType, text, lastEventId, receivedNanos));
    }

    private void resetEvent() {
        dataLength = 0;
        hasData = false;
        type = null;
    }

    private void appendLine(byte[] b, int off, int len) {
        if (lineLength + len > line.length) {
            line = Arrays.copyOf(line, grow(line.length, lineLength + len));
        }
        System.arraycopy(b, off, line, lineLength, len);
        lineLength += len;
    }

    private void appendData(byte[] b, int off, int len) {
        int needed = dataLength + len + 1;
        if (needed > data.length) {
            data = Arrays.copyOf(data, grow(data.length, needed));
        }
        System.arraycopy(b, off, data, dataLength, len);
        dataLength += len;
        data[dataLength++] = LF;
        hasData = true;
    }

    private String typeString(byte[] b, int off, int len) {
        if (len == 0) {
            return "";
        }
        if (cachedTypeBytes != null && cachedTypeBytes.length == len
                && Arrays.equals(cachedTypeBytes, 0, len, b, off, off + len)) {
            return cachedType;
        }
        cachedTypeBytes = Arrays.copyOfRange(b, off, off + len);
        cachedType = new String(cachedTypeBytes, StandardCharsets.UTF_8);
        return cachedType;
    }

    private static int grow(int current, int needed) {
        long size = Math.max((long) current * 2, needed);
        if (size > Integer.MAX_VALUE - 8) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("server-sent event line or data too large: " + needed + " bytes");
            }
            size = Integer.MAX_VALUE - 8;
        }
        return (int) size;
    }

    private static boolean equalsAscii(byte[] b, int off, int len, byte[] name) {
        if (len != name.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (b[off + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfNul(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The value when it is ASCII digits only (as the spec requires), else -1. */
    private static long parseDigits(byte[] b, int off, int len) {
        if (len == 0 || len > 18) {
            return -1;
        }
        long value = 0;
        for (int i = off; i < off + len; i++) {
            int digit = b[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
