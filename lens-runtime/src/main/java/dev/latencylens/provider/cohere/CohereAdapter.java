package dev.latencylens.provider.cohere;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latencylens.api.BenchmarkDescriptor;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.Message;
import dev.latencylens.provider.AdapterSupport;
import dev.latencylens.provider.Endpoint;
import dev.latencylens.provider.ErrorBodies;
import dev.latencylens.provider.MissingApiKeyException;
import dev.latencylens.provider.ProviderAdapter;
import dev.latencylens.provider.ProviderRegistry;
import dev.latencylens.provider.ProviderSettings;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Cohere's v2 Chat API, streamed: {@code POST {base}/chat} with {@code "stream": true} and
 * {@code Authorization: Bearer} from {@code CO_API_KEY}.
 *
 * <p>Base URL: {@code lens.cohere.baseUrl}, else {@code COHERE_BASE_URL}, else {@code CO_API_URL} (the Cohere SDKs'
 * variable, given without a version), else {@code https://api.cohere.com/v2}; {@code v2} is appended when the URL
 * has no version segment.
 *
 * <p>The body: {@code model}, {@code messages} (the system prompt first, as role {@code system}), {@code stream},
 * {@code max_tokens}, {@code temperature} when set, {@code stop_sequences} when not empty, then every extra verbatim
 * (e.g. {@code extra("thinking", Map.of("type", "enabled"))}). Immutable and thread-safe.
 */
public final class CohereAdapter implements ProviderAdapter {

    public static final String ID = "cohere";
    private static final List<String> INTERESTING_HEADERS = List.of("x-debug-trace-id", "retry-after",
            "x-api-warning", "x-endpoint-monthly-call-limit", "x-trial-endpoint-call-limit",
            "x-trial-endpoint-call-remaining");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String defaultBaseUrl() {
        return "https://api.cohere.com/v2";
    }

    /** {@code COHERE_BASE_URL}; {@code CO_API_URL} applies when it is unset. */
    @Override
    public String baseUrlVariable() {
        return "COHERE_BASE_URL";
    }

    @Override
    public Optional<String> apiKeyVariable() {
        return Optional.of("CO_API_KEY");
    }

    @Override
    public Endpoint resolveEndpoint(ProviderSettings settings) {
        Optional<String> key = Optional.ofNullable(settings.env("CO_API_KEY"));
        HttpUrl base = ProviderRegistry.baseUrl(this, settings, defaultBaseUrl(),
                ProviderRegistry.secrets(settings, "CO_API_KEY"), "COHERE_BASE_URL", "CO_API_URL");
        if (key.isEmpty()) {
            throw new MissingApiKeyException(ID, "CO_API_KEY");
        }
        return new Endpoint(base, key, ProviderRegistry.headers(this, settings));
    }

    @Override
    public Request buildRequest(Endpoint endpoint, ChatRequest request, BenchmarkDescriptor benchmark) {
        byte[] body = body(request, benchmark);
        Request.Builder b = new Request.Builder()
                .url(AdapterSupport.resolve(AdapterSupport.versioned(endpoint.baseUrl(), "v2"), "chat"))
                .post(RequestBody.create(body, AdapterSupport.JSON));
        endpoint.apiKey().ifPresent(key -> b.header("Authorization", "Bearer " + key));
        endpoint.headers().forEach(b::header);
        b.header("Content-Type", "application/json");
        b.header("Accept", "text/event-stream");
        return AdapterSupport.signed(endpoint, b.build(), body);
    }

    /** The JSON body of a streamed v2 chat request. */
    public byte[] body(ChatRequest request, BenchmarkDescriptor benchmark) {
        ObjectNode body = AdapterSupport.MAPPER.createObjectNode();
        body.put("model", benchmark.model());
        ArrayNode messages = body.putArray("messages");
        request.system().ifPresent(system -> messages.addObject().put("role", "system").put("content", system));
        for (Message m : request.messages()) {
            messages.addObject().put("role", m.role() == Message.Role.USER ? "user" : "assistant")
                    .put("content", m.content());
        }
        body.put("stream", true);
        body.put("max_tokens", AdapterSupport.maxTokens(request, benchmark));
        AdapterSupport.temperature(request, benchmark).ifPresent(t -> body.put("temperature", t));
        if (!request.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop_sequences");
            request.stop().forEach(stop::add);
        }
        AdapterSupport.putExtras(body, request.extra());
        return AdapterSupport.bytes(body);
    }

    @Override
    public CohereStreamDecoder newDecoder() {
        return new CohereStreamDecoder();
    }

    /** Cohere's {@code {"id":"...","message":"invalid api token"}}; see {@link ErrorBodies#message}. */
    @Override
    public String errorMessage(int httpStatus, String body) {
        return ErrorBodies.message(body);
    }

    @Override
    public List<String> interestingHeaders() {
        return INTERESTING_HEADERS;
    }

    @Override
    public String toString() {
        return "CohereAdapter[" + defaultBaseUrl() + "]";
    }
}
