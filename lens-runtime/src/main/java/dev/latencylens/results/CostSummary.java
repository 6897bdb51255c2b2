package dev.latencylens.results;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * What a benchmark's requests cost, from their summed tokens and one price row.
 *
 * <pre>{@code
 * CostSummary c = result.cost();
 * c.known();                         // false: no row matched, see c.warning()
 * c.total().map(CostSummary::round); // 0.0123 (USD)
 * }</pre>
 *
 * <ul>
 *   <li>{@code total}: the summed tokens, each kind at its price, of every request that has token counts
 *       (failed ones included: a provider bills what it generated).</li>
 *   <li>{@code perRequest}: {@code total / requests}, the mean over the requests the totals cover.</li>
 *   <li>{@code perThousandSuccessful}: {@code total / succeeded × 1000}: what 1,000 successful answers cost,
 *       failures' tokens included. Empty when nothing succeeded.</li>
 *   <li>{@code projectedMonthly}: {@code perRequest × rate × 2,592,000} (a 30-day month of seconds) at the
 *       stated request rate ({@code lens.projectedRate}); empty when no rate was
 *       stated: a projection at an invented rate would be a made-up number.</li>
 * </ul>
 * Amounts are kept at full precision (exact, or 34 significant digits after a division); reports present them
 * with {@link #round}: 4 decimal places, half-even. A model without a price gives an unknown cost: every amount
 * empty, {@code known} false and a {@code warning} naming the model, never 0. Self-hosted providers are priced
 * 0 by their table row, which makes their cost known and 0.
 *
 * @param price                 the row used, or empty when the model has no price
 * @param priceRow              how the row was found and what it charges, or why there is none
 * @param tokens                the summed tokens priced
 * @param requests              the requests those tokens come from
 * @param succeeded             the successful requests among them
 * @param requestsPerSecond     the stated rate for the projection; 0 when none
 * @param total                 the cost of all tokens
 * @param perRequest            mean cost per request
 * @param perThousandSuccessful cost per 1,000 successful requests
 * @param projectedMonthly      cost of 30 days at {@code requestsPerSecond}
 * @param warning               set when the cost is unknown
 */
public record CostSummary(Optional<Price> price, String priceRow, TokenCounts tokens, long requests, long succeeded,
                          double requestsPerSecond, Optional<BigDecimal> total, Optional<BigDecimal> perRequest,
                          Optional<BigDecimal> perThousandSuccessful, Optional<BigDecimal> projectedMonthly,
                          Optional<String> warning) {

    public CostSummary {
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(priceRow, "priceRow");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(perRequest, "perRequest");
        Objects.requireNonNull(perThousandSuccessful, "perThousandSuccessful");
        Objects.requireNonNull(projectedMonthly, "projectedMonthly");
        Objects.requireNonNull(warning, "warning");
        if (requests < 0 || succeeded < 0 || succeeded > requests) {
            throw new IllegalArgumentException("need 0 ≤ succeeded (" + succeeded + ") ≤ requests (" + requests + ")");
        }
    }

    /** No cost: nothing was priced (a result built by hand, or a run that sent nothing). */
    public static CostSummary none() {
        return new CostSummary(Optional.empty(), "nothing priced", TokenCounts.ZERO, 0, 0, 0, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Whether a price was found, so the amounts are present. */
    public boolean known() {
        return price.isPresent();
    }

    /** The price's currency, when known. */
    public Optional<String> currency() {
        return price.map(Price::currency);
    }

    /** {@code amount} as reports show it: 4 decimal places, half-even. */
    public static BigDecimal round(BigDecimal amount) {
        return amount.setScale(4, java.math.RoundingMode.HALF_EVEN);
    }

    /**
     * One line for the console, e.g. {@code cost 0.1234 USD total, 0.0012 per request, 1.2340 per 1k successful,
     * 3110.4000 per 30 days at 1 req/s}; or the warning.
     */
    public String describe() {
        if (!known()) {
            return warning.orElse("cost unknown");
        }
        String c = " " + currency().orElseThrow();
        StringBuilder sb = new StringBuilder("cost ").append(round(total.orElseThrow()).toPlainString()).append(c)
                .append(" total");
        perRequest.ifPresent(v -> sb.append(", ").append(round(v).toPlainString()).append(" per request"));
        perThousandSuccessful.ifPresent(v -> sb.append(", ").append(round(v).toPlainString())
                .append(" per 1k successful"));
        projectedMonthly.ifPresent(v -> sb.append(", ").append(round(v).toPlainString()).append(" per 30 days at ")
                .append(BigDecimal.valueOf(requestsPerSecond).stripTrailingZeros().toPlainString()).append(" req/s"));
        return sb.toString();
    }
}
