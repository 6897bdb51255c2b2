package dev.latencylens.internal.provider.bedrock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.Message;
import dev.latencylens.internal.provider.AdapterSupport;
import dev.latencylens.results.BenchmarkDescriptor;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The model families {@code InvokeModelWithResponseStream} serves, each with its own native request body (Bedrock
 * passes it to the model as it is), chosen from the model id: {@code anthropic.*}, {@code meta.llama*},
 * {@code mistral.*}, {@code amazon.titan-text*}, {@code amazon.nova*}, {@code cohere.command-r*}. Cross-region
 * inference profiles ({@code us.anthropic.…}, {@code eu.}, {@code apac.}, {@code global.}, …) and ARNs that end in
 * such an id ({@code arn:aws:bedrock:…:inference-profile/us.meta.llama3-…}) are read the same way.
 *
 * <p>Every body ends with the request's extras, verbatim ({@link AdapterSupport#putExtras}): e.g. {@code top_p},
 * Anthropic's {@code thinking}. The answers come back as {@code chunk} events decoded by
 * {@link BedrockInvokeStreamDecoder}.
 */
enum InvokeFamily {

    /**
     * Anthropic's Messages API: {@code anthropic_version: "bedrock-2023-05-31"} (required), {@code max_tokens},
     * {@code system} when set, {@code messages}, {@code temperature} when set, {@code stop_sequences} when not
     * empty. Each chunk is one of Anthropic's stream events.
     */
    ANTHROPIC("anthropic") {
        @Override
        void putBody(ObjectNode body, ChatRequest request, BenchmarkDescriptor benchmark) {
            body.put("anthropic_version", "bedrock-2023-05-31");
            body.put("max_tokens", AdapterSupport.maxTokens(request, benchmark));
            request.system().ifPresent(system -> body.put("system", system));
            AdapterSupport.putMessages(body.putArray("messages"), request, false);
            AdapterSupport.temperature(request, benchmark).ifPresent(t -> body.put("temperature", t));
            AdapterSupport.putStop(body, "stop_sequences", request);
        }
    },

    /**
     * Meta Llama: {@code prompt} in the Llama 3 chat template ({@code <|begin_of_text|>}, a
     * {@code <|start_header_id|>role<|end_header_id|>} block per message closed by {@code <|eot_id|>}, then the
     * assistant's header), {@code max_gen_len}, {@code temperature} when set. Llama on Bedrock takes no stop
     * sequences: they are not sent. Chunks carry {@code generation}.
     */
    LLAMA("meta.llama") {
        @Override
        void putBody(ObjectNode body, ChatRequest request, BenchmarkDescriptor benchmark) {
            StringBuilder prompt = new StringBuilder("<|begin_of_text|>");
            request.system().ifPresent(system -> header(prompt, "system").append(system).append("<|eot_id|>"));
            for (Message m : request.messages()) {
                header(prompt, role(m)).append(m.content()).append("<|eot_id|>");
            }
            header(prompt, "assistant");
            body.put("prompt", prompt.toString());
            body.put("max_gen_len", AdapterSupport.maxTokens(request, benchmark));
            AdapterSupport.temperature(request, benchmark).ifPresent(t -> body.put("temperature", t));
        }

        private StringBuilder header(StringBuilder prompt, String role) {
            return prompt.append("<|start_header_id|>").append(role).append("<|end_header_id|>\n\n");
        }
    },

    /**
     * Mistral: {@code prompt} as {@code <s>[INST] system\n\nuser [/INST] answer</s>[INST] user [/INST]},
     * {@code max_tokens}, {@code temperature} when set, {@code stop} when not empty. Chunks carry
     * {@code outputs[].text}.
     */
    MISTRAL("mistral") {
        @Override
        void putBody(ObjectNode body, ChatRequest request, BenchmarkDescriptor benchmark) {
            StringBuilder prompt = new StringBuilder("<s>");
            String system = request.system().map(s -> s + "\n\n").orElse("");
            for (Message m : request.messages()) {
                if (m.role() == Message.Role.USER) {
                    prompt.append("[INST] ").append(system).append(m.content()).append(" [/INST]");
                    system = "";
                } else {
                    prompt.append(' ').append(m.content()).append("</s>");
                }
            }
            body.put("prompt", prompt.toString());
            body.put("max_tokens", AdapterSupport.maxTokens(request, benchmark));
            AdapterSupport.temperature(request, benchmark).ifPresent(t -> body.put("temperature", t));
            AdapterSupport.putStop(body, "stop", request);
        }
    },

