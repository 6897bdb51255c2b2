package dev.latencylens.simulator;

import java.util.Arrays;

/**
 * One chat completion being served: a small state machine the I/O thread advances whenever its due time comes
 * ({@link #onDue}). The server calls {@code onDue} only when everything this connection was given has been
 * written, so every stamp means "the socket took these bytes" and a slow reader delays the script instead of
 * piling up buffers. Subclasses decide what to write; this class keeps the stamps and publishes the record.
 */
abstract class Exchange {

    static final int HEADERS = 1;
    static final int CONTENT = 2;
    static final int END = 4;

    final SimServer server;
    final SimConnection conn;
    final Dialect dialect;
    final String requestId;
    final ChatCall call;
    final Script script;
    final boolean keepAlive;
    final boolean firstOnConnection;
    final long arrivalNanos;
    final long createdEpochSeconds;

    /** Scheduler fields, owned by {@link SimServer}. */
    long due;
    long sequence;

    boolean finished;
    /** The request's body, when the simulator keeps them (set right after construction); else empty. */
    String requestBody = "";
    private int status = 200;
    private long headersWritten = ServedRequest.NOT_WRITTEN;
    private long end = ServedRequest.NOT_WRITTEN;
    private long[] contentStamps = new long[16];
    private int contentCount;

    Exchange(SimServer server, SimConnection conn, Dialect dialect, String requestId, ChatCall call, Script script,
             boolean keepAlive, boolean firstOnConnection, long arrivalNanos) {
        this.server = server;
        this.conn = conn;
        this.dialect = dialect;
        this.requestId = requestId;
        this.call = call;
        this.script = script;
        this.keepAlive = keepAlive;
        this.firstOnConnection = firstOnConnection;
        this.arrivalNanos = arrivalNanos;
        this.createdEpochSeconds = System.currentTimeMillis() / 1000;
    }

    /** Called once, right after the request was parsed. */
    abstract void start();

    /** Called when the due time passed and the connection's output is flushed. */
    abstract void onDue(long now);

    void status(int status) {
        this.status = status;
    }

    /** The server reports that bytes written with these tags have left, at {@code stamp}. */
    final void onWritten(int tags, long stamp) {
        if ((tags & HEADERS) != 0) {
            headersWritten = stamp;
        }
        if ((tags & CONTENT) != 0) {
            if (contentCount == contentStamps.length) {
                contentStamps = Arrays.copyOf(contentStamps, contentCount * 2);
            }
            contentStamps[contentCount++] = stamp;
        }
        if ((tags & END) != 0) {
            end = stamp;
        }
    }

    long processingMillis() {
        return (System.nanoTime() - arrivalNanos) / 1_000_000;
    }

    /** Ends the exchange: publishes its record and hands the connection to the next request, or closes it. */
    final void finish(boolean completed, boolean closeConnection) {
        if (finished) {
            return;
        }
        finished = true;
        conn.active = null;
        if (closeConnection) {
            server.close(conn);
        }
        publish(completed, System.nanoTime());
        if (!closeConnection) {
            server.requestDone(conn, keepAlive && !script.closeAfterResponse);
        }
    }

    /** The connection was closed under the exchange (client left, write failed, simulator closing). */
    final void abort(long now) {
        if (!finished) {
            finished = true;
            publish(false, now);
        }
    }

    private void publish(boolean completed, long now) {
        boolean answered = completed && status == 200;
        ResponsePlan plan = script.plan;
        ResponsePlan.Sent sent = plan.sent(contentEventsSent(), requestId);
        // Hidden reasoning was generated once the model answered at all; every choice said as much as choice 0.
        long perChoice = sent.tokens() + (contentCount > 0 || answered ? plan.hiddenReasoning : 0);
        int tokens = (int) Math.min(Integer.MAX_VALUE, perChoice * plan.choices);
        server.publish(new ServedRequest(requestId, call.model(), conn.id, firstOnConnection, script.cold,
                script.fault, status, call.stream(), script.promptTokens, tokens,
                answered ? plan.finishReason : "",
                script.ttftNanos, script.coldStartNanos, arrivalNanos, headersWritten,
                contentCount == 0 ? ServedRequest.NOT_WRITTEN : contentStamps[0],
                Arrays.copyOf(contentStamps, contentCount),
                completed && end != ServedRequest.NOT_WRITTEN ? end : now, completed, plan.wordOffset,
                sent.text(), sent.reasoningText(), sent.toolCalls(), plan.choices, requestBody));
    }

    /** When the first content event left, or {@code otherwise} when none has yet. */
    long firstContentWritten(long otherwise) {
        return contentCount == 0 ? otherwise : contentStamps[0];
    }

    /** When the last content event so far left, or {@code otherwise} when none has yet. */
    long lastContentWritten(long otherwise) {
        return contentCount == 0 ? otherwise : contentStamps[contentCount - 1];
    }

    /** The plan's content events that went out: one per content write of a stream. */
    int contentEventsSent() {
        return contentCount;
    }

    int contentWrites() {
        return contentCount;
    }
}
