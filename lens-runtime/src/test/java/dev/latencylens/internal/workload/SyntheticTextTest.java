package dev.latencylens.internal.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latencylens.internal.tokens.TokenEstimator;
import dev.latencylens.internal.tokens.TokenEstimator.Encoding;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Synthetic text re-counts to exactly the length asked, in each encoding, and varies with its generator. */
class SyntheticTextTest {

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void everyLengthReCountsExactly(Encoding encoding) {
        TokenEstimator tokenizer = TokenEstimator.of(encoding);
        SyntheticText text = SyntheticText.of(tokenizer);
        SplittableRandom random = new SplittableRandom(1);
        for (int tokens : new int[] {1, 2, 3, 7, 64, 400, 1000, 8192}) {
            assertThat(tokenizer.count(text.text(tokens, random))).as("%d tokens", tokens).isEqualTo(tokens);
        }
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void theSameGeneratorGivesTheSameTextAnotherAnother(Encoding encoding) {
        SyntheticText text = SyntheticText.of(TokenEstimator.of(encoding));
        assertThat(text.text(50, new SplittableRandom(7))).isEqualTo(text.text(50, new SplittableRandom(7)))
                .isNotEqualTo(text.text(50, new SplittableRandom(8)));
        assertThat(text.text(3, new SplittableRandom(7))).matches("[a-z]+ [a-z]+ [a-z]+");
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void noTextBelowOneToken(Encoding encoding) {
        assertThatThrownBy(() -> SyntheticText.of(TokenEstimator.of(encoding)).text(0, new SplittableRandom(1)))
                .hasMessage("a synthetic text needs at least 1 token, was 0");
    }
}
