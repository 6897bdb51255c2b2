package dev.latencylens.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Properties;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The non-streaming parts of the API surface, through OkHttp as a normal client would call it. */
class SimulatorHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Simulator sim;
    private static OkHttpClient client;

    @BeforeAll
    static void start() {
        sim = Simulator.builder().configuration(new Properties())
                .profile("t-plain", SimProfile.builder().ttft(Dist.fixed(30)).interTokenDelay(Dist.fixed(2))
                        .outputTokens(12).prefillMicrosPerToken(0).build())
                .build().start();
        client = new OkHttpClient();
    }

    @AfterAll
    static void stop() {
        sim.close();
        client.connectionPool().evictAll();
    }

    private static Response post(String path, String json) throws Exception {
        return client.newCall(new Request.Builder().url(sim.baseUrl() + path)
                .post(RequestBody.create(json, MediaType.get("application/json"))).build()).execute();
    }

    @Test
    void baseUrlIsLoopbackWithV1() {
        assertThat(sim.baseUrl()).isEqualTo("http://127.0.0.1:" + sim.port() + "/v1");
        assertThat(sim.baseUri().getPort()).isEqualTo(sim.port());
    }

    @Test
    void nonStreamedCompletionCollapsesTheTimingIntoOneBody() throws Exception {
        long sent = System.nanoTime();
        try (Response r = post("/chat/completions", "{\"model\":\"t-plain\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hello\"}]}")) {
            long received = System.nanoTime();
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            JsonNode body = JSON.readTree(r.body().string());
            assertThat(body.get("id").asText()).isEqualTo("chatcmpl-" + r.header("x-request-id"));
            assertThat(body.get("object").asText()).isEqualTo("chat.completion");
            assertThat(body.get("model").asText()).isEqualTo("t-plain");
            assertThat(body.at("/choices/0/message/role").asText()).isEqualTo("assistant");
            assertThat(body.at("/choices/0/message/content").asText()).isNotBlank();
            assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
            assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(12);
            assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(1);
            assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(13);
            // 30 ms TTFT + 11 × 2 ms: loosely, at least the script.
            assertThat(received - sent).isGreaterThanOrEqualTo(52_000_000L);
            ServedRequest truth = sim.groundTruth().await(r.header("x-request-id"), Duration.ofSeconds(5))
                    .orElseThrow();
            assertThat(truth.stream()).isFalse();
            assertThat(truth.contentEvents()).isEqualTo(1);
            assertThat(truth.outputTokens()).isEqualTo(12);
            assertThat(truth.finishReason()).isEqualTo("stop");
            assertThat(truth.endNanos() - truth.arrivalNanos()).isGreaterThanOrEqualTo(52_000_000L);
        }
    }

    @Test
    void unknownPathIsOpenAis404() throws Exception {
        try (Response r = post("/embeddingz", "{}")) {
            assertThat(r.code()).isEqualTo(404);
            JsonNode error = JSON.readTree(r.body().string()).get("error");
            assertThat(error.get("message").asText()).isEqualTo("Invalid URL (POST /v1/embeddingz)");
            assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        }
    }

    @Test
    void malformedBodyIsOpenAis400() throws Exception {
        try (Response r = post("/chat/completions", "{\"model\":")) {
            assertThat(r.code()).isEqualTo(400);
            String body = r.body().string();
            JsonNode error = JSON.readTree(body).get("error");
            assertThat(error.get("message").asText()).startsWith("We could not parse the JSON body");
            assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
            assertThat(body).contains("\"param\":null,\"code\":null");
        }
        try (Response r = post("/chat/completions", "{\"model\":\"t-plain\"}")) {
            assertThat(r.code()).isEqualTo(400);
            assertThat(JSON.readTree(r.body().string()).at("/error/param").asText()).isEqualTo("messages");
        }
    }

    @Test
    void modelsListsThePresets() throws Exception {
        try (Response r = client.newCall(new Request.Builder().url(sim.baseUrl() + "/models").build()).execute()) {
            JsonNode body = JSON.readTree(r.body().string());
            assertThat(body.get("object").asText()).isEqualTo("list");
            assertThat(body.get("data").findValuesAsText("id"))
                    .contains("sim-fast", "sim-slow", "sim-flaky", "sim-instant", "t-plain");
            assertThat(body.at("/data/0/object").asText()).isEqualTo("model");
        }
    }

    @Test
    void anyModelNameIsServedWithTheDefaultProfile() {
        assertThat(sim.profile("gpt-4o-mini")).isSameAs(SimPresets.FAST);
        sim.register("gpt-4o-mini", SimPresets.INSTANT);
        assertThat(sim.profile("gpt-4o-mini")).isSameAs(SimPresets.INSTANT);
    }

    @Test
    void closeIsIdempotentAndReleasesThePort() throws Exception {
        Simulator other = Simulator.builder().configuration(new Properties()).build().start();
        int port = other.port();
        other.close();
        assertThatCode(other::close).doesNotThrowAnyException();
        try (java.net.ServerSocket reuse = new java.net.ServerSocket()) {
            reuse.setReuseAddress(true);
            reuse.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        }
    }
}
