package dev.latencylens.simulator;

/**
 * A streamed completion in the request's {@link Dialect}: head and the format's opening events (OpenAI's role
 * chunk, Anthropic's {@code message_start}, ...) at once, keep-alives while the TTFT runs long (where the format has
 * them), then one content event per due time, then the format's tail (finish, usage, end) and the chunked
 * terminator.
 * Content due times are absolute (arrival + TTFT + the sum of token delays so far), so late wake-ups do not
 * stretch the stream.
 */
final class StreamExchange extends Exchange {

    /** OpenAI sends nothing while it thinks; comments every second keep idle-timeout proxies from closing. */
    static final long KEEP_ALIVE_NANOS = 1_000_000_000L;

    private enum Phase { CONTENT, TAIL, FINISH, DROP, STALLED }

    private final StreamEncoder frames;
    private final int faultAt;
    private Phase phase = Phase.CONTENT;
    private int nextEvent;
    private long contentDue;
    private long keepAliveDue;

    StreamExchange(SimServer server, SimConnection conn, Dialect dialect, String requestId, ChatCall call, Script script,
                   boolean keepAlive, boolean firstOnConnection, long arrivalNanos) {
        super(server, conn, dialect, requestId, call, script, keepAlive, firstOnConnection, arrivalNanos);
        this.frames = dialect.encoder(requestId, createdEpochSeconds, call, script.plan);
        this.faultAt = script.eventsBeforeFault();
    }

    @Override
    void start() {
        ByteSink out = server.scratch();
        dialect.streamHead(out, requestId, keepAlive, processingMillis());
        frames.start(out);
        server.write(conn, out, this, HEADERS);
        contentDue = arrivalNanos + script.ttftNanos;
        keepAliveDue = arrivalNanos + KEEP_ALIVE_NANOS;
        if (script.plan.events == 0) {
            phase = Phase.TAIL; // hidden reasoning took the whole output limit: nothing to stream but the end
        }
        if (!faultBefore(nextEvent, System.nanoTime())) {
            scheduleNext();
        }
    }

    @Override
    void onDue(long now) {
        switch (phase) {
            case FINISH -> finish(true, false);
            case DROP, STALLED -> finish(false, true);
            case CONTENT, TAIL -> {
                if (keepAliveDue < contentDue && keepAliveDue - now <= 0) {
                    ByteSink out = server.scratch();
                    if (frames.keepAlive(out)) {
                        server.write(conn, out, this, 0);
                        keepAliveDue += KEEP_ALIVE_NANOS;
                    } else {
                        keepAliveDue = Long.MAX_VALUE; // the format has none: wait for the content
                    }
                    scheduleNext();
                    return;
                }
                if (phase == Phase.TAIL) {
                    writeTail(now);
                } else {
                    writeContent();
                }
            }
        }
    }

    private void writeContent() {
        ByteSink out = server.scratch();
        if (script.fault == Fault.MALFORMED_EVENT && nextEvent == faultAt) {
            frames.malformed(out);
            server.write(conn, out, this, 0);
            out = server.scratch();
        }
        frames.content(out, script.plan.piece(nextEvent));
        server.write(conn, out, this, CONTENT);
        nextEvent++;
        keepAliveDue = Long.MAX_VALUE;
        long now = System.nanoTime();
        if (nextEvent == script.plan.events) {
            writeTail(now);
        } else if (!faultBefore(nextEvent, now)) {
            contentDue += script.delayBefore(nextEvent);
            scheduleNext();
        }
    }

    /** Finish, usage and the provider's end, after the last content event (or none). */
    private void writeTail(long now) {
        ResponsePlan plan = script.plan;
        // The content just written has left unless the socket was full; then it leaves no earlier than now.
        long first = firstContentWritten(now);
        long last = contentWrites() == nextEvent ? lastContentWritten(now) : now;
        ByteSink out = server.scratch();
        frames.tail(out, new StreamEncoder.Tail(plan.finishReason, script.promptTokens, plan.outputTokens(),
                plan.reasoningTokens(), script.coldStartNanos, first - arrivalNanos, last - first,
                now - arrivalNanos));
        server.write(conn, out, this, END);
        phase = Phase.FINISH;
        server.schedule(this, now);
    }

    /** Starts a drop or a stall if it is due before content event {@code event}. */
    private boolean faultBefore(int event, long now) {
        if (event != faultAt) {
            return false;
        }
        if (script.fault == Fault.DROP_MID_STREAM) {
            ByteSink out = server.scratch();
            frames.abort(out);
            if (out.size() > 0) {
                server.write(conn, out, this, 0); // the provider's in-band error; the close waits for it to leave
            }
            phase = Phase.DROP;
            server.schedule(this, now);
            return true;
        }
        if (script.fault == Fault.STALL) {
            phase = Phase.STALLED;
            server.schedule(this, now + script.stallNanos);
            return true;
        }
        return false;
    }

    private void scheduleNext() {
        server.schedule(this, Math.min(keepAliveDue, contentDue));
    }
}
