package dev.latencylens.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * Google's Gemini API ({@code POST /v1beta/models/{model}:streamGenerateContent?alt=sse}) as the simulator speaks
 * it, after the recorded streams: one {@code data:} event per chunk, lines ending in {@code CRLF}, a
 * {@code GenerateContentResponse} with the text part, cumulative {@code usageMetadata} (so a client can tell how
 * many tokens each event carries) and {@code modelVersion}/{@code responseId}; the last event has an empty text part
 * and {@code finishReason} ({@code STOP} or {@code MAX_TOKENS}); no terminator event. Gemini sends nothing while it
 * thinks: no keep-alives. Errors are Google's {@code {"error":{"code","message","status"}}}: 429
 * {@code RESOURCE_EXHAUSTED}, 500 {@code INTERNAL}, 503 {@code UNAVAILABLE}.
 *
 * <p>What the plan adds: reasoning as thought parts ({@code "thought": true}, as with {@code includeThoughts}),
 * counted in {@code thoughtsTokenCount} (with the hidden reasoning, which Gemini bills as thoughts) apart from
 * {@code candidatesTokenCount}; each tool call whole, as a {@code functionCall} part with {@code args} as an
 * object and no id, in one event; the finish reason stays {@code STOP}.
 */
final class GeminiWire implements Dialect {

    static final GeminiWire INSTANCE = new GeminiWire();

    private GeminiWire() {
    }

    @Override
    public String name() {
        return "gemini";
    }

    @Override
    public ChatCall parse(HttpRequest request, String pathModel) throws ChatCall.BadRequest {
        if (!request.target().contains("alt=sse")) {
            throw new ChatCall.BadRequest("The simulator streams Gemini as server-sent events only: add ?alt=sse"
                    + " to the URL.", null, "INVALID_ARGUMENT");
        }
        JsonNode root = ChatCall.object(request.body(), "Invalid JSON payload received.");
        if (!root.path("contents").isArray()) {
            throw new ChatCall.BadRequest("* GenerateContentRequest.contents: contents is not specified", null,
                    "INVALID_ARGUMENT");
        }
        int maxTokens = ChatCall.maxTokens(root.path("generationConfig"), "maxOutputTokens", Integer.MAX_VALUE);
        long chars = ChatCall.textChars(root.path("contents")) + ChatCall.textChars(root.path("systemInstruction"));
        String model = pathModel.startsWith("models/") ? pathModel.substring("models/".length()) : pathModel;
        return new ChatCall(model, true, false, maxTokens, ChatCall.promptTokens(chars));
    }

    @Override
    public void streamHead(ByteSink out, String requestId, boolean keepAlive, long processingMs) {
        HttpWire.streamHead(out, "text/event-stream", keepAlive, headers(requestId, processingMs));
    }

    private static String headers(String requestId, long processingMs) {
        return "Vary: Origin\r\nVary: X-Origin\r\nVary: Referer\r\n"
                + "Server: scaffolding on HTTPServer2\r\n"
                + "Server-Timing: gfet4t7; dur=" + processingMs + "\r\n"
                + "x-request-id: " + requestId + "\r\n";
    }

    @Override
    public boolean wholeToolCalls() {
        return true;
    }

    @Override
    public StreamEncoder encoder(String requestId, long createdEpochSeconds, ChatCall call, ResponsePlan plan) {
        return new Frames(requestId, call, plan);
    }

    /** The events of one streamed response. */
    private static final class Frames implements StreamEncoder {
        private final SseFrames sse = new SseFrames("\r\n");
        private final ChatCall call;
        private final ResponsePlan plan;
        private final String trailer;
        private final byte[] prefix;
        private final ByteSink suffix = new ByteSink(256);
        /** Cumulative counts, as Gemini reports them on every chunk. */
        private int candidates;
        private int thoughts;

