package dev.latencylens.provider;

import dev.latencylens.api.ErrorClass;
import java.util.ArrayList;
import java.util.List;

/** A {@link StreamSink} that records every call, in order, as values that compare by content. */
public final class RecordingSink implements StreamSink {

    public sealed interface Call permits Content, UsageReport, Finish, Failure {
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
}
