package dev.latencylens.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;

/** The bytes of every non-OpenAI format, checked over a raw socket against each provider's wire format. */
class ProviderWireFormatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Simulator sim;

    @BeforeAll
    static void start() {
        SimProfile quick = SimProfile.builder().ttft(Dist.fixed(2)).interTokenDelay(Dist.fixed(0.5)).outputTokens(6)
                .tokensPerEvent(2).prefillMicrosPerToken(0).build();
        sim = Simulator.builder().configuration(new Properties()).profile("t-quick", quick)
                .profile("t-malformed", quick.toBuilder().faultRate(Fault.MALFORMED_EVENT, 1.0).build())
                .profile("t-429", quick.toBuilder().faultRate(Fault.HTTP_429, 1.0).build())
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

    /** The data of every event, with or without an {@code event:} line. */
    private static List<String> data(RawHttp.Response r) {
        return r.events().stream().filter(e -> e.contains("data: "))
                .map(e -> e.substring(e.indexOf("data: ") + "data: ".length())).toList();
    }

    private static ServedRequest truth(RawHttp.Response r) throws InterruptedException {
        return sim.groundTruth().await(r.header("x-request-id"), Duration.ofSeconds(5)).orElseThrow();
    }

    @Test
    void eachProviderHasItsBaseUrl() {
        String root = "http://127.0.0.1:" + sim.port();
        assertThat(sim.baseUrlFor("openai")).isEqualTo(root + "/v1").isEqualTo(sim.baseUrl());
        assertThat(sim.baseUrlFor("anthropic")).isEqualTo(root + "/v1");
        assertThat(sim.baseUrlFor("gemini")).isEqualTo(root + "/v1beta");
        assertThat(sim.baseUrlFor("cohere")).isEqualTo(root + "/v2");
        assertThat(sim.baseUrlFor("bedrock")).isEqualTo(root);
        assertThat(sim.baseUrlFor("azure-openai")).isEqualTo(root);
        assertThat(sim.baseUrlFor("ollama-native")).isEqualTo(root);
        assertThat(sim.baseUrlFor("some-custom-provider")).isEqualTo(root + "/v1");
    }

    @Test
    void anthropicStreamsItsEventsInOrder() throws Exception {
        RawHttp.Response r = post("/v1/messages", "{\"model\":\"t-quick\",\"max_tokens\":50,\"stream\":true,"
                + "\"system\":\"Be terse, please.\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there!\"}]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).isEqualTo("text/event-stream; charset=utf-8");
        assertThat(r.header("request-id")).isEqualTo(r.header("x-request-id"));
        assertThat(r.terminated()).isTrue();
        List<String> types = r.events().stream().map(e -> e.substring("event: ".length(), e.indexOf('\n'))).toList();
        assertThat(types).containsExactly("message_start", "content_block_start", "ping", "content_block_delta",
                "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        ServedRequest truth = truth(r);
        JsonNode start = JSON.readTree(data(r).get(0));
        assertThat(start.at("/message/usage/input_tokens").asInt()).isEqualTo(truth.promptTokens()).isEqualTo(7);
        StringBuilder text = new StringBuilder();
        for (String d : data(r).subList(3, 6)) {
            text.append(JSON.readTree(d).at("/delta/text").asText());
        }
        assertThat(text.toString()).isEqualTo(truth.text());
        assertThat(JSON.readTree(data(r).get(7)).at("/usage/output_tokens").asInt()).isEqualTo(6);
        assertThat(JSON.readTree(data(r).get(7)).at("/delta/stop_reason").asText()).isEqualTo("end_turn");
    }

    @Test
    void anthropicRefusesWhatAnthropicRefuses() throws Exception {
        RawHttp.Response noMax = post("/v1/messages", "{\"model\":\"t-quick\",\"stream\":true,\"messages\":[]}");
        assertThat(noMax.status()).isEqualTo(400);
        assertThat(noMax.text()).startsWith("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                + "\"message\":\"max_tokens: Field required\"}");
        RawHttp.Response notStreamed = post("/v1/messages", "{\"model\":\"t-quick\",\"max_tokens\":5,\"messages\":[]}");
        assertThat(notStreamed.status()).isEqualTo(400);
        assertThat(notStreamed.text()).contains("streamed only");
        RawHttp.Response limited = post("/v1/messages", "{\"model\":\"t-429\",\"max_tokens\":5,\"stream\":true,"
                + "\"messages\":[]}");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("retry-after")).isEqualTo("1");
        assertThat(limited.header("anthropic-ratelimit-requests-remaining")).isEqualTo("0");
        assertThat(limited.text()).contains("\"type\":\"rate_limit_error\"");
    }

    @Test
    void geminiStreamsCrlfEventsWithCumulativeUsage() throws Exception {
        RawHttp.Response r = post("/v1beta/models/t-quick:streamGenerateContent?alt=sse", "{\"contents\":[{\"role\":"
                + "\"user\",\"parts\":[{\"text\":\"Hello there, Gemini!\"}]}],\"generationConfig\":{\"maxOutputTokens\":4}}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).isEqualTo("text/event-stream");
        String body = r.text();
        assertThat(body).doesNotContain("\n\n").endsWith("\r\n\r\n");
        List<String> data = Arrays.stream(body.split("\r\n\r\n")).map(e -> e.substring("data: ".length())).toList();
        assertThat(data).hasSize(3); // two content events of 2 tokens, capped at 4, then the finish
        assertThat(JSON.readTree(data.get(0)).at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(2);
        assertThat(JSON.readTree(data.get(1)).at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(4);
        assertThat(JSON.readTree(data.get(2)).at("/candidates/0/finishReason").asText()).isEqualTo("MAX_TOKENS");
        assertThat(JSON.readTree(data.get(2)).at("/usageMetadata/promptTokenCount").asInt()).isEqualTo(5);
        ServedRequest truth = truth(r);
        assertThat(JSON.readTree(data.get(0)).at("/candidates/0/content/parts/0/text").asText()
                + JSON.readTree(data.get(1)).at("/candidates/0/content/parts/0/text").asText()).isEqualTo(truth.text());
        assertThat(truth.finishReason()).isEqualTo("length");
        assertThat(post("/v1beta/models/t-quick:streamGenerateContent", "{\"contents\":[]}").status()).isEqualTo(400);
    }

    @Test
    void bedrockFramesAreReadByAwssOwnDecoderWithTheirCrcs() throws Exception {
        RawHttp.Response r = post("/model/t-quick/converse-stream", "{\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"text\":\"Hello there, Bedrock!\"}]}],\"inferenceConfig\":{\"maxTokens\":100}}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).isEqualTo("application/vnd.amazon.eventstream");
        assertThat(r.header("x-amzn-requestid")).isEqualTo(r.header("x-request-id"));
        List<Message> messages = new ArrayList<>();
        new MessageDecoder(messages::add).feed(r.body()); // verifies both CRCs of every message
        assertThat(messages).extracting(m -> m.getHeaders().get(":event-type").getString()).containsExactly(
                "messageStart", "contentBlockDelta", "contentBlockDelta", "contentBlockDelta", "contentBlockStop",
                "messageStop", "metadata");
        assertThat(messages).allSatisfy(m -> {
            assertThat(m.getHeaders().get(":message-type").getString()).isEqualTo("event");
            assertThat(m.getHeaders().get(":content-type").getString()).isEqualTo("application/json");
        });
        StringBuilder text = new StringBuilder();
        for (Message m : messages.subList(1, 4)) {
            JsonNode delta = JSON.readTree(m.getPayload());
            assertThat(delta.path("p").asText()).isNotEmpty(); // Bedrock's padding
            text.append(delta.at("/delta/text").asText());
        }
        ServedRequest truth = truth(r);
        assertThat(text.toString()).isEqualTo(truth.text());
        JsonNode metadata = JSON.readTree(messages.get(6).getPayload());
        assertThat(metadata.at("/usage/outputTokens").asInt()).isEqualTo(6);
        assertThat(metadata.at("/usage/inputTokens").asInt()).isEqualTo(truth.promptTokens());
        assertThat(metadata.at("/metrics/latencyMs").isIntegralNumber()).isTrue();
        assertThat(JSON.readTree(messages.get(5).getPayload()).path("stopReason").asText()).isEqualTo("end_turn");
    }

    @Test
    void aMalformedBedrockEventIsAFrameWithABadCrc() throws Exception {
        RawHttp.Response r = post("/model/t-malformed/converse-stream", "{\"messages\":[],\"inferenceConfig\":{}}");
        assertThatThrownBy(() -> new MessageDecoder(m -> { }).feed(r.body()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ollamaStreamsNdjsonWithItsDurations() throws Exception {
        RawHttp.Response r = post("/api/chat", "{\"model\":\"t-quick\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Hello there, Ollama\"}]}");
        assertThat(r.header("content-type")).isEqualTo("application/x-ndjson");
        String[] lines = r.text().split("\n");
        assertThat(r.text()).endsWith("}\n");
        assertThat(lines).hasSize(4);
        JsonNode done = JSON.readTree(lines[3]);
        assertThat(done.path("done").asBoolean()).isTrue();
        assertThat(done.path("done_reason").asText()).isEqualTo("stop");
        assertThat(done.path("eval_count").asInt()).isEqualTo(6);
        assertThat(done.path("prompt_eval_count").asInt()).isEqualTo(4);
        assertThat(done.path("total_duration").asLong()).isGreaterThanOrEqualTo(done.path("eval_duration").asLong());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            JsonNode line = JSON.readTree(lines[i]);
            assertThat(line.path("done").asBoolean()).isFalse();
            text.append(line.at("/message/content").asText());
        }
        assertThat(text.toString()).isEqualTo(truth(r).text());
    }

    @Test
    void cohereResponsesAndAzureStreamTheirOwnEvents() throws Exception {
        RawHttp.Response cohere = post("/v2/chat", "{\"model\":\"t-quick\",\"stream\":true,\"messages\":[]}");
        assertThat(cohere.events()).extracting(e -> e.substring(7, e.indexOf('\n'))).containsExactly(
                "message-start", "content-start", "content-delta", "content-delta", "content-delta", "content-end",
                "message-end");
        assertThat(JSON.readTree(data(cohere).get(6)).at("/delta/usage/tokens/output_tokens").asInt()).isEqualTo(6);

        RawHttp.Response responses = post("/v1/responses", "{\"model\":\"t-quick\",\"stream\":true,\"input\":\"Hi\"}");
        List<String> types = data(responses).stream().map(d -> {
            try {
                return JSON.readTree(d).path("type").asText();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
        assertThat(types).startsWith("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta").endsWith("response.completed");
        JsonNode completed = JSON.readTree(data(responses).get(data(responses).size() - 1));
        assertThat(completed.at("/response/usage/output_tokens").asInt()).isEqualTo(6);
        assertThat(completed.at("/response/output/0/content/0/text").asText()).isEqualTo(truth(responses).text());

        RawHttp.Response azure = post("/openai/deployments/t-quick/chat/completions?api-version=2024-10-21",
                "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(azure.header("apim-request-id")).isEqualTo(azure.header("x-request-id"));
        assertThat(data(azure).get(0)).contains("\"prompt_filter_results\"").contains("\"choices\":[]");
        assertThat(data(azure).get(2)).contains("\"content_filter_results\":{\"hate\"");
        assertThat(truth(azure).model()).isEqualTo("t-quick");
        assertThat(new String(azure.body(), StandardCharsets.UTF_8)).endsWith("data: [DONE]\n\n");
    }
}
