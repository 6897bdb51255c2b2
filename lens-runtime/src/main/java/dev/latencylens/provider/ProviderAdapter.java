package dev.latencylens.provider;

import dev.latencylens.api.BenchmarkDescriptor;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.stream.SseEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.Request;

/**
 * What Latency Lens knows about one provider's wire protocol: where it lives, how to authenticate, what bytes to
 * send and how to read its stream. Adapters are stateless and shared by all requests of a run; the per-request
 * state of decoding lives in the {@link StreamDecoder} each request gets from {@link #newDecoder()}.
 *
 * <p>Adapters are found through {@link ProviderCatalog}s on the class path ({@link java.util.ServiceLoader}),
 * so a custom provider needs no change to Latency Lens.
 */
public interface ProviderAdapter {

    /** The id used in {@code @LlmBenchmark(provider = ...)}, e.g. {@code openai}. */
    String id();

    /** The base URL used when neither {@code lens.<id>.baseUrl} nor {@link #baseUrlVariable()} is set. */
    String defaultBaseUrl();

    /** The environment variable that overrides the base URL, e.g. {@code OPENAI_BASE_URL}. */
    String baseUrlVariable();

    /** The environment variable holding the API key, e.g. {@code OPENAI_API_KEY}; empty for self-hosted servers
     *  that need none. */
    Optional<String> apiKeyVariable();

    /** Whether a request without a key is certain to be refused, so a missing key is an error before the run. */
    default boolean requiresKey() {
        return apiKeyVariable().isPresent();
    }

    /**
     * Extra request headers taken from the environment when set: header name → environment variable, e.g.
     * {@code OpenAI-Organization → OPENAI_ORG_ID}. Resolved into {@link Endpoint#headers()} by
     * {@link ProviderRegistry#resolve}; a variable that is unset or blank adds no header.
     */
    default Map<String, String> headerVariables() {
        return Map.of();
    }

    /**
     * The HTTP request for one streamed chat call. {@code request}'s own {@code maxTokens}/{@code temperature} win
     * over the descriptor's.
     */
    Request buildRequest(Endpoint endpoint, ChatRequest request, BenchmarkDescriptor benchmark);

    /** A decoder for one response stream. */
    StreamDecoder newDecoder();

    /**
     * The provider's own error message from a non-2xx response body (e.g. OpenAI's {@code error.message}), or a
     * shortened body when it has none. Never includes request headers, so never the key.
     */
    String errorMessage(int httpStatus, String body);

    /** Response headers worth keeping with each request (request ids, rate-limit state, server timings). */
    default List<String> interestingHeaders() {
        return List.of("x-request-id");
    }

    /** Decodes the events of one response stream into {@link StreamSink} calls. Not thread-safe. */
    interface StreamDecoder {

        /** One raw event of the stream. */
        void onEvent(SseEvent event, StreamSink sink);

        /** Whether the provider said the stream is complete (e.g. OpenAI's {@code [DONE]}); a stream that ends
         *  before that was cut off. */
        boolean complete();
    }
}
