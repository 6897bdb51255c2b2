package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.Phase;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ServerFigure;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The genuine {@code InvokeModelWithResponseStream} recordings in {@code streams/bedrock-invoke/}, replayed over a
 * real loopback socket in odd-sized pieces through the engine's own path (client, framer, decoder, trace), against
 * what their sidecars say a correct decoder gives: text, finish reason, usage, the server's own figures, the number
 * of content events.
 */
class BedrockInvokeFixturesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @CsvSource({"anthropic-claude-3-5-sonnet, anthropic.claude-3-5-sonnet-20240620-v1:0, 37",
        "amazon-titan-text-express, amazon.titan-text-express-v1, 23"})
    void aRecordedStreamDecodesAsItsSidecarSays(String fixture, String model, int piece) throws Exception {
        byte[] body = resource(fixture + ".bin");
        JsonNode expected = JSON.readTree(resource(fixture + ".expected.json"));
        OkHttpClient client = RunEngine.newClient(1, dev.latencylens.api.LoadOptions.defaults());
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(new MockResponse.Builder()
                    .setHeader("Content-Type", "application/vnd.amazon.eventstream")
                    .setHeader("x-amzn-RequestId", "3f0c5e1a-recorded")
                    .chunkedBody(new Buffer().write(body), piece)
                    .throttleBody(piece, 1, TimeUnit.MILLISECONDS)
                    .build());
            RequestExecutor executor = new RequestExecutor(client,
                    ProviderRegistry.load(getClass().getClassLoader()).get("bedrock-invoke"),
                    new Endpoint(server.url("/").uri(), Optional.of("bedrock-api-key")),
                    BenchmarkDescriptor.builder("bedrock-invoke", model).maxTokens(100).build());
            RequestTrace t = new RequestTrace(Phase.MEASURED, 0, System.nanoTime(), true);

            executor.execute(ChatRequest.ofUser("Tell me a short story."), t);

            assertThat(t.succeeded()).as(t.errorMessage()).isEqualTo(expected.path("complete").asBoolean());
            assertThat(t.text()).contains(expected.path("text").asText());
            assertThat(t.finishReason()).isEqualTo(expected.path("finishReason").asText());
            assertThat(t.contentEvents()).isEqualTo(expected.path("contentEvents").asInt());
            assertThat(t.inputTokens()).isEqualTo(expected.path("usage").path("input").asLong());
            assertThat(t.outputTokens()).isEqualTo(expected.path("usage").path("output").asLong());
            assertThat(t.tokensEstimated()).isFalse();
            assertThat(t.requestId()).isEqualTo("3f0c5e1a-recorded");
            for (ServerFigure f : ServerFigure.values()) {
                JsonNode v = expected.path("server").path(f.key());
                if (v.isNumber()) {
                    assertThat(t.server()).as(f.key()).containsEntry(f, v.asDouble());
                }
            }
            assertThat(t.server()).containsOnlyKeys(ServerFigure.FIRST_BYTE_MS, ServerFigure.TOTAL_MS,
                    ServerFigure.PROMPT_TOKENS, ServerFigure.DECODE_TOKENS);
            assertThat(t.serverPromptNanos()).isEqualTo(
                    Math.round(expected.path("server").path("firstByteMs").asDouble() * 1e6));

            RecordedRequest request = server.takeRequest();
            assertThat(request.getUrl().encodedPath()).isEqualTo("/model/" + model.replace(":", "%3A")
                    + "/invoke-with-response-stream");
        } finally {
            client.connectionPool().evictAll();
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = BedrockInvokeFixturesTest.class.getResourceAsStream("/streams/bedrock-invoke/" + name)) {
            if (in == null) {
                throw new IOException("no fixture " + name);
            }
            return in.readAllBytes();
        }
    }
}
