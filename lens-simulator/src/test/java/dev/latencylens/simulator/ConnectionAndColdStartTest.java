package dev.latencylens.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keep-alive connections, and the cold-start penalty on new connections and after idle periods. */
class ConnectionAndColdStartTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static Simulator sim;

    @BeforeAll
    static void start() {
        SimProfile cold = SimProfile.builder().ttft(Dist.fixed(10)).interTokenDelay(Dist.fixed(0))
                .outputTokens(3).prefillMicrosPerToken(0).coldStart(Dist.fixed(200)).build();
        sim = Simulator.builder().configuration(new Properties())
                .profile("t-cold", cold)
                // Idle threshold 0: any pause at all counts as idle, so every request is cold.
                .profile("t-always-cold", cold.toBuilder().idleThreshold(Duration.ZERO).build())
                .build().start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static String body(String model) {
        return "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    @Test
    void twoRequestsShareAKeepAliveConnectionAndOnlyTheFirstPaysTheColdStart() throws Exception {
        RawHttp.Response first;
        RawHttp.Response second;
        try (RawHttp http = new RawHttp(sim.port())) {
            first = http.post("/v1/chat/completions", body("t-cold")).read();
            second = http.post("/v1/chat/completions", body("t-cold")).read();
        }
        assertThat(first.terminated()).isTrue();
        assertThat(second.terminated()).isTrue();
        ServedRequest a = sim.groundTruth().await(first.header("x-request-id"), WAIT).orElseThrow();
        ServedRequest b = sim.groundTruth().await(second.header("x-request-id"), WAIT).orElseThrow();

        assertThat(b.connectionId()).isEqualTo(a.connectionId());
        assertThat(a.firstOnConnection()).isTrue();
        assertThat(b.firstOnConnection()).isFalse();

        assertThat(a.coldStart()).isTrue();
        assertThat(a.scriptedColdStartNanos()).isEqualTo(200_000_000L);
        assertThat(a.scriptedTtftNanos()).isEqualTo(210_000_000L);
        assertThat(a.wireTtftNanos()).isGreaterThanOrEqualTo(210_000_000L);

        assertThat(b.coldStart()).isFalse();
        assertThat(b.scriptedColdStartNanos()).isZero();
        assertThat(b.scriptedTtftNanos()).isEqualTo(10_000_000L);
        assertThat(b.wireTtftNanos()).isGreaterThanOrEqualTo(10_000_000L);
    }

    @Test
    void aModelIdleLongerThanItsThresholdStartsColdEvenOnAWarmConnection() throws Exception {
        RawHttp.Response first;
        RawHttp.Response second;
        try (RawHttp http = new RawHttp(sim.port())) {
            first = http.post("/v1/chat/completions", body("t-always-cold")).read();
            second = http.post("/v1/chat/completions", body("t-always-cold")).read();
        }
        ServedRequest b = sim.groundTruth().await(second.header("x-request-id"), WAIT).orElseThrow();
        assertThat(sim.groundTruth().await(first.header("x-request-id"), WAIT).orElseThrow().coldStart()).isTrue();
        assertThat(b.firstOnConnection()).isFalse();
        assertThat(b.coldStart()).isTrue();
        assertThat(b.scriptedColdStartNanos()).isEqualTo(200_000_000L);
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        try (RawHttp http = new RawHttp(sim.port())) {
            RawHttp.Response r = http.post("/v1/chat/completions", body("t-cold"), "Connection: close").read();
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(r.terminated()).isTrue();
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void pipelinedRequestsAreServedInOrder() throws Exception {
        try (RawHttp http = new RawHttp(sim.port())) {
            String json = body("t-cold");
            int length = json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            String request = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: " + length
                    + "\r\n\r\n" + json;
            http.writeRaw(request + request);
            RawHttp.Response a = http.read();
            RawHttp.Response b = http.read();
            assertThat(a.terminated()).isTrue();
            assertThat(b.terminated()).isTrue();
            assertThat(a.header("x-request-id")).isNotEqualTo(b.header("x-request-id"));
        }
    }

    @Test
    void chunkedRequestBodiesAreAccepted() throws Exception {
        try (RawHttp http = new RawHttp(sim.port())) {
            String json = body("t-cold");
            String half1 = json.substring(0, 10);
            String half2 = json.substring(10);
            http.writeRaw("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(half1.length()) + "\r\n" + half1 + "\r\n"
                    + Integer.toHexString(half2.length()) + "\r\n" + half2 + "\r\n0\r\n\r\n");
            RawHttp.Response r = http.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.data()).last().isEqualTo("[DONE]");
        }
    }

    @Test
    void expectContinueGetsAContinueBeforeTheBody() throws Exception {
        try (RawHttp http = new RawHttp(sim.port())) {
            String json = body("t-cold");
            http.writeRaw("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                    + "Content-Length: " + json.length() + "\r\n\r\n");
            RawHttp.Response interim = http.read();
            assertThat(interim.status()).isEqualTo(100);
            http.writeRaw(json);
            assertThat(http.read().status()).isEqualTo(200);
        }
    }
}
