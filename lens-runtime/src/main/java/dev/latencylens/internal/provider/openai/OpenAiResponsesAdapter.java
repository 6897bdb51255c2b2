package dev.latencylens.internal.provider.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.provider.AdapterSupport;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.ProviderRequest;
import dev.latencylens.spi.ServerFigure;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OpenAI's Responses API, streamed: {@code POST {base}/responses} with {@code "stream": true}, at OpenAI's base URL
 * ({@code OPENAI_BASE_URL}) with OpenAI's key and organisation/project headers.
 *
 * <p>The body: {@code model}, {@code instructions} (the system prompt) when set, {@code input} (the conversation as
 * {@code [{role, content}]}), {@code stream: true}, {@code max_output_tokens}, {@code temperature} when set, then
 * every extra verbatim (e.g. {@code extra("reasoning", Map.of("effort", "low", "summary", "auto"))}). The Responses
 * API has no stop sequences: a request with some cannot be built (a {@code CLIENT} error naming the reason), rather
 * than silently measuring something else. Immutable and thread-safe.
 */
public final class OpenAiResponsesAdapter implements ProviderAdapter {

    public static final String ID = "openai-responses";
    private static final List<String> INTERESTING_HEADERS = List.of(
            "x-request-id", "openai-processing-ms", "retry-after",
            "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests",
            "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String defaultBaseUrl() {
        return "https://api.openai.com/v1";
    }

    @Override
    public String baseUrlVariable() {
        return "OPENAI_BASE_URL";
    }

    @Override
    public Optional<String> apiKeyVariable() {
        return Optional.of("OPENAI_API_KEY");
    }

    @Override
    public Map<String, String> headerVariables() {
        return Map.of("OpenAI-Organization", "OPENAI_ORG_ID", "OpenAI-Project", "OPENAI_PROJECT_ID");
    }

    @Override
    public ProviderRequest buildRequest(Endpoint endpoint, ChatRequest request, BenchmarkDescriptor benchmark) {
        byte[] body = body(request, benchmark);
        return AdapterSupport.post(endpoint, endpoint.resolve("responses"), body, "text/event-stream",
                AdapterSupport.bearer(endpoint));
    }

    /**
     * The JSON body of a streamed Responses request.
     *
     * @throws IllegalArgumentException when the request has stop sequences, which the Responses API lacks
     */
    public byte[] body(ChatRequest request, BenchmarkDescriptor benchmark) {
        if (!request.stop().isEmpty()) {
            throw new IllegalArgumentException("the Responses API has no stop sequences; remove stop(...) or use "
                    + "provider 'openai' (Chat Completions)");
        }
        ObjectNode body = AdapterSupport.MAPPER.createObjectNode();
        body.put("model", benchmark.model());
        request.system().ifPresent(system -> body.put("instructions", system));
        AdapterSupport.putMessages(body.putArray("input"), request, false);
        body.put("stream", true);
        body.put("max_output_tokens", AdapterSupport.maxTokens(request, benchmark));
        AdapterSupport.temperature(request, benchmark).ifPresent(t -> body.put("temperature", t));
        AdapterSupport.putExtras(body, request.extra());
        return AdapterSupport.bytes(body);
    }

    @Override
    public OpenAiResponsesStreamDecoder newDecoder() {
        return new OpenAiResponsesStreamDecoder();
    }

    @Override
    public List<String> interestingHeaders() {
        return INTERESTING_HEADERS;
    }

    @Override
    public Map<String, ServerFigure> serverFigureHeaders() {
        return OpenAiCompatibleAdapter.PROCESSING_HEADER;
    }

    @Override
    public String toString() {
        return "OpenAiResponsesAdapter[" + defaultBaseUrl() + "]";
    }
}
