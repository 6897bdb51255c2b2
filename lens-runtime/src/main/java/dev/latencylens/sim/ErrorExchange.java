package dev.latencylens.sim;

/** A simulated 429, 500 or 503: answered at once, as real rate limiters and failing front ends do. */
final class ErrorExchange extends Exchange {

    ErrorExchange(SimServer server, SimConnection conn, String requestId, ChatCall call, Script script,
                  boolean keepAlive, boolean firstOnConnection, long arrivalNanos) {
        super(server, conn, requestId, call, script, keepAlive, firstOnConnection, arrivalNanos);
    }

    @Override
    void start() {
        int status;
        byte[] body;
        String headers = "";
        switch (script.fault) {
            case HTTP_429 -> {
                status = 429;
                body = OpenAiWire.rateLimitError(call.model(), script.retryAfterSeconds);
                headers = OpenAiWire.rateLimitHeaders(script.retryAfterSeconds);
            }
            case HTTP_500 -> {
                status = 500;
                body = OpenAiWire.serverError();
            }
            case HTTP_503 -> {
                status = 503;
                body = OpenAiWire.overloaded();
            }
            default -> throw new IllegalStateException("not an HTTP error fault: " + script.fault);
        }
        status(status);
        server.write(conn, OpenAiWire.jsonResponse(status, body, keepAlive, requestId, processingMillis(), headers),
                this, HEADERS | END);
        server.schedule(this, System.nanoTime());
    }

    @Override
    void onDue(long now) {
        finish(true, false);
    }
}
