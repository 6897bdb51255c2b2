package dev.latencylens.internal.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.engine.HttpRequests;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.internal.provider.credentials.MutableClock;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.MissingApiKeyException;
import dev.latencylens.spi.ProviderSettings;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Entra ID for Azure OpenAI: a static token, its expiry, and azure-identity's DefaultAzureCredential getting tokens
 * from a managed-identity endpoint (App Service's {@code IDENTITY_ENDPOINT}) that is a loopback server here, each
 * token refreshed before it expires during the run.
 */
class EntraIdTest {

    private static final BenchmarkDescriptor BENCH = BenchmarkDescriptor.builder("azure-openai", "gpt-4o-prod")
            .build();

    private static String jwt(Instant exp) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"aud\":\"https://cognitiveservices.azure.com\",\"exp\":"
                + exp.getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void aStaticTokenIsSentAsItIsButAnExpiredOneStopsTheRunNamingIt() {
        Instant now = Instant.parse("2025-06-01T12:00:00Z");
        AzureOpenAiAdapter adapter = new AzureOpenAiAdapter(new MutableClock(now), AzureOpenAiAdapter.IDENTITY_CLASS);
        String valid = jwt(now.plusSeconds(600));
        Endpoint e = ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(), Map.of("AZURE_OPENAI_ENDPOINT",
                "https://res.openai.azure.com", "AZURE_OPENAI_AD_TOKEN", valid)));
        assertThat(HttpRequests.toOkHttp(adapter.buildRequest(e, ChatRequest.ofUser("hi"), BENCH))
                .header("Authorization")).isEqualTo("Bearer " + valid);
        String expired = jwt(now.minusSeconds(1));
        assertThatThrownBy(() -> ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(), Map.of(
                "AZURE_OPENAI_ENDPOINT", "https://res.openai.azure.com", "AZURE_OPENAI_AD_TOKEN", expired))))
                .isInstanceOf(MissingApiKeyException.class)
                .hasMessageStartingWith("Provider 'azure-openai' needs a valid Entra ID token: looked in"
                        + " AZURE_OPENAI_AD_TOKEN, which expired at 2025-06-01T11:59:59Z; set a fresh one")
                .hasMessageNotContaining(expired);
    }

    @Test
    void withoutAzureIdentityOnTheClassPathTheMessageSaysToAddIt() {
        AzureOpenAiAdapter adapter = new AzureOpenAiAdapter(new MutableClock(Instant.now()), "com.azure.identity.Gone");
        assertThatThrownBy(() -> ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(), Map.of(
                "AZURE_OPENAI_ENDPOINT", "https://res.openai.azure.com"))))
                .isInstanceOf(MissingApiKeyException.class)
                .hasMessage("Provider 'azure-openai' needs an API key or an Entra ID token: looked in"
                        + " AZURE_OPENAI_API_KEY (unset), AZURE_OPENAI_AD_TOKEN (unset), Entra ID through"
                        + " DefaultAzureCredential (com.azure:azure-identity is not on the class path); set"
                        + " AZURE_OPENAI_API_KEY (or AZURE_OPENAI_AD_TOKEN, or add com.azure:azure-identity to the"
                        + " class path for DefaultAzureCredential), or run against the embedded simulator with"
                        + " -Dlens.simulate=true.");
    }

    @Test
    void managedIdentityTokensAreFetchedAndRefreshedBeforeTheyExpire() throws Exception {
        // azure-identity (through MSAL) reads its environment itself, so the run happens in a JVM whose environment
        // points App Service's managed-identity variables at a loopback server; nothing else is left for it to try.
        // MSAL returns a cached token until five minutes before it expires, so tokens that live four minutes are
        // fetched from the endpoint each time Lens asks; when Lens asks is what the child's clock decides.
        try (MockWebServer identity = new MockWebServer(); MockWebServer azure = new MockWebServer();
             ServerSocket nothing = new ServerSocket(0)) {
            identity.start();
            azure.start();
            for (int i = 1; i <= 2; i++) {
                identity.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                        .body("{\"access_token\":\"entra-token-" + i + "\",\"expires_on\":\""
                                + Instant.now().plusSeconds(240).getEpochSecond() + "\",\"resource\":"
                                + "\"https://cognitiveservices.azure.com\",\"token_type\":\"Bearer\"}").build());
            }
            for (int i = 0; i < 4; i++) {
                azure.enqueue(new MockResponse.Builder().code(200).body("").build());
            }
            ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), EntraIdChild.class.getName())
                    .redirectErrorStream(true);
            Map<String, String> env = child.environment();
            env.keySet().removeIf(k -> k.startsWith("AZURE_") || k.startsWith("IDENTITY_") || k.startsWith("MSI_")
                    || k.startsWith("IMDS_"));
            env.put("AZURE_OPENAI_ENDPOINT", azure.url("/").toString());
            env.put("AZURE_TOKEN_CREDENTIALS", "ManagedIdentityCredential");
            env.put("IDENTITY_ENDPOINT", identity.url("/msi/token").toString());
            env.put("IDENTITY_HEADER", "identity-header-secret");
            // Should anything still fall back to instance metadata, it finds a closed loopback port.
            env.put("AZURE_POD_IDENTITY_AUTHORITY_HOST", "http://127.0.0.1:" + nothing.getLocalPort());
            Process p = child.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).doesNotContain("entra-token").contains("Entra ID (DefaultAzureCredential)");

            RecordedRequest tokenRequest = identity.takeRequest();
            assertThat(tokenRequest.getUrl().encodedPath()).isEqualTo("/msi/token");
            assertThat(tokenRequest.getUrl().queryParameter("resource"))
                    .isEqualTo("https://cognitiveservices.azure.com");
            assertThat(tokenRequest.getHeaders().get("X-IDENTITY-HEADER")).isEqualTo("identity-header-secret");
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sent.add(azure.takeRequest().getHeaders().get("Authorization"));
            }
            assertThat(sent).containsExactly("Bearer entra-token-1", "Bearer entra-token-1", "Bearer entra-token-2",
                    "Bearer entra-token-2");
            assertThat(identity.getRequestCount()).isEqualTo(2);
        }
    }
}
