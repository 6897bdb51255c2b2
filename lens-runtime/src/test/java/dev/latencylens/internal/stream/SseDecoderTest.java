package dev.latencylens.internal.stream;

import dev.latencylens.spi.SseEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SseDecoderTest {

    /** A realistic OpenAI stream: role-only chunk, content with multi-byte characters, finish, usage, [DONE]. */
    static final String OPENAI_STREAM = ""
            + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
            + "\"finish_reason\":null}],\"usage\":null}\n\n"
            + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Rayleigh\"},\"finish_reason\":null}],\"usage\":null}\n\n"
            + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" scattering — blåt ☀️\"},\"finish_reason\":null}],"
            + "\"usage\":null}\n\n"
            + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
            + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
            + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
            + "\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17}}\n\n"
            + "data: [DONE]\n\n";

    private final List<SseEvent> events = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private final SseDecoder decoder = new SseDecoder(events::add, comments::add);

    private void feed(String text, long stamp) {
        decoder.feed(utf8(text), stamp);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<SseEvent> decodeWhole(byte[] bytes) {
        List<SseEvent> out = new ArrayList<>();
        SseDecoder d = new SseDecoder(out::add);
        d.feed(bytes, 0, bytes.length, 7);
        d.end();
        return out;
    }

    private static List<String> data(List<SseEvent> events) {
        return events.stream().map(SseEvent::data).toList();
    }

    @Test
    void dispatchesAnEventOnTheBlankLine() {
        feed("data: hello\n", 1);
        assertThat(events).isEmpty();
        feed("\n", 2);
        assertThat(events).containsExactly(new SseEvent("message", "hello", "", 2));
    }

    @Test
    void acceptsCrLfLfAndLoneCrLineEnds() {
        feed("data: a\r\n\r\ndata: b\n\ndata: c\r\rdata: d\r\n\n", 1);
        assertThat(data(events)).containsExactly("a", "b", "c", "d");
    }

    @Test
    void crAtTheEndOfOneChunkAndLfAtTheStartOfTheNextAreOneLineEnd() {
        feed("data: a\r", 1);
        feed("\ndata: b\r", 2);
        feed("\n", 3);
        // had a split CRLF counted as two line ends, "a" would have been dispatched alone at stamp 2
        assertThat(events).isEmpty();
        feed("\r\n", 4);
        feed("data: c\r\n\r\n", 5);
        assertThat(events).containsExactly(new SseEvent("message", "a\nb", "", 4), new SseEvent("message", "c", "", 5));
    }

    @Test
    void crAtTheEndOfAChunkFollowedByAnotherLineStillEndsTheLine() {
        feed("data: a\r", 1);
        feed("\r", 2);
        assertThat(events).containsExactly(new SseEvent("message", "a", "", 2));
    }

    @Test
    void skipsALeadingByteOrderMarkEvenWhenSplit() {
        byte[] bytes = utf8("\uFEFFdata: x\n\n");
        decoder.feed(bytes, 0, 1, 1);
        decoder.feed(bytes, 1, 2, 2);
        decoder.feed(bytes, 3, bytes.length - 3, 3);
        assertThat(events).containsExactly(new SseEvent("message", "x", "", 3));
    }

    @Test
    void aByteOrderMarkAfterTheFirstLineIsNotSkipped() {
        feed("data: a\n\n\uFEFFdata: b\n\n", 1);
        // the second line's field name is "\uFEFFdata", an unknown field
        assertThat(data(events)).containsExactly("a");
    }

    @Test
    void commentsDispatchNothingButAreCountedAndReported() {
        feed(": OPENROUTER PROCESSING\n\n:keep-alive\n\ndata: x\n:inside\n\n", 1);
        assertThat(data(events)).containsExactly("x");
        assertThat(comments).containsExactly("OPENROUTER PROCESSING", "keep-alive", "inside");
        assertThat(decoder.commentCount()).isEqualTo(3);
    }

    @Test
    void readsEventIdAndRetryFields() {
        feed("event: content_block_delta\nid: 42\nretry: 1500\ndata: {}\n\n", 1);
        assertThat(events).containsExactly(new SseEvent("content_block_delta", "{}", "42", 1));
        assertThat(decoder.retryMillis()).isEqualTo(1500);
        assertThat(decoder.lastEventId()).isEqualTo("42");
    }

    @Test
    void eventTypeIsPerEventButTheLastEventIdCarriesOver() {
        feed("event: ping\nid: 7\ndata: p\n\ndata: q\n\nid\ndata: r\n\n", 1);
        assertThat(events).containsExactly(
                new SseEvent("ping", "p", "7", 1),
                new SseEvent("message", "q", "7", 1),
                new SseEvent("message", "r", "", 1)); // "id" without colon resets it to empty
    }

    @Test
    void ignoresIdsWithNulAndRetriesThatAreNotDigits() {
        feed("id: 1\n\nid: a\u0000b\nretry: 10s\nretry: 300\nretry: x\ndata: d\n\n", 1);
        assertThat(events).containsExactly(new SseEvent("message", "d", "1", 1));
        assertThat(decoder.retryMillis()).isEqualTo(300);
    }

    @Test
    void joinsMultiLineDataWithNewlines() {
        feed("data: line one\ndata:\ndata: line three\n\n", 1);
        assertThat(data(events)).containsExactly("line one\n\nline three");
    }

    @Test
    void stripsOneSpaceAfterTheColonOnly() {
        feed("data:nospace\n\ndata:  two spaces\n\ndata:\tTab\n\n", 1);
        assertThat(data(events)).containsExactly("nospace", " two spaces", "\tTab");
    }

    @Test
    void aFieldWithoutAColonHasAnEmptyValue() {
        feed("data\n\nevent\ndata: x\n\n", 1);
        // "data" alone gives one empty data line: an event with empty data, as the spec says
        assertThat(events).containsExactly(new SseEvent("message", "", "", 1), new SseEvent("message", "x", "", 1));
    }

    @Test
    void anEventWithoutDataIsNotDispatchedAndItsTypeDoesNotLeak() {
        feed("event: ping\n\nevent: other\nid: 3\n\ndata: x\n\n", 1);
        assertThat(events).containsExactly(new SseEvent("message", "x", "3", 1));
    }

    @Test
    void ignoresUnknownFields() {
        feed("foo: bar\ndata: x\nDATA: y\nData: z\n\n", 1);
        assertThat(data(events)).containsExactly("x");
    }

    @Test
    void eventsCarryTheStampOfTheFeedThatCompletedThem() {
        feed("data: a\n\ndata: b\n\ndata: c\n", 10);
        feed("\ndata: d", 20);
        feed("\n\n", 30);
        assertThat(events).extracting(SseEvent::data, SseEvent::receivedNanos).containsExactly(
                tuple("a", 10L),
                tuple("b", 10L),
                tuple("c", 20L),
                tuple("d", 30L));
    }

    @Test
    void decodesUtf8SplitInsideAMultiByteCharacter() {
        String text = "data: héllo ☀️ 😀 日本\n\n";
        byte[] bytes = utf8(text);
        for (int split = 1; split < bytes.length; split++) {
            List<SseEvent> out = new ArrayList<>();
            SseDecoder d = new SseDecoder(out::add);
            d.feed(bytes, 0, split, 1);
            d.feed(bytes, split, bytes.length - split, 2);
            assertThat(data(out)).as("split at byte %d", split).containsExactly("héllo ☀️ 😀 日本");
        }
    }

    @Test
    void aWholeOpenAiStreamFedOneByteAtATimeGivesTheSameEventsAsFedAtOnce() {
        byte[] bytes = utf8(OPENAI_STREAM);
        List<SseEvent> whole = decodeWhole(bytes);
        assertThat(whole).hasSize(6);
        assertThat(whole.get(2).data()).contains("blåt ☀️");
        assertThat(whole.get(5).data()).isEqualTo("[DONE]");

        for (int i = 0; i < bytes.length; i++) {
            decoder.feed(bytes, i, 1, i);
        }
        decoder.end();
        assertThat(data(events)).isEqualTo(data(whole));
        // each event is stamped with the feed of its final LF: the one ending the blank line
        List<Long> blankLineEnds = new ArrayList<>();
        for (int i = 1; i < bytes.length; i++) {
            if (bytes[i] == '\n' && bytes[i - 1] == '\n') {
                blankLineEnds.add((long) i);
            }
        }
        assertThat(events).extracting(SseEvent::receivedNanos).isEqualTo(blankLineEnds);
        assertThat(decoder.hasPartialEvent()).isFalse();
    }

    @Test
    void randomSplitsOfACrLfStreamWithCommentsAndBomGiveTheSameEvents() {
        String crlf = "\uFEFF: OPENROUTER PROCESSING\r\n\r\n" + OPENAI_STREAM.replace("\n", "\r\n");
        byte[] bytes = utf8(crlf);
        List<String> expected = data(decodeWhole(utf8(OPENAI_STREAM)));
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<SseEvent> out = new ArrayList<>();
            SseDecoder d = new SseDecoder(out::add);
            int off = 0;
            while (off < bytes.length) {
                int len = Math.min(bytes.length - off, 1 + random.nextInt(40));
                d.feed(bytes, off, len, off);
                off += len;
            }
            d.end();
            assertThat(data(out)).as("round %d", round).isEqualTo(expected);
            assertThat(d.commentCount()).isEqualTo(1);
        }
    }

    @Test
    void growsForLinesLongerThanItsBuffers() {
        String big = "x".repeat(100_000) + "é";
        byte[] bytes = utf8("data: " + big + "\ndata: " + big + "\n\n");
        for (int off = 0; off < bytes.length; off += 999) {
            decoder.feed(bytes, off, Math.min(999, bytes.length - off), off);
        }
        assertThat(data(events)).containsExactly(big + "\n" + big);
    }

    @Test
    void endDispatchesAnUnterminatedEventAsTheProvidersSdksReadItAndSaysSo() {
        feed("data: a\n\ndata: {\"partial\":", 1);
        assertThat(decoder.hasPartialEvent()).isTrue();
        decoder.end();
        // Dispatched as it is: a decoder that cannot parse it reports a PROTOCOL error, as for any cut stream.
        assertThat(data(events)).containsExactly("a", "{\"partial\":");
        assertThat(decoder.hasPartialEvent()).isTrue();
        assertThat(decoder.ended()).isTrue();
    }

    @Test
    void theLastEventIsDispatchedWhateverItsLineEndAndCarriesTheStampOfTheReadThatBroughtIt() {
        for (String end : new String[] {"\n", "\r\n", "\r", ""}) {
            List<SseEvent> out = new ArrayList<>();
            SseDecoder d = new SseDecoder(out::add);
            d.feed(utf8("data: {\"n\":1}\n\nevent: last\ndata: [DO"), 5);
            d.feed(utf8("NE]" + end), 6);
            assertThat(out).as("line end %s", end.replace("\r", "CR").replace("\n", "LF")).hasSize(1);
            d.end();
            assertThat(out).extracting(SseEvent::type, SseEvent::data, SseEvent::receivedNanos)
                    .as("line end %s", end.replace("\r", "CR").replace("\n", "LF"))
                    .containsExactly(tuple("message", "{\"n\":1}", 5L),
                            tuple("last", "[DONE]", 6L));
            assertThat(d.hasPartialEvent()).isTrue();
        }
    }

    @Test
    void aPendingEventWithoutDataDispatchesNothingAtTheEnd() {
        feed("data: a\n\nevent: ping\nid: 7\ndat", 1);
        decoder.end();
        assertThat(data(events)).containsExactly("a");
        assertThat(decoder.lastEventId()).isEqualTo("7");
        assertThat(decoder.hasPartialEvent()).isTrue();
    }

    @Test
    void aStreamEndingOnABlankLineHasNoPartialEvent() {
        String text = "data: a\n\n: trailing comment\n";
        feed(text, 1);
        decoder.end();
        assertThat(decoder.hasPartialEvent()).isFalse();
        assertThat(decoder.eventCount()).isEqualTo(1);
        assertThat(decoder.byteCount()).isEqualTo(utf8(text).length);
    }

    @Test
    void feedAfterEndIsRefused() {
        decoder.end();
        assertThatThrownBy(() -> feed("data: x\n\n", 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after end()");
    }

    @Test
    void honoursOffsetAndLength() {
        byte[] bytes = utf8("garbage\n\ndata: in\n\ndata: out\n\n");
        decoder.feed(bytes, 9, 10, 1); // "data: in\n\n"
        assertThat(data(events)).containsExactly("in");
        assertThatThrownBy(() -> decoder.feed(bytes, 20, 100, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void repeatedEventTypesShareOneString() {
        feed("event: a\ndata: 1\n\nevent: a\ndata: 2\n\nevent: b\ndata: 3\n\n", 1);
        assertThat(events).extracting(SseEvent::type).containsExactly("a", "a", "b");
        assertThat(events.get(0).type()).isSameAs(events.get(1).type()); // cached, not re-decoded
    }
}
