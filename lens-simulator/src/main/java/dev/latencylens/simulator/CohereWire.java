package dev.latencylens.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * Cohere's v2 chat API ({@code POST /v2/chat}, {@code "stream": true}) as the simulator speaks it:
 * {@code message-start}, {@code content-start}, one {@code content-delta} per content event, {@code content-end},
 * {@code message-end} ({@code finish_reason} {@code COMPLETE} or {@code MAX_TOKENS}, usage as {@code billed_units}
 * and {@code tokens}). Errors are Cohere's {@code {"id":...,"message":...}}.
 *
 * <p>What the plan adds: reasoning as a {@code thinking} content block ({@code content-delta}s of
 * {@code content.thinking}) before the text block; tool calls as {@code tool-call-start} (id, name, empty arguments),
 * {@code tool-call-delta} argument fragments and {@code tool-call-end}, each keyed by the call's index, and the
 * finish reason {@code TOOL_CALL}.
 */
final class CohereWire implements Dialect {

    static final CohereWire INSTANCE = new CohereWire();

    private CohereWire() {
    }

    @Override
    public String name() {
        return "cohere";
    }

    @Override
    public ChatCall parse(HttpRequest request, String pathModel) throws ChatCall.BadRequest {
        JsonNode root = ChatCall.object(request.body(), "invalid request: the body must be a JSON object");
        String model = ChatCall.model(root, "invalid request: model must be set", null);
        if (!root.path("messages").isArray()) {
            throw new ChatCall.BadRequest("invalid request: messages must be a list", "messages", null);
        }
        return new ChatCall(model, ChatCall.bool(root, "stream"), false,
                ChatCall.maxTokens(root, "max_tokens", Integer.MAX_VALUE),
                ChatCall.promptTokens(ChatCall.textChars(root.path("messages"))));
    }

    @Override
    public void streamHead(ByteSink out, String requestId, boolean keepAlive, long processingMs) {
        HttpWire.streamHead(out, "text/event-stream", keepAlive, headers(requestId));
    }

    private static String headers(String requestId) {
        return "cache-control: no-cache, no-store, no-transform, must-revalidate, private, max-age=0\r\n"
                + "x-debug-trace-id: " + requestId + "\r\n"
                + "x-request-id: " + requestId + "\r\n";
    }

    @Override
    public StreamEncoder encoder(String requestId, long createdEpochSeconds, ChatCall call, ResponsePlan plan) {
        return new Frames(requestId, call, plan);
    }

    /** The events of one streamed chat. */
    private static final class Frames implements StreamEncoder {
        private final SseFrames sse = new SseFrames("\n");
        private final String requestId;
        private final ChatCall call;
        private final ResponsePlan plan;
        private final byte[] suffix;
        private final ContentBlocks blocks = new ContentBlocks();
        private byte[] textPrefix;

        Frames(String requestId, ChatCall call, ResponsePlan plan) {
            this.requestId = requestId;
            this.call = call;
            this.plan = plan;
            this.suffix = sse.suffix("\"}}}}");
        }

        @Override
        public void start(ByteSink out) {
            sse.event(out, "message-start", "{\"id\":\"" + requestId + "\",\"type\":\"message-start\",\"delta\":"
                    + "{\"message\":{\"role\":\"assistant\",\"content\":[],\"tool_plan\":\"\",\"tool_calls\":[],"
                    + "\"citations\":[]}}}");
            if (plan.events > 0) {
                open(out, plan.piece(0));
            }
        }

        @Override
        public boolean keepAlive(ByteSink out) {
            return false;
        }

        /**
         * Ends what is open when {@code piece} belongs elsewhere, and opens a content block for text or thinking
         * (a tool call's start is its own content event). Content blocks come first, so their numbers are the blocks'.
         */
        private void open(ByteSink out, ResponsePlan.Piece piece) {
            if (blocks.holds(piece)) {
                return;
            }
            close(out);
            blocks.next(piece);
            ResponsePlan.Part part = blocks.part();
            if (part == ResponsePlan.Part.TOOL_START) {
                return;
            }
            int block = blocks.index();
            String type = part == ResponsePlan.Part.TEXT ? "text" : "thinking";
            sse.event(out, "content-start", "{\"type\":\"content-start\",\"index\":" + block + ",\"delta\":"
                    + "{\"message\":{\"content\":{\"type\":\"" + type + "\",\"" + type + "\":\"\"}}}}");
            if (part == ResponsePlan.Part.TEXT) {
                textPrefix = sse.prefix("content-delta", "{\"type\":\"content-delta\",\"index\":" + block
                        + ",\"delta\":{\"message\":{\"content\":{\"text\":\"");
            }
        }

