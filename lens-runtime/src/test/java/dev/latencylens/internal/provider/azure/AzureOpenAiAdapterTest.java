package dev.latencylens.internal.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.engine.HttpRequests;
import dev.latencylens.internal.provider.ErrorBodies;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.internal.provider.ProviderStreams.Decoded;
import dev.latencylens.internal.provider.ProviderStreams;
import dev.latencylens.internal.provider.RecordingSink.Failure;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.spi.ContentKind;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.MissingApiKeyException;
import dev.latencylens.spi.ProviderSettings;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

class AzureOpenAiAdapterTest {

    private static final String KEY = "azure-key-SECRET";
    /** Never azure-identity here: its DefaultAzureCredential reads this machine's environment and asks instance
     *  metadata (EntraIdTest runs it in a JVM of its own, against loopback servers). */
    private final AzureOpenAiAdapter adapter = new AzureOpenAiAdapter(java.time.Clock.systemUTC(),
            "com.azure.identity.NotInThisTest");
    private final BenchmarkDescriptor bench = BenchmarkDescriptor.builder("azure-openai", "gpt-4o-prod")
            .maxTokens(50).build();

    private static final String SAFE = "{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},\"self_harm\":"
            + "{\"filtered\":false,\"severity\":\"safe\"},\"sexual\":{\"filtered\":false,\"severity\":\"safe\"},"
            + "\"violence\":{\"filtered\":false,\"severity\":\"safe\"}}";

    /**
     * A streamed completion as Azure OpenAI sends it, after the "content filtering" documentation's streaming
     * examples: a first chunk with no choices and only {@code prompt_filter_results}, the role chunk with empty
     * {@code content_filter_results}, content chunks annotated with {@code content_filter_results}, a trailing
     * annotation-only chunk ({@code content_filter_offsets}), then {@code [DONE]}.
     */
    static String stream(String finish) {
        return "data: {\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":"
                + "[{\"prompt_index\":0,\"content_filter_results\":" + SAFE + "}]}\n\n"
                + "data: {\"choices\":[{\"content_filter_results\":{},\"delta\":{\"role\":\"assistant\"},\"finish_reason\":"
                + "null,\"index\":0,\"logprobs\":null}],\"created\":1700000000,\"id\":\"chatcmpl-8\",\"model\":"
                + "\"gpt-4o-2024-08-06\",\"object\":\"chat.completion.chunk\",\"system_fingerprint\":\"fp_a\"}\n\n"
                + "data: {\"choices\":[{\"content_filter_results\":" + SAFE + ",\"delta\":{\"content\":\"Color\"},"
                + "\"finish_reason\":null,\"index\":0,\"logprobs\":null}],\"created\":1700000000,\"id\":\"chatcmpl-8\","
                + "\"model\":\"gpt-4o-2024-08-06\",\"object\":\"chat.completion.chunk\",\"system_fingerprint\":\"fp_a\"}\n\n"
                + "data: {\"choices\":[{\"content_filter_results\":{},\"delta\":{},\"finish_reason\":\"" + finish + "\","
                + "\"index\":0,\"logprobs\":null}],\"created\":1700000000,\"id\":\"chatcmpl-8\",\"model\":"
                + "\"gpt-4o-2024-08-06\",\"object\":\"chat.completion.chunk\",\"system_fingerprint\":\"fp_a\"}\n\n"
                + "data: {\"choices\":[{\"content_filter_offsets\":{\"check_offset\":0,\"start_offset\":0,\"end_offset\":5},"
                + "\"content_filter_results\":" + SAFE + ",\"finish_reason\":null,\"index\":0}],\"created\":0,\"id\":\"\","
                + "\"model\":\"\",\"object\":\"\"}\n\n"
                + "data: [DONE]\n\n";
    }

    @Test
    void filterAnnotationsNeverCountAsContent() {
        Decoded d = ProviderStreams.decodeAtEverySplit(adapter, stream("stop").getBytes(StandardCharsets.UTF_8));
        assertThat(d.sink().contents()).extracting(c -> c.kind(), c -> c.text())
                .containsExactly(tuple(ContentKind.TEXT, "Color"));
        assertThat(d.sink().finishes()).containsExactly("stop");
        assertThat(d.sink().failures()).isEmpty();
        assertThat(d.complete()).isTrue();
    }

    @Test
    void aContentFilterFinishIsAProviderError() {
        Decoded d = ProviderStreams.decode(adapter, stream("content_filter").getBytes(StandardCharsets.UTF_8), 31);
        assertThat(d.sink().failures()).extracting(Failure::errorClass, Failure::message).containsExactly(
                tuple(ErrorClass.PROVIDER_ERROR, "blocked by content filter (finish_reason content_filter)"));
    }

