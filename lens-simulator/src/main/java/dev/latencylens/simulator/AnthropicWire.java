package dev.latencylens.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * Anthropic's Messages API ({@code POST /v1/messages}, {@code "stream": true}) as the simulator speaks it, after
 * the streams in Anthropic's documentation and its SDKs' test fixtures: {@code message_start} (input usage),
 * {@code content_block_start}, {@code ping}, one {@code content_block_delta} ({@code text_delta}) per content event,
 * {@code content_block_stop}, {@code message_delta} ({@code stop_reason} {@code end_turn} or {@code max_tokens},
 * output usage), {@code message_stop}. Keep-alives are {@code ping} events. Faults as Anthropic shows them: 429
 * {@code rate_limit_error} with {@code retry-after} and {@code anthropic-ratelimit-*}, 500 {@code api_error},
 * 529 {@code overloaded_error} (for the simulator's 503), and a drop announced by an {@code event: error}
 * ({@code overloaded_error}) before the connection closes. {@code max_tokens} is required, as Anthropic requires it.
 *
 * <p>What the plan adds: reasoning as a {@code thinking} block ({@code thinking_delta}s, then the
 * {@code signature_delta} Anthropic closes it with), before the {@code text} block; each tool call as a
 * {@code tool_use} block whose {@code content_block_start} carries its id and name, then {@code input_json_delta}
 * fragments, and the stop reason {@code tool_use}. Blocks are numbered in order; one opens when the previous one
 * closes. Output usage includes thinking, as Anthropic counts it.
 */
final class AnthropicWire implements Dialect {

    static final AnthropicWire INSTANCE = new AnthropicWire();

    private AnthropicWire() {
    }

    @Override
    public String name() {
        return "anthropic";
    }

    @Override
    public ChatCall parse(HttpRequest request, String pathModel) throws ChatCall.BadRequest {
        JsonNode root = ChatCall.object(request.body(), "There was an issue with your request: the body is not a"
                + " JSON object.");
        String model = ChatCall.model(root, "model: Field required", null);
        if (!root.path("messages").isArray()) {
            throw new ChatCall.BadRequest("messages: Field required", "messages", null);
        }
        if (root.path("max_tokens").isMissingNode()) {
            throw new ChatCall.BadRequest("max_tokens: Field required", "max_tokens", null);
        }
        int maxTokens = ChatCall.maxTokens(root, "max_tokens", Integer.MAX_VALUE);
        long chars = ChatCall.textChars(root.path("messages"));
        JsonNode system = root.path("system");
        chars += system.isTextual() ? system.asText().length() : ChatCall.textChars(system);
        return new ChatCall(model, ChatCall.bool(root, "stream"), false, maxTokens,
                ChatCall.promptTokens(chars));
    }

    @Override
    public void streamHead(ByteSink out, String requestId, boolean keepAlive, long processingMs) {
        HttpWire.streamHead(out, "text/event-stream; charset=utf-8", keepAlive, headers(requestId));
    }

    private static String headers(String requestId) {
        return "Cache-Control: no-cache\r\n"
                + "anthropic-organization-id: latency-lens-sim\r\n"
                + "request-id: " + requestId + "\r\n"
                + "x-request-id: " + requestId + "\r\n";
    }

    @Override
    public StreamEncoder encoder(String requestId, long createdEpochSeconds, ChatCall call, ResponsePlan plan) {
        return new Frames(requestId, call, plan);
    }

    /** The events of one streamed message. */
    private static final class Frames implements StreamEncoder {
        private final SseFrames sse = new SseFrames("\n");
        private final String requestId;
        private final ChatCall call;
        private final ResponsePlan plan;
        private final Blocks blocks;
        private final byte[] suffix;
        private byte[] textPrefix;
        private int textBlock = -1;

        Frames(String requestId, ChatCall call, ResponsePlan plan) {
            this.requestId = requestId;
            this.call = call;
            this.plan = plan;
            this.blocks = new Blocks(requestId, plan);
            this.suffix = sse.suffix("\"}}");
        }

        private JsonEvents events(ByteSink out) {
            return (name, json) -> sse.event(out, name, json);
        }

        @Override
        public void start(ByteSink out) {
            sse.event(out, "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_" + requestId
                    + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":" + HttpWire.quote(call.model())
                    + ",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":"
                    + call.promptTokens() + ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
                    + "\"output_tokens\":1,\"service_tier\":\"standard\"}}}");
            blocks.start(events(out));
            ping(out);
        }

        private void ping(ByteSink out) {
            sse.event(out, "ping", "{\"type\": \"ping\"}");
        }

        @Override
        public boolean keepAlive(ByteSink out) {
            ping(out);
            return true;
        }

        /** Text deltas splice their words between bytes prepared once per text block; the rest are built whole. */
        @Override
        public void content(ByteSink out, ResponsePlan.Piece piece) {
            if (piece.part() != ResponsePlan.Part.TEXT) {
                blocks.content(events(out), piece);
                return;
            }
            blocks.open(events(out), piece);
            if (textBlock != blocks.index()) {
                textBlock = blocks.index();
                textPrefix = sse.prefix("content_block_delta", Blocks.textDeltaPrefix(textBlock));
            }
            sse.spliced(out, textPrefix, piece, plan, suffix);
        }

        @Override
        public void malformed(ByteSink out) {
            sse.malformed(out, sse.prefix("content_block_delta", Blocks.textDeltaPrefix(blocks.index())));
        }

        @Override
        public void tail(ByteSink out, Tail tail) {
            blocks.end(events(out), tail);
            sse.event(out, "message_stop", Blocks.MESSAGE_STOP, plan.streamEnd);
            out.put(HttpWire.TERMINATOR);
        }

        @Override
        public void abort(ByteSink out) {
            sse.event(out, "error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                    + "\"message\":\"Overloaded\"}}");
        }
    }

    /**
     * The content blocks of one message as Anthropic's events, by event type: a {@code thinking} block
     * ({@code thinking_delta}s, closed with the {@code signature_delta} Anthropic sends), the {@code text} block
     * ({@code text_delta}s), a {@code tool_use} block per call (its id and name in {@code content_block_start}, then
     * {@code input_json_delta}s), numbered in order, each opening when the previous one closes; at the end
     * {@code message_delta} with the stop reason and the output usage. {@code message_start} and
     * {@code message_stop} are the wire's own. Shared by Anthropic's stream and Bedrock's invoke stream of
     * Anthropic models, whose chunks are these same events. One per stream.
     */
    static final class Blocks {

        static final String MESSAGE_STOP = "{\"type\":\"message_stop\"}";

        private final ContentBlocks blocks = new ContentBlocks();
        private final String requestId;
        private final ResponsePlan plan;

        Blocks(String requestId, ResponsePlan plan) {
            this.requestId = requestId;
            this.plan = plan;
        }

        /** What goes out before any content, as Anthropic sends it: the first block's start, unless a call's. */
        void start(JsonEvents out) {
            if (plan.events > 0 && plan.piece(0).part() != ResponsePlan.Part.TOOL_START) {
                open(out, plan.piece(0));
            }
        }

        /** Closes the open block and opens the one {@code piece} belongs to, unless it is already open. */
        void open(JsonEvents out, ResponsePlan.Piece piece) {
            if (blocks.holds(piece)) {
                return;
            }
            close(out);
            blocks.next(piece);
            String start = "{\"type\":\"content_block_start\",\"index\":" + blocks.index() + ",\"content_block\":";
            out.event("content_block_start", switch (blocks.part()) {
                case REASONING -> start + "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}";
                case TEXT -> start + "{\"type\":\"text\",\"text\":\"\"}}";
                default -> start + "{\"type\":\"tool_use\",\"id\":\"" + ResponsePlan.toolCallId(requestId, piece.call())
                        + "\",\"name\":\"" + ResponsePlan.toolName(piece.call()) + "\",\"input\":{}}}";
            });
        }

        private void close(JsonEvents out) {
            if (!blocks.open()) {
                return;
            }
            if (blocks.part() == ResponsePlan.Part.REASONING) {
                delta(out, "{\"type\":\"signature_delta\",\"signature\":\"c2ltdWxhdGVkIHNpZ25hdHVyZQ==\"}");
            }
            out.event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + blocks.index() + "}");
            blocks.closed();
        }

        private void delta(JsonEvents out, String delta) {
            out.event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + blocks.index()
                    + ",\"delta\":" + delta + "}");
        }

        /** The open (or last) block's number; 0 before the first. */
        int index() {
            return Math.max(0, blocks.index());
        }

        /** The JSON of a {@code text_delta} of block {@code index} up to its text. */
        static String textDeltaPrefix(int index) {
            return "{\"type\":\"content_block_delta\",\"index\":" + index
                    + ",\"delta\":{\"type\":\"text_delta\",\"text\":\"";
        }

        /** One content event: its delta, after its block's start when it opens one (a call's start is only that). */
        void content(JsonEvents out, ResponsePlan.Piece piece) {
            open(out, piece);
            switch (piece.part()) {
                case TEXT -> out.event("content_block_delta", textDeltaPrefix(blocks.index()) + plan.words(piece, 0)
                        + "\"}}");
                case REASONING -> delta(out, "{\"type\":\"thinking_delta\",\"thinking\":\"" + plan.words(piece, 0)
                        + "\"}");
                case TOOL_ARGUMENTS -> delta(out, "{\"type\":\"input_json_delta\",\"partial_json\":"
                        + HttpWire.quote(plan.argumentsFragment(piece, 0)) + "}");
                default -> { } // TOOL_START: the block's start is the event
            }
        }

        /** Closes the last block; then {@code message_delta}: the stop reason and the output usage. */
        void end(JsonEvents out, StreamEncoder.Tail tail) {
            close(out);
            out.event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
                    + (tail.truncated() ? "max_tokens" : tail.toolCalls() ? "tool_use" : "end_turn")
                    + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + tail.outputTokens() + "}}");
        }
    }

    @Override
    public byte[] fault(Fault fault, ChatCall call, Script script, boolean keepAlive, String requestId,
                        long processingMs) {
        return switch (fault) {
            case HTTP_429 -> response(429, "rate_limit_error", "This request would exceed the rate limit for your"
                    + " organization (latency-lens-sim) of 50 requests per minute (simulated). For details, refer to:"
                    + " https://docs.claude.com/en/api/rate-limits.", keepAlive, requestId,
                    "retry-after: " + script.retryAfterSeconds + "\r\n"
                            + "anthropic-ratelimit-requests-limit: 50\r\n"
                            + "anthropic-ratelimit-requests-remaining: 0\r\n"
                            + "anthropic-ratelimit-requests-reset: " + java.time.Instant.now()
                            .plusSeconds(script.retryAfterSeconds).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                            + "\r\n");
            case HTTP_500 -> response(500, "api_error", "Internal server error", keepAlive, requestId, "");
            case HTTP_503 -> response(529, "overloaded_error", "Overloaded", keepAlive, requestId, "");
            default -> throw new IllegalStateException("not an HTTP error fault: " + fault);
        };
    }

    @Override
    public byte[] error(int status, ChatCall.BadRequest problem, boolean keepAlive, String requestId) {
        return response(status, status == 404 ? "not_found_error" : "invalid_request_error", problem.getMessage(),
                keepAlive, requestId, "");
    }

    private static byte[] response(int status, String type, String message, boolean keepAlive, String requestId,
                                   String extraHeaders) {
        byte[] body = ("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":"
                + HttpWire.quote(message) + "},\"request_id\":\"req_" + requestId + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        return HttpWire.json(status, body, keepAlive, headers(requestId) + extraHeaders);
    }

    @Override
    public String[] warmUpRequest(String model) {
        return new String[] {"POST", "/v1/messages", "{\"model\":\"" + model + "\",\"max_tokens\":3,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"warm up\"}]}"};
    }
}