        Frames(String requestId, ChatCall call, ResponsePlan plan) {
            this.call = call;
            this.plan = plan;
            this.thoughts = plan.hiddenReasoning;
            this.trailer = ",\"modelVersion\": " + HttpWire.quote(call.model()) + ",\"responseId\": \"" + requestId
                    + "\"}";
            this.prefix = sse.prefix(null, "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"");
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
            if (piece.part() == ResponsePlan.Part.REASONING) {
                thoughts += piece.tokens();
            } else {
                candidates += piece.tokens();
            }
            suffix.reset();
            if (piece.part() == ResponsePlan.Part.TEXT) {
                suffix.ascii("\"}],\"role\": \"model\"},\"index\": 0}],");
                usage(suffix);
                suffix.utf8(trailer).ascii("\r\n\r\n");
                sse.spliced(out, prefix, piece, plan, suffix.toByteArray());
                return;
            }
            String part = piece.part() == ResponsePlan.Part.REASONING
                    ? "{\"text\": \"" + plan.words(piece, 0) + "\",\"thought\": true}"
                    : "{\"functionCall\": {\"name\": \"" + ResponsePlan.toolName(piece.call()) + "\",\"args\": "
                            + plan.arguments(piece.call(), 0) + "}}";
            suffix.ascii("{\"candidates\": [{\"content\": {\"parts\": [").utf8(part)
                    .ascii("],\"role\": \"model\"},\"index\": 0}],");
            usage(suffix);
            suffix.utf8(trailer);
            sse.event(out, null, new String(suffix.toByteArray(), StandardCharsets.UTF_8));
        }

        private void usage(ByteSink out) {
            long total = (long) call.promptTokens() + candidates + thoughts;
            out.ascii("\"usageMetadata\": {\"promptTokenCount\": ").ascii(Integer.toString(call.promptTokens()))
                    .ascii(",\"candidatesTokenCount\": ").ascii(Integer.toString(candidates))
                    .ascii(",\"totalTokenCount\": ").ascii(Long.toString(total))
                    .ascii(",\"promptTokensDetails\": [{\"modality\": \"TEXT\",\"tokenCount\": ")
                    .ascii(Integer.toString(call.promptTokens())).ascii("}]");
            if (thoughts > 0) {
                out.ascii(",\"thoughtsTokenCount\": ").ascii(Integer.toString(thoughts));
            }
            out.ascii("}");
        }

        @Override
        public void malformed(ByteSink out) {
            sse.malformed(out, prefix);
        }

        @Override
        public void tail(ByteSink out, Tail tail) {
            ByteSink data = new ByteSink(256);
            data.ascii("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"\"}],\"role\": \"model\"},")
                    .ascii("\"finishReason\": \"").ascii(tail.truncated() ? "MAX_TOKENS" : "STOP")
                    .ascii("\",\"index\": 0}],");
            usage(data);
            data.utf8(trailer);
            sse.event(out, null, new String(data.toByteArray(), StandardCharsets.UTF_8), plan.streamEnd);
            out.put(HttpWire.TERMINATOR);
        }
    }

    @Override
    public byte[] fault(Fault fault, ChatCall call, Script script, boolean keepAlive, String requestId,
                        long processingMs) {
        return switch (fault) {
            case HTTP_429 -> response(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your"
                    + " plan and billing details (simulated). Please retry in " + script.retryAfterSeconds + "s.",
                    keepAlive, requestId, processingMs);
            case HTTP_500 -> response(500, "INTERNAL", "An internal error has occurred. Please retry or report in"
                    + " https://developers.generativeai.google/guide/troubleshooting", keepAlive, requestId,
                    processingMs);
            case HTTP_503 -> response(503, "UNAVAILABLE", "The model is overloaded. Please try again later.",
                    keepAlive, requestId, processingMs);
            default -> throw new IllegalStateException("not an HTTP error fault: " + fault);
        };
    }

    @Override
    public byte[] error(int status, ChatCall.BadRequest problem, boolean keepAlive, String requestId) {
        return response(status, status == 404 ? "NOT_FOUND" : "INVALID_ARGUMENT", problem.getMessage(), keepAlive,
                requestId, 0);
    }

    private static byte[] response(int status, String code, String message, boolean keepAlive, String requestId,
                                   long processingMs) {
        byte[] body = ("{\n  \"error\": {\n    \"code\": " + status + ",\n    \"message\": " + HttpWire.quote(message)
                + ",\n    \"status\": \"" + code + "\"\n  }\n}\n").getBytes(StandardCharsets.UTF_8);
        return HttpWire.response(status, "application/json; charset=UTF-8", body, keepAlive,
                headers(requestId, processingMs));
    }

    @Override
    public String[] warmUpRequest(String model) {
        return new String[] {"POST", "/v1beta/models/" + model + ":streamGenerateContent?alt=sse",
            "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"warm up\"}]}],"
                    + "\"generationConfig\":{\"maxOutputTokens\":3}}"};
    }
}
