package dev.latencylens.internal.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.latencylens.internal.metrics.ModelOutput;
import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.internal.metrics.WallClock;
import dev.latencylens.spi.ServerFigure;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Writes {@code requests.jsonl}: one JSON object per request, every phase, as the run goes, so memory stays flat
 * and a dying JVM loses at most the line being written. This is what a user opens when a percentile looks wrong.
 *
 * <p>Stamps are offsets in milliseconds from the request's {@code t_sched}, whose wall-clock time is
 * {@code scheduledAt} (ISO-8601, UTC, microseconds); absent ones are omitted. What the model
 * generated is written only with {@code lens.captureText} (answer {@code text}, {@code reasoningText},
 * {@code refusal}, each tool call's {@code arguments}); the number of {@code choices} and each tool call's {@code id}
 * and {@code name} always, since they help debugging and are not content. Thread-safe: lines from concurrent
 * requests never interleave.
 */
public final class RequestLog implements AutoCloseable {

    public static final String FILE_NAME = "requests.jsonl";

    private static final JsonFactory JSON = new JsonFactory();
    private static final RequestLog DISABLED = new RequestLog(null);

    private final Writer out;

    private RequestLog(Writer out) {
        this.out = out;
    }

    /** A log writing nothing. */
    public static RequestLog disabled() {
        return DISABLED;
    }

    /** A log appending to {@code directory/requests.jsonl}, created (and truncated) now. */
    public static RequestLog in(Path directory) throws IOException {
        Files.createDirectories(directory);
        return new RequestLog(Files.newBufferedWriter(directory.resolve(FILE_NAME), StandardCharsets.UTF_8));
    }

    public void write(String benchmark, RequestTrace t) {
        if (out == null) {
            return;
        }
        String line = toJson(benchmark, t);
        synchronized (this) {
            try {
                out.write(line);
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + FILE_NAME, e);
            }
        }
    }

    /** One request as a single JSON line (without the newline). */
    public static String toJson(String benchmark, RequestTrace t) {
        StringWriter w = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("benchmark", benchmark);
            g.writeStringField("phase", t.phase().name().toLowerCase(java.util.Locale.ROOT));
            g.writeNumberField("index", t.index());
            g.writeNumberField("attempt", t.attempt());
            g.writeBooleanField("success", t.succeeded());
            // The wall-clock time of t_sched, to the microsecond: what the offsets below count from, and the time
            // exporters give the request's point.
            g.writeStringField("scheduledAt",
                    WallClock.at(t.scheduledNanos()).truncatedTo(ChronoUnit.MICROS).toString());
            g.writeObjectFieldStart("offsetsMs");
            offset(g, "send", t, t.sendNanos());
            offset(g, "connectionAcquired", t, t.connectionAcquiredNanos());
            offset(g, "headers", t, t.headersNanos());
            offset(g, "firstToken", t, t.firstContentNanos());
            offset(g, "firstOutput", t, t.firstTextNanos());
            offset(g, "end", t, t.endNanos());
            g.writeArrayFieldStart("events");
            for (int i = 0; i < t.contentEvents(); i++) {
                g.writeNumber(round((t.contentStamp(i) - t.scheduledNanos()) / 1e6));
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeObjectFieldStart("connection");
            g.writeBooleanField("reused", t.connectionReused());
            g.writeBooleanField("staleRetry", t.staleRetry());
            if (t.staleRetry()) {
                g.writeStringField("staleError", t.staleError());
            }
            ms(g, "dnsMs", t.dnsNanos());
            ms(g, "connectMs", t.connectNanos());
            ms(g, "tlsMs", t.tlsNanos());
            g.writeEndObject();
            ms(g, "ttftMs", t.ttftNanos());
            ms(g, "ttfoMs", t.ttfoNanos());
            ms(g, "e2eMs", t.e2eNanos());
            ms(g, "tpotMs", t.tpotNanos());
            ms(g, "scheduleLagMs", t.scheduleLagNanos());
            g.writeObjectFieldStart("tokens");
            g.writeNumberField("input", t.inputTokens());
            g.writeNumberField("output", t.outputTokens());
            if (t.usage().isPresent() && t.usage().get().reasoningTokens() >= 0) {
                g.writeNumberField("reasoning", t.usage().get().reasoningTokens());
            }
            g.writeStringField("source", t.tokensEstimated() ? "estimated" : "provider");
            g.writeEndObject();
            if (!t.server().isEmpty()) {
                // The provider's own account of the request, next to ours.
                g.writeObjectFieldStart("server");
                for (var e : t.server().entrySet()) {
                    if (e.getKey().unit() == ServerFigure.Unit.TOKENS) {
                        g.writeNumberField(e.getKey().key(), Math.round(e.getValue()));
                    } else {
                        // to the nanosecond: keeps what the server reported (Ollama's are ns) without the
                        // binary noise of a unit conversion (Groq's 0.041520249 s)
                        g.writeNumberField(e.getKey().key(), Math.round(e.getValue() * 1e6) / 1e6);
                    }
                }
                g.writeEndObject();
            }
            g.writeStringField("finishReason", t.finishReason());
            g.writeNumberField("httpStatus", t.httpStatus());
            if (!t.requestId().isEmpty()) {
                g.writeStringField("requestId", t.requestId());
            }
            if (t.errorClass().isPresent()) {
                g.writeStringField("errorClass", t.errorClass().get().name());
                g.writeStringField("errorMessage", t.errorMessage());
            }
            ModelOutput output = t.output();
            g.writeNumberField("choices", output.choices());
            toolCalls(g, "toolCalls", output.toolCalls(), t.captureText());
            toolCalls(g, "serverToolCalls", output.serverToolCalls(), t.captureText());
            if (t.captureText()) {
                g.writeStringField("text", output.text());
                if (!output.reasoningText().isEmpty()) {
                    g.writeStringField("reasoningText", output.reasoningText());
                }
                if (!output.refusal().isEmpty()) {
                    g.writeStringField("refusal", output.refusal());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return w.toString();
    }

    /** The calls, when there are any: id (null when the provider sends none) and name, arguments with capture on. */
    private static void toolCalls(JsonGenerator g, String field, List<ModelOutput.ToolCall> calls, boolean capture)
            throws IOException {
        if (calls.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart(field);
        for (ModelOutput.ToolCall call : calls) {
            g.writeStartObject();
            if (call.id().isEmpty()) {
                g.writeNullField("id");
            } else {
                g.writeStringField("id", call.id());
            }
            g.writeStringField("name", call.name());
            if (capture) {
                g.writeStringField("arguments", call.arguments());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void offset(JsonGenerator g, String name, RequestTrace t, long stamp) throws IOException {
        if (stamp != RequestTrace.NONE) {
            g.writeNumberField(name, round((stamp - t.scheduledNanos()) / 1e6));
        }
    }

    private static void ms(JsonGenerator g, String name, long nanos) throws IOException {
        if (nanos != RequestTrace.NONE) {
            g.writeNumberField(name, round(nanos / 1e6));
        }
    }

    /** Microsecond resolution is plenty for a human reading the log and keeps lines short. */
    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
