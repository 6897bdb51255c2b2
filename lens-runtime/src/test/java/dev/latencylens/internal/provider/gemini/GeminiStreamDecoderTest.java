package dev.latencylens.internal.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.latencylens.internal.provider.RecordingSink;
import dev.latencylens.internal.provider.RecordingSink.Content;
import dev.latencylens.internal.provider.RecordingSink.Failure;
import dev.latencylens.internal.provider.RecordingSink.Finish;
import dev.latencylens.internal.provider.RecordingSink.ToolCall;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.spi.ContentKind;
import dev.latencylens.spi.SseEvent;
import dev.latencylens.spi.ToolCallDelta;
import org.junit.jupiter.api.Test;

/** Gemini chunks the recorded fixtures do not show: several candidates, calls streamed after calls, bad paths. */
class GeminiStreamDecoderTest {

    private final GeminiStreamDecoder decoder = new GeminiStreamDecoder();
    private final RecordingSink sink = new RecordingSink();

    private void event(long t, String parts) {
        decoder.onEvent(new SseEvent("message", "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[" + parts
                + "]},\"index\":0}]}", "", t), sink);
    }

    @Test
    void eachCandidateIsItsChoice() {
        decoder.onEvent(new SseEvent("message", "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]},"
                + "\"index\":0},{\"content\":{\"parts\":[{\"text\":\"b\",\"thought\":true}]},\"finishReason\":\"STOP\","
                + "\"index\":1}]}", "", 3), sink);
        assertThat(sink.calls).containsExactly(new Content(3, ContentKind.TEXT, "a", -1, 0),
                new Content(3, ContentKind.REASONING, "b", -1, 1), new Finish(3, "STOP", 1));
    }

    @Test
    void aStreamedCallEndsWhenTheNextBeginsAndEachPieceWithAValueIsAnEvent() {
        event(1, "{\"functionCall\":{\"name\":\"a\",\"willContinue\":true}}");
        event(2, "{\"functionCall\":{\"partialArgs\":[{\"jsonPath\":\"$.n\",\"numberValue\":1}],"
                + "\"willContinue\":true}}");
        event(3, "{\"functionCall\":{\"willContinue\":true}}");
        event(4, "{\"functionCall\":{\"name\":\"b\",\"args\":{\"x\":true}}}");
        assertThat(sink.toolCalls()).containsExactly(
                new ToolCall(1, ToolCallDelta.start(0, "", "a"), -1, 0),
                new ToolCall(2, ToolCallDelta.arguments(0, ""), -1, 0),
                new ToolCall(4, ToolCallDelta.arguments(0, "{\"n\":1}"), 0, 0),
                new ToolCall(4, new ToolCallDelta(1, "", "b", "{\"x\":true}", false), -1, 0));
    }

    @Test
    void theFinishReasonEndsAStreamedCall() {
        event(1, "{\"functionCall\":{\"name\":\"a\",\"willContinue\":true,\"partialArgs\":[{\"jsonPath\":\"$.s\","
                + "\"stringValue\":\"hi\",\"willContinue\":true}]}}");
        decoder.onEvent(new SseEvent("message", "{\"candidates\":[{\"content\":{\"parts\":[]},"
                + "\"finishReason\":\"STOP\",\"index\":0}]}", "", 2), sink);
        assertThat(sink.toolCalls()).extracting(ToolCall::t, ToolCall::delta, ToolCall::tokens).containsExactly(
                tuple(1L, ToolCallDelta.start(0, "", "a"), -1),
                tuple(1L, ToolCallDelta.arguments(0, ""), -1),
                tuple(2L, ToolCallDelta.arguments(0, "{\"s\":\"hi\"}"), 0));
        assertThat(decoder.complete()).isTrue();
    }

    @Test
    void aPathItCannotReadIsAProtocolError() {
        event(1, "{\"functionCall\":{\"name\":\"a\",\"willContinue\":true}}");
        event(2, "{\"functionCall\":{\"partialArgs\":[{\"jsonPath\":\"recipe\",\"stringValue\":\"x\"}],"
                + "\"willContinue\":true}}");
        assertThat(sink.failures()).extracting(Failure::errorClass, Failure::message).containsExactly(
                tuple(ErrorClass.PROTOCOL,
                        "unreadable partial function-call arguments: not a JSON path (no leading $): recipe"));
    }
}
