package dev.latencylens.internal.pricing;

import dev.latencylens.results.Cost;
import dev.latencylens.results.CostSummary;
import dev.latencylens.results.Price;
import dev.latencylens.results.TokenCounts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Prices token counts:
 * <pre>
 * cost = uncachedInput × p_in + cachedInput × p_cache_read + cacheWrite × p_cache_write
 *      + (output − reasoning) × p_out + reasoning × p_reasoning
 * </pre>
 * with every {@code p} per token (the table's per-million price ÷ 1,000,000). An absent cache price falls back to
 * the input price and an absent reasoning price to the output price ({@link Price}), so reasoning tokens, which are
 * part of the output ({@link TokenCounts}), are charged exactly once.
 *
 * <p><b>Precision.</b> The arithmetic is exact {@link BigDecimal} (multiplications and decimal shifts, no
 * division), so a sum of per-request costs equals the cost of the summed counts. Round only to present:
 * {@link #present} gives 4 decimal places, {@link RoundingMode#HALF_EVEN}.
 */
public final class CostCalculator {

    /** Decimal places shown in reports. */
    public static final int PRESENTATION_SCALE = 4;

    /** Rounding used to present a cost. */
    public static final RoundingMode PRESENTATION_ROUNDING = RoundingMode.HALF_EVEN;

    private CostCalculator() {
    }

    /** The cost of {@code tokens} at {@code price}, exact. */
    public static BigDecimal cost(Price price, TokenCounts tokens) {
        return breakdown(price, tokens).total();
    }

    /** The cost of {@code tokens} at {@code price}, by part, exact. */
    public static Cost breakdown(Price price, TokenCounts tokens) {
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(tokens, "tokens");
        return new Cost(
                times(tokens.uncachedInput(), price.inputPerMillion()),
                times(tokens.cachedInput(), price.effectiveCachedInputPerMillion()),
                times(tokens.cacheWrite(), price.effectiveCacheWritePerMillion()),
                times(tokens.visibleOutput(), price.outputPerMillion()),
                times(tokens.reasoning(), price.effectiveReasoningPerMillion()),
                price.currency());
    }

    /** {@code amount} as reports show it: 4 decimal places, half-even. */
    public static BigDecimal present(BigDecimal amount) {
        return CostSummary.round(amount);
    }

    private static BigDecimal times(long tokens, BigDecimal perMillion) {
        return BigDecimal.valueOf(tokens).multiply(perMillion).movePointLeft(6);
    }
}
