package dev.latencylens.internal.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.engine.HttpRequests;
import dev.latencylens.internal.provider.openai.OpenAiCompatibleAdapter;
import dev.latencylens.internal.provider.openai.OpenAiCompatibleProviders;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.Endpoints;
import dev.latencylens.spi.MissingApiKeyException;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.ProviderCatalog;
import dev.latencylens.spi.ProviderRequest;
import dev.latencylens.spi.ProviderSettings;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderRegistryTest {

    private static final String SECRET = "fake-proj-SECRET-0123456789";
    private static final List<String> BUILT_IN = List.of("anthropic", "azure-openai", "bedrock", "bedrock-invoke",
            "cohere", "deepseek", "fireworks", "gemini", "groq", "llamacpp", "mistral", "ollama", "ollama-native",
            "openai", "openai-responses", "openrouter", "simulated", "together", "vllm");

    private final ProviderRegistry registry = ProviderRegistry.load(ProviderRegistryTest.class.getClassLoader());
    private final ProviderAdapter openai = registry.get("openai");

    private static ProviderSettings settings(Map<String, String> props, Map<String, String> env) {
        return ProviderSettings.of(props, env);
    }

    /** A catalog a user might add: one adapter. */
    public static final class AcmeCatalog implements ProviderCatalog {
        @Override
        public List<ProviderAdapter> providers() {
            return List.of(OpenAiCompatibleAdapter.builder("acme").defaultBaseUrl("https://llm.acme.test/v1")
                    .baseUrlVariable("ACME_BASE_URL").requiredApiKey("ACME_API_KEY").build());
        }
    }

    /** A catalog that clashes with a built-in id. */
    public static final class ClashingCatalog implements ProviderCatalog {
        @Override
        public List<ProviderAdapter> providers() {
            return List.of(new StubAdapter("openai"));
        }
    }

    @Test
    void loadsEveryBuiltInProviderThroughTheServiceFile() {
        assertThat(registry.ids()).containsExactlyElementsOf(BUILT_IN);
        assertThat(ProviderRegistry.load().ids()).containsAll(BUILT_IN);
        assertThat(registry.find("groq")).get().extracting(ProviderAdapter::defaultBaseUrl)
                .isEqualTo("https://api.groq.com/openai/v1");
        assertThat(registry.find("nope")).isEmpty();
    }

    @Test
    void anUnknownIdListsTheKnownOnesAndHowToPlugInMore() {
        assertThatThrownBy(() -> registry.get("foo")).isInstanceOf(IllegalArgumentException.class).hasMessage(
                "Unknown provider 'foo'. Known providers: anthropic, azure-openai, bedrock, bedrock-invoke, cohere, "
                        + "deepseek, fireworks, gemini, groq, llamacpp, mistral, ollama, ollama-native, openai, "
                        + "openai-responses, openrouter, simulated, together, vllm. Custom providers plug in through "
                        + "META-INF/services/dev.latencylens.spi.ProviderCatalog.");
    }

    @Test
    void customCatalogsOnTheClassPathAreFound(@TempDir Path dir) throws IOException {
        try (URLClassLoader loader = loaderWithServiceFile(dir, AcmeCatalog.class)) {
            ProviderRegistry withAcme = ProviderRegistry.load(loader);
            assertThat(withAcme.ids()).contains("acme", "openai").hasSize(BUILT_IN.size() + 1);
        }
    }

    @Test
    void duplicateIdsNameBothCatalogs(@TempDir Path dir) throws IOException {
        try (URLClassLoader loader = loaderWithServiceFile(dir, ClashingCatalog.class)) {
            assertThatThrownBy(() -> ProviderRegistry.load(loader)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Provider id 'openai' is defined twice")
                    .hasMessageContaining(BuiltInProviders.class.getName())
                    .hasMessageContaining(ClashingCatalog.class.getName())
                    .hasMessageContaining(StubAdapter.class.getName());
        }
    }

    private static URLClassLoader loaderWithServiceFile(Path dir, Class<?> catalog) throws IOException {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(ProviderCatalog.class.getName()), catalog.getName() + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, ProviderRegistryTest.class.getClassLoader());
    }

    @Test
    void baseUrlComesFromTheSystemPropertyThenTheVariableThenTheDefault() {
        Map<String, String> env = Map.of("OPENAI_API_KEY", SECRET, "OPENAI_BASE_URL", "https://env.example/v1");
        assertThat(ProviderRegistry.resolve(openai,
                settings(Map.of("lens.openai.baseUrl", "http://prop.example:9000/v1"), env)).baseUrl())
                .isEqualTo(java.net.URI.create("http://prop.example:9000/v1"));
        assertThat(ProviderRegistry.resolve(openai, settings(Map.of(), env)).baseUrl())
                .isEqualTo(java.net.URI.create("https://env.example/v1"));
        assertThat(ProviderRegistry.resolve(openai, settings(Map.of("lens.openai.baseUrl", " "),
                Map.of("OPENAI_API_KEY", SECRET, "OPENAI_BASE_URL", ""))).baseUrl())
                .isEqualTo(java.net.URI.create("https://api.openai.com/v1"));
        assertThat(Endpoints.baseUrlProperty("vllm")).isEqualTo("lens.vllm.baseUrl");
    }

    @Test
    void anInvalidBaseUrlNamesWhereItCameFrom() {
        assertThatThrownBy(() -> ProviderRegistry.resolve(openai,
                settings(Map.of(), Map.of("OPENAI_API_KEY", SECRET, "OPENAI_BASE_URL", "htp:/x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid base URL for provider 'openai' from OPENAI_BASE_URL: 'htp:/x'. "
                        + "Expected an http(s) URL such as https://api.openai.com/v1");
        assertThatThrownBy(() -> ProviderRegistry.resolve(registry.get("vllm"),
                settings(Map.of("lens.vllm.baseUrl", "localhost:8000"), Map.of())))
                .hasMessage("Invalid base URL for provider 'vllm' from lens.vllm.baseUrl: 'localhost:8000'. "
                        + "Expected an http(s) URL such as http://localhost:8000/v1");
    }

    @Test
    void aKeyPastedIntoTheBaseUrlVariableIsNotEchoed() {
        assertThatThrownBy(() -> ProviderRegistry.resolve(openai,
                settings(Map.of(), Map.of("OPENAI_API_KEY", SECRET, "OPENAI_BASE_URL", SECRET))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(SECRET)
                .hasMessageContaining("contains the value of OPENAI_API_KEY");
    }

    @Test
    void aMissingRequiredKeyNamesTheVariableAndSuggestsTheSimulator() {
        assertThatThrownBy(() -> ProviderRegistry.resolve(openai, settings(Map.of(), Map.of())))
                .isInstanceOfSatisfying(MissingApiKeyException.class, e -> {
                    assertThat(e.providerId()).isEqualTo("openai");
                    assertThat(e.variable()).isEqualTo("OPENAI_API_KEY");
                })
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Provider 'openai' needs an API key: set OPENAI_API_KEY, or run against the embedded "
                        + "simulator with -Dlens.simulate=true.");
        assertThatThrownBy(() -> ProviderRegistry.resolve(registry.get("groq"),
                settings(Map.of(), Map.of("GROQ_API_KEY", "  \n"))))
                .isInstanceOf(MissingApiKeyException.class).hasMessageContaining("set GROQ_API_KEY,");
    }

    @Test
    void selfHostedServersNeedNoKeyButUseOneWhenSet() {
        assertThat(ProviderRegistry.resolve(registry.get("vllm"), settings(Map.of(), Map.of())).apiKey()).isEmpty();
        assertThat(ProviderRegistry.resolve(registry.get("vllm"),
                settings(Map.of(), Map.of("VLLM_API_KEY", "token-abc\n"))).apiKey()).contains("token-abc");
        Endpoint ollama = ProviderRegistry.resolve(registry.get("ollama"),
                settings(Map.of(), Map.of("OLLAMA_API_KEY", "ignored")));
        assertThat(ollama.apiKey()).isEmpty();
        assertThat(ollama.baseUrl()).isEqualTo(java.net.URI.create("http://localhost:11434/v1"));
    }

    @Test
    void theSimulatorGetsItsUrlAtRunTime() {
        Endpoint placeholder = ProviderRegistry.resolve(registry.get("simulated"), settings(Map.of(), Map.of()));
        assertThat(placeholder.baseUrl().getHost()).isEqualTo("simulator.invalid");
        Endpoint live = placeholder.withBaseUrl(java.net.URI.create("http://127.0.0.1:43117/v1"));
        assertThat(live.resolve("chat/completions").toString()).isEqualTo("http://127.0.0.1:43117/v1/chat/completions");
        assertThat(ProviderRegistry.resolve(registry.get("simulated"),
                settings(Map.of("lens.simulated.baseUrl", "http://127.0.0.1:5000/v1"), Map.of())).baseUrl().getPort())
                .isEqualTo(5000);
    }

    @Test
    void organizationAndProjectHeadersComeFromTheEnvironmentWhenSet() {
        Endpoint endpoint = ProviderRegistry.resolve(openai, settings(Map.of(),
                Map.of("OPENAI_API_KEY", SECRET, "OPENAI_ORG_ID", "org-42", "OPENAI_PROJECT_ID", "proj_7")));
        assertThat(endpoint.headers()).containsOnly(Map.entry("OpenAI-Organization", "org-42"),
                Map.entry("OpenAI-Project", "proj_7"));
        Request request = HttpRequests.toOkHttp(openai.buildRequest(endpoint, ChatRequest.ofUser("x"),
                BenchmarkDescriptor.builder("openai", "gpt-4o-mini").build()));
        assertThat(request.header("OpenAI-Organization")).isEqualTo("org-42");
        assertThat(request.header("OpenAI-Project")).isEqualTo("proj_7");
        assertThat(ProviderRegistry.resolve(openai, settings(Map.of(), Map.of("OPENAI_API_KEY", SECRET)))
                .headers()).isEmpty();
    }

    @Test
    void theKeyNeverShowsInToString() {
        Endpoint endpoint = ProviderRegistry.resolve(openai, settings(Map.of(),
                Map.of("OPENAI_API_KEY", SECRET, "OPENAI_ORG_ID", "org-42")));
        assertThat(endpoint.apiKey()).contains(SECRET);
        assertThat(endpoint.toString()).doesNotContain(SECRET).doesNotContain("org-42")
                .isEqualTo("Endpoint[https://api.openai.com/v1, key=***, headers=[OpenAI-Organization]]");
        assertThat(new Endpoint(java.net.URI.create("https://user:" + SECRET + "@gw.example/v1"), Optional.empty())
                .toString()).doesNotContain(SECRET).contains("gw.example");
        assertThat(settings(Map.of(), Map.of("OPENAI_API_KEY", SECRET)).toString()).doesNotContain(SECRET);
        assertThat(registry.toString()).doesNotContain(SECRET);
    }

    @Test
    void everyBuiltInAdapterResolvesWithItsOwnKey() {
        for (ProviderAdapter adapter : OpenAiCompatibleProviders.all()) {
            Map<String, String> env = adapter.apiKeyVariable().map(v -> Map.of(v, "k")).orElse(Map.of());
            Endpoint endpoint = ProviderRegistry.resolve(adapter, settings(Map.of(), env));
            assertThat(endpoint.baseUrl().toString()).as(adapter.id()).isEqualTo(adapter.defaultBaseUrl());
            assertThat(endpoint.apiKey().isPresent()).as(adapter.id()).isEqualTo(adapter.apiKeyVariable().isPresent());
        }
    }

    /** An adapter that does nothing, for catalog tests. */
    static final class StubAdapter implements ProviderAdapter {
        private final String id;

        StubAdapter(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String defaultBaseUrl() {
            return "http://localhost/v1";
        }

        @Override
        public String baseUrlVariable() {
            return "STUB_BASE_URL";
        }

        @Override
        public Optional<String> apiKeyVariable() {
            return Optional.empty();
        }

        @Override
        public ProviderRequest buildRequest(Endpoint endpoint, ChatRequest request, BenchmarkDescriptor benchmark) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StreamDecoder newDecoder() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> errorMessage(int httpStatus, String body) {
            return Optional.of(body);
        }
    }
}
