package dev.latencylens.results;

import java.math.BigDecimal;
import java.math.RoundingMode;
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
 * Amounts are kept to {@value #DECIMALS} decimal places (exact for totals, whose prices have a few decimals per
 * million tokens, and far below a cent for the means; {@code results.json} holds exactly these), and reports present
 * them with {@link #round}: 4 decimal places, half-even. A model without a price gives an unknown cost: every
 * amount empty, {@code known} false and a {@link #warning} naming the model, never 0. Self-hosted providers are
 * priced 0 by their table row, which makes their cost known and 0.
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
 * @param unknownReason         why the cost is unknown (e.g. {@code no price for acme/m-1 in built-in table}); empty
 *                              when it is known, or when nothing was priced
 */
public record CostSummary(Optional<Price> price, String priceRow, TokenCounts tokens, long requests, long succeeded,
                          double requestsPerSecond, Optional<BigDecimal> total, Optional<BigDecimal> perRequest,
                          Optional<BigDecimal> perThousandSuccessful, Optional<BigDecimal> projectedMonthly,
                          Optional<String> unknownReason) {

    /** Decimal places amounts are kept to. */
    public static final int DECIMALS = 10;

    /** The system property naming extra price tables, which the warning of an unknown cost suggests. */
    public static final String PRICES_PROPERTY = "lens.prices";

    public CostSummary {
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(priceRow, "priceRow");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(perRequest, "perRequest");
        Objects.requireNonNull(perThousandSuccessful, "perThousandSuccessful");
        Objects.requireNonNull(projectedMonthly, "projectedMonthly");
        Objects.requireNonNull(unknownReason, "unknownReason");
        if (requests < 0 || succeeded < 0 || succeeded > requests) {
            throw new IllegalArgumentException("need 0 ≤ succeeded (" + succeeded + ") ≤ requests (" + requests + ")");
        }
        if (price.isPresent() && unknownReason.isPresent()) {
            throw new IllegalArgumentException("a cost with a price is known: it has no reason to be unknown");
        }
        if (price.isEmpty() && (total.isPresent() || perRequest.isPresent() || perThousandSuccessful.isPresent()
                || projectedMonthly.isPresent())) {
            throw new IllegalArgumentException("a cost without a price is unknown: it has no amount");
        }
        total = total.map(CostSummary::kept);
        perRequest = perRequest.map(CostSummary::kept);
        perThousandSuccessful = perThousandSuccessful.map(CostSummary::kept);
        projectedMonthly = projectedMonthly.map(CostSummary::kept);
    }

    /** {@code amount} to {@value #DECIMALS} places, half-even, without trailing zeros (one form for one value). */
    private static BigDecimal kept(BigDecimal amount) {
        BigDecimal v = amount.setScale(DECIMALS, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
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
        return amount.setScale(4, RoundingMode.HALF_EVEN);
    }

    /**
     * Why the cost is unknown and what to do about it, e.g. {@code no price for acme/m-1 in built-in table; add a
     * row with -Dlens.prices=<prices.csv|prices.json|LiteLLM model_prices_and_context_window.json>}.
     */
    public Optional<String> whyUnknown() {
        return unknownReason.map(r -> r + "; add a row with -D" + PRICES_PROPERTY
                + "=<prices.csv|prices.json|LiteLLM model_prices_and_context_window.json>");
    }

    /** The warning of an unknown cost: {@code cost unknown: } and {@link #whyUnknown()}; empty when known. */
    public Optional<String> warning() {
        return whyUnknown().map(w -> "cost unknown: " + w);
    }

    /**
     * One line for the console, e.g. {@code cost 0.1234 USD total, 0.0012 per request, 1.2340 per 1k successful,
     * 3110.4000 per 30 days at 1 req/s}; or the warning.
     */
    public String describe() {
        if (!known()) {
            return warning().orElse("cost unknown");
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
