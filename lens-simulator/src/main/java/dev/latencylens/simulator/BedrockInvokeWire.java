package dev.latencylens.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Amazon Bedrock's {@code InvokeModelWithResponseStream} ({@code POST /model/{modelId}/invoke-with-response-stream})
 * as the simulator speaks it: the AWS event-stream framing ({@link EventStreamFrames}, CRCs included) of one
 * {@code chunk} event per native stream event, each payload {@code {"bytes": base64(native JSON), "p": padding}},
 * in the native format of the model family the id names ({@link Family}: Anthropic, Meta Llama, Mistral, Amazon
 * Titan Text and Nova, Cohere Command R; a cross-region prefix such as {@code us.} is skipped). The last chunk
 * carries {@code amazon-bedrock-invocationMetrics} from the request's ground truth: token counts,
 * {@code firstByteLatency} (arrival to the first content chunk leaving) and {@code invocationLatency} (arrival to
 * the last chunk), whole milliseconds rounded down, as Bedrock reports them. Faults and errors as
 * {@link BedrockWire}, whose shapes Bedrock uses for both APIs.
 *
 * <p>What the plan adds: the Anthropic family's chunks are Anthropic's own events ({@link AnthropicWire.Blocks}:
 * thinking, text and {@code tool_use} blocks), Nova's are ConverseStream's ({@link BedrockWire.Blocks}:
 * {@code reasoningContent} and {@code toolUse}). The other families' native streams carry text only, so their
 * responses have neither reasoning nor tool calls ({@link #reasoningAndToolCalls}).
 */
final class BedrockInvokeWire implements Dialect {

    static final BedrockInvokeWire INSTANCE = new BedrockInvokeWire();

    private static final byte[] CHUNK = EventStreamFrames.eventHeaders("chunk");
    private static final byte[] STREAM_ERROR = EventStreamFrames.exceptionHeaders("modelStreamErrorException");
    private static final String PADDING = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123";

    private BedrockInvokeWire() {
    }

    @Override
    public String name() {
        return "bedrock-invoke";
    }

    @Override
    public ChatCall parse(HttpRequest request, String pathModel) throws ChatCall.BadRequest {
        Family family = Family.of(pathModel);
        if (family == null) {
            throw new ChatCall.BadRequest("The Latency Lens simulator serves invoke-with-response-stream for"
                    + " anthropic.*, meta.llama*, mistral.*, amazon.titan-text*, amazon.nova* and cohere.command-r*"
                    + " models, not " + pathModel, "modelId", "ValidationException");
        }
        JsonNode root = ChatCall.object(request.body(), "Malformed input request, please reformat your input and"
                + " try again.");
        return family.parse(root, pathModel);
    }

    @Override
    public void streamHead(ByteSink out, String requestId, boolean keepAlive, long processingMs) {
        BedrockWire.INSTANCE.streamHead(out, requestId, keepAlive, processingMs);
    }

    /** Only the Anthropic and Nova families' native streams say reasoning and tool calls. */
    @Override
    public boolean reasoningAndToolCalls(ChatCall call) {
        Family family = Family.of(call.model()); // parse() accepted the model
        return family == Family.ANTHROPIC || family == Family.NOVA;
    }

    @Override
    public StreamEncoder encoder(String requestId, long createdEpochSeconds, ChatCall call, ResponsePlan plan) {
        return new Frames(Family.of(call.model()).chunks(requestId, call, plan));
    }

    @Override
    public byte[] fault(Fault fault, ChatCall call, Script script, boolean keepAlive, String requestId,
                        long processingMs) {
        return BedrockWire.INSTANCE.fault(fault, call, script, keepAlive, requestId, processingMs);
    }

    @Override
    public byte[] error(int status, ChatCall.BadRequest problem, boolean keepAlive, String requestId) {
        return BedrockWire.INSTANCE.error(status, problem, keepAlive, requestId);
    }

    @Override
    public String[] warmUpRequest(String model) {
        return new String[] {"POST", "/model/" + model + "/invoke-with-response-stream",
            "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":3,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"warm up\"}]}"};
    }

    /** The chunks of one stream, each native event base64-encoded in a padded {@code chunk} message. */
    private static final class Frames implements StreamEncoder {
        private final EventStreamFrames frames = new EventStreamFrames();
        private final ByteSink payload = new ByteSink(512);
        private final Chunks chunks;

        Frames(Chunks chunks) {
            this.chunks = chunks;
        }

        private void chunk(ByteSink out, String json, boolean breakCrc) {
            payload.reset();
            payload.ascii("{\"bytes\":\"")
                    .ascii(Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)))
                    .ascii("\",\"p\":\"").ascii(PADDING.substring(0, 1 + json.length() % (PADDING.length() - 1)))
                    .ascii("\"}");
            frames.write(out, CHUNK, payload, breakCrc);
        }

        private JsonEvents to(ByteSink out) {
            return (name, json) -> chunk(out, json, false);
        }

        @Override
        public void start(ByteSink out) {
            chunks.start(to(out));
        }

        @Override
        public boolean keepAlive(ByteSink out) {
            return false;
        }

        @Override
        public void content(ByteSink out, ResponsePlan.Piece piece) {
            chunks.content(to(out), piece);
        }

        @Override
        public void malformed(ByteSink out) {
            chunk(out, chunks.malformed(), true);
        }

        /** The family's last chunks; the very last one also carries the invocation metrics. */
        @Override
        public void tail(ByteSink out, Tail tail) {
            List<String> end = new ArrayList<>(4);
            chunks.end((name, json) -> end.add(json), tail);
            for (int i = 0; i < end.size(); i++) {
                String json = end.get(i);
                if (i == end.size() - 1) {
                    json = json.substring(0, json.length() - 1) + ",\"amazon-bedrock-invocationMetrics\":"
                            + metrics(tail) + "}";
                }
                chunk(out, json, false);
            }
            out.put(HttpWire.TERMINATOR);
        }

        private static String metrics(Tail tail) {
            return "{\"inputTokenCount\":" + tail.promptTokens() + ",\"outputTokenCount\":" + tail.outputTokens()
                    + ",\"invocationLatency\":" + tail.processingNanos() / 1_000_000
                    + ",\"firstByteLatency\":" + tail.promptNanos() / 1_000_000 + "}";
        }

        @Override
        public void abort(ByteSink out) {
            payload.reset();
            payload.utf8("{\"message\":\"An error occurred while streaming the response. Retry your request.\","
                    + "\"originalStatusCode\":500}");
            frames.write(out, STREAM_ERROR, payload, false);
        }
    }

    /** The native events of one stream in a family's format, each the JSON of one chunk. */
    interface Chunks {

        /** The chunks before any content. */
        void start(JsonEvents out);

        /** One content event's chunks. */
        void content(JsonEvents out, ResponsePlan.Piece piece);

        /** A text chunk, sent with a broken CRC. */
        String malformed();

        /** The chunks after the last content; the last gets the invocation metrics. */
        void end(JsonEvents out, StreamEncoder.Tail tail);
    }

    /** A family whose native stream carries text only: one chunk per content event, the family's end. */
    private record TextChunks(Family family, String requestId, ChatCall call, ResponsePlan plan) implements Chunks {

        @Override
        public void start(JsonEvents out) {
            for (String json : family.start(requestId, call)) {
                out.event(null, json);
            }
        }

        @Override
        public void content(JsonEvents out, ResponsePlan.Piece piece) {
            out.event(null, family.delta(HttpWire.quote(plan.words(piece, 0))));
        }

        @Override
        public String malformed() {
            return family.delta("\"lorem\"");
        }

        @Override
        public void end(JsonEvents out, StreamEncoder.Tail tail) {
            for (String json : family.end(tail, call, plan)) {
                out.event(null, json);
            }
        }
    }

    /**
     * The native formats, by model-id prefix: how a request names its output limit and prompt, and the JSON of
     * the chunks ({@link #chunks}; a text family's content chunk takes the text already quoted as a JSON string).
     */
    enum Family {
        ANTHROPIC("anthropic") {
            @Override
            ChatCall parse(JsonNode root, String model) throws ChatCall.BadRequest {
                if (!root.path("anthropic_version").isTextual()) {
                    throw new ChatCall.BadRequest("Malformed input request: #: required key [anthropic_version] not"
                            + " found, please reformat your input and try again.", "anthropic_version",
                            "ValidationException");
                }
                JsonNode system = root.path("system");
                long chars = ChatCall.textChars(root.path("messages"))
                        + (system.isTextual() ? system.asText().length() : ChatCall.textChars(system));
                return call(model, ChatCall.maxTokens(root, "max_tokens", Integer.MAX_VALUE), chars);
            }

            /** Anthropic's events ({@link AnthropicWire.Blocks}), after a {@code message_start} of Bedrock's. */
            @Override
            Chunks chunks(String requestId, ChatCall call, ResponsePlan plan) {
                AnthropicWire.Blocks blocks = new AnthropicWire.Blocks(requestId, plan);
                return new Chunks() {
                    @Override
                    public void start(JsonEvents out) {
                        out.event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_bdrk_"
                                + requestId + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
                                + HttpWire.quote(call.model()) + ",\"content\":[],\"stop_reason\":null,"
                                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + call.promptTokens()
                                + ",\"output_tokens\":1}}}");
                        blocks.start(out);
                    }

                    @Override
                    public void content(JsonEvents out, ResponsePlan.Piece piece) {
                        blocks.content(out, piece);
                    }

                    @Override
                    public String malformed() {
                        return AnthropicWire.Blocks.textDeltaPrefix(blocks.index()) + "lorem\"}}";
                    }

                    @Override
                    public void end(JsonEvents out, StreamEncoder.Tail tail) {
                        blocks.end(out, tail);
                        out.event("message_stop", AnthropicWire.Blocks.MESSAGE_STOP);
                    }
                };
            }
        },
        LLAMA("meta.llama") {
            @Override
            ChatCall parse(JsonNode root, String model) throws ChatCall.BadRequest {
                return call(model, ChatCall.maxTokens(root, "max_gen_len", 512), prompt(root));
            }

            @Override
            String delta(String quoted) {
                return "{\"generation\":" + quoted + ",\"prompt_token_count\":null,\"generation_token_count\":null,"
                        + "\"stop_reason\":null}";
            }

            @Override
            String[] end(StreamEncoder.Tail tail, ChatCall call, ResponsePlan plan) {
                return new String[] {"{\"generation\":\"\",\"prompt_token_count\":null,\"generation_token_count\":"
                        + tail.outputTokens() + ",\"stop_reason\":\"" + (tail.truncated() ? "length" : "stop")
                        + "\"}"};
            }
        },
        MISTRAL("mistral") {
            @Override
            ChatCall parse(JsonNode root, String model) throws ChatCall.BadRequest {
                return call(model, ChatCall.maxTokens(root, "max_tokens", 8192), prompt(root));
            }

            @Override
            String delta(String quoted) {
                return "{\"outputs\":[{\"text\":" + quoted + ",\"stop_reason\":null}]}";
            }

            @Override
            String[] end(StreamEncoder.Tail tail, ChatCall call, ResponsePlan plan) {
                return new String[] {"{\"outputs\":[{\"text\":\"\",\"stop_reason\":\""
                        + (tail.truncated() ? "length" : "stop") + "\"}]}"};
            }
        },
        TITAN("amazon.titan-text") {
            @Override
            ChatCall parse(JsonNode root, String model) throws ChatCall.BadRequest {
                return call(model, ChatCall.maxTokens(root.path("textGenerationConfig"), "maxTokenCount", 512),
                        root.path("inputText").asText("").length());
            }

            @Override
            String delta(String quoted) {
                return "{\"outputText\":" + quoted + ",\"index\":0,\"totalOutputTextTokenCount\":null,"
                        + "\"completionReason\":null,\"inputTextTokenCount\":null}";
            }

            @Override
            String[] end(StreamEncoder.Tail tail, ChatCall call, ResponsePlan plan) {
                return new String[] {"{\"outputText\":\"\",\"index\":0,\"totalOutputTextTokenCount\":"
                        + tail.outputTokens() + ",\"completionReason\":\"" + (tail.truncated() ? "LENGTH" : "FINISH")
                        + "\",\"inputTextTokenCount\":" + call.promptTokens() + "}"};
            }
        },
        NOVA("amazon.nova") {
            @Override
            ChatCall parse(JsonNode root, String model) throws ChatCall.BadRequest {
                return call(model, ChatCall.maxTokens(root.path("inferenceConfig"), "maxTokens", 5000),
                        ChatCall.textChars(root.path("messages")) + ChatCall.textChars(root.path("system")));
            }

            /**
             * ConverseStream's events ({@link BedrockWire.Blocks}), each under its name
             * ({@code {"contentBlockDelta": {...}}}), between {@code messageStart} and {@code metadata}.
             */
            @Override
            Chunks chunks(String requestId, ChatCall call, ResponsePlan plan) {
                BedrockWire.Blocks blocks = new BedrockWire.Blocks(requestId, plan);
                return new Chunks() {
                    @Override
                    public void start(JsonEvents out) {
                        event(out, "messageStart", "{\"role\":\"assistant\"}");
                    }

                    @Override
                    public void content(JsonEvents out, ResponsePlan.Piece piece) {
                        blocks.content(named(out), piece);
                    }

                    @Override
                    public String malformed() {
                        return "{\"contentBlockDelta\":" + blocks.delta(new ResponsePlan.Piece(ResponsePlan.Part.TEXT,
                                0, 1, 1)) + "}";
                    }

                    @Override
                    public void end(JsonEvents out, StreamEncoder.Tail tail) {
                        blocks.end(named(out), tail);
                        event(out, "metadata", "{\"usage\":{\"inputTokens\":" + call.promptTokens()
                                + ",\"outputTokens\":" + tail.outputTokens() + "},\"metrics\":{},\"trace\":{}}");
                    }

                    private JsonEvents named(JsonEvents out) {
                        return (name, json) -> event(out, name, json);
                    }

                    private void event(JsonEvents out, String name, String json) {
                        out.event(name, "{\"" + name + "\":" + json + "}");
                    }
                };
            }
        },
        COHERE("cohere.command-r") {
            @Override
            ChatCall parse(JsonNode root, String model) throws ChatCall.BadRequest {
                long chars = root.path("message").asText("").length() + root.path("preamble").asText("").length();
                for (JsonNode m : root.path("chat_history")) {
                    chars += m.path("message").asText("").length();
                }
                return call(model, ChatCall.maxTokens(root, "max_tokens", 4000), chars);
            }

            @Override
            String[] start(String requestId, ChatCall call) {
                return new String[] {"{\"is_finished\":false,\"event_type\":\"stream-start\",\"generation_id\":\""
                        + requestId + "\"}"};
            }

            @Override
            String delta(String quoted) {
                return "{\"is_finished\":false,\"event_type\":\"text-generation\",\"text\":" + quoted + "}";
            }

            @Override
            String[] end(StreamEncoder.Tail tail, ChatCall call, ResponsePlan plan) {
                return new String[] {"{\"is_finished\":true,\"event_type\":\"stream-end\",\"finish_reason\":\""
                        + (tail.truncated() ? "MAX_TOKENS" : "COMPLETE") + "\",\"response\":{\"text\":"
                        + HttpWire.quote(plan.text(0)) + ",\"meta\":{\"billed_units\":{\"input_tokens\":"
                        + call.promptTokens() + ",\"output_tokens\":" + tail.outputTokens() + "}}}}"};
            }
        };

        private final String prefix;

        Family(String prefix) {
            this.prefix = prefix;
        }

        /** The family of {@code modelId}, null when it is none; the simulator's own warm-up speaks Anthropic's. */
        static Family of(String modelId) {
            if (modelId.equals(ProfileTable.WARM_UP_MODEL)) {
                return ANTHROPIC;
            }
            String id = modelId.substring(modelId.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
            String unprefixed = id.replaceFirst("^[a-z]{2,6}(-[a-z]+)?\\.", "");
            for (Family f : values()) {
                if (id.startsWith(f.prefix) || unprefixed.startsWith(f.prefix)) {
                    return f;
                }
            }
            return null;
        }

        abstract ChatCall parse(JsonNode root, String model) throws ChatCall.BadRequest;

        /** The chunks of one stream to {@code call}; of a text family by default ({@link #delta}, {@link #end}). */
        Chunks chunks(String requestId, ChatCall call, ResponsePlan plan) {
            return new TextChunks(this, requestId, call, plan);
        }

        /** A text family's chunks before any content (none for most). */
        String[] start(String requestId, ChatCall call) {
            return new String[0];
        }

        /** A text family's content chunk carrying {@code quoted}, a JSON string literal. */
        String delta(String quoted) {
            throw new UnsupportedOperationException(name() + " writes its own chunks");
        }

        /** A text family's chunks after the last content; the last gets the invocation metrics. */
        String[] end(StreamEncoder.Tail tail, ChatCall call, ResponsePlan plan) {
            throw new UnsupportedOperationException(name() + " writes its own chunks");
        }

        static ChatCall call(String model, int maxTokens, long promptChars) {
            return new ChatCall(model, true, false, maxTokens, ChatCall.promptTokens(promptChars));
        }

        static long prompt(JsonNode root) {
            return root.path("prompt").asText("").length();
        }
    }
}
