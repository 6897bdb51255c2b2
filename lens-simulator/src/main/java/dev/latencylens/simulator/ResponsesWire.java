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
 *
 * <p>What the plan adds, each part an output item of its own, numbered by {@code output_index} in order: reasoning
 * as a {@code reasoning} item streaming {@code response.reasoning_summary_text.delta}s; each tool call as a
 * {@code function_call} item, whose {@code response.output_item.added} carries its {@code call_id} and name, then
 * {@code response.function_call_arguments.delta}s. An item's {@code .done} events go out when the next one begins;
 * usage counts reasoning in {@code output_tokens_details.reasoning_tokens}.
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
    public StreamEncoder encoder(String requestId, long createdEpochSeconds, ChatCall call, ResponsePlan plan) {
        return new Frames(requestId, createdEpochSeconds, call, plan);
    }

    /** The events of one streamed response. */
    private static final class Frames implements StreamEncoder {
        private final SseFrames sse = new SseFrames("\n");
        private final String requestId;
        private final long created;
        private final ChatCall call;
        private final ResponsePlan plan;
        private final byte[] deltaHead;
        private final byte[] suffix;
        private final ByteSink prefix = new ByteSink(256);
        /** The finished items, as {@code response.output} lists them. */
        private final StringBuilder output = new StringBuilder();
        /** The output items; the open one's id. */
        private final ContentBlocks items = new ContentBlocks();
        private String itemId;
        private byte[] deltaMiddle;
        private int sequence;

        Frames(String requestId, long created, ChatCall call, ResponsePlan plan) {
            this.requestId = requestId;
            this.created = created;
            this.call = call;
            this.plan = plan;
            this.deltaHead = sse.prefix("response.output_text.delta",
                    "{\"type\":\"response.output_text.delta\",\"sequence_number\":");
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
            event(out, type, fields, StreamEnd.BLANK_LINE);
        }

        private void event(ByteSink out, String type, String fields, StreamEnd end) {
            sse.event(out, type, "{\"type\":\"" + type + "\",\"sequence_number\":" + sequence++ + "," + fields + "}",
                    end);
        }

        @Override
        public void start(ByteSink out) {
            event(out, "response.created", "\"response\":" + response("in_progress", "null", "", "null"));
            event(out, "response.in_progress", "\"response\":" + response("in_progress", "null", "", "null"));
            if (plan.events > 0 && plan.piece(0).part() != ResponsePlan.Part.TOOL_START) {
                open(out, plan.piece(0));
            }
        }

        @Override
        public boolean keepAlive(ByteSink out) {
            sse.comment(out, "keep-alive");
            return true;
        }

        /** Closes the open item and opens the one {@code piece} belongs to, unless it is already open. */
        private void open(ByteSink out, ResponsePlan.Piece piece) {
            if (items.holds(piece)) {
                return;
            }
            close(out);
            items.next(piece);
            int item = items.index();
            String at = "\"output_index\":" + item + ",";
            switch (items.part()) {
                case REASONING -> {
                    itemId = "rs_" + requestId;
                    event(out, "response.output_item.added", at + "\"item\":{\"id\":\"" + itemId
                            + "\",\"type\":\"reasoning\",\"summary\":[]}");
                    event(out, "response.reasoning_summary_part.added", "\"item_id\":\"" + itemId + "\"," + at
                            + "\"summary_index\":0,\"part\":{\"type\":\"summary_text\",\"text\":\"\"}");
                }
                case TEXT -> {
                    itemId = "msg_" + requestId;
                    deltaMiddle = (",\"item_id\":\"" + itemId + "\",\"output_index\":" + item
                            + ",\"content_index\":0,\"delta\":\"").getBytes(StandardCharsets.UTF_8);
                    event(out, "response.output_item.added", at + "\"item\":{\"id\":\"" + itemId
                            + "\",\"type\":\"message\",\"status\":\"in_progress\",\"content\":[],"
                            + "\"role\":\"assistant\"}");
                    event(out, "response.content_part.added", "\"item_id\":\"" + itemId + "\"," + at
                            + "\"content_index\":0,\"part\":{\"type\":\"output_text\",\"annotations\":[],"
                            + "\"logprobs\":[],\"text\":\"\"}");
                }
                default -> {
                    itemId = "fc_" + requestId + "_" + piece.call();
                    event(out, "response.output_item.added", at + "\"item\":" + functionCall("in_progress", ""));
                }
            }
        }

        private String functionCall(String status, String arguments) {
            return "{\"id\":\"" + itemId + "\",\"type\":\"function_call\",\"status\":\"" + status
                    + "\",\"arguments\":" + HttpWire.quote(arguments) + ",\"call_id\":\""
                    + ResponsePlan.toolCallId(requestId, items.call()) + "\",\"name\":\""
                    + ResponsePlan.toolName(items.call()) + "\"}";
        }

        /** The open item's {@code .done} events; its final form joins the response's output. */
        private void close(ByteSink out) {
            if (!items.open()) {
                return;
            }
            int item = items.index();
            String ids = "\"item_id\":\"" + itemId + "\",\"output_index\":" + item + ",";
            String done;
            switch (items.part()) {
                case REASONING -> {
                    String text = HttpWire.quote(plan.words(new ResponsePlan.Piece(ResponsePlan.Part.REASONING, 0, 0,
                            plan.reasoning), 0));
                    String summary = "{\"type\":\"summary_text\",\"text\":" + text + "}";
                    event(out, "response.reasoning_summary_text.done", ids + "\"summary_index\":0,\"text\":" + text);
                    event(out, "response.reasoning_summary_part.done", ids + "\"summary_index\":0,\"part\":" + summary);
                    done = "{\"id\":\"" + itemId + "\",\"type\":\"reasoning\",\"summary\":[" + summary + "]}";
                }
                case TEXT -> {
                    String text = HttpWire.quote(plan.text(0));
                    String part = "{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":" + text
                            + "}";
                    event(out, "response.output_text.done", ids + "\"content_index\":0,\"text\":" + text
                            + ",\"logprobs\":[]");
                    event(out, "response.content_part.done", ids + "\"content_index\":0,\"part\":" + part);
                    done = "{\"id\":\"" + itemId + "\",\"type\":\"message\",\"status\":\""
                            + ("length".equals(plan.finishReason) ? "incomplete" : "completed") + "\",\"content\":["
                            + part + "],\"role\":\"assistant\"}";
                }
                default -> {
                    String arguments = plan.arguments(items.call(), 0);
                    event(out, "response.function_call_arguments.done", ids + "\"arguments\":"
                            + HttpWire.quote(arguments));
                    done = functionCall("completed", arguments);
                }
            }
            event(out, "response.output_item.done", "\"output_index\":" + item + ",\"item\":" + done);
            output.append(output.length() == 0 ? "" : ",").append(done);
            items.closed();
        }

        private byte[] deltaPrefix() {
            prefix.reset();
            prefix.put(deltaHead).ascii(Integer.toString(sequence++)).put(deltaMiddle);
            return prefix.toByteArray();
        }

        @Override
        public void content(ByteSink out, ResponsePlan.Piece piece) {
            open(out, piece);
            String ids = "\"item_id\":\"" + itemId + "\",\"output_index\":" + items.index() + ",";
            switch (piece.part()) {
                case TEXT -> sse.spliced(out, deltaPrefix(), piece, plan, suffix);
                case REASONING -> event(out, "response.reasoning_summary_text.delta", ids + "\"summary_index\":0,"
                        + "\"delta\":\"" + plan.words(piece, 0) + "\"");
                case TOOL_ARGUMENTS -> event(out, "response.function_call_arguments.delta", ids + "\"delta\":"
                        + HttpWire.quote(plan.argumentsFragment(piece, 0)));
                default -> { } // TOOL_START: the item's added event is the event
            }
        }

        @Override
        public void malformed(ByteSink out) {
            if (deltaMiddle == null) {
                deltaMiddle = (",\"item_id\":\"msg_" + requestId + "\",\"output_index\":0,\"content_index\":0,"
                        + "\"delta\":\"").getBytes(StandardCharsets.UTF_8);
            }
            sse.malformed(out, deltaPrefix());
        }

        @Override
        public void tail(ByteSink out, Tail tail) {
            close(out);
            String usage = "{\"input_tokens\":" + tail.promptTokens()
                    + ",\"input_tokens_details\":{\"cached_tokens\":0},"
                    + "\"output_tokens\":" + tail.outputTokens() + ",\"output_tokens_details\":"
                    + "{\"reasoning_tokens\":" + tail.reasoningTokens() + "},\"total_tokens\":"
                    + (tail.promptTokens() + tail.outputTokens()) + "}";
            if (tail.truncated()) {
                event(out, "response.incomplete", "\"response\":" + response("incomplete",
                        "{\"reason\":\"max_output_tokens\"}", output.toString(), usage), plan.streamEnd);
            } else {
                event(out, "response.completed", "\"response\":" + response("completed", "null", output.toString(),
                        usage), plan.streamEnd);
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
