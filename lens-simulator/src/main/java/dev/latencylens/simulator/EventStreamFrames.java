package dev.latencylens.simulator;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Encodes AWS event-stream messages, each written as one HTTP chunk:
 * {@code [total length][headers length][prelude CRC32][headers][payload][message CRC32]}, big-endian, every header a
 * string ({@code [name length: u8][name][7][value length: u16][value]}). Both CRCs are real, unless a test of a
 * client asks for a broken one. One per stream; I/O thread only.
 */
final class EventStreamFrames {

    private final ByteSink message = new ByteSink(512);
    private final CRC32 crc = new CRC32();

    /** The encoded string headers {@code name1, value1, name2, value2, ...}, in that order. */
    static byte[] headers(String... namesAndValues) {
        ByteSink out = new ByteSink(128);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            byte[] name = namesAndValues[i].getBytes(StandardCharsets.UTF_8);
            byte[] value = namesAndValues[i + 1].getBytes(StandardCharsets.UTF_8);
            out.put(new byte[] {(byte) name.length}).put(name);
            out.put(new byte[] {7, (byte) (value.length >>> 8), (byte) value.length}).put(value);
        }
        return out.toByteArray();
    }

    /** Headers of an event of type {@code eventType} with a JSON payload. */
    static byte[] eventHeaders(String eventType) {
        return headers(":event-type", eventType, ":content-type", "application/json", ":message-type", "event");
    }

    /** Headers of an exception of type {@code exceptionType} with a JSON payload. */
    static byte[] exceptionHeaders(String exceptionType) {
        return headers(":exception-type", exceptionType, ":content-type", "application/json", ":message-type",
                "exception");
    }

    /**
     * Writes one message into {@code out}, framed as one HTTP chunk.
     *
     * @param breakCrc write a message CRC that does not match (what a client must refuse)
     */
    void write(ByteSink out, byte[] headers, ByteSink payload, boolean breakCrc) {
        int total = 12 + headers.length + payload.size() + 4;
        message.reset();
        putInt(total);
        putInt(headers.length);
        crc.reset();
        crc.update(message.array(), 0, 8);
        putInt((int) crc.getValue());
        message.put(headers).put(payload);
        crc.reset();
        crc.update(message.array(), 0, message.size());
        putInt((int) crc.getValue() ^ (breakCrc ? 1 : 0));
        HttpWire.chunk(out, message);
    }

    private void putInt(int v) {
        message.put(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }
}
