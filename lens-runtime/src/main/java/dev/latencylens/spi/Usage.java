package dev.latencylens.spi;

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
}
