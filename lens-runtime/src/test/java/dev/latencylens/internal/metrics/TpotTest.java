package dev.latencylens.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.results.Phase;
import dev.latencylens.results.TokenCounts;
import dev.latencylens.spi.ContentKind;
import dev.latencylens.spi.ToolCallDelta;
import dev.latencylens.spi.Usage;
import org.junit.jupiter.api.Test;

/**
 * TPOT = (t_last − t_first) / (streamed output tokens − 1), on hand-made traces: reasoning billed but never
 * streamed is not part of the streamed pace, streamed reasoning is, one content event has no pace, and with
 * several choices only choice 0's own tokens count.
 */
class TpotTest {

    private static final long MS = 1_000_000;

    /** Sent at 0; {@code events} content events of one token each, every 5 ms from 1000 ms on. */
    private static RequestTrace streamed(int events, ContentKind... kinds) {
        RequestTrace t = new RequestTrace(Phase.MEASURED, 0, 0, false);
        t.sent(0);
        for (int i = 0; i < events; i++) {
            ContentKind kind = kinds.length == 0 ? ContentKind.TEXT : kinds[Math.min(i, kinds.length - 1)];
            t.content((1_000 + 5L * i) * MS, kind, "tok ", -1);
        }
        return t;
    }

    @Test
    void reasoningBilledButNeverStreamedIsNotInTheStreamedPace() {
        // 200 reasoning tokens generated and never streamed, then 40 streamed at 5 ms each; usage counts all 240.
        RequestTrace t = streamed(40);
        t.usage(1_200 * MS, new Usage(12, 240, Usage.UNKNOWN, Usage.UNKNOWN, 200));
        t.end(1_200 * MS);
        assertThat(t.streamedOutputTokens()).isEqualTo(40);
        assertThat(t.tpotNanos()).isEqualTo(5 * MS); // 195 ms / 39, where 195 / 239 = 0.82 ms was reported
        // The reasoning stays billed output, and is counted apart too.
        assertThat(t.outputTokens()).isEqualTo(240);
        assertThat(t.tokenCounts()).isEqualTo(TokenCounts.ofTotalInput(12, 0, 0, 240, 200));
    }

    @Test
    void streamedReasoningIsStreamedOutput() {
        // 10 reasoning deltas, then 10 text deltas: the 20 tokens all went over the wire.
        RequestTrace t = streamed(20, ContentKind.REASONING, ContentKind.REASONING, ContentKind.REASONING,
                ContentKind.REASONING, ContentKind.REASONING, ContentKind.REASONING, ContentKind.REASONING,
                ContentKind.REASONING, ContentKind.REASONING, ContentKind.REASONING, ContentKind.TEXT);
        t.usage(1_100 * MS, new Usage(12, 20, Usage.UNKNOWN, Usage.UNKNOWN, 10));
        t.end(1_100 * MS);
        assertThat(t.streamedOutputTokens()).isEqualTo(20);
        assertThat(t.tpotNanos()).isEqualTo(5 * MS); // 95 ms / 19
        assertThat(t.ttftNanos()).isEqualTo(1_000 * MS);
        assertThat(t.ttfoNanos()).isEqualTo(1_050 * MS);
    }

    @Test
    void oneContentEventGivesNoSample() {
        RequestTrace t = streamed(1);
        t.usage(1_001 * MS, Usage.of(12, 30)); // 30 tokens in one event: there is no pace to measure
        t.end(1_001 * MS);
        assertThat(t.tpotNanos()).isEqualTo(RequestTrace.NONE);
    }

    @Test
    void fewerThanTwoStreamedTokensGiveNoSample() {
        RequestTrace t = streamed(3);
        t.usage(1_020 * MS, new Usage(12, 65, Usage.UNKNOWN, Usage.UNKNOWN, 64)); // one visible token
        t.end(1_020 * MS);
        assertThat(t.streamedOutputTokens()).isEqualTo(1);
        assertThat(t.tpotNanos()).isEqualTo(RequestTrace.NONE);
    }

    @Test
    void aToolCallOnlyResponseHasAPaceFromItsFirstPiece() {
        RequestTrace t = new RequestTrace(Phase.MEASURED, 0, 0, false);
        t.sent(0);
        t.toolCall(500 * MS, 0, ToolCallDelta.start(0, "call_1", "get_weather"), -1);
        t.toolCall(510 * MS, 0, ToolCallDelta.arguments(0, "{\"city\":"), -1);
        t.toolCall(520 * MS, 0, ToolCallDelta.arguments(0, "\"Oslo\"}"), -1);
        t.usage(521 * MS, Usage.of(20, 3));
        t.end(521 * MS);
        assertThat(t.succeeded()).isTrue();
        assertThat(t.ttftNanos()).isEqualTo(500 * MS);
        assertThat(t.ttfoNanos()).isEqualTo(RequestTrace.NONE);
        assertThat(t.tpotNanos()).isEqualTo(10 * MS);
    }

    @Test
    void withSeveralChoicesOnlyChoiceZerosOwnTokensCount() {
        RequestTrace t = new RequestTrace(Phase.MEASURED, 0, 0, false);
        t.sent(0);
        for (int i = 0; i < 4; i++) {
            for (int choice = 0; choice < 3; choice++) {
                t.content((100 + 10L * i) * MS, choice, ContentKind.TEXT, "abcd", -1);
            }
        }
        t.usage(200 * MS, Usage.of(5, 12)); // every choice's tokens
        t.end(200 * MS);
        assertThat(t.contentEvents()).isEqualTo(4);
        assertThat(t.outputTokens()).isEqualTo(12);
        assertThat(t.streamedOutputTokens()).isEqualTo(4); // 16 characters of choice 0, about 4 a token
        assertThat(t.tpotNanos()).isEqualTo(10 * MS); // 30 ms / 3
    }
}
