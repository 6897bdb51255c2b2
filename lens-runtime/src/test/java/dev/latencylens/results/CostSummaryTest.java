package dev.latencylens.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import dev.latencylens.internal.pricing.CostSummaries;
import dev.latencylens.internal.pricing.PriceTable;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CostSummaryTest {

    private static final PriceTable TABLE = PriceTable.builtIn();

    // 100 requests of claude-sonnet-4-5, 98 successful, 1,000 in and 200 out each:
    // 100,000 × 3 = 0.30; 20,000 × 15 = 0.30; total 0.60
    private static final TokenCounts TOTALS = TokenCounts.of(100_000, 20_000);

    @Test
    void totalsPerRequestPerThousandAndProjection() {
        CostSummary s = CostSummaries.lookup(TABLE, "anthropic", "claude-sonnet-4-5-20250929", TOTALS, 100, 98, 2.0);
        assertThat(s.known()).isTrue();
        assertThat(s.warning()).isEmpty();
        assertThat(s.currency()).contains("USD");
        assertThat(s.total().orElseThrow()).isEqualByComparingTo("0.6");
        assertThat(s.perRequest().orElseThrow()).isEqualByComparingTo("0.006");
        // 0.60 × 1000 / 98 = 6.122448979…
        assertThat(CostSummary.round(s.perThousandSuccessful().orElseThrow())).isEqualTo(new BigDecimal("6.1224"));
        // 0.006 × 2 req/s × 2,592,000 s
        assertThat(s.projectedMonthly().orElseThrow()).isEqualByComparingTo("31104");
        assertThat(s.priceRow()).startsWith("anthropic/claude-sonnet-4-5-20250929 priced by row anthropic/claude-sonnet-4-5");
        assertThat(s.describe()).isEqualTo("cost 0.6000 USD total, 0.0060 per request, 6.1224 per 1k successful, "
                + "31104.0000 per 30 days at 2 req/s");
    }

    @Test
    void projectionAtADailyRate() {
        double perSecond = CostSummaries.parseRate("5000/day");
        CostSummary s = CostSummaries.lookup(TABLE, "anthropic", "claude-sonnet-4-5", TOTALS, 100, 100, perSecond);
        // 0.006 × 5,000 × 30
        assertThat(CostSummary.round(s.projectedMonthly().orElseThrow())).isEqualTo(new BigDecimal("900.0000"));
        assertThat(s.perThousandSuccessful().orElseThrow()).isEqualByComparingTo("6");
    }

    @Test
    void noRateNoProjection() {
        CostSummary s = CostSummaries.lookup(TABLE, "anthropic", "claude-sonnet-4-5", TOTALS, 100, 98, 0);
        assertThat(s.projectedMonthly()).isEmpty();
        assertThat(CostSummaries.lookup(TABLE, "anthropic", "claude-sonnet-4-5", TOTALS, 100, 98, Double.NaN)
                .projectedMonthly()).isEmpty();
        assertThat(s.describe()).doesNotContain("30 days");
    }

    @Test
    void nothingSucceededNoPerThousand() {
        CostSummary s = CostSummaries.lookup(TABLE, "openai", "gpt-4o-mini", TokenCounts.of(500, 0), 5, 0, 0);
        assertThat(s.total().orElseThrow()).isEqualByComparingTo("0.000075");
        assertThat(s.perThousandSuccessful()).isEmpty();
    }

    @Test
    void unknownModelIsUnknownWithAWarningNeverZero() {
        CostSummary s = CostSummaries.lookup(TABLE, "openai", "gpt-9-ultra", TOTALS, 100, 98, 2.0);
        assertThat(s.known()).isFalse();
        assertThat(s.total()).isEmpty();
        assertThat(s.perRequest()).isEmpty();
        assertThat(s.perThousandSuccessful()).isEmpty();
        assertThat(s.projectedMonthly()).isEmpty();
        assertThat(s.currency()).isEmpty();
        assertThat(s.warning().orElseThrow())
                .startsWith("cost unknown: no price for openai/gpt-9-ultra in [built-in")
                .contains("-Dlens.prices=");
        assertThat(s.describe()).isEqualTo(s.warning().orElseThrow());

        CostSummary generic = CostSummaries.of(Optional.empty(), TOTALS, 100, 98, 0);
        assertThat(generic.known()).isFalse();
        assertThat(generic.total()).isEmpty();
        assertThat(generic.warning().orElseThrow()).startsWith("cost unknown");
    }

    @Test
    void selfHostedIsKnownAndZero() {
        CostSummary s = CostSummaries.lookup(TABLE, "vllm", "Qwen/Qwen2.5-7B-Instruct", TOTALS, 100, 100, 1);
        assertThat(s.known()).isTrue();
        assertThat(s.total().orElseThrow()).isZero();
        assertThat(s.priceRow()).contains("any model of the provider").contains("self-hosted");
    }

    @Test
    void ofWithAPrice() {
        Price p = TABLE.find("mistral", "mistral-small-latest").orElseThrow();
        // 4,000,000 × 0.10 = 0.4; 1,000,000 × 0.30 = 0.3
        CostSummary s = CostSummaries.of(Optional.of(p), TokenCounts.of(4_000_000, 1_000_000), 1_000, 1_000, 0);
        assertThat(s.total().orElseThrow()).isEqualByComparingTo("0.7");
        assertThat(s.perRequest().orElseThrow()).isEqualByComparingTo("0.0007");
        assertThat(s.perThousandSuccessful().orElseThrow()).isEqualByComparingTo("0.7");
        assertThat(s.price()).contains(p);
    }

    @Test
    void rates() {
        assertThat(CostSummaries.parseRate("2")).isEqualTo(2.0);
        assertThat(CostSummaries.parseRate("2/s")).isEqualTo(2.0);
        assertThat(CostSummaries.parseRate("120/min")).isEqualTo(2.0);
        assertThat(CostSummaries.parseRate("7200 / h")).isEqualTo(2.0);
        assertThat(CostSummaries.parseRate("172800/day")).isCloseTo(2.0, within(1e-12));
        assertThat(CostSummaries.parseRate("0.5")).isEqualTo(0.5);
        assertThatIllegalArgumentException().isThrownBy(() -> CostSummaries.parseRate("fast"))
                .withMessageContaining("lens.projectedRate=fast");
        assertThatIllegalArgumentException().isThrownBy(() -> CostSummaries.parseRate("5/week"));
        Properties props = new Properties();
        assertThat(CostSummaries.projectedRate(props)).isEqualTo(OptionalDouble.empty());
        props.setProperty("lens.projectedRate", "60/min");
        assertThat(CostSummaries.projectedRate(props)).isEqualTo(OptionalDouble.of(1.0));
    }

    @Test
    void negativeRateIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> CostSummaries.lookup(TABLE, "openai", "gpt-4o", TOTALS, 1, 1, -1));
    }
}
