package dev.latencylens.internal.provider;

import dev.latencylens.spi.ContentKind;
import dev.latencylens.spi.ServerFigure;
import dev.latencylens.spi.StreamSink;
import dev.latencylens.spi.ToolCallDelta;
import dev.latencylens.spi.Usage;

import dev.latencylens.results.ErrorClass;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link StreamSink} that records every call, in order, as values that compare by content. Content and finishes
 * of choices other than 0 are recorded with their choice; the short constructors mean choice 0.
 */
public final class RecordingSink implements StreamSink {

    public sealed interface Call permits Content, ToolCall, UsageReport, Finish, Failure, Server {
        long t();
    }

    public record Content(long t, ContentKind kind, String text, int tokens, int choice) implements Call {
        public Content(long t, ContentKind kind, String text, int tokens) {
            this(t, kind, text, tokens, 0);
        }
    }

    public record ToolCall(long t, ToolCallDelta delta, int tokens, int choice) implements Call {
        public ToolCall(long t, ToolCallDelta delta) {
            this(t, delta, -1, 0);
        }
    }

    public record UsageReport(long t, Usage usage) implements Call {
    }

    public record Finish(long t, String reason, int choice) implements Call {
        public Finish(long t, String reason) {
            this(t, reason, 0);
        }
    }

    public record Failure(long t, ErrorClass errorClass, String message) implements Call {
    }

    public record Server(long t, ServerFigure figure, double value) implements Call {
    }

    public final List<Call> calls = new ArrayList<>();

    @Override
    public void content(long receivedNanos, ContentKind kind, String text, int tokens) {
        content(receivedNanos, 0, kind, text, tokens);
    }

    @Override
    public void content(long receivedNanos, int choice, ContentKind kind, String text, int tokens) {
        calls.add(new Content(receivedNanos, kind, text, tokens, choice));
    }

    @Override
    public void toolCall(long receivedNanos, int choice, ToolCallDelta delta, int tokens) {
        calls.add(new ToolCall(receivedNanos, delta, tokens, choice));
    }

    @Override
    public void usage(long receivedNanos, Usage usage) {
        calls.add(new UsageReport(receivedNanos, usage));
    }

    @Override
    public void finish(long receivedNanos, String reason) {
        finish(receivedNanos, 0, reason);
    }

    @Override
    public void finish(long receivedNanos, int choice, String reason) {
        calls.add(new Finish(receivedNanos, reason, choice));
    }

    @Override
    public void error(long receivedNanos, ErrorClass errorClass, String message) {
        calls.add(new Failure(receivedNanos, errorClass, message));
    }

    @Override
    public void server(long receivedNanos, ServerFigure figure, double value) {
        calls.add(new Server(receivedNanos, figure, value));
    }

    /** The text of every content call of this kind of choice 0, joined. */
    public String text(ContentKind kind) {
        StringBuilder sb = new StringBuilder();
        for (Call call : calls) {
            if (call instanceof Content c && c.kind() == kind && c.choice() == 0) {
                sb.append(c.text());
            }
        }
        return sb.toString();
    }

    public List<Content> contents() {
        return calls.stream().filter(Content.class::isInstance).map(Content.class::cast).toList();
    }

    public List<ToolCall> toolCalls() {
        return calls.stream().filter(ToolCall.class::isInstance).map(ToolCall.class::cast).toList();
    }

    public List<Failure> failures() {
        return calls.stream().filter(Failure.class::isInstance).map(Failure.class::cast).toList();
    }

    public List<String> finishes() {
        return calls.stream().filter(c -> c instanceof Finish f && f.choice() == 0).map(c -> ((Finish) c).reason())
                .toList();
    }

    /** The last usage reported, or null. */
    public Usage lastUsage() {
        Usage last = null;
        for (Call call : calls) {
            if (call instanceof UsageReport u) {
                last = u.usage();
            }
        }
        return last;
    }

    /** The server figures reported, the last report of each winning, in {@link ServerFigure} order. */
    public java.util.Map<ServerFigure, Double> server() {
        java.util.Map<ServerFigure, Double> figures = new java.util.EnumMap<>(ServerFigure.class);
        for (Call call : calls) {
            if (call instanceof Server s) {
                figures.put(s.figure(), s.value());
            }
        }
        return figures;
    }
}
