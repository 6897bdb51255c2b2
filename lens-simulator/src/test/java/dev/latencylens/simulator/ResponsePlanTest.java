package dev.latencylens.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.simulator.ResponsePlan.Part;
import dev.latencylens.simulator.ResponsePlan.Piece;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a response says and in which events: reasoning, text, tool calls, cut by the output limit in that order. */
class ResponsePlanTest {

    private static final SimProfile BASE = SimProfile.builder().tokensPerEvent(2).reasoningTokens(3)
            .hiddenReasoningTokens(4).toolCalls(2).build();

    private static List<Piece> pieces(ResponsePlan plan) {
        List<Piece> out = new ArrayList<>();
        for (int e = 0; e < plan.events; e++) {
            out.add(plan.piece(e));
        }
        return out;
    }

    @Test
    void reasoningThenTextThenStreamedToolCalls() {
        ResponsePlan plan = new ResponsePlan(BASE, 3, Integer.MAX_VALUE, 1, 0, false, true);
        assertThat(pieces(plan)).containsExactly(
                new Piece(Part.REASONING, 0, 0, 2), new Piece(Part.REASONING, 0, 2, 1),
                new Piece(Part.TEXT, 0, 0, 2), new Piece(Part.TEXT, 0, 2, 1),
                new Piece(Part.TOOL_START, 0, 0, 0), new Piece(Part.TOOL_ARGUMENTS, 0, 0, 2),
                new Piece(Part.TOOL_ARGUMENTS, 0, 2, 2), new Piece(Part.TOOL_ARGUMENTS, 0, 4, 2),
                new Piece(Part.TOOL_START, 1, 0, 0), new Piece(Part.TOOL_ARGUMENTS, 1, 0, 2),
                new Piece(Part.TOOL_ARGUMENTS, 1, 2, 2), new Piece(Part.TOOL_ARGUMENTS, 1, 4, 2));
        assertThat(plan.finishReason).isEqualTo("tool_calls");
        assertThat(plan.tokensPerChoice()).isEqualTo(4 + 3 + 3 + 2 * 7);
        assertThat(pieces(plan).stream().mapToInt(Piece::tokens).sum()).isEqualTo(3 + 3 + 2 * 7);
    }

    @Test
    void formatsThatSendCallsWholeSendEachInOneEvent() {
        ResponsePlan plan = new ResponsePlan(BASE.toBuilder().reasoningTokens(0).build(), 0, Integer.MAX_VALUE, 1, 0,
                true, true);
        assertThat(pieces(plan)).containsExactly(new Piece(Part.TOOL_CALL, 0, 0, 6),
                new Piece(Part.TOOL_CALL, 1, 0, 6));
        assertThat(plan.piece(0).tokens()).isEqualTo(7);
    }

    @Test
    void aFormatThatSaysTextOnlyHasNeitherReasoningNorToolCalls() {
        ResponsePlan plan = new ResponsePlan(BASE, 3, Integer.MAX_VALUE, 1, 0, false, false);
        assertThat(pieces(plan)).containsExactly(new Piece(Part.TEXT, 0, 0, 2), new Piece(Part.TEXT, 0, 2, 1));
        assertThat(plan.hiddenReasoning).as("billed, never streamed: any format").isEqualTo(4);
        assertThat(plan.finishReason).isEqualTo("stop");
    }

    @Test
    void theOutputLimitCutsHiddenReasoningReasoningTextAndWholeToolCallsInThatOrder() {
        assertThat(new ResponsePlan(BASE, 3, 2, 1, 0, false, true)).satisfies(p -> {
            assertThat(p.hiddenReasoning).isEqualTo(2);
            assertThat(p.events).isZero(); // nothing left to stream: the answer is only its end
            assertThat(p.finishReason).isEqualTo("length");
        });
        assertThat(new ResponsePlan(BASE, 3, 9, 1, 0, false, true)).satisfies(p -> {
            assertThat(p.reasoning).isEqualTo(3);
            assertThat(p.text).isEqualTo(2);
            assertThat(p.toolCalls).isZero();
            assertThat(p.finishReason).isEqualTo("length");
        });
        assertThat(new ResponsePlan(BASE, 3, 4 + 3 + 3 + 7 + 6, 1, 0, false, true)).satisfies(p -> {
            assertThat(p.toolCalls).isEqualTo(1); // the second call does not fit whole
            assertThat(p.finishReason).isEqualTo("length");
        });
    }

    @Test
    void whatWasSentIsTheGroundTruth() {
        ResponsePlan plan = new ResponsePlan(BASE, 3, Integer.MAX_VALUE, 2, 5, false, true);
        ResponsePlan.Sent all = plan.sent(plan.events, "sim1-9");
        assertThat(all.text()).isEqualTo(plan.text(0)).isNotEqualTo(plan.text(1));
        assertThat(all.reasoningText()).isNotBlank();
        assertThat(all.toolCalls()).containsExactly(
                new ServedRequest.ToolCall("call_sim1-9_0", "get_weather", plan.arguments(0, 0)),
                new ServedRequest.ToolCall("call_sim1-9_1", "search_docs", plan.arguments(1, 0)));
        assertThat(plan.arguments(0, 0)).startsWith("{\"query\":\"").endsWith("\"}");
        assertThat(all.tokens()).isEqualTo(3 + 3 + 14);
        assertThat(plan.outputTokens()).isEqualTo(2 * (4 + 3 + 3 + 14));
        assertThat(plan.reasoningTokens()).isEqualTo(2 * 7);
        // Cut off inside the first call's arguments: the call is there with the fragments sent.
        ResponsePlan.Sent cut = plan.sent(6, "sim1-9");
        assertThat(cut.toolCalls()).hasSize(1);
        assertThat(cut.toolCalls().get(0).arguments()).isEqualTo(plan.argumentsFragment(plan.piece(5), 0));
    }
}
