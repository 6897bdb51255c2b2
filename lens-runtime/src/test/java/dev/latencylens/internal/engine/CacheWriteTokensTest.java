package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.LatencyLens;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.internal.report.RunReporter;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.ResultJson;
import dev.latencylens.results.RunResult;
import dev.latencylens.spi.ProviderSettings;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prompt-cache writes are kept apart from cache reads in results.json ({@code tokens.cacheWrite} beside
 * {@code tokens.cachedInput}) and priced apart: a recorded Anthropic stream whose usage reports 1,000 tokens written
 * to the cache and 200 read from it, served over loopback.
 */
class CacheWriteTokensTest {

    private static final int REQUESTS = 3;

    @Test
    void cacheWritesAreKeptAndPricedApartFromCacheReads(@TempDir Path dir) throws Exception {
        String stream;
        try (InputStream in = getClass().getResourceAsStream("/streams/anthropic/text-with-ping.sse")) {
            stream = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("\"cache_creation_input_tokens\":0", "\"cache_creation_input_tokens\":1000")
                    .replace("\"cache_read_input_tokens\":0", "\"cache_read_input_tokens\":200");
        }
        String body = stream;
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body)
                            .build();
                }
            });
            server.start();
            RunOptions options = RunOptions.builder().outputDirectory(dir).build();
            RunResult run = new RunEngine(options, ProviderRegistry.load(getClass().getClassLoader()),
                    ProviderSettings.of(Map.of("lens.anthropic.baseUrl", server.url("/").toString()),
                            Map.of("ANTHROPIC_API_KEY", "sk-ant-test-0123456789")), null)
                    .run(List.of(LatencyLens.benchmark(BenchmarkDescriptor.builder("anthropic", "claude-sonnet-4-5")
                            .name("cached").iterations(REQUESTS).warmup(0).build(), it -> ChatRequest.ofUser("hi"))),
                            RunReporter.of(options)::report);

            BenchmarkResult result = run.benchmarks().get(0);
            assertThat(result.reliability().succeeded()).isEqualTo(REQUESTS);
            assertThat(result.tokens().cacheWrite()).isEqualTo(1000L * REQUESTS);
            assertThat(result.tokens().cachedInput()).isEqualTo(200L * REQUESTS);
            JsonNode json = new ObjectMapper().readTree(dir.resolve(ResultJson.FILE_NAME).toFile());
            JsonNode b = json.get("benchmarks").get(0);
            assertThat(b.at("/tokens/cacheWrite").asLong()).isEqualTo(1000L * REQUESTS);
            assertThat(b.at("/tokens/cachedInput").asLong()).isEqualTo(200L * REQUESTS);
            // priced apart: the cost's token kinds, which the price row multiplies one by one
            assertThat(b.at("/cost/tokens/cacheWrite").asLong()).isEqualTo(1000L * REQUESTS);
            assertThat(b.at("/cost/tokens/cachedInput").asLong()).isEqualTo(200L * REQUESTS);
            assertThat(ResultJson.read(dir.resolve(ResultJson.FILE_NAME)).benchmarks().get(0).tokens().cacheWrite())
                    .isEqualTo(1000L * REQUESTS);
            // the glossary explains every metric present, from the Metric enum
            assertThat(json.at("/glossary/ttft/unit").asText()).isEqualTo("ms");
            assertThat(json.at("/glossary/ttft/definition").asText()).startsWith("time to first token");
            assertThat(json.at("/glossary/e2e/openTelemetry").asText()).isEqualTo("gen_ai.client.operation.duration");
            assertThat(json.get("glossary").has("serverDecode")).as("no sample, no entry").isFalse();
        }
    }
}
