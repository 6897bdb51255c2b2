package dev.latencylens.spi;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.results.BenchmarkDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
     * {@link Endpoints#headers}; a variable that is unset or blank adds no header.
     */
    default Map<String, String> headerVariables() {
        return Map.of();
    }

    /**
     * Where and as whom to call this provider, from system properties and the environment: what
     * the engine uses. The default is {@link Endpoints#standard}: base URL
     * from {@code lens.<id>.baseUrl}, {@link #baseUrlVariable()} or {@link #defaultBaseUrl()}; key from
     * {@link #apiKeyVariable()}; headers from {@link #headerVariables()}. Adapters whose configuration is richer
     * override it: several key variables (Gemini), a bearer token instead of a key (Azure's Entra ID), a region and
     * signed requests (Bedrock's SigV4, through {@link Endpoint#signer()}), a host given without a scheme
     * (Ollama's {@code OLLAMA_HOST}).
     *
     * @throws IllegalArgumentException when a configured value is invalid, naming where it came from
     * @throws MissingApiKeyException   when credentials are required and missing, naming the variables to set
     */
    default Endpoint resolveEndpoint(ProviderSettings settings) {
        return Endpoints.standard(this, settings);
    }

    /**
     * The HTTP request for one streamed chat call. {@code request}'s own {@code maxTokens}/{@code temperature} win
     * over the descriptor's.
     */
    ProviderRequest buildRequest(Endpoint endpoint, ChatRequest request, BenchmarkDescriptor benchmark);

    /**
     * The body parameters that make this provider generate exactly {@code tokens} output tokens, past the model's
     * own end of answer, for workloads that set each request's output length (vLLM: {@code ignore_eos} and
     * {@code min_tokens}); the engine adds them to the request as {@link ChatRequest#extra() extras}, beside
     * {@code max_tokens = tokens}. Empty (the default) when the provider has no such parameter: its output limit is
     * then only a cap, and the result says so.
     */
    default Map<String, Object> exactOutputLength(int tokens) {
        return Map.of();
    }

    /** How the provider frames its stream; the engine cuts the body into raw events accordingly. */
    default StreamFormat streamFormat() {
        return StreamFormat.SSE;
    }

    /** A decoder for one response stream. */
    StreamDecoder newDecoder();

    /**
     * The provider's own error message from a non-2xx response body (e.g. OpenAI's {@code error.message}), when this
     * adapter knows the body's shape; empty to let the engine read it (it knows every built-in provider's error
     * shapes: OpenAI, Anthropic, Gemini, Azure, Cohere, Bedrock, Ollama, ...). Never includes request headers.
     */
    default Optional<String> errorMessage(int httpStatus, String body) {
        return Optional.empty();
    }

    /** The response header carrying the provider's request id ({@code x-request-id} for OpenAI, {@code request-id}
     *  for Anthropic, {@code x-amzn-RequestId} for Bedrock). */
    default String requestIdHeader() {
        return "x-request-id";
    }

    /** Response headers worth keeping with each request (request ids, rate-limit state, server timings). */
    default List<String> interestingHeaders() {
        return List.of("x-request-id");
    }

    /**
     * Response headers in which the provider reports figures about itself: header name → the figure its value is,
     * a number in the figure's {@link ServerFigure#unit() unit} (e.g. {@code openai-processing-ms →
     * PROCESSING_MS}). The engine reads them when the response head arrives, into the same place as the figures a
     * {@link StreamDecoder} reports through {@link StreamSink#server}; a header that is absent or not a number is
     * skipped. None by default.
     */
    default Map<String, ServerFigure> serverFigureHeaders() {
        return Map.of();
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