    @Test
    void deploymentRequestsUseTheApiVersionAndTheApiKey() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            Endpoint endpoint = ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(), Map.of(
                    "AZURE_OPENAI_ENDPOINT", server.url("/").toString(), "AZURE_OPENAI_API_KEY", KEY,
                    "OPENAI_API_VERSION", "2025-01-01-preview")));
            ProviderStreams.Exchange x = ProviderStreams.call(server, adapter, endpoint,
                    ChatRequest.builder().system("Be terse.").user("Sky?").build(), bench,
                    new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
                            .body(stream("stop")).build());
            assertThat(x.request().getUrl().encodedPath())
                    .isEqualTo("/openai/deployments/gpt-4o-prod/chat/completions");
            assertThat(x.request().getUrl().queryParameter("api-version")).isEqualTo("2025-01-01-preview");
            assertThat(x.request().getHeaders().get("api-key")).isEqualTo(KEY);
            assertThat(x.request().getHeaders().get("Authorization")).isNull();
            assertThat(x.request().getBody().utf8()).isEqualTo("{\"model\":\"gpt-4o-prod\",\"messages\":[{\"role\":"
                    + "\"system\",\"content\":\"Be terse.\"},{\"role\":\"user\",\"content\":\"Sky?\"}],\"stream\":true,"
                    + "\"stream_options\":{\"include_usage\":true},\"max_tokens\":50}");
            assertThat(x.decoded().complete()).isTrue();
        }
    }

    @Test
    void theV1ApiIsChosenByVersionV1OrByAnEndpointEndingInOpenAiV1() throws Exception {
        Endpoint byVersion = ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of("lens.azure-openai.apiVersion",
                "v1"), Map.of("AZURE_OPENAI_ENDPOINT", "https://res.openai.azure.com", "AZURE_OPENAI_AD_TOKEN", "ey.J")));
        Request r = HttpRequests.toOkHttp(adapter.buildRequest(byVersion, ChatRequest.ofUser("x"), bench));
        assertThat(r.url().toString()).isEqualTo("https://res.openai.azure.com/openai/v1/chat/completions");
        assertThat(r.header("Authorization")).isEqualTo("Bearer ey.J");
        assertThat(r.header("api-key")).isNull();
        assertThat(ProviderStreams.body(r)).contains("\"model\":\"gpt-4o-prod\"").contains("\"max_completion_tokens\":50");
        Endpoint byPath = ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(), Map.of(
                "AZURE_OPENAI_ENDPOINT", "https://res.openai.azure.com/openai/v1/", "AZURE_OPENAI_API_KEY", KEY)));
        assertThat(HttpRequests.toOkHttp(adapter.buildRequest(byPath, ChatRequest.ofUser("x"), bench)).url().toString())
                .isEqualTo("https://res.openai.azure.com/openai/v1/chat/completions");
        Endpoint byDefault = ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(), Map.of(
                "AZURE_OPENAI_ENDPOINT", "https://res.openai.azure.com", "AZURE_OPENAI_API_KEY", KEY)));
        assertThat(HttpRequests.toOkHttp(adapter.buildRequest(byDefault, ChatRequest.ofUser("x"), bench)).url().toString())
                .isEqualTo("https://res.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions"
                        + "?api-version=2024-10-21");
    }

    @Test
    void theEndpointAndACredentialAreRequired() {
        assertThatThrownBy(() -> ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(), Map.of())))
                .isInstanceOf(MissingApiKeyException.class)
                .hasMessageStartingWith("Provider 'azure-openai' needs its endpoint and a key: set AZURE_OPENAI_ENDPOINT"
                        + " (e.g. https://my-resource.openai.azure.com), and AZURE_OPENAI_API_KEY (or"
                        + " AZURE_OPENAI_AD_TOKEN, or add com.azure:azure-identity to the class path for"
                        + " DefaultAzureCredential)");
        assertThatThrownBy(() -> ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(),
                Map.of("AZURE_OPENAI_ENDPOINT", "https://res.openai.azure.com"))))
                .hasMessageStartingWith("Provider 'azure-openai' needs an API key or an Entra ID token: looked in"
                        + " AZURE_OPENAI_API_KEY (unset), AZURE_OPENAI_AD_TOKEN (unset), Entra ID through"
                        + " DefaultAzureCredential (com.azure:azure-identity is not on the class path)");
    }

    @Test
    void errorBodiesGiveAzuresMessageAndCode() {
        assertThat(ErrorBodies.message("{\"error\":{\"code\":\"429\",\"message\":\"Requests to the"
                + " ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate"
                + " limit of your current OpenAI S0 pricing tier. Please retry after 6 seconds.\"}}"))
                .endsWith("Please retry after 6 seconds. [429]");
        assertThat(adapter.interestingHeaders()).contains("apim-request-id", "x-ratelimit-remaining-tokens",
                "retry-after-ms");
    }
}
