package dev.latencylens.internal.pricing;

import dev.latencylens.results.Price;
import dev.latencylens.results.TokenCounts;

import dev.latencylens.internal.pricing.PriceMatch.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The matching rules and the built-in table's coverage. */
class PriceTableTest {

    private static final PriceTable TABLE = PriceTable.builtIn();

    @ParameterizedTest(name = "{0}/{1} -> {2} by {3}")
    @CsvSource({
            "openai, gpt-4o, gpt-4o, EXACT",
            "openai, GPT-4o, gpt-4o, EXACT",
            "openai, gpt-4o-2024-08-06, gpt-4o, DATE_SUFFIX",
            "openai, gpt-4o-2024-05-13, gpt-4o-2024-05-13, EXACT",
            "openai, gpt-4o-mini-2024-07-18, gpt-4o-mini, DATE_SUFFIX",
            "openai, gpt-5-chat-latest, gpt-5-chat-latest, EXACT",
            "anthropic, claude-sonnet-4-5-20250929, claude-sonnet-4-5, DATE_SUFFIX",
            "anthropic, claude-sonnet-4-5@20250929, claude-sonnet-4-5, DATE_SUFFIX",
            "anthropic, claude-3-7-sonnet-latest, claude-3-7-sonnet, LATEST_ALIAS",
            "anthropic, claude-3-5-haiku-20241022, claude-3-5-haiku, DATE_SUFFIX",
            "gemini, models/gemini-2.5-pro, gemini-2.5-pro, MODELS_PREFIX",
            "gemini, gemini-2.5-flash-lite, gemini-2.5-flash-lite, EXACT",
            "bedrock, us.anthropic.claude-sonnet-4-20250514-v1:0, anthropic.claude-sonnet-4-20250514-v1:0, REGION_PREFIX",
            "bedrock, eu.amazon.nova-pro-v1:0, amazon.nova-pro-v1:0, REGION_PREFIX",
            "bedrock, eu.anthropic.claude-sonnet-4-5-20250929-v1:0, eu.anthropic.claude-sonnet-4-5-20250929-v1:0, EXACT",
            "bedrock, global.anthropic.claude-haiku-4-5-20251001-v1:0, anthropic.claude-haiku-4-5-20251001-v1:0, REGION_PREFIX",
            "mistral, mistral-large-latest, mistral-large-latest, EXACT",
            "openrouter, openai/gpt-4o, openai/gpt-4o, EXACT",
            "groq, openai/gpt-oss-120b, openai/gpt-oss-120b, EXACT",
            "fireworks, accounts/fireworks/models/llama-v3p3-70b-instruct, accounts/fireworks/models/llama-v3p3-70b-instruct, EXACT",
            "azure-openai, gpt-4.1-2025-04-14, gpt-4.1, DATE_SUFFIX",
    })
    void normalisationRules(String provider, String model, String row, Rule rule) {
        PriceMatch m = TABLE.match(provider, model).orElseThrow();
        assertThat(m.price().model()).isEqualTo(row);
        assertThat(m.rule()).isEqualTo(rule);
        assertThat(m.requestedModel()).isEqualTo(model);
    }

    @ParameterizedTest(name = "{0}/{1} has no price")
    @CsvSource({
            "openai, gpt-9-ultra",
            "openai, gpt-4o-mini-fancy",     // no prefix matching
            "openai, gpt-4o-min",            // no edit distance
            "anthropic, claude-sonnet",      // no family guess
            "gemini, gemini-2.5",
            "openai, claude-sonnet-4-5",     // another provider's model
            "bedrock, us-gov.anthropic.claude-3-7-sonnet-20250219-v1:0",   // not a stripped region
            "bedrock, claude-3-7-sonnet",    // Bedrock ids only
            "mistral, mistral-large",        // -latest is not added, only removed
            "nobody, gpt-4o",
            "simulated, sim-unheard-of",
    })
    void noFuzzyMatch(String provider, String model) {
        assertThat(TABLE.match(provider, model)).isEmpty();
    }

