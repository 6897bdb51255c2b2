package dev.latencylens.spi;

import dev.latencylens.results.TokenCounts;

/**
 * Token counts as the provider reported them. A count the provider did not report is -1.
 *
 * @param inputTokens      prompt tokens, cached ones included
 * @param outputTokens     completion tokens, reasoning ones included
 * @param cachedInputTokens prompt tokens read from the provider's cache
 * @param cacheWriteTokens prompt tokens written to the provider's cache
 * @param reasoningTokens  output tokens spent on reasoning
 */
public record Usage(long inputTokens, long outputTokens, long cachedInputTokens, long cacheWriteTokens,
                    long reasoningTokens) {

    public static final long UNKNOWN = -1;

    public static Usage of(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, outputTokens, UNKNOWN, UNKNOWN, UNKNOWN);
    }

    /**
     * These counts as billed token kinds: {@code inputTokens} include cache reads and writes and
     * {@code outputTokens} include reasoning, as documented above; a count not reported counts as 0.
     *
     * @throws IllegalArgumentException when the counts contradict that convention (cache larger than the input,
     *                                  reasoning larger than the output)
     */
    public TokenCounts tokenCounts() {
        return TokenCounts.ofTotalInput(known(inputTokens), known(cachedInputTokens), known(cacheWriteTokens),
                known(outputTokens), known(reasoningTokens));
    }

    private static long known(long count) {
        return Math.max(0, count);
    }
}
