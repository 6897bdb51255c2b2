package dev.latencylens.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * OpenAI's Responses API ({@code POST /v1/responses}, {@code "stream": true}) as the simulator speaks it: typed
 * events with a {@code sequence_number}, {@code response.created}, {@code response.in_progress},
 * {@code response.output_item.added}, {@code response.content_part.added}, one {@code response.output_text.delta}
 * per content event, the {@code .done} events with the whole text, then {@code response.completed} with usage, or
 * {@code response.incomplete} ({@code incomplete_details.reason: "max_output_tokens"}) when the limit cut the answer.
 * Headers and errors are OpenAI's ({@link OpenAiWire}).
 */
final class ResponsesWire implements Dialect {

    static final ResponsesWire INSTANCE = new ResponsesWire();

    private ResponsesWire() {
    }

    @Override
    public String name() {
        return "openai-responses";
    }

    @Override
    public ChatCall parse(HttpRequest request, String pathModel) throws ChatCall.BadRequest {
        JsonNode root = ChatCall.object(request.body(), "We could not parse the JSON body of your request.");
        String model = ChatCall.model(root, "Missing required parameter: 'model'.", "missing_required_parameter");
        JsonNode input = root.path("input");
        long chars = input.isTextual() ? input.asText().length() : ChatCall.textChars(input);
        chars += root.path("instructions").asText("").length();
        return new ChatCall(model, ChatCall.bool(root, "stream"), false,
                ChatCall.maxTokens(root, "max_output_tokens", Integer.MAX_VALUE), ChatCall.promptTokens(chars));
    }

    @Override
    public void streamHead(ByteSink out, String requestId, boolean keepAlive, long processingMs) {
        OpenAiWire.CHAT.streamHead(out, requestId, keepAlive, processingMs);
    }

    @Override
    public StreamEncoder encoder(String requestId, long createdEpochSeconds, ChatCall call) {
        return new Frames(requestId, createdEpochSeconds, call);
    }

    /** The events of one streamed response. */
    private static final class Frames implements StreamEncoder {
        private final SseFrames sse = new SseFrames("\n");
        private final String requestId;
        private final long created;
        private final ChatCall call;
        private final String itemId;
        private final byte[] deltaHead;
        private final byte[] deltaMiddle;
        private final byte[] suffix;
        private final ByteSink prefix = new ByteSink(256);
        private int sequence;

        Frames(String requestId, long created, ChatCall call) {
            this.requestId = requestId;
            this.created = created;
            this.call = call;
            this.itemId = "msg_" + requestId;
            this.deltaHead = sse.prefix("response.output_text.delta",
                    "{\"type\":\"response.output_text.delta\",\"sequence_number\":");
            this.deltaMiddle = (",\"item_id\":\"" + itemId + "\",\"output_index\":0,\"content_index\":0,\"delta\":\"")
                    .getBytes(StandardCharsets.UTF_8);
            this.suffix = sse.suffix("\",\"logprobs\":[]}");
        }

        private String response(String status, String incomplete, String output, String usage) {
            return "{\"id\":\"resp_" + requestId + "\",\"object\":\"response\",\"created_at\":" + created
                    + ",\"status\":\"" + status + "\",\"background\":false,\"error\":null,\"incomplete_details\":"
                    + incomplete + ",\"instructions\":null,\"max_output_tokens\":"
                    + (call.maxTokens() == Integer.MAX_VALUE ? "null" : Integer.toString(call.maxTokens()))
                    + ",\"model\":" + HttpWire.quote(call.model()) + ",\"output\":[" + output + "],"
                    + "\"parallel_tool_calls\":true,\"previous_response_id\":null,\"reasoning\":{\"effort\":null,"
                    + "\"summary\":null},\"store\":true,\"temperature\":1.0,\"text\":{\"format\":{\"type\":\"text\"}},"
                    + "\"tool_choice\":\"auto\",\"tools\":[],\"top_p\":1.0,\"truncation\":\"disabled\",\"usage\":"
                    + usage + ",\"user\":null,\"metadata\":{}}";
        }

