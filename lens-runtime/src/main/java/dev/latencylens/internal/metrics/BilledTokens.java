package dev.latencylens.internal.metrics;

import dev.latencylens.results.TokenCounts;

/**
 * Sums the tokens of every attempt a provider bills ({@link RequestTrace#billed()}), whatever its phase: cold probe,
 * warmup, measured, cooldown and retried attempts alike. It is what a result's {@code runCost} prices, beside the
 * measured phase's cost. Thread-safe: attempts finish on many threads.
 */
public final class BilledTokens {

    private TokenCounts tokens = TokenCounts.ZERO;
    private long requests;
    private long succeeded;

    /** Adds {@code t} when its provider bills it. */
    public synchronized void add(RequestTrace t) {
        if (t.billed()) {
            tokens = tokens.plus(t.tokenCounts());
            requests++;
            succeeded += t.succeeded() ? 1 : 0;
        }
    }

    /** Everything added since the last call (or since this was made), and starts again from nothing. */
    public synchronized Totals takeAll() {
        Totals totals = new Totals(tokens, requests, succeeded);
        tokens = TokenCounts.ZERO;
        requests = 0;
        succeeded = 0;
        return totals;
    }

    /** Billed attempts, the successful ones among them, and their tokens. */
    public record Totals(TokenCounts tokens, long requests, long succeeded) {
    }
}
