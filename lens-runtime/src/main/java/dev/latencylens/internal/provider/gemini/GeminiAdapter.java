package dev.latencylens.internal.provider.gemini;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.Message;
import dev.latencylens.internal.provider.AdapterSupport;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.Endpoints;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.ProviderRequest;
import dev.latencylens.spi.ProviderSettings;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Google's Gemini API, streamed as server-sent events: {@code POST {base}/models/{model}:streamGenerateContent?alt=sse}
 * with the key in {@code x-goog-api-key}.
 *
 * <p>Base URL: {@code lens.gemini.baseUrl}, else {@code GEMINI_BASE_URL}, else
 * {@code https://generativelanguage.googleapis.com/v1beta}; without a version segment ({@code v1}, {@code v1beta},
 * ...) {@code v1beta} is appended, as the google-genai SDKs do with their base URL. Key: {@code GEMINI_API_KEY},
 * else {@code GOOGLE_API_KEY}. A model given as {@code models/x} or {@code tunedModels/x} is used as that path.
 *
 * <p>The body: {@code contents} (roles {@code user} and {@code model}, one text part each),
 * {@code systemInstruction} when set, {@code generationConfig} ({@code maxOutputTokens}, {@code temperature} when
 * set, {@code stopSequences} when not empty), then every extra verbatim, an object merged into a field of the same
 * name ({@code extra("generationConfig", Map.of("thinkingConfig", Map.of("thinkingBudget", 0)))} keeps
 * {@code maxOutputTokens}). Immutable and thread-safe.
 */
public final class GeminiAdapter implements ProviderAdapter {

    public static final String ID = "gemini";
    private static final List<String> INTERESTING_HEADERS = List.of("server-timing", "x-goog-request-id",
            "retry-after", "x-gemini-service-tier");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String defaultBaseUrl() {
        return "https://generativelanguage.googleapis.com/v1beta";
    }

    @Override
    public String baseUrlVariable() {
        return "GEMINI_BASE_URL";
    }

    /** {@code GEMINI_API_KEY}; {@code GOOGLE_API_KEY} is used when it is unset. */
    @Override
    public Optional<String> apiKeyVariable() {
        return Optional.of("GEMINI_API_KEY");
    }

    @Override
    public Endpoint resolveEndpoint(ProviderSettings settings) {
        return Endpoints.keyed(this, settings, true, List.of("GEMINI_API_KEY", "GOOGLE_API_KEY"),
                "GEMINI_API_KEY (or GOOGLE_API_KEY)", baseUrlVariable());
    }

    @Override
    public ProviderRequest buildRequest(Endpoint endpoint, ChatRequest request, BenchmarkDescriptor benchmark) {
        byte[] body = body(request, benchmark);
        String model = benchmark.model();
        String path = model.contains("/") ? model : "models/" + model;
        URI url = HttpUrl.get(AdapterSupport.resolve(AdapterSupport.versioned(endpoint.baseUrl(), "v1beta"),
                        path + ":streamGenerateContent").toString()).newBuilder()
                .addQueryParameter("alt", "sse").build().uri();
        return AdapterSupport.post(endpoint, url, body, "text/event-stream",
                r -> endpoint.apiKey().map(key -> r.withHeader("x-goog-api-key", key)).orElse(r));
    }

    /** The JSON body of a {@code streamGenerateContent} request. */
    public byte[] body(ChatRequest request, BenchmarkDescriptor benchmark) {
        ObjectNode body = AdapterSupport.MAPPER.createObjectNode();
        ArrayNode contents = body.putArray("contents");
        for (Message m : request.messages()) {
            ObjectNode content = contents.addObject().put("role", m.role() == Message.Role.USER ? "user" : "model");
            content.putArray("parts").addObject().put("text", m.content());
        }
        request.system().ifPresent(system ->
                body.putObject("systemInstruction").putArray("parts").addObject().put("text", system));
        ObjectNode config = body.putObject("generationConfig");
        config.put("maxOutputTokens", AdapterSupport.maxTokens(request, benchmark));
        AdapterSupport.temperature(request, benchmark).ifPresent(t -> config.put("temperature", t));
        AdapterSupport.putStop(config, "stopSequences", request);
        AdapterSupport.putExtras(body, request.extra());
        return AdapterSupport.bytes(body);
    }

    @Override
    public GeminiStreamDecoder newDecoder() {
        return new GeminiStreamDecoder();
    }

    @Override
    public List<String> interestingHeaders() {
        return INTERESTING_HEADERS;
    }

    @Override
    public String toString() {
        return "GeminiAdapter[" + defaultBaseUrl() + "]";
    }
}
