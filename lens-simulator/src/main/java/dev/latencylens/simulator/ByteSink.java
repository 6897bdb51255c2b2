package dev.latencylens.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array for assembling responses without intermediate Strings. Not thread-safe. */
final class ByteSink {

    private byte[] bytes;
    private int size;

    ByteSink(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    ByteSink put(byte[] b) {
        return put(b, 0, b.length);
    }

    ByteSink put(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
        return this;
    }

    /** Appends ASCII (or Latin-1) text: headers, JSON structure, numbers. */
    ByteSink ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
        return this;
    }

    ByteSink utf8(String s) {
        return put(s.getBytes(StandardCharsets.UTF_8));
    }

    ByteSink put(ByteSink other) {
        return put(other.bytes, 0, other.size);
    }

    /** The backing array; valid up to {@link #size()}, until the next append. */
    byte[] array() {
        return bytes;
    }

    int size() {
        return size;
    }

    void reset() {
        size = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
