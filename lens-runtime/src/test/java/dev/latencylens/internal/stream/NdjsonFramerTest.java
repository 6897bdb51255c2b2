package dev.latencylens.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.spi.SseEvent;
import dev.latencylens.spi.StreamFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonFramerTest {

    private static List<SseEvent> frame(byte[] bytes, int chunk, NdjsonFramer[] out) {
        List<SseEvent> events = new ArrayList<>();
        NdjsonFramer framer = new NdjsonFramer(events::add);
        long stamp = 0;
        for (int i = 0; i < bytes.length; i += chunk) {
            framer.feed(bytes, i, Math.min(chunk, bytes.length - i), ++stamp);
        }
        framer.end();
        out[0] = framer;
        return events;
    }

    @Test
    void oneEventPerLineWhereverTheReadsSplitIt() {
        // CRLF, a blank line, a multi-byte character split across reads, a 4-byte emoji.
        byte[] body = "{\"a\":\"café\"}\r\n\n{\"b\":\"🚀 東京\"}\n   \n{\"done\":true}\n".getBytes(StandardCharsets.UTF_8);
        NdjsonFramer[] f = new NdjsonFramer[1];
        for (int chunk = 1; chunk <= body.length; chunk++) {
            List<SseEvent> events = frame(body, chunk, f);
            assertThat(events).extracting(SseEvent::data).as("chunk " + chunk)
                    .containsExactly("{\"a\":\"café\"}", "{\"b\":\"🚀 東京\"}", "{\"done\":true}");
            assertThat(events).allSatisfy(e -> {
                assertThat(e.type()).isEqualTo("message");
                assertThat(e.id()).isEmpty();
            });
            assertThat(f[0].hasPartialEvent()).isFalse();
        }
    }

    @Test
    void eachLineCarriesTheStampOfTheReadThatEndedIt() {
        byte[] body = "{\"x\":1}\n{\"y\":2}\n".getBytes(StandardCharsets.UTF_8);
        NdjsonFramer[] f = new NdjsonFramer[1];
        List<SseEvent> events = frame(body, 4, f); // reads: {"x"  :1}\n  {"y"  :2}\n
        assertThat(events).extracting(SseEvent::receivedNanos).containsExactly(2L, 4L);
    }

    @Test
    void aLastLineWithoutNewlineIsDispatchedAtTheEndAndReportedPartial() {
        NdjsonFramer[] f = new NdjsonFramer[1];
        List<SseEvent> events = frame("{\"x\":1}\n{\"done\":tr".getBytes(StandardCharsets.UTF_8), 3, f);
        assertThat(events).extracting(SseEvent::data).containsExactly("{\"x\":1}", "{\"done\":tr");
        assertThat(f[0].hasPartialEvent()).isTrue();
        assertThat(f[0].eventCount()).isEqualTo(2);
    }

    @Test
    void crLfLinesLoseTheirCrAndTheLastOneNeedsNoLineEnd() {
        NdjsonFramer[] f = new NdjsonFramer[1];
        List<SseEvent> events = frame("{\"x\":1}\r\n\r\n{\"done\":true}".getBytes(StandardCharsets.UTF_8), 5, f);
        assertThat(events).extracting(SseEvent::data).containsExactly("{\"x\":1}", "{\"done\":true}");
    }

    @Test
    void theFormatAcceptsOllamasContentTypes() {
        assertThat(StreamFormat.NDJSON.accepts("application/x-ndjson")).isTrue();
        assertThat(StreamFormat.NDJSON.accepts("application/json; charset=utf-8")).isTrue();
        assertThat(StreamFormat.NDJSON.accepts("text/event-stream")).isFalse();
        assertThat(StreamFormat.NDJSON.accepts(null)).isFalse();
        assertThat(StreamFormat.SSE.accepts("text/event-stream; charset=utf-8")).isTrue();
        assertThat(StreamFormat.AWS_EVENT_STREAM.accepts("application/vnd.amazon.eventstream"))
                .isTrue();
        assertThat(StreamFormat.AWS_EVENT_STREAM.contentType()).isEqualTo("application/vnd.amazon.eventstream");
    }
}
