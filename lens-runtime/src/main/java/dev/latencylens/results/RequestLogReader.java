package dev.latencylens.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Reads {@code requests.jsonl} line by line, as {@link RequestLogWriter} wrote it, so a file of millions of requests
 * is read in constant memory.
 *
 * <pre>{@code
 * try (RequestLogReader log = RequestLogReader.open(Path.of("target/lens/requests.jsonl"))) {
 *     for (Optional<RequestRecord> r = log.next(); r.isPresent(); r = log.next()) {
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>A run killed while writing leaves its last line cut short: that line is skipped and {@link #truncated()} says
 * so. Any other line that is not a request is an error naming the file and the line. Blank lines are passed over.
 */
public final class RequestLogReader implements Closeable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedReader in;
    private final String source;
    private String pending;
    private long lineNumber;
    private boolean truncated;

    private RequestLogReader(BufferedReader in, String source) throws IOException {
        this.in = in;
        this.source = source;
        this.pending = in.readLine();
    }

    /** Opens {@code file} for reading. */
    public static RequestLogReader open(Path file) throws IOException {
        return new RequestLogReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * The next request; empty at the end of the file.
     *
     * @throws IllegalArgumentException naming the file and line when a line other than a cut-short last one is not a
     *                                  request
     */
    public Optional<RequestRecord> next() throws IOException {
        return next(RequestLogReader::parse);
    }

    /**
     * The next request as {@code parse} reads its line: for a reader that needs a few fields of each request and
     * would rather not build a {@link RequestRecord} (the HTML report draws two figures of each). Blank lines, the
     * cut-short last line and errors are handled as by {@link #next()}.
     *
     * @param parse reads one line; throws {@link IllegalArgumentException} saying what is wrong with it
     * @return the next request's {@code parse}; empty at the end of the file
     * @throws IllegalArgumentException naming the file and line when a line other than a cut-short last one is not a
     *                                  request
     */
    public <T> Optional<T> next(Function<String, T> parse) throws IOException {
        while (pending != null) {
            String line = pending;
            pending = in.readLine();
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                return Optional.of(parse.apply(line));
            } catch (IllegalArgumentException e) {
                if (pending == null && !line.stripTrailing().endsWith("}")) {
                    truncated = true; // the line a killed run was writing
                    return Optional.empty();
                }
                throw new IllegalArgumentException(source + ":" + lineNumber + ": " + e.getMessage(), e);
            }
        }
        return Optional.empty();
    }

    /** Whether the file ended in a line cut short, which {@link #next()} skipped. */
    public boolean truncated() {
        return truncated;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * One line of {@code requests.jsonl}.
     *
     * @throws IllegalArgumentException saying what is missing or malformed
     */
    public static RequestRecord parse(String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a request: a JSON object per line is");
        }
        String phase = text(n, "phase");
        Phase p;
        try {
            p = Phase.valueOf(phase.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("phase '" + phase + "' is not cold, warmup, measured or cooldown");
        }
        RequestRecord.Builder r = RequestRecord.builder(text(n, "benchmark"), p, (int) integer(n, "index"))
                .attempt((int) integer(n, "attempt"))
                .success(bool(n, "success"));
        if (n.has("scheduledAt")) {
            String at = text(n, "scheduledAt");
            try {
                r.scheduledAt(Instant.parse(at));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("scheduledAt '" + at + "' is not an ISO-8601 instant");
            }
        }
        JsonNode o = object(n, "offsetsMs");
        List<Double> events = new ArrayList<>();
        for (JsonNode e : o.path("events")) {
            events.add(e.asDouble());
        }
        r.offsetsMs(new RequestRecord.Offsets(optional(o, "send"), optional(o, "connectionAcquired"),
                optional(o, "headers"), optional(o, "firstToken"), optional(o, "firstOutput"), optional(o, "end"),
                events));
        JsonNode c = object(n, "connection");
        r.connection(new RequestRecord.Connection(bool(c, "reused"), bool(c, "staleRetry"),
                c.has("staleError") ? Optional.of(text(c, "staleError")) : Optional.empty(), optional(c, "dnsMs"),
                optional(c, "connectMs"), optional(c, "tlsMs")));
        r.ttftMs(optional(n, "ttftMs")).ttfoMs(optional(n, "ttfoMs")).e2eMs(optional(n, "e2eMs"))
                .tpotMs(optional(n, "tpotMs")).scheduleLagMs(optional(n, "scheduleLagMs"));
        JsonNode t = object(n, "tokens");
        r.tokens(new RequestRecord.Tokens(integer(t, "input"), integer(t, "output"),
                t.has("reasoning") ? OptionalLong.of(integer(t, "reasoning")) : OptionalLong.empty(),
                text(t, "source")));
        for (Map.Entry<String, JsonNode> figure : n.path("server").properties()) {
            if (figure.getValue().isIntegralNumber()) {
                r.serverTokens(figure.getKey(), figure.getValue().asLong());
            } else if (figure.getValue().isNumber()) {
                r.serverMs(figure.getKey(), figure.getValue().asDouble());
            } else {
                throw new IllegalArgumentException("server." + figure.getKey() + " is not a number");
            }
        }
        if (n.has("workload")) {
            JsonNode w = object(n, "workload");
            r.workload(new RequestRecord.WorkloadShape(integer(w, "inputTokens"), optionalInt(w, "outputTokens"),
                    w.has("prefixTokens") ? (int) integer(w, "prefixTokens") : 0, optionalInt(w, "session"),
                    optionalInt(w, "turn"), w.has("source") ? Optional.of(text(w, "source")) : Optional.empty()));
        }
        if (n.has("redirects")) {
            JsonNode d = object(n, "redirects");
            r.redirects(new RequestRecord.Redirects((int) integer(d, "count"), text(d, "finalUrl")));
        }
        r.finishReason(text(n, "finishReason")).httpStatus((int) integer(n, "httpStatus"))
                .requestId(n.has("requestId") ? Optional.of(text(n, "requestId")) : Optional.empty());
        if (n.has("errorClass")) {
            String error = text(n, "errorClass");
            try {
                r.error(ErrorClass.valueOf(error), text(n, "errorMessage"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("errorClass '" + error + "' is not an ErrorClass");
            }
        }
        r.choices((int) integer(n, "choices"));
        toolCalls(n.path("toolCalls")).forEach(r::toolCall);
        toolCalls(n.path("serverToolCalls")).forEach(r::serverToolCall);
        if (n.has("text")) {
            r.text(new RequestRecord.Text(text(n, "text"), n.has("reasoningText") ? text(n, "reasoningText") : "",
                    n.has("refusal") ? text(n, "refusal") : ""));
        }
        return r.build();
    }

    private static List<RequestRecord.ToolCall> toolCalls(JsonNode array) {
        List<RequestRecord.ToolCall> calls = new ArrayList<>();
        for (JsonNode call : array) {
            JsonNode id = call.path("id");
            calls.add(new RequestRecord.ToolCall(id.isTextual() ? Optional.of(id.asText()) : Optional.empty(),
                    text(call, "name"), call.has("arguments") ? Optional.of(text(call, "arguments")) : Optional.empty()));
        }
        return calls;
    }

    private static JsonNode object(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isObject()) {
            throw new IllegalArgumentException("no object '" + key + "'");
        }
        return v;
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("no text '" + key + "'");
        }
        return v.asText();
    }

    private static OptionalInt optionalInt(JsonNode n, String key) {
        return n.has(key) ? OptionalInt.of((int) integer(n, key)) : OptionalInt.empty();
    }

    private static long integer(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("no integer '" + key + "'");
        }
        return v.asLong();
    }

    private static boolean bool(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isBoolean()) {
            throw new IllegalArgumentException("no boolean '" + key + "'");
        }
        return v.asBoolean();
    }

    private static OptionalDouble optional(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null) {
            return OptionalDouble.empty();
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("'" + key + "' is not a number");
        }
        return OptionalDouble.of(v.asDouble());
    }
}
