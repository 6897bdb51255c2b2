package dev.latencylens.results;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.Closeable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Writes {@code requests.jsonl}: one {@link RequestRecord} per line, as the run goes, so memory stays flat and a dying
 * JVM loses at most the line being written. {@link RequestLogReader} reads it back.
 *
 * <pre>{@code
 * try (RequestLogWriter log = RequestLogWriter.in(Path.of("target/lens"))) {
 *     log.write(record);
 * }
 * }</pre>
 *
 * <p>Absent values are omitted, never written as null (a tool call's missing id excepted: {@code "id": null}).
 * Thread-safe: lines from concurrent requests never interleave, and each is flushed whole.
 */
public final class RequestLogWriter implements Closeable {

    public static final String FILE_NAME = "requests.jsonl";

    private static final JsonFactory JSON = new JsonFactory();
    private static final RequestLogWriter DISABLED = new RequestLogWriter(null);

    private final Writer out;

    private RequestLogWriter(Writer out) {
        this.out = out;
    }

    /** A log writing nothing. */
    public static RequestLogWriter disabled() {
        return DISABLED;
    }

    /** A log appending to {@code directory/requests.jsonl}, created (and truncated) now. */
    public static RequestLogWriter in(Path directory) throws IOException {
        Files.createDirectories(directory);
        return new RequestLogWriter(Files.newBufferedWriter(directory.resolve(FILE_NAME), StandardCharsets.UTF_8));
    }

    /** Appends {@code record} as one line. @throws UncheckedIOException when the file cannot be written */
    public void write(RequestRecord record) {
        if (out == null) {
            return;
        }
        String line = toJson(record);
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
    public static String toJson(RequestRecord r) {
        StringWriter w = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("benchmark", r.benchmark());
            g.writeStringField("phase", r.phase().name().toLowerCase(Locale.ROOT));
            g.writeNumberField("index", r.index());
            g.writeNumberField("attempt", r.attempt());
            g.writeBooleanField("success", r.success());
            if (r.scheduledAt().isPresent()) {
                g.writeStringField("scheduledAt", r.scheduledAt().get().toString());
            }
            RequestRecord.Offsets o = r.offsetsMs();
            g.writeObjectFieldStart("offsetsMs");
            number(g, "send", o.send());
            number(g, "connectionAcquired", o.connectionAcquired());
            number(g, "headers", o.headers());
            number(g, "firstToken", o.firstToken());
            number(g, "firstOutput", o.firstOutput());
            number(g, "end", o.end());
            g.writeArrayFieldStart("events");
            for (double event : o.events()) {
                g.writeNumber(event);
            }
            g.writeEndArray();
            g.writeEndObject();
            RequestRecord.Connection c = r.connection();
            g.writeObjectFieldStart("connection");
            g.writeBooleanField("reused", c.reused());
            g.writeBooleanField("staleRetry", c.staleRetry());
            if (c.staleError().isPresent()) {
                g.writeStringField("staleError", c.staleError().get());
            }
            number(g, "dnsMs", c.dnsMs());
            number(g, "connectMs", c.connectMs());
            number(g, "tlsMs", c.tlsMs());
            g.writeEndObject();
            number(g, "ttftMs", r.ttftMs());
            number(g, "ttfoMs", r.ttfoMs());
            number(g, "e2eMs", r.e2eMs());
            number(g, "tpotMs", r.tpotMs());
            number(g, "scheduleLagMs", r.scheduleLagMs());
            g.writeObjectFieldStart("tokens");
            g.writeNumberField("input", r.tokens().input());
            g.writeNumberField("output", r.tokens().output());
            if (r.tokens().reasoning().isPresent()) {
                g.writeNumberField("reasoning", r.tokens().reasoning().getAsLong());
            }
            g.writeStringField("source", r.tokens().source());
            g.writeEndObject();
            if (!r.serverMs().isEmpty() || !r.serverTokens().isEmpty()) {
                // The provider's own account of the request, next to ours: milliseconds as decimals, tokens whole.
                g.writeObjectFieldStart("server");
                for (Map.Entry<String, Double> e : r.serverMs().entrySet()) {
                    g.writeNumberField(e.getKey(), e.getValue());
                }
                for (Map.Entry<String, Long> e : r.serverTokens().entrySet()) {
                    g.writeNumberField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            if (r.workload().isPresent()) {
                workload(g, r.workload().get());
            }
            g.writeStringField("finishReason", r.finishReason());
            g.writeNumberField("httpStatus", r.httpStatus());
            if (r.requestId().isPresent()) {
                g.writeStringField("requestId", r.requestId().get());
            }
            if (r.errorClass().isPresent()) {
                g.writeStringField("errorClass", r.errorClass().get().name());
                g.writeStringField("errorMessage", r.errorMessage());
            }
            g.writeNumberField("choices", r.choices());
            toolCalls(g, "toolCalls", r.toolCalls());
            toolCalls(g, "serverToolCalls", r.serverToolCalls());
            if (r.text().isPresent()) {
                RequestRecord.Text t = r.text().get();
                g.writeStringField("text", t.text());
                if (!t.reasoningText().isEmpty()) {
                    g.writeStringField("reasoningText", t.reasoningText());
                }
                if (!t.refusal().isEmpty()) {
                    g.writeStringField("refusal", t.refusal());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return w.toString();
    }

    /** What the workload asked for: prompt and output lengths, prefix, session and turn, where the prompt is from. */
    private static void workload(JsonGenerator g, RequestRecord.WorkloadShape shape) throws IOException {
        g.writeObjectFieldStart("workload");
        g.writeNumberField("inputTokens", shape.inputTokens());
        if (shape.outputTokens().isPresent()) {
            g.writeNumberField("outputTokens", shape.outputTokens().getAsInt());
        }
        if (shape.prefixTokens() > 0) {
            g.writeNumberField("prefixTokens", shape.prefixTokens());
        }
        if (shape.session().isPresent()) {
            g.writeNumberField("session", shape.session().getAsInt());
        }
        if (shape.turn().isPresent()) {
            g.writeNumberField("turn", shape.turn().getAsInt());
        }
        if (shape.source().isPresent()) {
            g.writeStringField("source", shape.source().get());
        }
        g.writeEndObject();
    }

    /** The calls, when there are any: id (null when the provider sends none), name, arguments when captured. */
    private static void toolCalls(JsonGenerator g, String field, List<RequestRecord.ToolCall> calls)
            throws IOException {
        if (calls.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart(field);
        for (RequestRecord.ToolCall call : calls) {
            g.writeStartObject();
            if (call.id().isEmpty()) {
                g.writeNullField("id");
            } else {
                g.writeStringField("id", call.id().get());
            }
            g.writeStringField("name", call.name());
            if (call.arguments().isPresent()) {
                g.writeStringField("arguments", call.arguments().get());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void number(JsonGenerator g, String name, OptionalDouble value) throws IOException {
        if (value.isPresent()) {
            g.writeNumberField(name, value.getAsDouble());
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
