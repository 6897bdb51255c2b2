package dev.latencylens.results;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The cost of some tokens at one {@link Price}, by part, at full precision (never rounded; round for display with
 * reports round them to 4 places). 
 *
 * @param uncachedInput uncached input tokens × input price
 * @param cachedInput   cache-read tokens × cache-read price
 * @param cacheWrite    cache-write tokens × cache-write price
 * @param visibleOutput (output − reasoning) tokens × output price
 * @param reasoning     reasoning tokens × reasoning price
 * @param currency      the price's currency
 */
public record Cost(BigDecimal uncachedInput, BigDecimal cachedInput, BigDecimal cacheWrite, BigDecimal visibleOutput,
                   BigDecimal reasoning, String currency) {

    public Cost {
        Objects.requireNonNull(uncachedInput, "uncachedInput");
        Objects.requireNonNull(cachedInput, "cachedInput");
        Objects.requireNonNull(cacheWrite, "cacheWrite");
        Objects.requireNonNull(visibleOutput, "visibleOutput");
        Objects.requireNonNull(reasoning, "reasoning");
        Objects.requireNonNull(currency, "currency");
    }

    /** Input, cache and output parts added up. */
    public BigDecimal total() {
        return uncachedInput.add(cachedInput).add(cacheWrite).add(visibleOutput).add(reasoning);
    }
}
