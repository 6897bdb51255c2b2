package dev.latencylens.results;


/**
 * Tokens of one request, or the sum of many, split the way providers bill them. All counts are ≥ 0.
 *
 * <p><b>Input</b> is three disjoint parts: {@code uncachedInput} (billed at the input price), {@code cachedInput}
 * (read from the prompt cache) and {@code cacheWrite} (written to it). Providers report these differently:
 * OpenAI's {@code prompt_tokens} and Gemini's {@code promptTokenCount} include the cached tokens (use
 * {@link #ofTotalInput}); Anthropic's {@code input_tokens} excludes both {@code cache_read_input_tokens} and
 * {@code cache_creation_input_tokens} (pass it as {@code uncachedInput}); DeepSeek reports cache hits and misses.
 *
 * <p><b>Output includes reasoning.</b> {@code output} counts every generated token billed as output, reasoning
 * included, and {@code reasoning} is the part of it spent on reasoning ({@code reasoning ≤ output}). That is how
 * OpenAI ({@code completion_tokens} with {@code completion_tokens_details.reasoning_tokens}) and Anthropic
 * ({@code output_tokens}, thinking included) report it. Gemini reports {@code thoughtsTokenCount} apart from
 * {@code candidatesTokenCount}: pass their sum as {@code output}. The cost is then
 * {@code (output − reasoning) × p_out + reasoning × p_reasoning}, so reasoning is never counted twice, and equals
 * {@code output × p_out} when reasoning has no price of its own (every provider today).
 *
 * @param uncachedInput input tokens neither read from nor written to a cache
 * @param cachedInput   input tokens read from the provider's cache
 * @param cacheWrite    input tokens written to the provider's cache
 * @param output        output tokens, reasoning included
 * @param reasoning     the part of {@code output} spent on reasoning
 */
public record TokenCounts(long uncachedInput, long cachedInput, long cacheWrite, long output, long reasoning) {

    /** No tokens. */
    public static final TokenCounts ZERO = new TokenCounts(0, 0, 0, 0, 0);

    public TokenCounts {
        if (uncachedInput < 0 || cachedInput < 0 || cacheWrite < 0 || output < 0 || reasoning < 0) {
            throw new IllegalArgumentException("token counts must be ≥ 0: " + describe(uncachedInput, cachedInput,
                    cacheWrite, output, reasoning));
        }
        if (reasoning > output) {
            throw new IllegalArgumentException("reasoning tokens (" + reasoning + ") exceed output tokens (" + output
                    + "): output must include reasoning (for Gemini, add thoughtsTokenCount to candidatesTokenCount)");
        }
    }

    /** Input and output with no cache and no reasoning. */
    public static TokenCounts of(long input, long output) {
        return new TokenCounts(input, 0, 0, output, 0);
    }

    /**
     * From a total input count that includes the cached and cache-written tokens (OpenAI, Gemini):
     * {@code uncachedInput = totalInput − cachedInput − cacheWrite}.
     *
     * @throws IllegalArgumentException when {@code cachedInput + cacheWrite > totalInput}
     */
    public static TokenCounts ofTotalInput(long totalInput, long cachedInput, long cacheWrite, long output,
                                           long reasoning) {
        long uncached = totalInput - cachedInput - cacheWrite;
        if (uncached < 0 || cachedInput < 0 || cacheWrite < 0) {
            throw new IllegalArgumentException("total input " + totalInput + " is smaller than cached (" + cachedInput
                    + ") plus cache-write (" + cacheWrite + ") tokens: is the input count exclusive of the cache?"
                    + " Then use the constructor");
        }
        return new TokenCounts(uncached, cachedInput, cacheWrite, output, reasoning);
    }

    /** All input tokens: uncached, cache reads and cache writes. */
    public long totalInput() {
        return uncachedInput + cachedInput + cacheWrite;
    }

    /** Output tokens that are not reasoning: the visible answer and tool calls. */
    public long visibleOutput() {
        return output - reasoning;
    }

    /** The component-wise sum, e.g. to total a benchmark's requests. */
    public TokenCounts plus(TokenCounts other) {
        return new TokenCounts(Math.addExact(uncachedInput, other.uncachedInput),
                Math.addExact(cachedInput, other.cachedInput), Math.addExact(cacheWrite, other.cacheWrite),
                Math.addExact(output, other.output), Math.addExact(reasoning, other.reasoning));
    }

    @Override
    public String toString() {
        return describe(uncachedInput, cachedInput, cacheWrite, output, reasoning);
    }

    private static String describe(long uncachedInput, long cachedInput, long cacheWrite, long output,
                                   long reasoning) {
        return "TokenCounts[uncachedInput=" + uncachedInput + ", cachedInput=" + cachedInput + ", cacheWrite="
                + cacheWrite + ", output=" + output + ", reasoning=" + reasoning + "]";
    }
}
