package dev.latencylens.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.Phase;
import dev.latencylens.spi.ContentKind;
import dev.latencylens.spi.StreamSink;
import dev.latencylens.spi.ToolCallDelta;
import dev.latencylens.spi.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RequestTrace} as the engine's {@link StreamSink}: what it keeps of each kind of event, and what it times. */
class StreamEventModelTest {

    private static final long MS = 1_000_000;

    private static RequestTrace trace(boolean captureText) {
        RequestTrace t = new RequestTrace(Phase.MEASURED, 0, 0, captureText);
        t.sent(0);
        return t;
    }

    @Test
    void answerReasoningRefusalAndToolCallsAreKeptApart() {
        RequestTrace t = trace(true);
        t.content(10 * MS, ContentKind.REASONING, "Think.", -1);
        t.content(20 * MS, ContentKind.TEXT, "Hi", -1);
        t.toolCall(30 * MS, 0, ToolCallDelta.start(1, "toolu_1", "get_weather"), -1);
        t.toolCall(40 * MS, 0, ToolCallDelta.start(0, "srv_1", "web_search").onServer(), -1);
        t.toolCall(50 * MS, 0, ToolCallDelta.arguments(1, "{\"city\":"), -1);
        t.toolCall(60 * MS, 0, ToolCallDelta.arguments(0, "{\"q\":1}").onServer(), -1);
        t.toolCall(70 * MS, 0, new ToolCallDelta(1, "ignored", "", "\"Oslo\"}", false), -1);
        t.toolCall(80 * MS, 0, new ToolCallDelta(2, "", "lookup", "{}", false), -1);
        t.content(90 * MS, ContentKind.REFUSAL, "No.", -1);
        t.end(100 * MS);

        ModelOutput out = t.output();
        assertThat(t.text()).contains("Hi");
        assertThat(out.reasoningText()).isEqualTo("Think.");
        assertThat(out.refusal()).isEqualTo("No.");
        assertThat(out.toolCalls()).containsExactly(
                new ModelOutput.ToolCall("toolu_1", "get_weather", "{\"city\":\"Oslo\"}"),
                new ModelOutput.ToolCall("", "lookup", "{}"));
        assertThat(out.serverToolCalls()).containsExactly(new ModelOutput.ToolCall("srv_1", "web_search", "{\"q\":1}"));
        assertThat(out.choices()).isEqualTo(1);
        assertThat(t.contentEvents()).isEqualTo(9);
        assertThat(t.ttftNanos()).isEqualTo(10 * MS);
        assertThat(t.ttfoNanos()).isEqualTo(20 * MS);
    }

    @Test
    void aRefusalIsTheFirstAnswerTheUserSees() {
        RequestTrace t = trace(false);
        t.content(30 * MS, ContentKind.REFUSAL, "I can't help with that.", -1);
        t.end(40 * MS);
        assertThat(t.succeeded()).isTrue();
        assertThat(t.ttfoNanos()).isEqualTo(30 * MS);
        assertThat(t.text()).isEmpty(); // capture off
        assertThat(t.output().text()).isEmpty();
    }

    @Test
    void onlyChoiceZeroIsTimedAndKeptButEveryChoiceIsCounted() {
        RequestTrace t = trace(true);
        t.content(10 * MS, 1, ContentKind.TEXT, "other", -1);
        t.content(20 * MS, 0, ContentKind.TEXT, "mine", -1);
        t.toolCall(25 * MS, 2, ToolCallDelta.start(0, "c", "f"), -1);
        t.finish(30 * MS, 3, "stop");
        t.finish(31 * MS, 1, "length");
        t.finish(32 * MS, 0, "stop");
        t.end(40 * MS);
        assertThat(t.output().choices()).isEqualTo(4);
        assertThat(t.text()).contains("mine");
        assertThat(t.output().toolCalls()).isEmpty();
        assertThat(t.contentEvents()).isEqualTo(1);
        assertThat(t.ttftNanos()).isEqualTo(20 * MS);
        assertThat(t.finishReason()).isEqualTo("stop");
        // Every choice's text is output the provider bills; without its usage, it is all estimated.
        assertThat(t.outputTokens()).isEqualTo(RequestTrace.estimateTokens("othermine".length() + 1));
    }

    @Test
    void zeroTokensCompletesDataWithoutAnEvent() {
        RequestTrace t = trace(true);
        t.toolCall(10 * MS, 0, ToolCallDelta.start(0, "", "cook"), -1);
        t.toolCall(20 * MS, 0, ToolCallDelta.arguments(0, ""), -1); // a piece the decoder rebuilds later
        t.toolCall(90 * MS, 0, ToolCallDelta.arguments(0, "{\"dish\":\"soup\"}"), 0);
        t.end(100 * MS);
        assertThat(t.contentEvents()).isEqualTo(2);
        assertThat(t.contentStamp(1)).isEqualTo(20 * MS);
        assertThat(t.output().toolCalls()).containsExactly(new ModelOutput.ToolCall("", "cook", "{\"dish\":\"soup\"}"));
    }

    @Test
    void aStreamWithNothingGeneratedIsStillEmptyOutput() {
        RequestTrace t = trace(false);
        t.usage(5 * MS, Usage.of(3, 0));
        t.finish(5 * MS, "stop");
        t.end(6 * MS);
        assertThat(t.errorClass()).contains(ErrorClass.EMPTY_OUTPUT);
        assertThat(t.output().choices()).isEqualTo(1);
    }

    @Test
    void aDecoderWrittenBeforeChoicesAndToolCallsStillWorks() {
        // The first version's calls: choice 0, and tool calls as TOOL_CALL text (arguments of call 0).
        RequestTrace t = trace(true);
        StreamSink sink = t;
        sink.content(10 * MS, ContentKind.TOOL_CALL, "{\"a\":", -1);
        sink.content(20 * MS, ContentKind.TOOL_CALL, "1}", -1);
        sink.finish(30 * MS, "tool_calls");
        t.end(40 * MS);
        assertThat(t.output().toolCalls()).containsExactly(new ModelOutput.ToolCall("", "", "{\"a\":1}"));
        assertThat(t.ttftNanos()).isEqualTo(10 * MS);
        assertThat(t.finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void aSinkWrittenBeforeChoicesAndToolCallsSeesChoiceZeroOnly() {
        // The default methods route choice 0 to the first version's calls and drop the others.
        List<String> seen = new ArrayList<>();
        StreamSink old = new StreamSink() {
            @Override
            public void content(long t, ContentKind kind, String text, int tokens) {
                seen.add(kind + ":" + text);
            }

            @Override
            public void usage(long t, Usage usage) {
            }

            @Override
            public void finish(long t, String reason) {
                seen.add("finish:" + reason);
            }

            @Override
            public void error(long t, ErrorClass errorClass, String message) {
            }
        };
        old.content(1, 1, ContentKind.TEXT, "other", -1);
        old.content(2, 0, ContentKind.TEXT, "mine", -1);
        old.toolCall(3, 0, new ToolCallDelta(0, "id", "f", "{}", false), -1);
        old.toolCall(4, 2, ToolCallDelta.arguments(0, "x"), -1);
        old.finish(5, 1, "length");
        old.finish(6, 0, "stop");
        assertThat(seen).containsExactly("TEXT:mine", "TOOL_CALL:f{}", "finish:stop");
    }
}
