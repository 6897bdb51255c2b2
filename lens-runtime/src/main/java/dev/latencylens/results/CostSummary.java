package dev.latencylens.results;

import dev.latencylens.internal.pricing.CostCalculator;
import dev.latencylens.internal.pricing.PriceTable;

import dev.latencylens.results.Price;
import dev.latencylens.results.TokenCounts;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a benchmark's requests cost, from their summed tokens and one price row.
 *
 * <pre>{@code
 * CostSummary c = CostSummary.lookup(PriceTable.fromSystemProperties(), "openai", "gpt-4o-mini",
 *         totals, attempted, succeeded, CostSummary.projectedRate(System.getProperties()).orElse(0));
 * c.known();                         // false: no row matched, see c.warning()
 * c.total().map(CostSummary::round); // 0.0123 (USD)
 * }</pre>
 *
 * <ul>
 *   <li>{@code total}: {@link CostCalculator#cost} of the summed tokens of every request that has token counts
 *       (failed ones included: a provider bills what it generated).</li>
 *   <li>{@code perRequest}: {@code total / requests}, the mean over the requests the totals cover.</li>
 *   <li>{@code perThousandSuccessful}: {@code total / succeeded × 1000}: what 1,000 successful answers cost,
 *       failures' tokens included. Empty when nothing succeeded.</li>
 *   <li>{@code projectedMonthly}: {@code perRequest × rate × 2,592,000} (a 30-day month of seconds) at the
 *       stated request rate ({@value #PROJECTED_RATE_PROPERTY}, see {@link #parseRate}); empty when no rate was
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

    /** System property: the request rate at which to project a monthly cost (see {@link #parseRate}). */
    public static final String PROJECTED_RATE_PROPERTY = "lens.projectedRate";

    /** Seconds in the projection's month: 30 days. */
    public static final long SECONDS_PER_MONTH = 30L * 24 * 60 * 60;

    private static final MathContext DIVISION = MathContext.DECIMAL128;
    private static final Pattern RATE = Pattern.compile(
            "^([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*(?:/\\s*(s|sec|second|min|minute|h|hour|d|day))?$");

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

    /**
     * The cost of {@code totals} at {@code price}; unknown, with a general warning, when {@code price} is empty
     * (prefer {@link #lookup}, whose warning names the model).
     *
     * @param requestsPerSecond the rate for the monthly projection; 0 or NaN for none
     */
    public static CostSummary of(Optional<Price> price, TokenCounts totals, long requests, long succeeded,
                                 double requestsPerSecond) {
        return price.map(p -> known(p, p.describe(), totals, requests, succeeded, requestsPerSecond))
                .orElseGet(() -> unknown("no price row for this model", totals, requests, succeeded,
                        requestsPerSecond));
    }

    /**
     * Looks {@code model} at {@code provider} up in {@code table} ({@link PriceTable#match}) and prices
     * {@code totals}; when no row matches, the cost is unknown and the warning names the model and the tables.
     */
    public static CostSummary lookup(PriceTable table, String provider, String model, TokenCounts totals,
                                     long requests, long succeeded, double requestsPerSecond) {
        return table.match(provider, model)
                .map(m -> known(m.price(), m.describe(), totals, requests, succeeded, requestsPerSecond))
                .orElseGet(() -> unknown("no price for " + provider + "/" + model + " in " + table.sources(),
                        totals, requests, succeeded, requestsPerSecond));
    }

    private static CostSummary known(Price price, String row, TokenCounts totals, long requests, long succeeded,
                                     double rate) {
        double r = checkedRate(rate);
        BigDecimal total = CostCalculator.cost(price, totals);
        Optional<BigDecimal> perRequest = requests == 0 ? Optional.empty()
                : Optional.of(total.divide(BigDecimal.valueOf(requests), DIVISION));
        Optional<BigDecimal> perThousand = succeeded == 0 ? Optional.empty()
                : Optional.of(total.multiply(BigDecimal.valueOf(1000)).divide(BigDecimal.valueOf(succeeded), DIVISION));
        Optional<BigDecimal> monthly = r == 0 || requests == 0 ? Optional.empty()
                : Optional.of(total.multiply(BigDecimal.valueOf(r)).multiply(BigDecimal.valueOf(SECONDS_PER_MONTH))
                        .divide(BigDecimal.valueOf(requests), DIVISION));
        return new CostSummary(Optional.of(price), row, totals, requests, succeeded, r, Optional.of(total),
                perRequest, perThousand, monthly, Optional.empty());
    }

    private static CostSummary unknown(String why, TokenCounts totals, long requests, long succeeded, double rate) {
        String warning = "cost unknown: " + why + "; add a row with -D" + PriceTable.PRICES_PROPERTY
                + "=<prices.csv|prices.json|LiteLLM model_prices_and_context_window.json>";
        return new CostSummary(Optional.empty(), why, totals, requests, succeeded, checkedRate(rate),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(warning));
    }

    private static double checkedRate(double rate) {
        if (Double.isNaN(rate)) {
            return 0;
        }
        if (rate < 0 || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("projection rate must be a finite number ≥ 0 requests/s, was " + rate);
        }
        return rate;
    }

    /** Whether a price was found, so the amounts are present. */
    public boolean known() {
        return price.isPresent();
    }

    /** The price's currency, when known. */
    public Optional<String> currency() {
        return price.map(Price::currency);
    }

    /** {@code amount} as reports show it: 4 decimal places, half-even ({@link CostCalculator#present}). */
    public static BigDecimal round(BigDecimal amount) {
        return CostCalculator.present(amount);
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

    // ---- the projection rate -------------------------------------------------------------------------------------

    /**
     * Parses a request rate into requests per second: a number, optionally with a unit {@code /s}, {@code /min},
     * {@code /h} or {@code /day} ({@code 2}, {@code 2/s}, {@code 120/min}, {@code 7200/h}, {@code 172800/day} are
     * all 2 requests/s).
     *
     * @throws IllegalArgumentException when {@code text} is not such a rate
     */
    public static double parseRate(String text) {
        Matcher m = RATE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(PROJECTED_RATE_PROPERTY + "=" + text
                    + ": expected requests as a number with an optional unit /s, /min, /h or /day, e.g. 5000/day");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        switch (unit) {
            case "min":
            case "minute":
                return value / 60;
            case "h":
            case "hour":
                return value / 3600;
            case "d":
            case "day":
                return value / 86400;
            default:
                return value;
        }
    }

    /** The rate stated by {@value #PROJECTED_RATE_PROPERTY} in requests per second, or empty when unset. */
    public static OptionalDouble projectedRate(Properties properties) {
        String v = properties.getProperty(PROJECTED_RATE_PROPERTY, "").trim();
        return v.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(parseRate(v));
    }
}
