package dev.latencylens.internal.stream;

import dev.latencylens.spi.SseEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * Our framer against AWS's own event-stream codec ({@code software.amazon.eventstream}, which the AWS SDKs build
 * on): every frame it writes, we read; every header type it knows, we skip by its size.
 */
class AwsEventStreamFramerTest {

    /** A ConverseStream event as Bedrock frames it (headers :event-type, :content-type, :message-type). */
    static byte[] event(String type, String json) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("event"));
        return bytes(new Message(headers, json.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] exception(String type, String json) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":exception-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("exception"));
        return bytes(new Message(headers, json.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] bytes(Message m) {
        ByteBuffer b = m.toByteBuffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static List<SseEvent> frame(byte[] body, int chunk, AwsEventStreamFramer[] keep) {
        List<SseEvent> events = new ArrayList<>();
        AwsEventStreamFramer framer = new AwsEventStreamFramer(events::add);
        if (keep != null) {
            keep[0] = framer;
        }
        long stamp = 0;
        for (int i = 0; i < body.length; i += chunk) {
            framer.feed(body, i, Math.min(chunk, body.length - i), ++stamp);
        }
        framer.end();
        return events;
    }

    @Test
    void readsTheFramesAwssCodecWritesAtEverySplit() {
        byte[] body = concat(
                event("messageStart", "{\"p\":\"abcd\",\"role\":\"assistant\"}"),
                event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hé 🚀\"},\"p\":\"ab\"}"),
                exception("throttlingException", "{\"message\":\"Too many requests\"}"));
        AwsEventStreamFramer[] f = new AwsEventStreamFramer[1];
        for (int chunk = 1; chunk <= body.length; chunk++) {
            List<SseEvent> events = frame(body, chunk, f);
            assertThat(events).extracting(SseEvent::type, SseEvent::id, SseEvent::data).as("chunk " + chunk)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("messageStart", "event",
                                    "{\"p\":\"abcd\",\"role\":\"assistant\"}"),
                            org.assertj.core.groups.Tuple.tuple("contentBlockDelta", "event",
                                    "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hé 🚀\"},\"p\":\"ab\"}"),
                            org.assertj.core.groups.Tuple.tuple("throttlingException", "exception",
                                    "{\"message\":\"Too many requests\"}"));
            assertThat(f[0].hasPartialEvent()).isFalse();
        }
        List<SseEvent> whole = frame(body, body.length, null);
        assertThat(whole).extracting(SseEvent::receivedNanos).containsOnly(1L);
    }

    @Test
    void skipsEveryHeaderTypeByItsSize() {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put("t", HeaderValue.fromBoolean(true));
        headers.put("f", HeaderValue.fromBoolean(false));
        // (not byte and short: the codec's 1.0.1 writes no value for them, a frame no SDK could read either)
        headers.put("int", HeaderValue.fromInteger(70000));
        headers.put("long", HeaderValue.fromLong(1L << 40));
        headers.put("bytes", HeaderValue.fromByteArray(new byte[] {1, 2, 3}));
        headers.put(":event-type", HeaderValue.fromString("metadata"));
        headers.put("when", HeaderValue.fromTimestamp(Instant.ofEpochMilli(1_700_000_000_000L)));
        headers.put("uuid", HeaderValue.fromUuid(UUID.randomUUID()));
        headers.put(":message-type", HeaderValue.fromString("event"));
        List<SseEvent> events = frame(bytes(new Message(headers, "{}".getBytes(StandardCharsets.UTF_8))), 5, null);
        assertThat(events).extracting(SseEvent::type, SseEvent::id, SseEvent::data)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("metadata", "event", "{}"));
    }

    @Test
    void anErrorMessageWithoutPayloadCarriesItsErrorMessageHeader() {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":message-type", HeaderValue.fromString("error"));
        headers.put(":error-code", HeaderValue.fromString("InternalFailure"));
        headers.put(":error-message", HeaderValue.fromString("Something broke"));
        List<SseEvent> events = frame(bytes(new Message(headers, new byte[0])), 100, null);
        assertThat(events).extracting(SseEvent::type, SseEvent::id, SseEvent::data)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("InternalFailure", "error", "Something broke"));
    }

    @Test
    void aWrongMessageCrcIsAFramingErrorAndTheRestIsIgnored() {
        byte[] good = event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"hi\"}}");
        byte[] bad = good.clone();
        bad[bad.length - 1] ^= 1;
        List<SseEvent> events = new ArrayList<>();
        AwsEventStreamFramer framer = new AwsEventStreamFramer(events::add);
        framer.feed(good, 0, good.length, 1);
        assertThatThrownBy(() -> framer.feed(bad, 0, bad.length, 2)).isInstanceOf(StreamFormatException.class)
                .hasMessageStartingWith("AWS event stream: message CRC32 mismatch in message 2");
        framer.feed(good, 0, good.length, 3); // framing is lost: nothing more is dispatched, nothing thrown
        framer.end();
        assertThat(events).hasSize(1);
        assertThat(framer.hasPartialEvent()).isFalse();
    }

    @Test
    void aWrongPreludeCrcIsCaughtBeforeTheLengthIsTrusted() {
        byte[] bad = event("messageStop", "{\"stopReason\":\"end_turn\"}");
        bad[0] = 0x7F; // a total length of about 2 GB, which the prelude CRC no longer covers
        AwsEventStreamFramer framer = new AwsEventStreamFramer(e -> { });
        assertThatThrownBy(() -> framer.feed(bad, 0, 12, 1)).isInstanceOf(StreamFormatException.class)
                .hasMessageStartingWith("AWS event stream: prelude CRC32 mismatch in message 1");
    }

    @Test
    void aBodyCutInsideAMessageIsPartial() {
        byte[] good = event("messageStop", "{\"stopReason\":\"end_turn\"}");
        AwsEventStreamFramer[] f = new AwsEventStreamFramer[1];
        List<SseEvent> events = frame(java.util.Arrays.copyOf(good, good.length - 3), 7, f);
        assertThat(events).isEmpty();
        assertThat(f[0].hasPartialEvent()).isTrue();
    }
}
