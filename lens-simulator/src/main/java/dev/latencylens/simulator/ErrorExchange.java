package dev.latencylens.simulator;

/**
 * A simulated 429, 500 or 503 (Anthropic: 529), in the provider's own error format: answered at once, as real rate
 * limiters and failing front ends do.
 */
final class ErrorExchange extends Exchange {

    ErrorExchange(SimServer server, SimConnection conn, Dialect dialect, String requestId, ChatCall call, Script script,
                  boolean keepAlive, boolean firstOnConnection, long arrivalNanos) {
        super(server, conn, dialect, requestId, call, script, keepAlive, firstOnConnection, arrivalNanos);
    }

    @Override
    void start() {
        byte[] response = dialect.fault(script.fault, call, script, keepAlive, requestId, processingMillis());
        status(statusOf(response));
        server.write(conn, response, this, HEADERS | END);
        server.schedule(this, System.nanoTime());
    }

    /** The status code of a response's status line ({@code HTTP/1.1 429 ...}). */
    private static int statusOf(byte[] response) {
        return (response[9] - '0') * 100 + (response[10] - '0') * 10 + (response[11] - '0');
    }

    @Override
    void onDue(long now) {
        finish(true, false);
    }
}
