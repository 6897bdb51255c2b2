package dev.latencylens.results;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How the measured requests got their connections, and the finding when the server does not keep them: a server
 * that closes every connection after its response (llama.cpp's {@code llama-server} does, while announcing
 * {@code Keep-Alive}) makes every request pay for a new connection, a cost a user's client pays too, so it is part
 * of the latencies and said here in plain words.
 *
 * <p>The rule ({@link #RULE}): the server closes connections when a measured request found its pooled connection
 * already closed ({@code staleRetries > 0}), or when more requests opened a new connection than the benchmark has
 * workers (a pool of kept connections needs at most one per worker). Its cost is the p50 of what opening those new
 * connections took (DNS, TCP connect and TLS): the handshake every such request paid before it could send.
 *
 * @param requests          measured requests that acquired a connection (a refused connect acquires none)
 * @param reused            those that ran on a pooled connection
 * @param reuseRate         {@code reused / requests}; 0 when no request acquired a connection
 * @param staleRetries      measured requests that went out on a pooled connection the server had already closed and
 *                          were sent again, transparently, on a new one (never an error: the server never saw them)
 * @param setupP50Ms        p50 of opening the new connections (DNS + connect + TLS); empty when none was opened
 * @param closesConnections the finding: the server closes its connections (see {@link #RULE})
 * @param finding           the finding in a sentence, e.g. "the server closes keep-alive connections: every request
 *                          paid for a new connection (+0.4 ms p50 to open it)"; empty without one
 */
public record ConnectionReuse(long requests, long reused, double reuseRate, long staleRetries,
                              OptionalDouble setupP50Ms, boolean closesConnections, Optional<String> finding) {

    public static final String RULE = "the server closes connections when a measured request found its pooled"
            + " connection already closed, or when more requests opened a new connection than the benchmark has"
            + " workers; its cost is the p50 of opening those connections (DNS + TCP connect + TLS)";

    public ConnectionReuse {
        Objects.requireNonNull(setupP50Ms, "setupP50Ms");
        Objects.requireNonNull(finding, "finding");
    }

    /** Nothing measured. */
    public static ConnectionReuse none() {
        return new ConnectionReuse(0, 0, 0, 0, OptionalDouble.empty(), false, Optional.empty());
    }

    /**
     * Applies {@link #RULE}.
     *
     * @param workers the benchmark's concurrency: how many connections a kept-alive pool may legitimately open
     */
    public static ConnectionReuse of(long requests, long reused, long staleRetries, OptionalDouble setupP50Ms,
                                     int workers) {
        long opened = requests - reused;
        boolean closes = staleRetries > 0 || opened > workers;
        Optional<String> finding = Optional.empty();
        if (closes) {
            String cost = setupP50Ms.isPresent()
                    ? String.format(Locale.ROOT, " (+%.1f ms p50 to open it)", setupP50Ms.getAsDouble()) : "";
            String who = reused == 0 ? "every request paid for a new connection"
                    : opened + " of " + requests + " requests paid for a new connection";
            String stale = staleRetries == 0 ? "" : "; " + staleRetries + (staleRetries == 1 ? " was" : " were")
                    + " first sent on a pooled connection it had already closed and went out again on a new one";
            finding = Optional.of("the server closes keep-alive connections: " + who + cost + stale);
        }
        return new ConnectionReuse(requests, reused, requests == 0 ? 0 : (double) reused / requests, staleRetries,
                setupP50Ms, closes, finding);
    }
}
