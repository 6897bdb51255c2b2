package dev.latencylens.simulator;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * State of one client connection, touched only by the simulator's I/O thread: bytes read but not yet parsed,
 * bytes the socket did not take yet, and the exchange being served. Requests on a connection are served one after
 * the other; bytes of a next (pipelined) request wait in the buffer until the current response is done.
 */
final class SimConnection {

    /** Bytes accepted while a response is in progress or a request is incomplete; a little more than a request. */
    private static final int MAX_BUFFERED = HttpRequestParser.MAX_HEAD_BYTES + HttpRequestParser.MAX_BODY_BYTES
            + 64 * 1024;

    /** Output the socket did not take yet, with whom to tell when it has gone out. */
    record Pending(ByteBuffer bytes, Exchange owner, int tags) {
    }

    final long id;
    final SocketChannel channel;
    SelectionKey key;

    private byte[] in = new byte[4096];
    private int inLength;

    final ArrayDeque<Pending> out = new ArrayDeque<>();
    /** The exchange being served, or null between requests. */
    Exchange active;
    /** An exchange whose next step waits until {@link #out} is empty, so each stamp means "this event left". */
    Exchange resumeOnFlush;
    boolean closeWhenFlushed;
    boolean closed;
    boolean continueSent;
    int requests;

    SimConnection(long id, SocketChannel channel) {
        this.id = id;
        this.channel = channel;
    }

    boolean flushed() {
        return out.isEmpty();
    }

    byte[] input() {
        return in;
    }

    int inputLength() {
        return inLength;
    }

    /** Whether the input buffer reached its limit (a request that big is refused). */
    boolean inputFull() {
        return inLength >= MAX_BUFFERED;
    }

    /** A buffer view for the next read, growing the buffer when full; null when the limit is reached. */
    ByteBuffer readBuffer() {
        if (inLength == in.length) {
            if (in.length >= MAX_BUFFERED) {
                return null;
            }
            in = java.util.Arrays.copyOf(in, Math.min(MAX_BUFFERED, in.length * 2));
        }
        return ByteBuffer.wrap(in, inLength, in.length - inLength);
    }

    void readInto(int bytes) {
        inLength += bytes;
    }

    /** Drops the first {@code bytes}, which a parsed request took. */
    void consume(int bytes) {
        System.arraycopy(in, bytes, in, 0, inLength - bytes);
        inLength -= bytes;
        if (inLength == 0 && in.length > 64 * 1024) {
            in = new byte[4096]; // a large request body passed; give the memory back
        }
    }
}
