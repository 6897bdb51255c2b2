package dev.latencylens.internal.provider.cohere;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.provider.AdapterSupport;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.Endpoints;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.ProviderRequest;
import dev.latencylens.spi.ProviderSettings;
import java.util.List;
import java.util.Optional;

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
        return Endpoints.keyed(this, settings, true, List.of("CO_API_KEY"), "CO_API_KEY",
                "COHERE_BASE_URL", "CO_API_URL");
    }

    @Override
    public ProviderRequest buildRequest(Endpoint endpoint, ChatRequest request, BenchmarkDescriptor benchmark) {
        byte[] body = body(request, benchmark);
        return AdapterSupport.post(endpoint,
                AdapterSupport.resolve(AdapterSupport.versioned(endpoint.baseUrl(), "v2"), "chat"), body,
                "text/event-stream", AdapterSupport.bearer(endpoint));
    }

    /** The JSON body of a streamed v2 chat request. */
    public byte[] body(ChatRequest request, BenchmarkDescriptor benchmark) {
        ObjectNode body = AdapterSupport.MAPPER.createObjectNode();
        body.put("model", benchmark.model());
        AdapterSupport.putMessages(body.putArray("messages"), request, true);
        body.put("stream", true);
        body.put("max_tokens", AdapterSupport.maxTokens(request, benchmark));
        AdapterSupport.temperature(request, benchmark).ifPresent(t -> body.put("temperature", t));
        AdapterSupport.putStop(body, "stop_sequences", request);
        AdapterSupport.putExtras(body, request.extra());
        return AdapterSupport.bytes(body);
    }

    @Override
    public CohereStreamDecoder newDecoder() {
        return new CohereStreamDecoder();
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
