package dev.latencylens.internal.provider;

import dev.latencylens.spi.ContentKind;
import dev.latencylens.spi.ServerFigure;
import dev.latencylens.spi.StreamSink;
import dev.latencylens.spi.Usage;

import dev.latencylens.results.ErrorClass;
import java.util.ArrayList;
import java.util.List;

/** A {@link StreamSink} that records every call, in order, as values that compare by content. */
public final class RecordingSink implements StreamSink {

    public sealed interface Call permits Content, UsageReport, Finish, Failure, Server {
        long t();
    }

    public record Content(long t, ContentKind kind, String text, int tokens) implements Call {
    }

    public record UsageReport(long t, Usage usage) implements Call {
    }

    public record Finish(long t, String reason) implements Call {
    }

    public record Failure(long t, ErrorClass errorClass, String message) implements Call {
    }

    public record Server(long t, ServerFigure figure, double value) implements Call {
    }

    public final List<Call> calls = new ArrayList<>();

    @Override
    public void content(long receivedNanos, ContentKind kind, String text, int tokens) {
        calls.add(new Content(receivedNanos, kind, text, tokens));
    }

    @Override
    public void usage(long receivedNanos, Usage usage) {
        calls.add(new UsageReport(receivedNanos, usage));
    }

    @Override
    public void finish(long receivedNanos, String reason) {
        calls.add(new Finish(receivedNanos, reason));
    }

    @Override
    public void error(long receivedNanos, ErrorClass errorClass, String message) {
        calls.add(new Failure(receivedNanos, errorClass, message));
    }

    @Override
    public void server(long receivedNanos, ServerFigure figure, double value) {
        calls.add(new Server(receivedNanos, figure, value));
    }

    /** The text of every content call of this kind, joined. */
    public String text(ContentKind kind) {
        StringBuilder sb = new StringBuilder();
        for (Call call : calls) {
            if (call instanceof Content c && c.kind() == kind) {
                sb.append(c.text());
            }
        }
        return sb.toString();
    }

    public List<Content> contents() {
        return calls.stream().filter(Content.class::isInstance).map(Content.class::cast).toList();
    }

    public List<Failure> failures() {
        return calls.stream().filter(Failure.class::isInstance).map(Failure.class::cast).toList();
    }

    public List<String> finishes() {
        return calls.stream().filter(Finish.class::isInstance).map(c -> ((Finish) c).reason()).toList();
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