    /**
     * Amazon Titan Text: {@code inputText} (the system prompt, then {@code User: …} and {@code Bot: …} lines,
     * ending with {@code Bot:}, the conversation format Titan's documentation gives), {@code textGenerationConfig}
     * ({@code maxTokenCount}, {@code temperature} when set, {@code stopSequences} when not empty). Chunks carry
     * {@code outputText}.
     */
    TITAN("amazon.titan-text") {
        @Override
        void putBody(ObjectNode body, ChatRequest request, BenchmarkDescriptor benchmark) {
            StringBuilder text = new StringBuilder(request.system().map(s -> s + "\n\n").orElse(""));
            for (Message m : request.messages()) {
                text.append(m.role() == Message.Role.USER ? "User: " : "Bot: ").append(m.content()).append('\n');
            }
            body.put("inputText", text.append("Bot:").toString());
            ObjectNode config = body.putObject("textGenerationConfig");
            config.put("maxTokenCount", AdapterSupport.maxTokens(request, benchmark));
            AdapterSupport.temperature(request, benchmark).ifPresent(t -> config.put("temperature", t));
            AdapterSupport.putStop(config, "stopSequences", request);
        }
    },

    /**
     * Amazon Nova: the {@code messages-v1} schema ({@code schemaVersion}, {@code system: [{text}]} when set,
     * {@code messages: [{role, content: [{text}]}]}, {@code inferenceConfig} with {@code maxTokens},
     * {@code temperature} when set, {@code stopSequences} when not empty). Chunks carry Converse-like events
     * ({@code contentBlockDelta}, {@code messageStop}, {@code metadata}).
     */
    NOVA("amazon.nova") {
        @Override
        void putBody(ObjectNode body, ChatRequest request, BenchmarkDescriptor benchmark) {
            body.put("schemaVersion", "messages-v1");
            request.system().ifPresent(system -> body.putArray("system").addObject().put("text", system));
            ArrayNode messages = body.putArray("messages");
            for (Message m : request.messages()) {
                messages.addObject().put("role", role(m)).putArray("content").addObject().put("text", m.content());
            }
            ObjectNode config = body.putObject("inferenceConfig");
            config.put("maxTokens", AdapterSupport.maxTokens(request, benchmark));
            AdapterSupport.temperature(request, benchmark).ifPresent(t -> config.put("temperature", t));
            AdapterSupport.putStop(config, "stopSequences", request);
        }
    },

    /**
     * Cohere Command R and R+: {@code message} (the last message), {@code chat_history} (the ones before it, roles
     * {@code USER} and {@code CHATBOT}), {@code preamble} when a system prompt is set, {@code max_tokens},
     * {@code temperature} when set, {@code stop_sequences} when not empty. Chunks carry {@code event_type} and
     * {@code text}.
     */
    COHERE("cohere.command-r") {
        @Override
        void putBody(ObjectNode body, ChatRequest request, BenchmarkDescriptor benchmark) {
            List<Message> messages = request.messages();
            body.put("message", messages.isEmpty() ? "" : messages.get(messages.size() - 1).content());
            ArrayNode history = body.putArray("chat_history");
            for (Message m : messages.subList(0, Math.max(0, messages.size() - 1))) {
                history.addObject().put("role", m.role() == Message.Role.USER ? "USER" : "CHATBOT")
                        .put("message", m.content());
            }
            request.system().ifPresent(system -> body.put("preamble", system));
            body.put("max_tokens", AdapterSupport.maxTokens(request, benchmark));
            AdapterSupport.temperature(request, benchmark).ifPresent(t -> body.put("temperature", t));
            AdapterSupport.putStop(body, "stop_sequences", request);
        }
    };

    /** Where a cross-region inference profile puts its prefix: {@code us.anthropic.…}. */
    private static final Pattern GEO_PREFIX = Pattern.compile("^[a-z]{2,6}(-[a-z]+)?\\.");

    private final String idPrefix;

    InvokeFamily(String idPrefix) {
        this.idPrefix = idPrefix;
    }

    /** The model-id prefix that selects this family, e.g. {@code meta.llama}. */
    String idPrefix() {
        return idPrefix;
    }

    /**
     * The family of {@code modelId}.
     *
     * @throws IllegalArgumentException naming the id and the families served, when it is none of them
     */
    static InvokeFamily of(String modelId) {
        String id = modelId.substring(modelId.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        for (String candidate : new String[] {id, GEO_PREFIX.matcher(id).replaceFirst("")}) {
            for (InvokeFamily f : values()) {
                if (candidate.startsWith(f.idPrefix)) {
                    return f;
                }
            }
        }
        StringBuilder served = new StringBuilder();
        for (InvokeFamily f : values()) {
            served.append(served.length() == 0 ? "" : ", ").append(f.idPrefix).append('*');
        }
        throw new IllegalArgumentException("bedrock-invoke cannot tell the native format of model '" + modelId
                + "': the model id (or the end of its ARN) must start with one of " + served
                + ", optionally after a cross-region prefix such as us.; for another model use provider bedrock"
                + " (ConverseStream), which needs no native format");
    }

    /** The native JSON body of one streamed invocation. */
    final byte[] body(ChatRequest request, BenchmarkDescriptor benchmark) {
        ObjectNode body = AdapterSupport.MAPPER.createObjectNode();
        putBody(body, request, benchmark);
        AdapterSupport.putExtras(body, request.extra());
        return AdapterSupport.bytes(body);
    }

    abstract void putBody(ObjectNode body, ChatRequest request, BenchmarkDescriptor benchmark);

    private static String role(Message m) {
        return m.role() == Message.Role.USER ? "user" : "assistant";
    }
}