        private void event(ByteSink out, String type, String fields) {
            sse.event(out, type, "{\"type\":\"" + type + "\",\"sequence_number\":" + sequence++ + "," + fields + "}");
        }

        @Override
        public void start(ByteSink out) {
            event(out, "response.created", "\"response\":" + response("in_progress", "null", "", "null"));
            event(out, "response.in_progress", "\"response\":" + response("in_progress", "null", "", "null"));
            event(out, "response.output_item.added", "\"output_index\":0,\"item\":{\"id\":\"" + itemId
                    + "\",\"type\":\"message\",\"status\":\"in_progress\",\"content\":[],\"role\":\"assistant\"}");
            event(out, "response.content_part.added", "\"item_id\":\"" + itemId + "\",\"output_index\":0,"
                    + "\"content_index\":0,\"part\":{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],"
                    + "\"text\":\"\"}");
        }

        @Override
        public boolean keepAlive(ByteSink out) {
            sse.comment(out, "keep-alive");
            return true;
        }

        private byte[] deltaPrefix() {
            prefix.reset();
            prefix.put(deltaHead).ascii(Integer.toString(sequence++)).put(deltaMiddle);
            return prefix.toByteArray();
        }

        @Override
        public void content(ByteSink out, int wordOffset, int firstToken, int tokens) {
            sse.spliced(out, deltaPrefix(), wordOffset, firstToken, tokens, suffix);
        }

        @Override
        public void malformed(ByteSink out) {
            sse.malformed(out, deltaPrefix());
        }

        @Override
        public void tail(ByteSink out, Tail tail) {
            String text = HttpWire.quote(tail.text());
            String part = "{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":" + text + "}";
            String ids = "\"item_id\":\"" + itemId + "\",\"output_index\":0,\"content_index\":0,";
            String item = "{\"id\":\"" + itemId + "\",\"type\":\"message\",\"status\":\""
                    + (tail.truncated() ? "incomplete" : "completed") + "\",\"content\":[" + part
                    + "],\"role\":\"assistant\"}";
            event(out, "response.output_text.done", ids + "\"text\":" + text + ",\"logprobs\":[]");
            event(out, "response.content_part.done", ids + "\"part\":" + part);
            event(out, "response.output_item.done", "\"output_index\":0,\"item\":" + item);
            String usage = "{\"input_tokens\":" + tail.promptTokens() + ",\"input_tokens_details\":{\"cached_tokens\":0},"
                    + "\"output_tokens\":" + tail.outputTokens() + ",\"output_tokens_details\":"
                    + "{\"reasoning_tokens\":0},\"total_tokens\":" + ((long) tail.promptTokens() + tail.outputTokens())
                    + "}";
            if (tail.truncated()) {
                event(out, "response.incomplete", "\"response\":" + response("incomplete",
                        "{\"reason\":\"max_output_tokens\"}", item, usage));
            } else {
                event(out, "response.completed", "\"response\":" + response("completed", "null", item, usage));
            }
            out.put(HttpWire.TERMINATOR);
        }
    }

    @Override
    public byte[] fault(Fault fault, ChatCall call, Script script, boolean keepAlive, String requestId,
                        long processingMs) {
        return OpenAiWire.CHAT.fault(fault, call, script, keepAlive, requestId, processingMs);
    }

    @Override
    public byte[] error(int status, ChatCall.BadRequest problem, boolean keepAlive, String requestId) {
        return OpenAiWire.CHAT.error(status, problem, keepAlive, requestId);
    }

    @Override
    public String[] warmUpRequest(String model) {
        return new String[] {"POST", "/v1/responses", "{\"model\":\"" + model + "\",\"stream\":true,"
                + "\"max_output_tokens\":3,\"input\":[{\"role\":\"user\",\"content\":\"warm up\"}]}"};
    }
}
