package dev.latencylens.internal.stream;

/**
 * The bytes of a stream cannot be cut into events: an AWS event-stream frame whose prelude or message CRC32 does
 * not match, an impossible length, an unknown header type. Thrown by {@link StreamFramer#feed}; the framing is lost
 * from there on, so the framer ignores whatever follows. The engine classifies it as a {@code PROTOCOL} error, like
 * any other failure to understand the response; it never escapes a run.
 */
public final class StreamFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StreamFormatException(String message) {
        super(message);
    }
}
