package dev.latencylens.simulator;

import java.util.Arrays;

/**
 * A {@code stream: false} completion: the whole stream's timing collapsed into one wait (TTFT plus every token
 * delay), then one JSON body. Drops send the head and half the body; stalls send nothing.
 */
final class CompletionExchange extends Exchange {

    private enum Phase { RESPOND, FINISH, CLOSE }

    private Phase phase = Phase.RESPOND;

    CompletionExchange(SimServer server, SimConnection conn, Dialect dialect, String requestId, ChatCall call, Script script,
                       boolean keepAlive, boolean firstOnConnection, long arrivalNanos) {
        super(server, conn, dialect, requestId, call, script, keepAlive, firstOnConnection, arrivalNanos);
    }

    @Override
    void start() {
        if (script.fault == Fault.STALL) {
            phase = Phase.CLOSE;
            server.schedule(this, arrivalNanos + script.stallNanos);
            return;
        }
        long due = arrivalNanos + script.ttftNanos;
        for (int event = 1; event < script.plan.events; event++) {
            due += script.delayBefore(event);
        }
        server.schedule(this, due);
    }

    @Override
    void onDue(long now) {
        switch (phase) {
            case FINISH -> finish(true, false);
            case CLOSE -> finish(false, true);
            case RESPOND -> respond();
        }
    }

    /** The one body carries every event's content. */
    @Override
    int contentEventsSent() {
        return contentWrites() > 0 ? script.plan.events : 0;
    }

    private void respond() {
        byte[] body = OpenAiWire.completion(requestId, createdEpochSeconds, call.model(), script.plan,
                script.promptTokens);
        if (script.fault == Fault.MALFORMED_EVENT) {
            body = Arrays.copyOf(body, body.length / 2); // honest Content-Length, broken JSON
        }
        byte[] response = ((OpenAiWire) dialect).jsonResponse(200, body, keepAlive, requestId, processingMillis(), "");
        if (script.fault == Fault.DROP_MID_STREAM) {
            server.write(conn, Arrays.copyOf(response, response.length - body.length / 2), this, HEADERS);
            phase = Phase.CLOSE;
        } else {
            server.write(conn, response, this, HEADERS | CONTENT | END);
            phase = Phase.FINISH;
        }
        server.schedule(this, System.nanoTime());
    }
}
