package dev.latencylens.results;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of a price table: what a provider charges for a model, per million tokens, from a dated source.
 *
 * <p>Only the input and output prices are required. A price left absent is charged as follows, so that a missing
 * discount never hides cost: cache reads and cache writes at the input price, reasoning tokens at the output price
 * (every provider in the built-in table bills reasoning as output; the column exists for a provider that would not).
 *
 * <p>Prices are exact decimals, normalised without trailing zeros ({@code 2.50} is kept as {@code 2.5}), so two
 * rows with the same prices are {@code equals}. A row whose model is {@code *} applies to any model of its provider
 * and is consulted only when no named row matches (the built-in table uses it for self-hosted providers).
 *
 * @param provider              provider id as in {@code @LlmBenchmark(provider = …)}, lower case
 * @param model                 model name as sent to the API, or {@code *}
 * @param inputPerMillion       uncached input tokens
 * @param cachedInputPerMillion input tokens read from the provider's prompt cache
 * @param cacheWritePerMillion  input tokens written to the prompt cache (Anthropic: the 5-minute write)
 * @param outputPerMillion      output tokens
 * @param reasoningPerMillion   reasoning (thinking) tokens, a part of the output
 * @param currency              ISO 4217 code, e.g. {@code USD}
 * @param effectiveDate         a date on which this price applied: the launch or last price change where known
 * @param source                where the price comes from: a URL, a file, or a note such as {@code fictional}
 */
public record Price(String provider, String model, BigDecimal inputPerMillion,
                    Optional<BigDecimal> cachedInputPerMillion, Optional<BigDecimal> cacheWritePerMillion,
                    BigDecimal outputPerMillion, Optional<BigDecimal> reasoningPerMillion, String currency,
                    LocalDate effectiveDate, String source) {

    /** The model name of a row that applies to every model of its provider. */
    public static final String ANY_MODEL = "*";

    public Price {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        provider = provider.trim().toLowerCase(Locale.ROOT);
        model = model.trim();
        if (provider.isEmpty()) {
            throw new IllegalArgumentException("price row: provider is blank");
        }
        if (model.isEmpty()) {
            throw new IllegalArgumentException("price row for " + provider + ": model is blank");
        }
        String row = provider + "/" + model;
        inputPerMillion = checked(row, "input", Objects.requireNonNull(inputPerMillion, "inputPerMillion"));
        outputPerMillion = checked(row, "output", Objects.requireNonNull(outputPerMillion, "outputPerMillion"));
        cachedInputPerMillion = checked(row, "cached input", cachedInputPerMillion);
        cacheWritePerMillion = checked(row, "cache write", cacheWritePerMillion);
        reasoningPerMillion = checked(row, "reasoning", reasoningPerMillion);
        Objects.requireNonNull(currency, "currency");
        currency = currency.trim().toUpperCase(Locale.ROOT);
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("price row " + row + ": currency '" + currency
                    + "' is not a three-letter ISO 4217 code");
        }
        Objects.requireNonNull(effectiveDate, "effectiveDate");
        Objects.requireNonNull(source, "source");
    }

    /** A row with only input and output prices, in USD. */
    public static Price of(String provider, String model, String inputPerMillion, String outputPerMillion,
                           LocalDate effectiveDate, String source) {
        return new Price(provider, model, new BigDecimal(inputPerMillion), Optional.empty(), Optional.empty(),
                new BigDecimal(outputPerMillion), Optional.empty(), "USD", effectiveDate, source);
    }

    /** Whether this row applies to every model of its provider ({@code model} is {@code *}). */
    public boolean isWildcard() {
        return ANY_MODEL.equals(model);
    }

    /** The price charged per million cache-read tokens: the cached price, else the input price. */
    public BigDecimal effectiveCachedInputPerMillion() {
        return cachedInputPerMillion.orElse(inputPerMillion);
    }

    /** The price charged per million cache-write tokens: the cache-write price, else the input price. */
    public BigDecimal effectiveCacheWritePerMillion() {
        return cacheWritePerMillion.orElse(inputPerMillion);
    }

    /** The price charged per million reasoning tokens: the reasoning price, else the output price. */
    public BigDecimal effectiveReasoningPerMillion() {
        return reasoningPerMillion.orElse(outputPerMillion);
    }

    /** {@code provider/model}, the row's key as reports show it. */
    public String key() {
        return provider + "/" + model;
    }

    /**
     * One line for reports, e.g. {@code anthropic/claude-sonnet-4-5: USD per 1M tokens input 3, cache read 0.3,
     * cache write 3.75, output 15; effective 2025-09-29; https://…}.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder(key()).append(": ").append(currency).append(" per 1M tokens input ")
                .append(inputPerMillion.toPlainString());
        cachedInputPerMillion.ifPresent(p -> sb.append(", cache read ").append(p.toPlainString()));
        cacheWritePerMillion.ifPresent(p -> sb.append(", cache write ").append(p.toPlainString()));
        sb.append(", output ").append(outputPerMillion.toPlainString());
        reasoningPerMillion.ifPresent(p -> sb.append(", reasoning ").append(p.toPlainString()));
        return sb.append("; effective ").append(effectiveDate).append("; ").append(source).toString();
    }

    private static BigDecimal checked(String row, String what, BigDecimal value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("price row " + row + ": " + what + " price " + value.toPlainString()
                    + " is negative");
        }
        BigDecimal v = value.stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
    }

    private static Optional<BigDecimal> checked(String row, String what, Optional<BigDecimal> value) {
        Objects.requireNonNull(value, what);
        return value.map(v -> checked(row, what, v));
    }
}
