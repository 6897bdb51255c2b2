package dev.latencylens.internal.pricing;

import dev.latencylens.results.CostSummary;
import dev.latencylens.results.Price;
import dev.latencylens.results.TokenCounts;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Makes {@link CostSummary}s: prices summed tokens with a price row, and parses the projection rate. */
public final class CostSummaries {

    /** System property: the request rate at which to project a monthly cost (see {@link #parseRate}). */
    public static final String PROJECTED_RATE_PROPERTY = "lens.projectedRate";

    /** Seconds in the projection's month: 30 days. */
    public static final long SECONDS_PER_MONTH = 30L * 24 * 60 * 60;

    private static final MathContext DIVISION = MathContext.DECIMAL128;
    private static final Pattern RATE = Pattern.compile(
            "^([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*(?:/\\s*(s|sec|second|min|minute|h|hour|d|day))?$");

    private CostSummaries() {
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

    /**
     * The cost of several shards' requests as one: their tokens, requests and successes summed and priced again at
     * their common price row (a BigDecimal sum: exactly the sum of their totals). Unknown when any part is unknown,
     * or when the parts were priced at different rows, saying why.
     *
     * @throws IllegalArgumentException when {@code parts} is empty
     */
    public static CostSummary merge(List<CostSummary> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no cost to merge");
        }
        TokenCounts tokens = TokenCounts.ZERO;
        long requests = 0;
        long succeeded = 0;
        for (CostSummary c : parts) {
            tokens = tokens.plus(c.tokens());
            requests += c.requests();
            succeeded += c.succeeded();
        }
        CostSummary first = parts.get(0);
        double rate = first.requestsPerSecond();
        Optional<CostSummary> unknown = parts.stream().filter(c -> !c.known()).findFirst();
        if (unknown.isPresent()) {
            return unknown(unknown.get().unknownReason().orElse(unknown.get().priceRow()), tokens, requests,
                    succeeded, rate);
        }
        Set<Price> prices = new LinkedHashSet<>();
        parts.forEach(c -> prices.add(c.price().orElseThrow()));
        if (prices.size() > 1) {
            return unknown("the parts were priced at different rows (" + prices.stream().map(Price::describe)
                    .collect(Collectors.joining("; ")) + ")", tokens, requests, succeeded, rate);
        }
        return known(first.price().orElseThrow(), first.priceRow(), tokens, requests, succeeded, rate);
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
        return new CostSummary(Optional.empty(), why, totals, requests, succeeded, checkedRate(rate),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(why));
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
