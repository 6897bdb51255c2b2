package dev.latencylens.internal.pricing;

import dev.latencylens.results.Cost;
import dev.latencylens.results.Price;
import dev.latencylens.results.TokenCounts;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exact costs against hand-computed examples, one or more per provider, with the built-in prices. Each comment
 * shows the arithmetic: tokens × USD per 1M ÷ 10⁶.
 */
class CostCalculatorTest {

    private static final PriceTable TABLE = PriceTable.builtIn();

    private static BigDecimal cost(String provider, String model, TokenCounts tokens) {
        return CostCalculator.cost(TABLE.find(provider, model).orElseThrow(), tokens);
    }

    private static void assertCost(BigDecimal actual, String expected) {
        assertThat(actual).isEqualByComparingTo(expected);
    }

    @Test
    void openAiWithCachedInput() {
        // gpt-4o usage: prompt_tokens 10,000 of which cached_tokens 6,144; completion_tokens 1,500
        TokenCounts t = TokenCounts.ofTotalInput(10_000, 6_144, 0, 1_500, 0);
        // 3,856 × 2.50 = 0.00964; 6,144 × 1.25 = 0.00768; 1,500 × 10.00 = 0.015
        assertCost(cost("openai", "gpt-4o", t), "0.03232");
        assertThat(CostCalculator.present(cost("openai", "gpt-4o", t))).isEqualTo(new BigDecimal("0.0323"));
    }

    @Test
    void openAiReasoningIsInsideCompletionTokensAndPricedOnce() {
        // o4-mini: prompt 2,000 (1,024 cached); completion_tokens 3,000 of which reasoning_tokens 2,500
        TokenCounts t = TokenCounts.ofTotalInput(2_000, 1_024, 0, 3_000, 2_500);
        // 976 × 1.10 = 0.0010736; 1,024 × 0.275 = 0.0002816; (500 + 2,500) × 4.40 = 0.0132
        Cost c = CostCalculator.breakdown(TABLE.find("openai", "o4-mini").orElseThrow(), t);
        assertCost(c.uncachedInput(), "0.0010736");
        assertCost(c.cachedInput(), "0.0002816");
        assertCost(c.visibleOutput(), "0.0022");
        assertCost(c.reasoning(), "0.011");
        assertCost(c.total(), "0.0145552");
        assertThat(CostCalculator.present(c.total())).isEqualTo(new BigDecimal("0.0146"));
    }

    @Test
    void anthropicWithCacheWriteAndRead() {
        // claude-sonnet-4-5: input_tokens 500 (uncached), cache_creation_input_tokens 2,000,
        // cache_read_input_tokens 10,000, output_tokens 800
        TokenCounts t = new TokenCounts(500, 10_000, 2_000, 800, 0);
        // 500 × 3 = 0.0015; 10,000 × 0.30 = 0.003; 2,000 × 3.75 = 0.0075; 800 × 15 = 0.012
        assertCost(cost("anthropic", "claude-sonnet-4-5-20250929", t), "0.024");
    }

    @Test
    void anthropicThinkingIsInsideOutputTokens() {
        // claude-haiku-4-5: 2,000 in; output_tokens 1,000 of which 600 thinking
        TokenCounts t = new TokenCounts(2_000, 0, 0, 1_000, 600);
        // 2,000 × 1 = 0.002; 1,000 × 5 = 0.005 (not 1,600 × 5)
        assertCost(cost("anthropic", "claude-haiku-4-5", t), "0.007");
    }

    @Test
    void geminiWithThoughtsAndCachedContent() {
        // gemini-2.5-flash: promptTokenCount 12,000 with cachedContentTokenCount 8,000;
        // candidatesTokenCount 400 + thoughtsTokenCount 1,100 = 1,500 output of which 1,100 reasoning
        TokenCounts t = TokenCounts.ofTotalInput(12_000, 8_000, 0, 400 + 1_100, 1_100);
        // 4,000 × 0.30 = 0.0012; 8,000 × 0.03 = 0.00024; 1,500 × 2.50 = 0.00375
        assertCost(cost("gemini", "models/gemini-2.5-flash", t), "0.00519");
    }

