package dev.latencylens.internal.stream;

import dev.latencylens.spi.SseEvent;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * Cuts an AWS event stream ({@code application/vnd.amazon.eventstream}, Bedrock's {@code ConverseStream}) into
 * its messages. Each message is framed as
 * <pre>
 * [total length: u32][headers length: u32][prelude CRC32: u32][headers][payload][message CRC32: u32]
 * </pre>
 * (big-endian; the prelude CRC covers the first 8 bytes, the message CRC everything before it). Both CRCs are
 * checked: a mismatch, an impossible length or an unknown header type throws {@link StreamFormatException} (the
 * engine's {@code PROTOCOL} error) and the framer ignores the rest of the body, since the framing is lost.
 *
 * <p>Each message is dispatched as {@code SseEvent(type, payload as UTF-8, messageType, receivedNanos)}:
 * {@code messageType} is the {@code :message-type} header ({@code event}, {@code exception} or {@code error}) and
 * {@code type} the {@code :event-type}, {@code :exception-type} or {@code :error-code} header accordingly. For an
 * {@code error} message without a payload the {@code :error-message} header is the data.
 *
 * <p>Only the string headers are read; the other value types (booleans, integers, byte arrays, timestamps, UUIDs)
 * are skipped by their size. Not thread-safe: one framer per stream, fed by the thread that reads the socket.
 */
public final class AwsEventStreamFramer implements StreamFramer {

    /** The AWS SDKs refuse messages over 16 MiB; so do we, rather than buffer a corrupt length. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    private static final int PRELUDE = 12;
    private static final int MIN_MESSAGE = PRELUDE + 4;

    private final Consumer<SseEvent> listener;
    private final CRC32 crc = new CRC32();
    private byte[] buf = new byte[4096];
    private int start;
    private int end;
    private boolean ended;
    private boolean failed;
    private long messageCount;

    public AwsEventStreamFramer(Consumer<SseEvent> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void feed(byte[] buffer, int offset, int length, long receivedNanos) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (ended) {
            throw new IllegalStateException("feed() after end()");
        }
        if (failed || length == 0) {
            return;
        }
        append(buffer, offset, length);
        while (end - start >= PRELUDE) {
            int total = readInt(buf, start);
            int headersLength = readInt(buf, start + 4);
            crc.reset();
            crc.update(buf, start, 8);
            long preludeCrc = readInt(buf, start + 8) & 0xFFFF_FFFFL;
            if (crc.getValue() != preludeCrc) {
                fail("prelude CRC32 mismatch in message " + (messageCount + 1) + " (computed "
                        + hex(crc.getValue()) + ", frame says " + hex(preludeCrc) + ")");
            }
            if (total < MIN_MESSAGE || total > MAX_MESSAGE_BYTES || headersLength < 0
                    || headersLength > total - MIN_MESSAGE) {
                fail("impossible lengths in message " + (messageCount + 1) + ": total " + (total & 0xFFFF_FFFFL)
                        + ", headers " + (headersLength & 0xFFFF_FFFFL));
            }
            if (end - start < total) {
                return; // the rest of the message has not arrived yet
            }
            crc.reset();
            crc.update(buf, start, total - 4);
            long messageCrc = readInt(buf, start + total - 4) & 0xFFFF_FFFFL;
            if (crc.getValue() != messageCrc) {
                fail("message CRC32 mismatch in message " + (messageCount + 1) + " (computed "
                        + hex(crc.getValue()) + ", frame says " + hex(messageCrc) + ")");
            }
            dispatch(start + PRELUDE, headersLength, start + PRELUDE + headersLength,
                    total - headersLength - MIN_MESSAGE, receivedNanos);
            start += total;
        }
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    @Override
    public void end() {
        ended = true;
    }

    @Override
    public boolean hasPartialEvent() {
        return !failed && end > start;
    }

    /** Messages dispatched so far. */
    public long messageCount() {
        return messageCount;
    }

    private void dispatch(int headersStart, int headersLength, int payloadStart, int payloadLength, long stamp) {
        String messageType = null;
        String eventType = null;
        String exceptionType = null;
        String errorCode = null;
        String errorMessage = null;
        int p = headersStart;
        int limit = headersStart + headersLength;
        while (p < limit) {
            int nameLength = buf[p++] & 0xFF;
            require(p + nameLength + 1 <= limit, "a header name runs past the headers");
            String name = new String(buf, p, nameLength, StandardCharsets.UTF_8);
            p += nameLength;
            int type = buf[p++];
            int size = switch (type) {
                case 0, 1 -> 0;          // boolean true / false
                case 2 -> 1;             // byte
                case 3 -> 2;             // short
                case 4 -> 4;             // int
                case 5, 8 -> 8;          // long, timestamp
                case 9 -> 16;            // uuid
                case 6, 7 -> {           // byte array, string: u16 length first
                    require(p + 2 <= limit, "a header value length runs past the headers");
                    int n = ((buf[p] & 0xFF) << 8) | (buf[p + 1] & 0xFF);
                    p += 2;
                    yield n;
                }
                default -> {
                    fail("unknown header value type " + type + " for header '" + name + "'");
                    yield 0;
                }
            };
            require(p + size <= limit, "the value of header '" + name + "' runs past the headers");
            if (type == 7) {
                String value = new String(buf, p, size, StandardCharsets.UTF_8);
                switch (name) {
                    case ":message-type" -> messageType = value;
                    case ":event-type" -> eventType = value;
                    case ":exception-type" -> exceptionType = value;
                    case ":error-code" -> errorCode = value;
                    case ":error-message" -> errorMessage = value;
                    default -> { }
                }
            }
            p += size;
        }
        String kind = messageType == null ? "event" : messageType;
        String type = switch (kind) {
            case "exception" -> exceptionType;
            case "error" -> errorCode;
            default -> eventType;
        };
        String data = payloadLength == 0 ? (errorMessage == null ? "" : errorMessage)
                : new String(buf, payloadStart, payloadLength, StandardCharsets.UTF_8);
        messageCount++;
        listener.accept(new SseEvent(type == null ? "" : type, data, kind, stamp));
    }

    private void require(boolean condition, String what) {
        if (!condition) {
            fail(what + " in message " + (messageCount + 1));
        }
    }

    private void fail(String message) {
        failed = true;
        start = 0;
        end = 0;
        throw new StreamFormatException("AWS event stream: " + message);
    }

    private void append(byte[] b, int off, int len) {
        if (end + len > buf.length) {
            int live = end - start;
            if (live + len <= buf.length && start > 0) {
                System.arraycopy(buf, start, buf, 0, live);
            } else {
                byte[] bigger = new byte[Math.max(buf.length * 2, live + len)];
                System.arraycopy(buf, start, bigger, 0, live);
                buf = bigger;
            }
            start = 0;
            end = live;
        }
        System.arraycopy(b, off, buf, end, len);
        end += len;
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static String hex(long value) {
        return String.format("%08x", value);
    }

    @Override
    public String toString() {
        return "AwsEventStreamFramer[" + messageCount + " messages" + (failed ? ", failed" : "")
                + (end > start ? ", " + (end - start) + " bytes pending" : "") + "]";
    }
}
