package dev.latencylens.internal.provider.azure;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.engine.HttpRequests;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.internal.provider.credentials.MutableClock;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ProviderSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * Run by {@link EntraIdTest} in a JVM of its own, whose environment (the only place azure-identity reads) points
 * DefaultAzureCredential at a loopback managed-identity endpoint: resolves the azure-openai endpoint as a run does,
 * then sends four requests to {@code AZURE_OPENAI_ENDPOINT}, moving its clock 0 s, 30 s, 100 s and 10 s before each.
 */
public final class EntraIdChild {

    private EntraIdChild() {
    }

    public static void main(String[] args) throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        AzureOpenAiAdapter adapter = new AzureOpenAiAdapter(clock, AzureOpenAiAdapter.IDENTITY_CLASS);
        Endpoint endpoint = ProviderRegistry.resolve(adapter, ProviderSettings.fromSystem());
        System.out.println("resolved " + endpoint);
        OkHttpClient client = new OkHttpClient();
        BenchmarkDescriptor bench = BenchmarkDescriptor.builder("azure-openai", "gpt-4o-prod").build();
        for (Duration step : List.of(Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(100),
                Duration.ofSeconds(10))) {
            clock.advance(step);
            try (Response r = client.newCall(HttpRequests.toOkHttp(adapter.buildRequest(endpoint,
                    ChatRequest.ofUser("hi"), bench))).execute()) {
                System.out.println("status " + r.code());
            }
        }
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
        System.exit(0);
    }
}