    @Test
    void matchReportsTheRowUsed() {
        PriceMatch m = TABLE.match("anthropic", "claude-sonnet-4-5-20250929").orElseThrow();
        assertThat(m.describe()).isEqualTo("anthropic/claude-sonnet-4-5-20250929 priced by row "
                + "anthropic/claude-sonnet-4-5 (date suffix removed): USD per 1M tokens input 3, cache read 0.3, "
                + "cache write 3.75, output 15; effective 2025-09-29; "
                + "https://docs.claude.com/en/docs/about-claude/pricing");
        PriceMatch azure = TABLE.match("azure-openai", "gpt-4o").orElseThrow();
        assertThat(azure.viaOtherProvider()).isTrue();
        assertThat(azure.describe()).startsWith("azure-openai/gpt-4o priced by row openai/gpt-4o (exact, openai price list)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"vllm", "llamacpp", "ollama", "ollama-native"})
    void selfHostedCostsZero(String provider) {
        PriceMatch m = TABLE.match(provider, "meta-llama/Llama-3.1-8B-Instruct").orElseThrow();
        assertThat(m.rule()).isEqualTo(Rule.PROVIDER_WILDCARD);
        assertThat(CostCalculator.cost(m.price(), TokenCounts.of(1_000_000, 1_000_000))).isZero();
        assertThat(m.price().source()).startsWith("self-hosted");
    }

    @Test
    void simulatorPresetsHaveFictionalPrices() {
        Price fast = TABLE.find("simulated", "sim-fast").orElseThrow();
        assertThat(fast.source()).startsWith("fictional");
        // 1M in, 1M out at 0.15 / 0.60
        assertThat(CostCalculator.cost(fast, TokenCounts.of(1_000_000, 1_000_000))).isEqualByComparingTo("0.75");
        for (String preset : List.of("sim-fast", "sim-slow", "sim-flaky", "sim-instant")) {
            assertThat(TABLE.find("simulated", preset)).as(preset).isPresent();
            // a preset asked of a real provider (lens.simulate with a sim-* model) is the same row
            assertThat(TABLE.find("openai", preset)).as(preset).isEqualTo(TABLE.find("simulated", preset));
        }
    }

    @Test
    void simulatedRealModelIsPricedAsThatModel() {
        assertThat(TABLE.find("simulated", "gpt-4o-mini")).isEqualTo(TABLE.find("openai", "gpt-4o-mini"));
        assertThat(TABLE.find("simulated", "claude-sonnet-4-5")).isEqualTo(TABLE.find("anthropic", "claude-sonnet-4-5"));
        assertThat(TABLE.find("simulated", "gemini-2.5-flash")).isEqualTo(TABLE.find("gemini", "gemini-2.5-flash"));
    }

    @Test
    void builtInCoversEveryProvider() {
        Set<String> providers = TABLE.rows().stream().map(Price::provider).collect(Collectors.toSet());
        assertThat(providers).contains("openai", "anthropic", "gemini", "bedrock", "cohere", "mistral", "groq",
                "deepseek", "together", "fireworks", "openrouter", "vllm", "llamacpp", "ollama", "ollama-native",
                "simulated");
        for (String p : List.of("openai-responses", "azure-openai")) {
            assertThat(TABLE.find(p, "gpt-5")).as(p).isPresent();
        }
    }

    @Test
    void everyBuiltInRowIsDatedSourcedAndSane() {
        for (Price p : TABLE.rows()) {
            assertThat(p.source()).as(p.key()).isNotBlank();
            assertThat(p.effectiveDate()).as(p.key()).isBetween(LocalDate.of(2023, 1, 1), LocalDate.of(2025, 12, 31));
            assertThat(p.currency()).as(p.key()).isEqualTo("USD");
            if (p.isWildcard()) {
                assertThat(p.provider()).isIn("vllm", "llamacpp", "ollama", "ollama-native");
                continue;
            }
            assertThat(p.source()).as(p.key()).matches("https://.*|fictional: .*");
            assertThat(p.inputPerMillion()).as(p.key()).isPositive();
            assertThat(p.outputPerMillion()).as(p.key()).isGreaterThanOrEqualTo(p.inputPerMillion());
            p.cachedInputPerMillion().ifPresent(c -> assertThat(c).as(p.key()).isLessThan(p.inputPerMillion()));
            p.cacheWritePerMillion().ifPresent(c -> assertThat(c).as(p.key()).isGreaterThan(p.inputPerMillion()));
        }
        assertThat(TABLE.sources()).singleElement().asString().startsWith("built-in (newest price 2025-11-");
    }

    @Test
    void rowsCompareByValue() {
        Price a = Price.of("OpenAI", "m", "2.50", "10.00", LocalDate.of(2025, 1, 1), "s");
        Price b = Price.of("openai", "m", "2.5", "10", LocalDate.of(2025, 1, 1), "s");
        assertThat(a).isEqualTo(b);
        assertThat(a.inputPerMillion()).isEqualTo(new BigDecimal("2.5"));
        assertThat(a.outputPerMillion().toPlainString()).isEqualTo("10");
    }
}
