package dev.latencylens.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;

/**
 * What the simulator says about itself, and a server that closes its connections: llama.cpp's flavour with its
 * headers and {@code timings}, Bedrock's invoke stream in every family with its invocation metrics, each derived
 * from the request's ground truth; {@code closeAfterResponse} closing a connection that announced keep-alive.
 */
class ServerReportsAndClosingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static Simulator sim;

    @BeforeAll
    static void start() {
        SimProfile quick = SimProfile.builder().ttft(Dist.fixed(20)).interTokenDelay(Dist.fixed(1)).outputTokens(5)
                .prefillMicrosPerToken(0).coldStart(Dist.fixed(0)).build();
        sim = Simulator.builder().configuration(new Properties()).profile("quick", quick)
                .profile("closing", quick.toBuilder().closeAfterResponse(true).build()).build().start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";
    }

    @Test
    void closeAfterResponseClosesAConnectionThatAnnouncedKeepAlive() throws Exception {
        try (RawHttp http = new RawHttp(sim.port())) {
            RawHttp.Response r = http.post("/chat/completions", chat("closing")).read();
            assertThat(r.terminated()).isTrue();
            assertThat(r.header("keep-alive")).isEqualTo("timeout=5, max=100");
            assertThat(http.closedByServer()).isTrue();
        }
        try (RawHttp http = new RawHttp(sim.port())) {
            http.post("/chat/completions", chat("quick")).read();
            http.post("/chat/completions", chat("quick")).read();
            assertThat(http.post("/chat/completions", chat("quick")).read().terminated())
                    .as("without it the connection stays open").isTrue();
        }
    }

    @Test
    void llamaCppsTimingsComeFromWhatReallyHappened() throws Exception {
        RawHttp.Response r;
        try (RawHttp http = new RawHttp(sim.port())) {
            r = http.post("/chat/completions", chat("quick")).read();
        }
        assertThat(r.header("server")).isEqualTo("llama.cpp");
        List<String> data = r.data();
        JsonNode last = JSON.readTree(data.get(data.size() - 2));
        assertThat(last.path("usage").path("completion_tokens").asInt()).isEqualTo(5);
        JsonNode timings = last.path("timings");
        ServedRequest truth = sim.groundTruth().await(r.header("x-request-id"), WAIT).orElseThrow();
        long[] written = truth.contentWrittenNanos();
        assertThat(timings.path("predicted_n").asInt()).isEqualTo(5);
        assertThat(timings.path("prompt_n").asInt()).isEqualTo(truth.promptTokens());
        assertThat(timings.path("prompt_ms").asDouble())
                .isEqualTo((written[0] - truth.arrivalNanos()) / 1_000 / 1_000.0);
        assertThat(timings.path("predicted_ms").asDouble())
                .isEqualTo((written[4] - written[0]) / 1_000 / 1_000.0);
        assertThat(timings.path("predicted_per_token_ms").asDouble())
                .isEqualTo(timings.path("predicted_ms").asDouble() / 4);
        assertThat(timings.path("prompt_ms").asDouble()).isGreaterThanOrEqualTo(20);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"anthropic.claude-3-5-haiku-20241022-v1:0, message_stop",
        "us.meta.llama3-3-70b-instruct-v1:0, generation", "mistral.mistral-large-2402-v1:0, outputs",
        "amazon.titan-text-express-v1, outputText", "amazon.nova-lite-v1:0, metadata",
        "cohere.command-r-v1:0, is_finished"})
    void invokeStreamsSpeakEachFamilyAndEndWithInvocationMetrics(String model, String lastField) throws Exception {
        String body = switch (lastField) {
            case "message_stop" -> "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":50,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";
            case "outputText" -> "{\"inputText\":\"hello there\",\"textGenerationConfig\":{\"maxTokenCount\":50}}";
            case "metadata" -> "{\"schemaVersion\":\"messages-v1\",\"messages\":[{\"role\":\"user\",\"content\":"
                    + "[{\"text\":\"hello there\"}]}],\"inferenceConfig\":{\"maxTokens\":50}}";
            case "is_finished" -> "{\"message\":\"hello there\",\"max_tokens\":50}";
            default -> "{\"prompt\":\"hello there\",\"max_tokens\":50}";
        };
        RawHttp.Response r;
        try (RawHttp http = new RawHttp(sim.port())) {
            r = http.post("/model/" + model + "/invoke-with-response-stream", body).read();
        }
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.header("content-type")).isEqualTo("application/vnd.amazon.eventstream");
        List<JsonNode> chunks = new ArrayList<>();
        MessageDecoder decoder = new MessageDecoder(m -> chunks.add(chunk(m))); // checks both CRCs
        decoder.feed(r.body());
        JsonNode last = chunks.get(chunks.size() - 1);
        assertThat(last.has(lastField) || last.path("type").asText().equals(lastField)).as(last.toString())
                .isTrue();
        JsonNode metrics = last.path("amazon-bedrock-invocationMetrics");
        ServedRequest truth = sim.groundTruth().await(r.header("x-request-id"), WAIT).orElseThrow();
        assertThat(metrics.path("outputTokenCount").asInt()).isEqualTo(truth.outputTokens());
        assertThat(metrics.path("inputTokenCount").asInt()).isEqualTo(truth.promptTokens());
        assertThat(metrics.path("firstByteLatency").asLong())
                .isEqualTo((truth.contentWrittenNanos()[0] - truth.arrivalNanos()) / 1_000_000);
        assertThat(metrics.path("invocationLatency").asLong())
                .isGreaterThanOrEqualTo(metrics.path("firstByteLatency").asLong());
    }

    private static JsonNode chunk(Message m) {
        assertThat(m.getHeaders().get(":event-type").getString()).isEqualTo("chunk");
        try {
            JsonNode payload = JSON.readTree(ByteBuffer.wrap(m.getPayload()).array());
            return JSON.readTree(new String(Base64.getDecoder().decode(payload.path("bytes").asText()),
                    StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new AssertionError("a chunk that is not JSON: " + new String(m.getPayload(),
                    StandardCharsets.UTF_8), e);
        }
    }
}
