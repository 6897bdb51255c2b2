package dev.latencylens.internal.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.engine.HttpRequests;
import dev.latencylens.internal.provider.AdapterSupport;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.internal.provider.credentials.MutableClock;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.MissingApiKeyException;
import dev.latencylens.spi.ProviderSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vertex AI: its path, and Google application-default credentials through google-auth-library: a real service
 * account key file whose {@code token_uri} is a loopback server, the library signing its JWT assertion, the token
 * refreshed before it expires as the clock moves; and the message of a machine without credentials.
 */
class VertexAdapterTest {

    private static final BenchmarkDescriptor BENCH = BenchmarkDescriptor.builder("vertex", "gemini-2.5-flash")
            .maxTokens(64).build();

    @TempDir
    Path home;

    private final Map<String, String> props = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Path serviceAccount(String tokenUri) throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.UTF_8))
                .encodeToString(rsa.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        Map<String, String> json = Map.of("type", "service_account", "project_id", "sa-project", "private_key_id",
                "key-1", "private_key", pem, "client_email", "bench@sa-project.iam.gserviceaccount.com", "client_id",
                "1234567890", "token_uri", tokenUri);
        Path file = home.resolve("sa.json");
        Files.writeString(file, AdapterSupport.MAPPER.writeValueAsString(json));
        return file;
    }

    private static MockResponse token(String value, long expiresIn) {
        return new MockResponse.Builder().setHeader("Content-Type", "application/json").body("{\"access_token\":\""
                + value + "\",\"expires_in\":" + expiresIn + ",\"token_type\":\"Bearer\"}").build();
    }

    @Test
    void aServiceAccountsTokensReachEveryRequestAndAreRefreshedBeforeTheyExpire() throws Exception {
        MutableClock clock = new MutableClock(Instant.now()); // the library dates its tokens by the real clock
        try (MockWebServer google = new MockWebServer(); MockWebServer vertex = new MockWebServer()) {
            google.start();
            vertex.start();
            google.enqueue(token("ya29.first", 3600));
            google.enqueue(token("ya29.second", 7200));
            env.put("GOOGLE_APPLICATION_CREDENTIALS", serviceAccount(google.url("/token").toString()).toString());
            env.put("GOOGLE_CLOUD_LOCATION", "europe-west4");
            props.put("lens.vertex.baseUrl", vertex.url("/").toString());
            VertexAdapter adapter = new VertexAdapter(clock, GoogleAdc.LIBRARY_CLASS);
            Endpoint endpoint = ProviderRegistry.resolve(adapter, ProviderSettings.of(props, env));
            assertThat(endpoint.toString()).doesNotContain("ya29");
            assertThat(endpoint.option("credentials")).contains("GOOGLE_APPLICATION_CREDENTIALS ("
                    + env.get("GOOGLE_APPLICATION_CREDENTIALS") + ")");
            assertThat(endpoint.option("project")).contains("sa-project");

            RecordedRequest grant = google.takeRequest();
            assertThat(grant.getUrl().encodedPath()).isEqualTo("/token"); // the key file's token_uri
            String form = URLDecoder.decode(grant.getBody().utf8(), StandardCharsets.UTF_8);
            assertThat(form).startsWith("grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=");
            JsonNode claims = AdapterSupport.MAPPER.readTree(Base64.getUrlDecoder().decode(
                    form.substring(form.indexOf("assertion=") + 10).split("\\.")[1]));
            assertThat(claims.path("iss").asText()).isEqualTo("bench@sa-project.iam.gserviceaccount.com");
            assertThat(claims.path("aud").asText()).isEqualTo("https://oauth2.googleapis.com/token");
            assertThat(claims.path("scope").asText()).isEqualTo("https://www.googleapis.com/auth/cloud-platform");

            OkHttpClient client = new OkHttpClient();
            List<String> sent = new ArrayList<>();
            for (Duration step : List.of(Duration.ZERO, Duration.ofMinutes(30), Duration.ofMinutes(26),
                    Duration.ofSeconds(10))) {
                clock.advance(step);
                vertex.enqueue(new MockResponse.Builder().code(200).body("").build());
                try (Response r = client.newCall(HttpRequests.toOkHttp(adapter.buildRequest(endpoint,
                        ChatRequest.ofUser("hi"), BENCH))).execute()) {
                    assertThat(r.code()).isEqualTo(200);
                }
                RecordedRequest request = vertex.takeRequest();
                assertThat(request.getTarget()).isEqualTo("/v1/projects/sa-project/locations/europe-west4/publishers/"
                        + "google/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
                assertThat(request.getBody().utf8()).contains("\"maxOutputTokens\":64");
                sent.add(request.getHeaders().get("Authorization"));
            }
            assertThat(sent).containsExactly("Bearer ya29.first", "Bearer ya29.first", "Bearer ya29.second",
                    "Bearer ya29.second");
            assertThat(google.getRequestCount()).isEqualTo(2);
        }
    }

    @Test
    void theHostFollowsTheLocationAndGlobalIsTheDefault() {
        assertThat(VertexAdapter.baseUrlFor("us-central1"))
                .isEqualTo("https://us-central1-aiplatform.googleapis.com/v1");
        assertThat(new VertexAdapter().defaultBaseUrl()).isEqualTo("https://aiplatform.googleapis.com/v1");
        Endpoint bare = new Endpoint(java.net.URI.create("http://127.0.0.1:9/v1"), java.util.Optional.empty())
                .withOption("project", "p").withOption("location", "us-east5");
        assertThat(HttpRequests.toOkHttp(new VertexAdapter().buildRequest(bare, ChatRequest.ofUser("hi"),
                BenchmarkDescriptor.builder("vertex", "publishers/google/models/gemini-2.0-flash-001").build()))
                .url().encodedPath()).isEqualTo("/v1/projects/p/locations/us-east5/publishers/google/models/"
                + "gemini-2.0-flash-001:streamGenerateContent");
    }

    @Test
    void withoutCredentialsTheMessageNamesEveryPlaceLookedIn() throws IOException {
        props.put("user.home", home.toString());
        env.put("GOOGLE_APPLICATION_CREDENTIALS", home.resolve("missing.json").toString());
        env.put("GCE_METADATA_HOST", "127.0.0.1:" + closedPort());
        assertThatThrownBy(() -> ProviderRegistry.resolve(new VertexAdapter(new MutableClock(Instant.now()),
                GoogleAdc.LIBRARY_CLASS), ProviderSettings.of(props, env)))
                .isInstanceOf(MissingApiKeyException.class)
                .hasMessage("Provider 'vertex' needs Google credentials: looked in GOOGLE_APPLICATION_CREDENTIALS ("
                        + home.resolve("missing.json") + "): no such file, gcloud's application-default credentials ("
                        + home.resolve(".config/gcloud/application_default_credentials.json") + " absent), the"
                        + " metadata server at " + env.get("GCE_METADATA_HOST") + " (not reachable); set"
                        + " GOOGLE_APPLICATION_CREDENTIALS to a service-account or authorized-user JSON file (or run"
                        + " gcloud auth application-default login; the library: add"
                        + " com.google.auth:google-auth-library-oauth2-http), or run against the embedded simulator"
                        + " with -Dlens.simulate=true.");
        assertThatThrownBy(() -> ProviderRegistry.resolve(new VertexAdapter(new MutableClock(Instant.now()),
                "com.google.auth.oauth2.Gone"), ProviderSettings.of(props, env)))
                .hasMessageStartingWith("Provider 'vertex' needs Google credentials: looked in application-default"
                        + " credentials (com.google.auth:google-auth-library-oauth2-http is not on the class path);");
    }

    @Test
    void aRefusedServiceAccountIsReportedWithoutItsKey() throws Exception {
        try (MockWebServer google = new MockWebServer()) {
            google.start();
            google.enqueue(new MockResponse.Builder().code(400).setHeader("Content-Type", "application/json")
                    .body("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}").build());
            Path file = serviceAccount(google.url("/token").toString());
            env.put("GOOGLE_APPLICATION_CREDENTIALS", file.toString());
            env.put("NO_GCE_CHECK", "true");
            props.put("user.home", home.toString());
            String key = Files.readString(file);
            int begin = key.indexOf("BEGIN PRIVATE KEY");
            String keyBody = key.substring(begin + 30, begin + 90);
            assertThatThrownBy(() -> ProviderRegistry.resolve(new VertexAdapter(new MutableClock(Instant.now()),
                    GoogleAdc.LIBRARY_CLASS), ProviderSettings.of(props, env)))
                    .isInstanceOf(MissingApiKeyException.class)
                    .hasMessageContaining("GOOGLE_APPLICATION_CREDENTIALS (" + file + ") gave no access token:")
                    .hasMessageContaining("invalid_grant")
                    .hasMessageContaining("the metadata server (skipped: NO_GCE_CHECK=true)")
                    .hasMessageNotContaining(keyBody);
        }
    }
}
