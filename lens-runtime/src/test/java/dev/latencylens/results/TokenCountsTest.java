package dev.latencylens.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.latencylens.spi.Usage;
import org.junit.jupiter.api.Test;

class TokenCountsTest {

    @Test
    void totalInputIncludingCacheIsSplit() {
        TokenCounts t = TokenCounts.ofTotalInput(10_000, 6_000, 1_000, 500, 200);
        assertThat(t).isEqualTo(new TokenCounts(3_000, 6_000, 1_000, 500, 200));
        assertThat(t.totalInput()).isEqualTo(10_000);
        assertThat(t.visibleOutput()).isEqualTo(300);
    }

    @Test
    void fromUsageTreatsUnknownAsZero() {
        assertThat(Usage.of(120, 30).tokenCounts()).isEqualTo(new TokenCounts(120, 0, 0, 30, 0));
        assertThat((new Usage(2_000, 900, 1_024, Usage.UNKNOWN, 512)).tokenCounts())
                .isEqualTo(new TokenCounts(976, 1_024, 0, 900, 512));
    }

    @Test
    void reasoningMustBeInsideOutput() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TokenCounts(0, 0, 0, 100, 101))
                .withMessageContaining("output must include reasoning")
                .withMessageContaining("thoughtsTokenCount");
    }

    @Test
    void cacheLargerThanTotalInputIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> TokenCounts.ofTotalInput(100, 80, 30, 0, 0))
                .withMessageContaining("smaller than cached");
    }

    @Test
    void negativeCountsAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TokenCounts(-1, 0, 0, 0, 0));
    }

    @Test
    void plusAddsEachPart() {
        assertThat(new TokenCounts(1, 2, 3, 10, 4).plus(new TokenCounts(10, 20, 30, 100, 40)))
                .isEqualTo(new TokenCounts(11, 22, 33, 110, 44));
        assertThat(TokenCounts.ZERO.plus(TokenCounts.of(5, 6))).isEqualTo(TokenCounts.of(5, 6));
    }
}
