package dev.latencylens.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * Amazon Bedrock's {@code ConverseStream} ({@code POST /model/{modelId}/converse-stream}) as the simulator speaks
 * it: the AWS event-stream binary framing ({@link EventStreamFrames}, CRCs included) carrying {@code messageStart},
 * {@code contentBlockDelta} per content event, {@code contentBlockStop}, {@code messageStop} ({@code stopReason}
 * {@code end_turn} or {@code max_tokens}) and {@code metadata} (usage, {@code metrics.latencyMs}); each payload
 * carries Bedrock's {@code "p"} padding field. Faults as Bedrock shows them: HTTP 429 {@code ThrottlingException},
 * 500 {@code InternalServerException}, 503 {@code ServiceUnavailableException} (with {@code x-amzn-ErrorType} and
 * {@code {"message":...}}), a malformed event as a frame with a wrong message CRC, and a drop announced by a
 * {@code modelStreamErrorException} exception message.
 *
 * <p>What the plan adds: reasoning as {@code reasoningContent} text deltas in a block of its own, closed by a
 * signature delta, before the text block (text blocks get no {@code contentBlockStart}, as Bedrock sends them);
 * each tool call as a block whose {@code contentBlockStart} carries {@code toolUse} ({@code toolUseId}, name), then
 * {@code toolUse.input} fragments, and the stop reason {@code tool_use}. Blocks are numbered in order. The binary
 * framing has no lines, so {@link SimProfile#streamEnd()} does not apply.
 */
final class BedrockWire implements Dialect {

    static final BedrockWire INSTANCE = new BedrockWire();
    static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";

    private static final byte[] MESSAGE_START = EventStreamFrames.eventHeaders("messageStart");
    private static final byte[] BLOCK_START = EventStreamFrames.eventHeaders("contentBlockStart");
    private static final byte[] BLOCK_DELTA = EventStreamFrames.eventHeaders("contentBlockDelta");
    private static final byte[] BLOCK_STOP = EventStreamFrames.eventHeaders("contentBlockStop");
    private static final byte[] MESSAGE_STOP = EventStreamFrames.eventHeaders("messageStop");
    private static final byte[] METADATA = EventStreamFrames.eventHeaders("metadata");
    private static final byte[] STREAM_ERROR = EventStreamFrames.exceptionHeaders("modelStreamErrorException");
    private static final String PADDING = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123";

    private BedrockWire() {
    }

    @Override
    public String name() {
        return "bedrock";
    }

    @Override
    public ChatCall parse(HttpRequest request, String pathModel) throws ChatCall.BadRequest {
        JsonNode root = ChatCall.object(request.body(), "Malformed input request, please reformat your input and"
                + " try again.");
        if (!root.path("messages").isArray()) {
            throw new ChatCall.BadRequest("The model returned the following errors: messages: field required",
                    "messages", "ValidationException");
        }
        long chars = ChatCall.textChars(root.path("messages")) + ChatCall.textChars(root.path("system"));
        return new ChatCall(pathModel, true, false,
                ChatCall.maxTokens(root.path("inferenceConfig"), "maxTokens", Integer.MAX_VALUE),
                ChatCall.promptTokens(chars));
    }

    @Override
    public void streamHead(ByteSink out, String requestId, boolean keepAlive, long processingMs) {
        HttpWire.streamHead(out, CONTENT_TYPE, keepAlive, headers(requestId));
    }

    private static String headers(String requestId) {
        return "x-amzn-RequestId: " + requestId + "\r\n" + "x-request-id: " + requestId + "\r\n";
    }

    @Override
    public StreamEncoder encoder(String requestId, long createdEpochSeconds, ChatCall call, ResponsePlan plan) {
        return new Frames(requestId, plan);
    }

    /** The messages of one stream: each event's JSON with Bedrock's {@code "p"} padding, framed. */
    private static final class Frames implements StreamEncoder {
        private final EventStreamFrames frames = new EventStreamFrames();
        private final ByteSink payload = new ByteSink(512);
        private final Blocks blocks;

        Frames(String requestId, ResponsePlan plan) {
            this.blocks = new Blocks(requestId, plan);
        }

        private void json(ByteSink out, byte[] headers, String json) {
            json(out, headers, json, false);
        }

        private void json(ByteSink out, byte[] headers, String json, boolean breakCrc) {
            payload.reset();
            payload.utf8(json);
            frames.write(out, headers, payload, breakCrc);
        }

        /** The events as ConverseStream sends them: a message per event, its JSON padded. */
        private JsonEvents events(ByteSink out) {
            return (name, json) -> json(out, headers(name), padded(json));
        }

        private static byte[] headers(String event) {
            return switch (event) {
                case "contentBlockStart" -> BLOCK_START;
                case "contentBlockDelta" -> BLOCK_DELTA;
                case "contentBlockStop" -> BLOCK_STOP;
                case "messageStop" -> MESSAGE_STOP;
                default -> throw new IllegalArgumentException("not a ConverseStream event here: " + event);
            };
        }

        /** {@code json} with Bedrock's padding field last; its length varies with the event's. */
        private static String padded(String json) {
            return json.substring(0, json.length() - 1) + ",\"p\":\"" + padding(json.length()) + "\"}";
        }

        private static String padding(int n) {
            return PADDING.substring(0, Math.max(1, n % PADDING.length()));
        }

        @Override
        public void start(ByteSink out) {
            json(out, MESSAGE_START, "{\"p\":\"" + padding(7) + "\",\"role\":\"assistant\"}");
        }

        @Override
        public boolean keepAlive(ByteSink out) {
            return false;
        }

        @Override
        public void content(ByteSink out, ResponsePlan.Piece piece) {
            blocks.content(events(out), piece);
        }

        @Override
        public void malformed(ByteSink out) {
            json(out, BLOCK_DELTA, padded(blocks.delta(new ResponsePlan.Piece(ResponsePlan.Part.TEXT, 0, 1, 1))),
                    true);
        }

        @Override
        public void tail(ByteSink out, Tail tail) {
            blocks.end(events(out), tail);
            json(out, METADATA, "{\"metrics\":{\"latencyMs\":" + tail.processingNanos() / 1_000_000 + "},\"p\":\""
                    + padding(5) + "\",\"usage\":{\"inputTokens\":" + tail.promptTokens() + ",\"outputTokens\":"
                    + tail.outputTokens() + ",\"totalTokens\":" + (tail.promptTokens() + tail.outputTokens())
                    + "}}");
            out.put(HttpWire.TERMINATOR);
        }

        @Override
        public void abort(ByteSink out) {
            json(out, STREAM_ERROR, "{\"message\":\"An error occurred while streaming the response. Retry your"
                    + " request.\",\"originalStatusCode\":500}");
        }
    }

    /**
     * The content blocks of one message as ConverseStream's events, by event name, without padding: reasoning as
     * {@code reasoningContent} text deltas in a block of its own, closed by a signature delta; the text block, which
     * gets no {@code contentBlockStart}, as Bedrock sends it; each tool call as a block whose
     * {@code contentBlockStart} carries {@code toolUse} ({@code toolUseId}, name), then {@code toolUse.input}
     * fragments; blocks numbered in order, each closed by {@code contentBlockStop}; at the end {@code messageStop}
     * with the stop reason. {@code messageStart} and {@code metadata} are the wire's own. Shared by ConverseStream
     * and Bedrock's invoke stream of Nova models, whose chunks are these same events. One per stream.
     */
    static final class Blocks {

        private final ContentBlocks blocks = new ContentBlocks();
        private final String requestId;
        private final ResponsePlan plan;

        Blocks(String requestId, ResponsePlan plan) {
            this.requestId = requestId;
            this.plan = plan;
        }

        /** Closes the open block when {@code piece} belongs to another; a tool call's block starts with its call. */
        private void open(JsonEvents out, ResponsePlan.Piece piece) {
            if (blocks.holds(piece)) {
                return;
            }
            close(out);
            blocks.next(piece);
            if (blocks.part() == ResponsePlan.Part.TOOL_START) {
                out.event("contentBlockStart", "{\"contentBlockIndex\":" + blocks.index()
                        + ",\"start\":{\"toolUse\":{\"name\":\"" + ResponsePlan.toolName(piece.call())
                        + "\",\"toolUseId\":\"" + ResponsePlan.toolCallId(requestId, piece.call()) + "\"}}}");
            }
        }

        private void close(JsonEvents out) {
            if (!blocks.open()) {
                return;
            }
            int block = blocks.index();
            if (blocks.part() == ResponsePlan.Part.REASONING) {
                out.event("contentBlockDelta", "{\"contentBlockIndex\":" + block + ",\"delta\":{\"reasoningContent\":"
                        + "{\"signature\":\"c2ltdWxhdGVkIHNpZ25hdHVyZQ==\"}}}");
            }
            out.event("contentBlockStop", "{\"contentBlockIndex\":" + block + "}");
            blocks.closed();
        }

        /** The {@code contentBlockDelta} of a reasoning, text or arguments piece in the open block. */
        String delta(ResponsePlan.Piece piece) {
            String delta = switch (piece.part()) {
                case REASONING -> "\"reasoningContent\":{\"text\":\"" + plan.words(piece, 0) + "\"}";
                case TOOL_ARGUMENTS -> "\"toolUse\":{\"input\":" + HttpWire.quote(plan.argumentsFragment(piece, 0))
                        + "}";
                default -> "\"text\":\"" + plan.words(piece, 0) + "\"";
            };
            return "{\"contentBlockIndex\":" + Math.max(0, blocks.index()) + ",\"delta\":{" + delta + "}}";
        }

        /** One content event: its delta, after its block's start when it opens one (a call's start is only that). */
        void content(JsonEvents out, ResponsePlan.Piece piece) {
            open(out, piece);
            if (piece.part() != ResponsePlan.Part.TOOL_START) {
                out.event("contentBlockDelta", delta(piece));
            }
        }

        /** Closes the last block; then {@code messageStop} with the stop reason. */
        void end(JsonEvents out, StreamEncoder.Tail tail) {
            close(out);
            out.event("messageStop", "{\"stopReason\":\""
                    + (tail.truncated() ? "max_tokens" : tail.toolCalls() ? "tool_use" : "end_turn") + "\"}");
        }
    }

    @Override
    public byte[] fault(Fault fault, ChatCall call, Script script, boolean keepAlive, String requestId,
                        long processingMs) {
        return switch (fault) {
            case HTTP_429 -> response(429, "ThrottlingException", "Too many requests, please wait before trying"
                    + " again.", keepAlive, requestId);
            case HTTP_500 -> response(500, "InternalServerException", "The system encountered an unexpected error"
                    + " during processing. Try your request again.", keepAlive, requestId);
            case HTTP_503 -> response(503, "ServiceUnavailableException", "Bedrock is unable to process your"
                    + " request.", keepAlive, requestId);
            default -> throw new IllegalStateException("not an HTTP error fault: " + fault);
        };
    }

    @Override
    public byte[] error(int status, ChatCall.BadRequest problem, boolean keepAlive, String requestId) {
        return response(status, status == 404 ? "ResourceNotFoundException" : "ValidationException",
                problem.getMessage(), keepAlive, requestId);
    }

    private static byte[] response(int status, String type, String message, boolean keepAlive, String requestId) {
        byte[] body = ("{\"message\":" + HttpWire.quote(message) + "}").getBytes(StandardCharsets.UTF_8);
        return HttpWire.json(status, body, keepAlive, headers(requestId) + "x-amzn-ErrorType: " + type
                + ":http://internal.amazon.com/coral/com.amazon.bedrock/\r\n");
    }

    @Override
    public String[] warmUpRequest(String model) {
        return new String[] {"POST", "/model/" + model + "/converse-stream",
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"warm up\"}]}],"
                    + "\"inferenceConfig\":{\"maxTokens\":3}}"};
    }
}
