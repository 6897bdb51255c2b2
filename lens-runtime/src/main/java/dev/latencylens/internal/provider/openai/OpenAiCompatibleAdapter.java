package dev.latencylens.internal.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.provider.AdapterSupport;
import dev.latencylens.internal.provider.ErrorBodies;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.ProviderRequest;
import dev.latencylens.spi.ServerFigure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The OpenAI Chat Completions protocol ({@code POST {base}/chat/completions} with {@code "stream": true}), spoken
 * by OpenAI itself and by the many servers that copy it: Mistral, OpenRouter, Together, Groq, DeepSeek, Fireworks,
 * vLLM, llama.cpp, Ollama and the embedded simulator. One class, parameterised; the built-in instances are in
 * {@link OpenAiCompatibleProviders}. A custom catalog can build one for any other compatible server:
 *
 * <pre>{@code
 * OpenAiCompatibleAdapter.builder("lmstudio")
 *     .defaultBaseUrl("http://localhost:1234/v1").baseUrlVariable("LMSTUDIO_BASE_URL")
 *     .optionalApiKey("LMSTUDIO_API_KEY")
 *     .build();
 * }</pre>
 *
 * <p>The body, in this order: {@code model}, {@code messages} (the system prompt first, as role {@code system}),
 * {@code stream: true}, {@code stream_options: {include_usage: true}} (unless the server rejects it, as Mistral
 * does; it reports usage anyway), the max-tokens field ({@code max_completion_tokens} for OpenAI,
 * {@code max_tokens} elsewhere; left out when an extra sets either), {@code temperature} when set,
 * {@code stop} when not empty, then every {@link ChatRequest#extra()} entry verbatim. An extra with the name of a
 * field above replaces its value in place, e.g. vLLM's
 * {@code extra("stream_options", Map.of("include_usage", true, "continuous_usage_stats", true))}, which gives
 * per-event token counts and so inter-token latency.
 *
 * <p>Immutable and thread-safe; decoding state lives in each {@link OpenAiStreamDecoder}.
 */
public final class OpenAiCompatibleAdapter implements ProviderAdapter {

    /** The body field that limits output tokens. */
    public enum MaxTokensField {
        /** {@code max_tokens}: accepted by every compatible server; deprecated by OpenAI. */
        MAX_TOKENS("max_tokens"),
        /** {@code max_completion_tokens}: OpenAI's current name, required by its reasoning models. */
        MAX_COMPLETION_TOKENS("max_completion_tokens");

        private final String jsonName;

        MaxTokensField(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }
    }

    /** OpenAI's (and Azure's) processing time header, in milliseconds; servers that do not send it lose nothing. */
    public static final Map<String, ServerFigure> PROCESSING_HEADER =
            Map.of("openai-processing-ms", ServerFigure.PROCESSING_MS);

    private static final List<String> INTERESTING_HEADERS = List.of(
            "x-request-id", "openai-processing-ms", "retry-after",
            "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests",
            "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens");

    private final String id;
    private final String defaultBaseUrl;
    private final String baseUrlVariable;
    private final Optional<String> apiKeyVariable;
    private final boolean requiresKey;
    private final MaxTokensField maxTokensField;
    private final boolean streamUsageOption;
    private final Map<String, String> headerVariables;
    private final IntFunction<Map<String, Object>> exactOutputLength;

    private OpenAiCompatibleAdapter(Builder b) {
        this.id = b.id;
        this.defaultBaseUrl = Objects.requireNonNull(b.defaultBaseUrl, "defaultBaseUrl");
        this.baseUrlVariable = Objects.requireNonNull(b.baseUrlVariable, "baseUrlVariable");
        this.apiKeyVariable = Optional.ofNullable(b.apiKeyVariable);
        this.requiresKey = b.requiresKey;
        this.maxTokensField = b.maxTokensField;
        this.streamUsageOption = b.streamUsageOption;
        this.headerVariables = Map.copyOf(b.headerVariables);
        this.exactOutputLength = b.exactOutputLength;
    }

    /** A builder for a compatible server with this provider id; base URL and its variable must be set. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    @Override
    public String baseUrlVariable() {
        return baseUrlVariable;
    }

    @Override
    public Optional<String> apiKeyVariable() {
        return apiKeyVariable;
    }

    @Override
    public boolean requiresKey() {
        return requiresKey;
    }

    @Override
    public Map<String, String> headerVariables() {
        return headerVariables;
    }

    /** The body field that limits output tokens. */
    public MaxTokensField maxTokensField() {
        return maxTokensField;
    }

    /** Whether {@code stream_options: {include_usage: true}} is sent. */
    public boolean sendsStreamUsageOption() {
        return streamUsageOption;
    }

    @Override
    public Map<String, Object> exactOutputLength(int tokens) {
        return exactOutputLength.apply(tokens);
    }

    @Override
    public ProviderRequest buildRequest(Endpoint endpoint, ChatRequest request, BenchmarkDescriptor benchmark) {
        return AdapterSupport.post(endpoint, endpoint.resolve("chat/completions"), body(request, benchmark),
                "text/event-stream", AdapterSupport.bearer(endpoint));
    }

    /** The JSON body of a streamed chat completion request (also sent by the Azure OpenAI adapter). */
    public byte[] body(ChatRequest request, BenchmarkDescriptor benchmark) {
        ObjectNode body = AdapterSupport.MAPPER.createObjectNode();
        body.put("model", benchmark.model());
        AdapterSupport.putMessages(body.putArray("messages"), request, true);
        body.put("stream", true);
        if (streamUsageOption) {
            body.putObject("stream_options").put("include_usage", true);
        }
        Map<String, Object> extra = request.extra();
        if (!extra.containsKey(MaxTokensField.MAX_TOKENS.jsonName())
                && !extra.containsKey(MaxTokensField.MAX_COMPLETION_TOKENS.jsonName())) {
            body.put(maxTokensField.jsonName(), AdapterSupport.maxTokens(request, benchmark));
        }
        AdapterSupport.temperature(request, benchmark).ifPresent(t -> body.put("temperature", t));
        AdapterSupport.putStop(body, "stop", request);
        extra.forEach((key, value) -> {
            try {
                body.set(key, AdapterSupport.MAPPER.valueToTree(value));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ChatRequest extra '" + key + "' cannot be written as JSON: "
                        + e.getMessage(), e);
            }
        });
        return AdapterSupport.bytes(body);
    }

    @Override
    public OpenAiStreamDecoder newDecoder() {
        return new OpenAiStreamDecoder();
    }

    /**
     * The provider's message from the usual error shapes: {@code {"error":{"message","type","code"}}} (as
     * {@code message [type/code]}), {@code {"error":"..."}}, {@code {"message":...}} (Mistral, whose message may be
     * a validation list), {@code {"detail":...}} (FastAPI servers such as vLLM); otherwise the body as plain text
     * (HTML tags removed, whitespace collapsed, at most 300 characters).
     */
    @Override
    public Optional<String> errorMessage(int httpStatus, String body) {
        return Optional.of(errorText(httpStatus, body));
    }

    static String errorText(int httpStatus, String body) {
        return ErrorBodies.message(body, OpenAiCompatibleAdapter::fromJson);
    }

    /** The message of a JSON error object, null when it has none. */
    private static String fromJson(JsonNode root) {
        JsonNode error = root.get("error");
        if (error != null && !error.isNull()) {
            return OpenAiStreamDecoder.describeError(error);
        }
        JsonNode message = root.get("message");
        if (message != null && !message.isNull()) {
            return withTags(ErrorBodies.describe(message), root);
        }
        JsonNode detail = root.get("detail");
        if (detail != null && !detail.isNull()) {
            return ErrorBodies.describe(detail);
        }
        return null;
    }

    /** {@code message [type/code]} with whichever of type and code the node has. */
    static String withTags(String message, JsonNode node) {
        return ErrorBodies.withTags(message, node, "type", "code");
    }

    @Override
    public List<String> interestingHeaders() {
        return INTERESTING_HEADERS;
    }

    @Override
    public Map<String, ServerFigure> serverFigureHeaders() {
        return PROCESSING_HEADER;
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleAdapter[" + id + ", " + defaultBaseUrl + "]";
    }

    /** Builds an {@link OpenAiCompatibleAdapter}. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private String defaultBaseUrl;
        private String baseUrlVariable;
        private String apiKeyVariable;
        private boolean requiresKey;
        private MaxTokensField maxTokensField = MaxTokensField.MAX_TOKENS;
        private boolean streamUsageOption = true;
        private final Map<String, String> headerVariables = new LinkedHashMap<>();
        private IntFunction<Map<String, Object>> exactOutputLength = tokens -> Map.of();

        private Builder(String id) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("provider id must not be blank");
            }
            this.id = id;
        }

        /** Used when neither {@code lens.<id>.baseUrl} nor the base URL variable is set. */
        public Builder defaultBaseUrl(String url) {
            this.defaultBaseUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /** The environment variable that overrides the base URL. */
        public Builder baseUrlVariable(String variable) {
            this.baseUrlVariable = Objects.requireNonNull(variable, "variable");
            return this;
        }

        /** The key comes from {@code variable} and the server refuses requests without one. */
        public Builder requiredApiKey(String variable) {
            this.apiKeyVariable = Objects.requireNonNull(variable, "variable");
            this.requiresKey = true;
            return this;
        }

        /** The key comes from {@code variable} when set; the server may run without one (self-hosted). */
        public Builder optionalApiKey(String variable) {
            this.apiKeyVariable = Objects.requireNonNull(variable, "variable");
            this.requiresKey = false;
            return this;
        }

        /** The server takes no key (the default). */
        public Builder noApiKey() {
            this.apiKeyVariable = null;
            this.requiresKey = false;
            return this;
        }

        /** The body field that limits output tokens; {@link MaxTokensField#MAX_TOKENS} by default. */
        public Builder maxTokensField(MaxTokensField field) {
            this.maxTokensField = Objects.requireNonNull(field, "field");
            return this;
        }

        /**
         * Whether to send {@code stream_options: {include_usage: true}} (true by default). Turn it off for servers
         * that reject unknown fields and report usage unasked, such as Mistral.
         */
        public Builder streamUsageOption(boolean send) {
            this.streamUsageOption = send;
            return this;
        }

        /** Sends header {@code name} with the value of environment variable {@code variable} when it is set. */
        public Builder headerFromVariable(String name, String variable) {
            headerVariables.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(variable, "variable"));
            return this;
        }

        /**
         * The server generates exactly {@code tokens} output tokens when sent these body parameters (see
         * {@link ProviderAdapter#exactOutputLength}); by default it has none, and its output limit is only a cap.
         */
        public Builder exactOutputLength(IntFunction<Map<String, Object>> parameters) {
            this.exactOutputLength = Objects.requireNonNull(parameters, "parameters");
            return this;
        }

        public OpenAiCompatibleAdapter build() {
            return new OpenAiCompatibleAdapter(this);
        }
    }
}
