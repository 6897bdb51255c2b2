/**
 * What a benchmark's requests cost: a dated price table, model-name matching, exact {@code BigDecimal} arithmetic.
 *
 * <pre>{@code
 * PriceTable prices = PriceTable.fromSystemProperties();              // built-in + -Dlens.prices=…
 * TokenCounts one = TokenCounts.ofTotalInput(1200, 1024, 0, 300, 0);  // OpenAI usage: 1024 of 1200 cached
 * BigDecimal c = CostCalculator.cost(prices.find("openai", "gpt-4o-mini").orElseThrow(), one);
 * CostSummary s = CostSummaries.lookup(prices, "openai", "gpt-4o-mini", totals, attempted, succeeded, 2.0);
 * }</pre>
 *
 * <h2>Definition</h2>
 * {@code cost = uncached_in × p_in + cache_read × p_cr + cache_write × p_cw + (N_out − reasoning) × p_out
 * + reasoning × p_reasoning}, per-token prices being the table's per-million prices ÷ 10⁶:
 * <ul>
 *   <li><b>Tokens</b> ({@link dev.latencylens.results.TokenCounts}): from the provider's usage report; counted
 *       with {@link dev.latencylens.internal.tokens.TokenEstimator} and marked {@code estimated} otherwise. Input is split
 *       into uncached, cache-read and cache-write tokens; output includes reasoning, and reasoning is the part of
 *       it spent thinking.</li>
 *   <li><b>Reasoning is priced once.</b> OpenAI's {@code completion_tokens} and Anthropic's {@code output_tokens}
 *       already include reasoning; Gemini's {@code thoughtsTokenCount} must be added to the output. Reasoning
 *       tokens cost {@code p_reasoning}, which defaults to {@code p_out} (no provider prices them apart today), so
 *       the cost equals {@code N_out × p_out} unless a row says otherwise.</li>
 *   <li><b>Absent cache prices</b> charge cache reads and writes at the input price: a missing discount never
 *       hides cost.</li>
 *   <li><b>Precision</b>: exact {@code BigDecimal}; divisions (means, per 1k) at 34 significant digits;
 *       presented with 4 decimals, half-even ({@link dev.latencylens.internal.pricing.CostCalculator#present}).</li>
 *   <li><b>Per request</b> = total ÷ requests the totals cover; <b>per 1k successful</b> = total ÷ successful
 *       × 1000 (failures' tokens included: they are billed); <b>projected monthly</b> = per request × the rate
 *       stated by {@code -Dlens.projectedRate} (requests per second, or {@code 5000/day}, {@code 120/min},
 *       {@code 7200/h}) × 30 days. No rate stated, no projection.</li>
 *   <li><b>Unknown model</b>: cost unknown with a warning naming the model, never 0.</li>
 * </ul>
 *
 * <h2>The built-in table</h2>
 * {@code dev/latencylens/pricing/prices.csv}: list prices in USD for the current models of openai (also used for
 * azure-openai and openai-responses), anthropic, gemini, bedrock ({@code anthropic.claude-…}, {@code amazon.nova-…},
 * {@code meta.llama…} ids, with the regional-profile premium of Claude 4.5), cohere, mistral, groq, deepseek,
 * together, fireworks and openrouter, each row with an effective date and a source URL. Long-context tiers, cache
 * storage, batch and priority tiers are not modelled.
 * <ul>
 *   <li><b>Self-hosted</b> providers ({@code vllm}, {@code llamacpp}, {@code ollama}, {@code ollama-native}) cost 0
 *       by definition: a {@code *} row prices every model at 0 per token, so their cost is known and 0 (the
 *       hardware is not modelled; give your model a row to amortise it).</li>
 *   <li><b>Simulator</b>: its presets have fictional, documented prices so that cost shows up in sample reports —
 *       {@code sim-fast} and {@code sim-flaky} 0.15 in / 0.075 cache read / 0.60 out, {@code sim-slow} 3 / 0.30 /
 *       3.75 cache write / 15, {@code sim-instant} 0.10 / 0.40 (USD per 1M). A real model name run under the
 *       simulator ({@code -Dlens.simulate=true} with {@code provider = "openai"}, or {@code provider =
 *       "simulated"}) costs what that model would cost.</li>
 * </ul>
 * Matching rules and file formats: {@link dev.latencylens.internal.pricing.PriceTable}.
 */
package dev.latencylens.internal.pricing;

import dev.latencylens.results.CostSummary;
import dev.latencylens.results.TokenCounts;
