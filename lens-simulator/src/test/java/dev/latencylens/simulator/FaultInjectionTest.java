package dev.latencylens.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each fault, forced with a rate of 1, as a client sees it and as the ground truth records it. */
class FaultInjectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static Simulator sim;
    private static OkHttpClient client;

    @BeforeAll
    static void start() {
        SimProfile base = SimProfile.builder().ttft(Dist.fixed(5)).interTokenDelay(Dist.fixed(1)).outputTokens(10)
                .prefillMicrosPerToken(0).build();
        sim = Simulator.builder().configuration(new Properties())
                .profile("t-429", base.toBuilder().faultRate(Fault.HTTP_429, 1).retryAfterSeconds(7).build())
                .profile("t-500", base.toBuilder().faultRate(Fault.HTTP_500, 1).build())
                .profile("t-503", base.toBuilder().faultRate(Fault.HTTP_503, 1).build())
                .profile("t-drop", base.toBuilder().faultRate(Fault.DROP_MID_STREAM, 1).build())
                .profile("t-stall", base.toBuilder().faultRate(Fault.STALL, 1).stall(Duration.ofSeconds(30)).build())
                .profile("t-malformed", base.toBuilder().faultRate(Fault.MALFORMED_EVENT, 1).build())
                .build().start();
        client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        sim.close();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private static Request request(String model, boolean stream) {
        String json = "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        return new Request.Builder().url(sim.baseUrl() + "/chat/completions")
                .header("Authorization", "Bearer sk-test")
                .post(RequestBody.create(json, MediaType.get("application/json"))).build();
    }

    @Test
    void rateLimitIs429WithRetryAfterAndRateLimitHeaders() throws Exception {
        try (Response r = client.newCall(request("t-429", true)).execute()) {
            assertThat(r.code()).isEqualTo(429);
            assertThat(r.header("retry-after")).isEqualTo("7");
            assertThat(r.header("x-ratelimit-remaining-requests")).isEqualTo("0");
            assertThat(r.header("x-ratelimit-limit-requests")).isNotNull();
            assertThat(r.header("x-ratelimit-reset-requests")).isEqualTo("7s");
            JsonNode error = JSON.readTree(r.body().string()).get("error");
            assertThat(error.get("message").asText()).startsWith("Rate limit reached for t-429 (simulated)");
            assertThat(error.get("type").asText()).isEqualTo("requests");
            assertThat(error.get("param").isNull()).isTrue();
            assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
            ServedRequest truth = sim.groundTruth().await(r.header("x-request-id"), WAIT).orElseThrow();
            assertThat(truth.fault()).isEqualTo(Fault.HTTP_429);
            assertThat(truth.status()).isEqualTo(429);
            assertThat(truth.outputTokens()).isZero();
        }
    }

    @Test
    void serverErrorsAre500And503WithOpenAiErrorBodies() throws Exception {
        try (Response r = client.newCall(request("t-500", true)).execute()) {
            assertThat(r.code()).isEqualTo(500);
            JsonNode error = JSON.readTree(r.body().string()).get("error");
            assertThat(error.get("message").asText())
                    .startsWith("The server had an error while processing your request.");
            assertThat(error.get("type").asText()).isEqualTo("server_error");
        }
        try (Response r = client.newCall(request("t-503", false)).execute()) {
            assertThat(r.code()).isEqualTo(503);
            assertThat(JSON.readTree(r.body().string()).at("/error/message").asText()).contains("overloaded");
            assertThat(sim.groundTruth().await(r.header("x-request-id"), WAIT).orElseThrow().fault())
                    .isEqualTo(Fault.HTTP_503);
        }
    }

    @Test
    void aDroppedStreamEndsWithoutTheChunkedTerminator() throws Exception {
        RawHttp.Response raw;
        try (RawHttp http = new RawHttp(sim.port())) {
            raw = http.post("/v1/chat/completions", "{\"model\":\"t-drop\",\"stream\":true,\"messages\":[]}").read();
            assertThat(http.closedByServer()).isTrue();
        }
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.terminated()).isFalse();
        List<String> data = raw.data();
        assertThat(data).doesNotContain("[DONE]");
        assertThat(data.subList(1, data.size())).hasSize(5); // half of 10 content events
        ServedRequest truth = sim.groundTruth().await(raw.header("x-request-id"), WAIT).orElseThrow();
        assertThat(truth.fault()).isEqualTo(Fault.DROP_MID_STREAM);
        assertThat(truth.completed()).isFalse();
        assertThat(truth.outputTokens()).isEqualTo(5);

        // A client library notices the truncation.
        try (Response r = client.newCall(request("t-drop", true)).execute()) {
            assertThatThrownBy(() -> r.body().string()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aStalledStreamRunsIntoTheClientsReadTimeout() throws Exception {
        OkHttpClient impatient = client.newBuilder().readTimeout(Duration.ofMillis(300)).build();
        String id;
        try (Response r = impatient.newCall(request("t-stall", true)).execute()) {
            id = r.header("x-request-id");
            BufferedSource source = r.body().source();
            assertThatThrownBy(() -> {
                while (source.readUtf8Line() != null) {
                    // read until the stall times out
                }
            }).isInstanceOf(InterruptedIOException.class);
        }
        // The client gave up and closed the connection; the simulator notices and records an incomplete stream.
        ServedRequest truth = sim.groundTruth().await(id, WAIT).orElseThrow();
        assertThat(truth.fault()).isEqualTo(Fault.STALL);
        assertThat(truth.completed()).isFalse();
        assertThat(truth.contentEvents()).isEqualTo(5);
        assertThat(truth.endNanos() - truth.contentWrittenNanos()[4]).isGreaterThanOrEqualTo(300_000_000L);
    }

    @Test
    void aMalformedEventIsSentAndTheStreamStillCompletes() throws Exception {
        RawHttp.Response raw;
        try (RawHttp http = new RawHttp(sim.port())) {
            raw = http.post("/v1/chat/completions", "{\"model\":\"t-malformed\",\"stream\":true,"
                    + "\"stream_options\":{\"include_usage\":true},\"messages\":[]}").read();
        }
        int broken = 0;
        for (String d : raw.data()) {
            if (d.equals("[DONE]")) {
                continue;
            }
            try {
                JSON.readTree(d);
            } catch (IOException e) {
                broken++;
                assertThat(d).startsWith("{\"id\":\"chatcmpl-").endsWith("{\"content\":\"hel");
            }
        }
        assertThat(broken).isEqualTo(1);
        assertThat(raw.terminated()).isTrue();
        assertThat(raw.data()).last().isEqualTo("[DONE]");
        ServedRequest truth = sim.groundTruth().await(raw.header("x-request-id"), WAIT).orElseThrow();
        assertThat(truth.fault()).isEqualTo(Fault.MALFORMED_EVENT);
        assertThat(truth.completed()).isTrue();
        assertThat(truth.outputTokens()).isEqualTo(10); // the broken event carries no countable token
    }
}
