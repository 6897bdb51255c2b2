package dev.latencylens.internal.provider.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.provider.AdapterSupport;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.ProviderRequest;
import java.util.List;
import java.util.Optional;

/**
 * Anthropic's Messages API, streamed: {@code POST {base}/messages} with {@code "stream": true}, the key in
 * {@code x-api-key} and {@code anthropic-version: 2023-06-01}.
 *
 * <p>The base URL ({@code lens.anthropic.baseUrl}, else {@code ANTHROPIC_BASE_URL}, else
 * {@code https://api.anthropic.com/v1}) may be given with or without its {@code /v1}: the Anthropic SDKs take
 * {@code ANTHROPIC_BASE_URL=https://api.anthropic.com}, and that works here too.
 *
 * <p>The body, in this order: {@code model}, {@code max_tokens} (always: Anthropic requires it), {@code system}
 * when set, {@code messages}, {@code temperature} when set, {@code stop_sequences} when not empty,
 * {@code stream: true}, then every extra verbatim (e.g. {@code extra("thinking", Map.of("type", "enabled",
 * "budget_tokens", 1024))}), see {@link AdapterSupport#putExtras}. Immutable and thread-safe.
 */
public final class AnthropicAdapter implements ProviderAdapter {

    public static final String ID = "anthropic";
    public static final String API_VERSION = "2023-06-01";
    private static final List<String> INTERESTING_HEADERS = List.of("request-id", "retry-after",
            "anthropic-organization-id",
            "anthropic-ratelimit-requests-limit", "anthropic-ratelimit-requests-remaining",
            "anthropic-ratelimit-requests-reset",
            "anthropic-ratelimit-tokens-limit", "anthropic-ratelimit-tokens-remaining",
            "anthropic-ratelimit-tokens-reset",
            "anthropic-ratelimit-input-tokens-limit", "anthropic-ratelimit-input-tokens-remaining",
            "anthropic-ratelimit-input-tokens-reset",
            "anthropic-ratelimit-output-tokens-limit", "anthropic-ratelimit-output-tokens-remaining",
            "anthropic-ratelimit-output-tokens-reset");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String defaultBaseUrl() {
        return "https://api.anthropic.com/v1";
    }

    @Override
    public String baseUrlVariable() {
        return "ANTHROPIC_BASE_URL";
    }

    @Override
    public Optional<String> apiKeyVariable() {
        return Optional.of("ANTHROPIC_API_KEY");
    }

    @Override
    public ProviderRequest buildRequest(Endpoint endpoint, ChatRequest request, BenchmarkDescriptor benchmark) {
        byte[] body = body(request, benchmark);
        return AdapterSupport.post(endpoint,
                AdapterSupport.resolve(AdapterSupport.versioned(endpoint.baseUrl(), "v1"), "messages"), body,
                "text/event-stream", r -> endpoint.apiKey().map(key -> r.withHeader("x-api-key", key)).orElse(r)
                        .withHeader("anthropic-version", API_VERSION));
    }

    /** The JSON body of a streamed Messages request. */
    public byte[] body(ChatRequest request, BenchmarkDescriptor benchmark) {
        ObjectNode body = AdapterSupport.MAPPER.createObjectNode();
        body.put("model", benchmark.model());
        body.put("max_tokens", AdapterSupport.maxTokens(request, benchmark));
        request.system().ifPresent(system -> body.put("system", system));
        AdapterSupport.putMessages(body.putArray("messages"), request, false);
        AdapterSupport.temperature(request, benchmark).ifPresent(t -> body.put("temperature", t));
        AdapterSupport.putStop(body, "stop_sequences", request);
        body.put("stream", true);
        AdapterSupport.putExtras(body, request.extra());
        return AdapterSupport.bytes(body);
    }

    @Override
    public AnthropicStreamDecoder newDecoder() {
        return new AnthropicStreamDecoder();
    }

    @Override
    public String requestIdHeader() {
        return "request-id";
    }

    @Override
    public List<String> interestingHeaders() {
        return INTERESTING_HEADERS;
    }

    @Override
    public String toString() {
        return "AnthropicAdapter[" + defaultBaseUrl() + "]";
    }
}