    @Test
    void bedrockRegionalProfileCarriesItsPremium() {
        TokenCounts t = TokenCounts.of(1_000, 500);
        // us. profile of Sonnet 4.5: 1,000 × 3.30 = 0.0033; 500 × 16.50 = 0.00825
        assertCost(cost("bedrock", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", t), "0.01155");
        // global. profile: list price: 1,000 × 3 = 0.003; 500 × 15 = 0.0075
        assertCost(cost("bedrock", "global.anthropic.claude-sonnet-4-5-20250929-v1:0", t), "0.0105");
        // older model, region prefix removed: 1,000 × 3 + 500 × 15
        assertCost(cost("bedrock", "us.anthropic.claude-3-7-sonnet-20250219-v1:0", t), "0.0105");
    }

    @Test
    void bedrockNovaAndLlama() {
        // amazon.nova-micro: 10,000 × 0.035 = 0.00035; 2,000 × 0.14 = 0.00028
        assertCost(cost("bedrock", "amazon.nova-micro-v1:0", TokenCounts.of(10_000, 2_000)), "0.00063");
        // meta.llama3-3-70b: 5,000 × 0.72 = 0.0036; 1,000 × 0.72 = 0.00072
        assertCost(cost("bedrock", "us.meta.llama3-3-70b-instruct-v1:0", TokenCounts.of(5_000, 1_000)), "0.00432");
    }

    @Test
    void cohere() {
        // command-a-03-2025: 3,000 × 2.50 = 0.0075; 700 × 10 = 0.007
        assertCost(cost("cohere", "command-a-03-2025", TokenCounts.of(3_000, 700)), "0.0145");
        // command-r7b-12-2024: 1M × 0.0375 + 1M × 0.15
        assertCost(cost("cohere", "command-r7b-12-2024", TokenCounts.of(1_000_000, 1_000_000)), "0.1875");
    }

    @Test
    void mistral() {
        // mistral-small-latest: 4,000 × 0.10 = 0.0004; 1,000 × 0.30 = 0.0003
        assertCost(cost("mistral", "mistral-small-latest", TokenCounts.of(4_000, 1_000)), "0.0007");
        // mistral-large-2411: 1,234 × 2 = 0.002468; 567 × 6 = 0.003402
        TokenCounts t = TokenCounts.of(1_234, 567);
        assertCost(cost("mistral", "mistral-large-2411", t), "0.00587");
        assertThat(CostCalculator.present(cost("mistral", "mistral-large-2411", t))).isEqualTo(new BigDecimal("0.0059"));
    }

    @Test
    void deepSeekCacheHitsAndMisses() {
        // prompt_cache_miss_tokens 1,000 × 0.28 = 0.00028; prompt_cache_hit_tokens 5,000 × 0.028 = 0.00014;
        // 300 × 0.42 = 0.000126
        assertCost(cost("deepseek", "deepseek-chat", new TokenCounts(1_000, 5_000, 0, 300, 0)), "0.000546");
    }

    @Test
    void azureOpenAiIsPricedAsOpenAi() {
        // 1,000 × 0.15 = 0.00015; 1,000 × 0.60 = 0.0006
        assertCost(cost("azure-openai", "gpt-4o-mini", TokenCounts.of(1_000, 1_000)), "0.00075");
        assertCost(cost("openai-responses", "gpt-4o-mini", TokenCounts.of(1_000, 1_000)), "0.00075");
    }

    @Test
    void absentCachePricesChargeTheInputPrice() {
        Price p = Price.of("x", "m", "2", "8", java.time.LocalDate.of(2025, 1, 1), "test");
        // 100 uncached + 200 cached + 300 written, all at 2; 50 output at 8
        assertCost(CostCalculator.cost(p, new TokenCounts(100, 200, 300, 50, 0)), "0.0016");
    }

    @Test
    void reasoningPriceApplies() {
        Price p = new Price("x", "m", new BigDecimal("1"), java.util.Optional.empty(), java.util.Optional.empty(),
                new BigDecimal("4"), java.util.Optional.of(new BigDecimal("10")), "USD",
                java.time.LocalDate.of(2025, 1, 1), "test");
        // 1,000 output of which 400 reasoning: 600 × 4 + 400 × 10 = 0.0024 + 0.004
        assertCost(CostCalculator.cost(p, new TokenCounts(0, 0, 0, 1_000, 400)), "0.0064");
    }

    @Test
    void sumOfRequestCostsEqualsCostOfSummedTokens() {
        Price p = TABLE.find("openai", "gpt-4o-mini").orElseThrow();
        TokenCounts a = TokenCounts.ofTotalInput(1_337, 1_024, 0, 211, 0);
        TokenCounts b = TokenCounts.ofTotalInput(93, 0, 0, 7, 0);
        assertThat(CostCalculator.cost(p, a).add(CostCalculator.cost(p, b)))
                .isEqualByComparingTo(CostCalculator.cost(p, a.plus(b)));
    }

    @Test
    void presentationIsFourDecimalsHalfEven() {
        assertThat(CostCalculator.present(new BigDecimal("0.00005"))).isEqualTo(new BigDecimal("0.0000"));
        assertThat(CostCalculator.present(new BigDecimal("0.00015"))).isEqualTo(new BigDecimal("0.0002"));
        assertThat(CostCalculator.present(new BigDecimal("0.000150001"))).isEqualTo(new BigDecimal("0.0002"));
        assertThat(CostCalculator.present(new BigDecimal("1.23445"))).isEqualTo(new BigDecimal("1.2344"));
    }
}