        private void close(ByteSink out) {
            if (!blocks.open()) {
                return;
            }
            if (blocks.part() == ResponsePlan.Part.TOOL_START) {
                sse.event(out, "tool-call-end", "{\"type\":\"tool-call-end\",\"index\":" + blocks.call() + "}");
            } else {
                sse.event(out, "content-end", "{\"type\":\"content-end\",\"index\":" + blocks.index() + "}");
            }
            blocks.closed();
        }

        @Override
        public void content(ByteSink out, ResponsePlan.Piece piece) {
            open(out, piece);
            switch (piece.part()) {
                case TEXT -> sse.spliced(out, textPrefix, piece, plan, suffix);
                case REASONING -> sse.event(out, "content-delta", "{\"type\":\"content-delta\",\"index\":"
                        + blocks.index() + ",\"delta\":{\"message\":{\"content\":{\"thinking\":\""
                        + plan.words(piece, 0) + "\"}}}}");
                case TOOL_START -> sse.event(out, "tool-call-start", "{\"type\":\"tool-call-start\",\"index\":"
                        + piece.call() + ",\"delta\":{\"message\":{\"tool_calls\":{\"id\":\""
                        + ResponsePlan.toolCallId(requestId, piece.call()) + "\",\"type\":\"function\",\"function\":"
                        + "{\"name\":\"" + ResponsePlan.toolName(piece.call()) + "\",\"arguments\":\"\"}}}}}");
                default -> sse.event(out, "tool-call-delta", "{\"type\":\"tool-call-delta\",\"index\":"
                        + piece.call() + ",\"delta\":{\"message\":{\"tool_calls\":{\"function\":{\"arguments\":"
                        + HttpWire.quote(plan.argumentsFragment(piece, 0)) + "}}}}}");
            }
        }

        @Override
        public void malformed(ByteSink out) {
            sse.malformed(out, sse.prefix("content-delta", "{\"type\":\"content-delta\",\"index\":"
                    + Math.max(0, blocks.index()) + ",\"delta\":{\"message\":{\"content\":{\"text\":\""));
        }

        @Override
        public void tail(ByteSink out, Tail tail) {
            close(out);
            String counts = "{\"input_tokens\":" + call.promptTokens() + ",\"output_tokens\":" + tail.outputTokens()
                    + "}";
            sse.event(out, "message-end", "{\"type\":\"message-end\",\"delta\":{\"finish_reason\":\""
                    + (tail.truncated() ? "MAX_TOKENS" : tail.toolCalls() ? "TOOL_CALL" : "COMPLETE")
                    + "\",\"usage\":{\"billed_units\":" + counts + ",\"tokens\":" + counts + "}}}", plan.streamEnd);
            out.put(HttpWire.TERMINATOR);
        }
    }

    @Override
    public byte[] fault(Fault fault, ChatCall call, Script script, boolean keepAlive, String requestId,
                        long processingMs) {
        return switch (fault) {
            case HTTP_429 -> response(429, "You are using a Trial key, which is limited to 10 API calls / minute"
                    + " (simulated). You can continue to use the Trial key for free or upgrade to a Production key"
                    + " with higher rate limits.", keepAlive, requestId, "retry-after: " + script.retryAfterSeconds
                    + "\r\n");
            case HTTP_500 -> response(500, "internal server error, this has been reported to our developers. id "
                    + requestId, keepAlive, requestId, "");
            case HTTP_503 -> response(503, "service unavailable: the model is overloaded, please retry", keepAlive,
                    requestId, "");
            default -> throw new IllegalStateException("not an HTTP error fault: " + fault);
        };
    }

    @Override
    public byte[] error(int status, ChatCall.BadRequest problem, boolean keepAlive, String requestId) {
        return response(status, problem.getMessage(), keepAlive, requestId, "");
    }

    private static byte[] response(int status, String message, boolean keepAlive, String requestId, String extra) {
        byte[] body = ("{\"id\":\"" + requestId + "\",\"message\":" + HttpWire.quote(message) + "}")
                .getBytes(StandardCharsets.UTF_8);
        return HttpWire.json(status, body, keepAlive, headers(requestId) + extra);
    }

    @Override
    public String[] warmUpRequest(String model) {
        return new String[] {"POST", "/v2/chat", "{\"model\":\"" + model + "\",\"stream\":true,\"max_tokens\":3,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"warm up\"}]}"};
    }
}
