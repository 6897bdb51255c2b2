package dev.latencylens.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * A request that asks for its answer's length, as vLLM's extra sampling parameters do ({@code ignore_eos},
 * {@code min_tokens}), gets it; and the request bodies the simulator keeps when asked to.
 */
class RequestedLengthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Simulator sim;
    private static OkHttpClient client;

    @BeforeAll
    static void start() {
        sim = Simulator.builder().configuration(new Properties()).recordRequestBodies(true)
                .profile("twelve", SimProfile.builder().ttft(Dist.fixed(1)).interTokenDelay(Dist.fixed(0))
                        .outputTokens(12).prefillMicrosPerToken(0).build())
                .build().start();
        client = new OkHttpClient();
    }

    @AfterAll
    static void stop() {
        sim.close();
        client.connectionPool().evictAll();
    }

    private static JsonNode complete(String extra) throws Exception {
        String body = "{\"model\":\"twelve\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]" + extra + "}";
        try (Response r = client.newCall(new Request.Builder().url(sim.baseUrl() + "/chat/completions")
                .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute()) {
            ObjectNode json = (ObjectNode) JSON.readTree(r.body().string());
            return json.put("status", r.code()).put("requestId", r.header("x-request-id"));
        }
    }

    @Test
    void ignoreEosRunsToTheOutputLimitAndStopsThereForLength() throws Exception {
        JsonNode r = complete(",\"max_tokens\":40,\"ignore_eos\":true");
        assertThat(r.at("/usage/completion_tokens").asInt()).isEqualTo(40);
        assertThat(r.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void minTokensLengthensAnAnswerThatWouldHaveStoppedSooner() throws Exception {
        JsonNode r = complete(",\"max_tokens\":40,\"min_tokens\":30");
        assertThat(r.at("/usage/completion_tokens").asInt()).isEqualTo(30);
        assertThat(r.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(complete(",\"max_tokens\":40").at("/usage/completion_tokens").asInt()).as("without it")
                .isEqualTo(12);
    }

    @Test
    void ignoreEosWithoutAnOutputLimitKeepsTheSampledLength() throws Exception {
        assertThat(complete(",\"ignore_eos\":true").at("/usage/completion_tokens").asInt()).isEqualTo(12);
    }

    @Test
    void minTokensAboveMaxTokensIsVllmsBadRequest() throws Exception {
        JsonNode r = complete(",\"max_tokens\":10,\"min_tokens\":20");
        assertThat(r.get("status").asInt()).isEqualTo(400);
        assertThat(r.at("/error/message").asText())
                .isEqualTo("min_tokens must be less than or equal to max_tokens=10, got 20.");
        assertThat(r.at("/error/param").asText()).isEqualTo("min_tokens");
    }

    @Test
    void theGroundTruthKeepsEachRequestsBodyWhenAskedTo() throws Exception {
        JsonNode r = complete(",\"max_tokens\":5");
        ServedRequest truth = sim.groundTruth().await(r.get("requestId").asText(), Duration.ofSeconds(5))
                .orElseThrow();
        assertThat(JSON.readTree(truth.requestBody()).at("/messages/0/content").asText()).isEqualTo("hello");
        assertThat(JSON.readTree(truth.requestBody()).get("max_tokens").asInt()).isEqualTo(5);

        try (Simulator plain = Simulator.builder().configuration(new Properties()).build().start()) {
            try (Response response = client.newCall(new Request.Builder().url(plain.baseUrl() + "/chat/completions")
                    .post(RequestBody.create("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                            MediaType.get("application/json"))).build()).execute()) {
                String id = response.header("x-request-id");
                assertThat(plain.groundTruth().await(id, Duration.ofSeconds(5)).orElseThrow().requestBody())
                        .as("not kept by default").isEmpty();
            }
        }
    }
}
