package dev.latencylens.internal.provider.azure;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.provider.AdapterSupport;
import dev.latencylens.internal.provider.openai.OpenAiCompatibleAdapter.MaxTokensField;
import dev.latencylens.internal.provider.openai.OpenAiCompatibleAdapter;
import dev.latencylens.internal.provider.openai.OpenAiStreamDecoder;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.Endpoints;
import dev.latencylens.spi.MissingApiKeyException;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.ProviderRequest;
import dev.latencylens.spi.ProviderSettings;
import dev.latencylens.spi.ServerFigure;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Azure OpenAI: OpenAI's Chat Completions protocol (same body, same stream, decoded by {@link OpenAiStreamDecoder})
 * at Azure's paths, with Azure's authentication.
 *
 * <ul>
 *   <li>Endpoint (required): {@code lens.azure-openai.baseUrl}, else {@code AZURE_OPENAI_ENDPOINT}, e.g.
 *       {@code https://my-resource.openai.azure.com}.</li>
 *   <li>Authentication: {@code api-key} from {@code AZURE_OPENAI_API_KEY}, else an Entra ID token from
 *       {@code AZURE_OPENAI_AD_TOKEN} as {@code Authorization: Bearer}.</li>
 *   <li>API version: {@code lens.azure-openai.apiVersion}, else {@code OPENAI_API_VERSION}, else
 *       {@value #DEFAULT_API_VERSION} (GA). The benchmark's model is the deployment name:
 *       {@code POST {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=...}, body with
 *       {@code max_tokens}.</li>
 *   <li>The v1 API: with API version {@code v1}, or an endpoint that already ends in {@code /openai/v1} (as the
 *       OpenAI SDKs take it), {@code POST {endpoint}/openai/v1/chat/completions} without {@code api-version}, the
 *       model (deployment) in the body, {@code max_completion_tokens} (as the v1 API and reasoning models
 *       expect).</li>
 * </ul>
 * Azure's content-filter annotations ({@code prompt_filter_results}, {@code content_filter_results}) never count as
 * content; {@code finish_reason: "content_filter"} fails the request as {@code PROVIDER_ERROR} ("blocked by content
 * filter"). Immutable and thread-safe.
 */
public final class AzureOpenAiAdapter implements ProviderAdapter {

    public static final String ID = "azure-openai";
    public static final String DEFAULT_API_VERSION = "2024-10-21";
    /** The {@link Endpoint#option} holding the API version. */
    public static final String API_VERSION_OPTION = "apiVersion";
    /** The system property that overrides {@code OPENAI_API_VERSION}. */
    public static final String API_VERSION_PROPERTY = "lens." + ID + ".apiVersion";
    private static final List<String> INTERESTING_HEADERS = List.of("x-request-id", "apim-request-id",
            "x-ms-region", "x-ms-deployment-name", "azureml-model-session", "retry-after", "retry-after-ms",
            "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-limit-tokens",
            "x-ratelimit-remaining-tokens");

    /** Body writers: the OpenAI adapter's, with the max-tokens field each Azure API expects. */
    private final OpenAiCompatibleAdapter deploymentBody = bodyWriter(MaxTokensField.MAX_TOKENS);
    private final OpenAiCompatibleAdapter v1Body = bodyWriter(MaxTokensField.MAX_COMPLETION_TOKENS);

    private static OpenAiCompatibleAdapter bodyWriter(MaxTokensField field) {
        return OpenAiCompatibleAdapter.builder(ID).defaultBaseUrl("https://example.openai.azure.com")
                .baseUrlVariable("AZURE_OPENAI_ENDPOINT").maxTokensField(field).build();
    }

    @Override
    public String id() {
        return ID;
    }

    /** A placeholder: Azure has no default endpoint, {@code AZURE_OPENAI_ENDPOINT} must be set. */
    @Override
    public String defaultBaseUrl() {
        return "https://YOUR-RESOURCE.openai.azure.com";
    }

    @Override
    public String baseUrlVariable() {
        return "AZURE_OPENAI_ENDPOINT";
    }

    /** {@code AZURE_OPENAI_API_KEY}; {@code AZURE_OPENAI_AD_TOKEN} (Entra ID) is used when it is unset. */
    @Override
    public Optional<String> apiKeyVariable() {
        return Optional.of("AZURE_OPENAI_API_KEY");
    }

    @Override
    public Endpoint resolveEndpoint(ProviderSettings settings) {
        String key = settings.env("AZURE_OPENAI_API_KEY");
        String token = settings.env("AZURE_OPENAI_AD_TOKEN");
        boolean hasEndpoint = settings.property(Endpoints.baseUrlProperty(ID)) != null
                || settings.env(baseUrlVariable()) != null;
        List<String> missing = new ArrayList<>();
        if (!hasEndpoint) {
            missing.add("AZURE_OPENAI_ENDPOINT (e.g. https://my-resource.openai.azure.com)");
        }
        if (key == null && token == null) {
            missing.add("AZURE_OPENAI_API_KEY (or AZURE_OPENAI_AD_TOKEN)");
        }
        if (!missing.isEmpty()) {
            String what = missing.size() == 2 ? "its endpoint and a key"
                    : missing.get(0).startsWith("AZURE_OPENAI_ENDPOINT") ? "its endpoint" : "an API key";
            throw new MissingApiKeyException(ID, String.join(", and ", missing), what);
        }
        URI base = Endpoints.baseUrl(this, settings, defaultBaseUrl(),
                Endpoints.secrets(settings, "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_AD_TOKEN"),
                baseUrlVariable());
        Map<String, String> headers = Endpoints.headers(this, settings);
        if (key == null) {
            headers.put("Authorization", "Bearer " + token);
        }
        String version = settings.property(API_VERSION_PROPERTY);
        if (version == null) {
            version = settings.env("OPENAI_API_VERSION");
        }
        return new Endpoint(base, Optional.ofNullable(key), headers)
                .withOption(API_VERSION_OPTION, version == null ? DEFAULT_API_VERSION : version);
    }

    /** Whether requests to this endpoint use the v1 API (see the class comment). */
    public static boolean usesV1(Endpoint endpoint) {
        String version = endpoint.option(API_VERSION_OPTION).orElse(DEFAULT_API_VERSION);
        return version.toLowerCase(Locale.ROOT).equals("v1") || endsWithOpenAiV1(endpoint.baseUrl());
    }

    private static boolean endsWithOpenAiV1(URI url) {
        List<String> s = new ArrayList<>(HttpUrl.get(url.toString()).pathSegments());
        s.removeIf(String::isEmpty);
        return s.size() >= 2 && s.get(s.size() - 2).equals("openai") && s.get(s.size() - 1).equals("v1");
    }

    @Override
    public ProviderRequest buildRequest(Endpoint endpoint, ChatRequest request, BenchmarkDescriptor benchmark) {
        boolean v1 = usesV1(endpoint);
        byte[] body = (v1 ? v1Body : deploymentBody).body(request, benchmark);
        URI url;
        if (v1) {
            URI base = endsWithOpenAiV1(endpoint.baseUrl()) ? endpoint.baseUrl()
                    : AdapterSupport.resolve(endpoint.baseUrl(), "openai/v1");
            url = AdapterSupport.resolve(base, "chat/completions");
        } else {
            url = HttpUrl.get(AdapterSupport.resolve(endpoint.baseUrl(), "openai/deployments").toString()).newBuilder()
                    .addPathSegment(benchmark.model()).addPathSegments("chat/completions")
                    .addQueryParameter("api-version", endpoint.option(API_VERSION_OPTION).orElse(DEFAULT_API_VERSION))
                    .build().uri();
        }
        return AdapterSupport.post(endpoint, url, body, "text/event-stream",
                r -> endpoint.apiKey().map(key -> r.withHeader("api-key", key)).orElse(r));
    }

    @Override
    public OpenAiStreamDecoder newDecoder() {
        return new OpenAiStreamDecoder(true);
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
        return "AzureOpenAiAdapter[Chat Completions]";
    }
}
