package dev.latencylens.internal.pricing;

import dev.latencylens.results.Price;

import java.util.Objects;

/**
 * How {@link PriceTable#match} found a price: the row, what was asked, and which documented rule matched, so a
 * report can say exactly which row priced a benchmark.
 *
 * @param price             the row used
 * @param requestedProvider the provider asked for
 * @param requestedModel    the model asked for
 * @param rule              the matching rule that found the row
 */
public record PriceMatch(Price price, String requestedProvider, String requestedModel, Rule rule) {

    /** The matching rules, in the order {@link PriceTable#match} tries them. */
    public enum Rule {
        /** The model name as given (compared ignoring case). */
        EXACT("exact"),
        /** Gemini's {@code models/} resource prefix removed: {@code models/gemini-2.5-flash}. */
        MODELS_PREFIX("models/ prefix removed"),
        /** A Bedrock cross-region inference prefix removed: {@code global.}, {@code us.}, {@code eu.},
         *  {@code apac.}, {@code jp.}, {@code au.}. */
        REGION_PREFIX("Bedrock region prefix removed"),
        /** A snapshot date suffix removed: {@code -2024-08-06}, {@code -20250929}, {@code @20250929}. */
        DATE_SUFFIX("date suffix removed"),
        /** A {@code -latest} alias suffix removed: {@code claude-3-7-sonnet-latest}. */
        LATEST_ALIAS("-latest alias removed"),
        /** The provider's {@code *} row (self-hosted providers: price 0). */
        PROVIDER_WILDCARD("any model of the provider");

        private final String text;

        Rule(String text) {
            this.text = text;
        }

        /** A few words for reports. */
        public String text() {
            return text;
        }
    }

    public PriceMatch {
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(requestedProvider, "requestedProvider");
        Objects.requireNonNull(requestedModel, "requestedModel");
        Objects.requireNonNull(rule, "rule");
    }

    /** Whether the row belongs to another provider than the one asked for (Azure OpenAI priced as OpenAI, …). */
    public boolean viaOtherProvider() {
        return !price.provider().equalsIgnoreCase(requestedProvider.trim());
    }

    /**
     * One line for reports, e.g. {@code anthropic/claude-sonnet-4-5-20250929 priced by row
     * anthropic/claude-sonnet-4-5 (date suffix removed): USD per 1M tokens input 3, …}.
     */
    public String describe() {
        String how = rule.text() + (viaOtherProvider() ? ", " + price.provider() + " price list" : "");
        return requestedProvider + "/" + requestedModel + " priced by row " + price.key() + " (" + how + "): "
                + price.describe().substring(price.key().length() + 2);
    }
}
