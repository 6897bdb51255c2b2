package dev.latencylens.internal.engine;

import dev.latencylens.internal.metrics.ModelOutput;
import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.internal.metrics.WallClock;
import dev.latencylens.results.RequestRecord;
import dev.latencylens.spi.ServerFigure;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A finished {@link RequestTrace} as the {@link RequestRecord} of {@code requests.jsonl}: stamps as offsets from
 * {@code t_sched}, durations in ms, both rounded to the microsecond (plenty for a person reading the log, and short
 * lines); what the model generated only when the run captures text.
 */
final class RequestRecords {

    private RequestRecords() {
    }

    /** @param benchmark the name the request is filed under: its benchmark's, or its sweep step's */
    static RequestRecord of(String benchmark, RequestTrace t) {
        RequestRecord.Builder r = RequestRecord.builder(benchmark, t.phase(), t.index())
                .attempt(t.attempt())
                .success(t.succeeded());
        List<Double> events = new ArrayList<>(t.contentEvents());
        for (int i = 0; i < t.contentEvents(); i++) {
            events.add(round((t.contentStamp(i) - t.scheduledNanos()) / 1e6));
        }
        // The wall-clock time of t_sched, to the microsecond: what the offsets count from, and the time exporters give
        // the request's point.
        r.scheduledAt(WallClock.at(t.scheduledNanos()).truncatedTo(ChronoUnit.MICROS));
        r.offsetsMs(new RequestRecord.Offsets(offset(t, t.sendNanos()), offset(t, t.connectionAcquiredNanos()),
                offset(t, t.headersNanos()), offset(t, t.firstContentNanos()), offset(t, t.firstTextNanos()),
                offset(t, t.endNanos()), events));
        r.connection(new RequestRecord.Connection(t.connectionReused(), t.staleRetry(),
                Optional.of(t.staleError()), ms(t.dnsNanos()), ms(t.connectNanos()), ms(t.tlsNanos())));
        r.ttftMs(ms(t.ttftNanos())).ttfoMs(ms(t.ttfoNanos())).e2eMs(ms(t.e2eNanos())).tpotMs(ms(t.tpotNanos()))
                .scheduleLagMs(ms(t.scheduleLagNanos()));
        r.tokens(new RequestRecord.Tokens(t.inputTokens(), t.outputTokens(),
                t.usage().filter(u -> u.reasoningTokens() >= 0).map(u -> OptionalLong.of(u.reasoningTokens()))
                        .orElse(OptionalLong.empty()), t.tokensEstimated() ? "estimated" : "provider"));
        for (Map.Entry<ServerFigure, Double> e : t.server().entrySet()) {
            if (e.getKey().unit() == ServerFigure.Unit.TOKENS) {
                r.serverTokens(e.getKey().key(), Math.round(e.getValue()));
            } else {
                // to the nanosecond: keeps what the server reported (Ollama's are ns) without the binary noise of a
                // unit conversion (Groq's 0.041520249 s)
                r.serverMs(e.getKey().key(), Math.round(e.getValue() * 1e6) / 1e6);
            }
        }
        t.workload().ifPresent(shape -> r.workload(new RequestRecord.WorkloadShape(shape.inputTokens(),
                shape.outputTokens(), shape.prefixTokens(), shape.session(), shape.turn(), shape.source())));
        r.finishReason(t.finishReason()).httpStatus(t.httpStatus())
                .requestId(t.requestId().isEmpty() ? Optional.empty() : Optional.of(t.requestId()));
        t.errorClass().ifPresent(c -> r.error(c, t.errorMessage()));
        ModelOutput output = t.output();
        r.choices(output.choices());
        output.toolCalls().forEach(call -> r.toolCall(toolCall(call, t.captureText())));
        output.serverToolCalls().forEach(call -> r.serverToolCall(toolCall(call, t.captureText())));
        if (t.captureText()) {
            r.text(new RequestRecord.Text(output.text(), output.reasoningText(), output.refusal()));
        }
        return r.build();
    }

    private static RequestRecord.ToolCall toolCall(ModelOutput.ToolCall call, boolean capture) {
        return new RequestRecord.ToolCall(call.id().isEmpty() ? Optional.empty() : Optional.of(call.id()),
                call.name(), capture ? Optional.of(call.arguments()) : Optional.empty());
    }

    private static OptionalDouble offset(RequestTrace t, long stamp) {
        return stamp == RequestTrace.NONE ? OptionalDouble.empty()
                : OptionalDouble.of(round((stamp - t.scheduledNanos()) / 1e6));
    }

    private static OptionalDouble ms(long nanos) {
        return nanos == RequestTrace.NONE ? OptionalDouble.empty() : OptionalDouble.of(round(nanos / 1e6));
    }

    /** Microsecond resolution is plenty for a human reading the log and keeps lines short. */
    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
