package dev.latencylens.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The quirks a profile asks for, on the wire, over a raw socket: bodies that end without a blank line, {@code n}
 * choices, Mistral's content parts, and the output limit taken by reasoning that is never streamed. (The providers'
 * own SDKs read the reasoning and tool calls in {@link SdkFidelityTest}; Latency Lens's decoders read every format in
 * the runtime's tests.)
 */
class ResponseShapesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Simulator sim;

    @BeforeAll
    static void start() {
        SimProfile quick = SimProfile.builder().ttft(Dist.fixed(2)).interTokenDelay(Dist.fixed(0.2)).outputTokens(3)
                .prefillMicrosPerToken(0).build();
        sim = Simulator.builder().configuration(new Properties())
                .profile("t-lf", quick.toBuilder().streamEnd(StreamEnd.LF).build())
                .profile("t-crlf", quick.toBuilder().streamEnd(StreamEnd.CRLF).build())
                .profile("t-none", quick.toBuilder().streamEnd(StreamEnd.NONE).build())
                .profile("t-parts", quick.toBuilder().reasoningTokens(2).contentParts(true).build())
                .profile("t-hidden", quick.toBuilder().hiddenReasoningTokens(50).build())
                .build().start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static RawHttp.Response post(String path, String body) throws Exception {
        try (RawHttp http = new RawHttp(sim.port())) {
            return http.post(path, body).read();
        }
    }

    private static String chat(String model, String extra) {
        return "{\"model\":\"" + model + "\",\"stream\":true," + extra
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";
    }

    @Test
    void theLastEventEndsAsTheProfileSays() throws Exception {
        assertThat(post("/v1/chat/completions", chat("t-lf", "")).text()).endsWith("\n\ndata: [DONE]\n");
        assertThat(post("/v1/chat/completions", chat("t-crlf", "")).text()).endsWith("\n\ndata: [DONE]\r\n");
        assertThat(post("/v1/chat/completions", chat("t-none", "")).text()).endsWith("\n\ndata: [DONE]");
        assertThat(post("/v1/messages", chat("t-none", "\"max_tokens\":10,")).text())
                .endsWith("\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}");
        assertThat(post("/v1beta/models/t-crlf:streamGenerateContent?alt=sse",
                "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}").text())
                .endsWith("}\r\n").doesNotEndWith("\r\n\r\n");
        assertThat(post("/api/chat", "{\"model\":\"t-none\",\"messages\":[]}").text()).endsWith("}");
        RawHttp.Response chunked = post("/v2/chat", chat("t-lf", ""));
        assertThat(chunked.terminated()).as("the HTTP framing still ends properly").isTrue();
        assertThat(chunked.text()).endsWith("}\n").doesNotEndWith("\n\n");
    }

    @Test
    void nChoicesStreamInterleavedEachWithItsRoleAndFinish() throws Exception {
        RawHttp.Response r = post("/v1/chat/completions", chat("t-lf", "\"n\":3,\"stream_options\":"
                + "{\"include_usage\":true},"));
        List<JsonNode> chunks = new ArrayList<>();
        for (String data : r.data()) {
            if (!data.startsWith("[DONE]")) {
                chunks.add(JSON.readTree(data));
            }
        }
        List<Integer> order = chunks.stream().filter(c -> c.path("choices").size() == 1)
                .map(c -> c.path("choices").get(0).path("index").asInt()).toList();
        // role chunks, 3 content events, finish chunks: each time choices 0, 1, 2 in turn
        assertThat(order).containsExactly(0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2);
        ServedRequest truth = sim.groundTruth().await(r.header("x-request-id"), Duration.ofSeconds(5)).orElseThrow();
        assertThat(truth.choices()).isEqualTo(3);
        assertThat(chunks.get(chunks.size() - 1).at("/usage/completion_tokens").asInt()).isEqualTo(9)
                .isEqualTo(truth.outputTokens());
        StringBuilder choiceZero = new StringBuilder();
        chunks.stream().filter(c -> c.path("choices").size() == 1 && c.at("/choices/0/index").asInt() == 0)
                .forEach(c -> choiceZero.append(c.at("/choices/0/delta/content").asText("")));
        assertThat(choiceZero.toString()).isEqualTo(truth.text());
    }

    @Test
    void nOutOfRangeIsRefusedAsOpenAiRefusesIt() throws Exception {
        RawHttp.Response r = post("/v1/chat/completions", chat("t-lf", "\"n\":129,"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("Invalid 'n': integer above maximum value. Expected a value <= 128, but got 129"
                + " instead.").contains("\"param\":\"n\"");
    }

    @Test
    void contentPartsCarryThinkingAndTextAsMistralSendsThem() throws Exception {
        List<String> data = post("/v1/chat/completions", chat("t-parts", "")).data();
        assertThat(data.get(1)).contains("\"delta\":{\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":"
                + "\"text\",\"text\":\"");
        assertThat(data.get(3)).contains("\"delta\":{\"content\":[{\"type\":\"text\",\"text\":\"");
    }

    @Test
    void reasoningThatTakesTheWholeLimitLeavesNothingToStream() throws Exception {
        RawHttp.Response r = post("/v1/chat/completions", chat("t-hidden", "\"max_completion_tokens\":20,"
                + "\"stream_options\":{\"include_usage\":true},"));
        List<String> data = r.data();
        assertThat(data).hasSize(4); // role, finish, usage, [DONE]
        assertThat(data.get(1)).contains("\"finish_reason\":\"length\"");
        JsonNode usage = JSON.readTree(data.get(2)).path("usage");
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(20);
        assertThat(usage.at("/completion_tokens_details/reasoning_tokens").asInt()).isEqualTo(20);
        ServedRequest truth = sim.groundTruth().await(r.header("x-request-id"), Duration.ofSeconds(5)).orElseThrow();
        assertThat(truth.contentEvents()).isZero();
        assertThat(truth.outputTokens()).isEqualTo(20);
        assertThat(truth.completed()).isTrue();
    }
}
