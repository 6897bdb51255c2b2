package dev.latencylens.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Ollama's native chat API ({@code POST /api/chat}, streamed unless {@code "stream": false}) as the simulator speaks
 * it: newline-delimited JSON ({@code application/x-ndjson}), one {@code {"model","created_at","message":{"role",
 * "content"},"done":false}} line per content event, then the {@code "done": true} line with {@code done_reason}
 * ({@code stop} or {@code length}), the token counts and the server's durations in nanoseconds, from what happened on the
 * wire (load = the scripted cold start, prompt evaluation = the rest of the time to the first content line,
 * evaluation = first to last content line, total = arrival to the last line). Errors are
 * {@code {"error":"..."}}; a malformed event is a line cut inside its JSON.
 *
 * <p>What the plan adds: reasoning as {@code message.thinking} (as with {@code "think": true}); each tool call whole,
 * in a line of its own as {@code message.tool_calls[].function} with the arguments as an object and no id;
 * {@code eval_count} counts everything. {@link SimProfile#streamEnd()}: the last line ends with CRLF, or with nothing.
 */
final class OllamaWire implements Dialect {

    static final OllamaWire INSTANCE = new OllamaWire();
    static final String CONTENT_TYPE = "application/x-ndjson";

    private OllamaWire() {
    }

    @Override
    public String name() {
        return "ollama-native";
    }

    @Override
    public ChatCall parse(HttpRequest request, String pathModel) throws ChatCall.BadRequest {
        JsonNode root = ChatCall.object(request.body(), "invalid character in JSON body");
        String model = ChatCall.model(root, "model is required", null);
        boolean stream = root.path("stream").isMissingNode() || root.path("stream").isNull()
                || ChatCall.bool(root, "stream");
        JsonNode predict = root.path("options").path("num_predict");
        int maxTokens = predict.isIntegralNumber() && predict.asInt() > 0 ? predict.asInt() : Integer.MAX_VALUE;
        return new ChatCall(model, stream, false, maxTokens,
                ChatCall.promptTokens(ChatCall.textChars(root.path("messages"))));
    }

    @Override
    public void streamHead(ByteSink out, String requestId, boolean keepAlive, long processingMs) {
        HttpWire.streamHead(out, CONTENT_TYPE, keepAlive, "x-request-id: " + requestId + "\r\n");
    }

    @Override
    public boolean wholeToolCalls() {
        return true;
    }

    @Override
    public StreamEncoder encoder(String requestId, long createdEpochSeconds, ChatCall call, ResponsePlan plan) {
        return new Frames(call, plan);
    }

    /** The lines of one stream. */
    private static final class Frames implements StreamEncoder {
        private final ByteSink payload = new ByteSink(256);
        private final ResponsePlan plan;
        private final String head;
        private final byte[] prefix;
        private final byte[] suffix = "\"},\"done\":false}\n".getBytes(StandardCharsets.UTF_8);

        Frames(ChatCall call, ResponsePlan plan) {
            this.plan = plan;
            this.head = "{\"model\":" + HttpWire.quote(call.model()) + ",\"created_at\":\"" + Instant.now() + "\",";
            this.prefix = (head + "\"message\":{\"role\":\"assistant\",\"content\":\"")
                    .getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void start(ByteSink out) {
        }

        @Override
        public boolean keepAlive(ByteSink out) {
            return false;
        }

        @Override
        public void content(ByteSink out, ResponsePlan.Piece piece) {
            payload.reset();
            switch (piece.part()) {
                case TEXT -> {
                    payload.put(prefix);
                    plan.appendWords(payload, piece, 0);
                    payload.put(suffix);
                }
                case REASONING -> {
                    payload.utf8(head).ascii("\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"");
                    plan.appendWords(payload, piece, 0);
                    payload.put(suffix);
                }
                default -> payload.utf8(head).ascii("\"message\":{\"role\":\"assistant\",\"content\":\"\","
                        + "\"tool_calls\":[{\"function\":{\"name\":\"").ascii(ResponsePlan.toolName(piece.call()))
                        .ascii("\",\"arguments\":").utf8(plan.arguments(piece.call(), 0))
                        .ascii("}}]},\"done\":false}\n");
            }
            HttpWire.chunk(out, payload);
        }

        @Override
        public void malformed(ByteSink out) {
            payload.reset();
            payload.put(prefix).ascii("hel\n");
            HttpWire.chunk(out, payload);
        }

        @Override
        public void tail(ByteSink out, Tail tail) {
            long total = tail.processingNanos();
            long load = tail.coldStartNanos();
            long promptEval = Math.max(0, tail.promptNanos() - load);
            long eval = tail.decodeNanos();
            payload.reset();
            payload.utf8(head).ascii("\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done_reason\":\"")
                    .ascii(tail.truncated() ? "length" : "stop").ascii("\",\"done\":true,\"total_duration\":")
                    .ascii(Long.toString(total)).ascii(",\"load_duration\":").ascii(Long.toString(load))
                    .ascii(",\"prompt_eval_count\":").ascii(Integer.toString(tail.promptTokens()))
                    .ascii(",\"prompt_eval_duration\":").ascii(Long.toString(promptEval))
                    .ascii(",\"eval_count\":").ascii(Long.toString(tail.outputTokens()))
                    .ascii(",\"eval_duration\":").ascii(Long.toString(eval)).ascii("}")
                    .ascii(plan.streamEnd == StreamEnd.BLANK_LINE ? "\n" : plan.streamEnd.lineEnd());
            HttpWire.chunk(out, payload);
            out.put(HttpWire.TERMINATOR);
        }
    }

    @Override
    public byte[] fault(Fault fault, ChatCall call, Script script, boolean keepAlive, String requestId,
                        long processingMs) {
        return switch (fault) {
            case HTTP_429 -> response(429, "too many requests (simulated)", keepAlive, requestId);
            case HTTP_500 -> response(500, "llama runner process has terminated: exit status 2 (simulated)",
                    keepAlive, requestId);
            case HTTP_503 -> response(503, "server busy, please try again.  maximum pending requests exceeded",
                    keepAlive, requestId);
            default -> throw new IllegalStateException("not an HTTP error fault: " + fault);
        };
    }

    @Override
    public byte[] error(int status, ChatCall.BadRequest problem, boolean keepAlive, String requestId) {
        return response(status, problem.getMessage(), keepAlive, requestId);
    }

    private static byte[] response(int status, String message, boolean keepAlive, String requestId) {
        byte[] body = ("{\"error\":" + HttpWire.quote(message) + "}").getBytes(StandardCharsets.UTF_8);
        return HttpWire.response(status, "application/json; charset=utf-8", body, keepAlive,
                "x-request-id: " + requestId + "\r\n");
    }

    @Override
    public String[] warmUpRequest(String model) {
        return new String[] {"POST", "/api/chat", "{\"model\":\"" + model + "\",\"options\":{\"num_predict\":3},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"warm up\"}]}"};
    }
}
