package dev.latencylens.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bytes of a streamed response, checked over a raw socket against OpenAI's wire format. */
class StreamWireFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Simulator sim;

    @BeforeAll
    static void start() {
        SimProfile quick = SimProfile.builder().ttft(Dist.fixed(20)).interTokenDelay(Dist.fixed(1))
                .outputTokens(30).prefillMicrosPerToken(0).build();
        sim = Simulator.builder().configuration(new Properties())
                .profile("t-quick", quick)
                .profile("t-multi", quick.toBuilder().tokensPerEvent(3).outputTokens(10).build())
                .profile("t-long-ttft", quick.toBuilder().ttft(Dist.fixed(1_100)).outputTokens(2).build())
                .profile("t-huge", SimPresets.INSTANT.toBuilder().outputTokens(100_000).build())
                .build().start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static String body(String model, boolean includeUsage, String extra) {
        return "{\"model\":\"" + model + "\",\"stream\":true,"
                + (includeUsage ? "\"stream_options\":{\"include_usage\":true}," : "")
                + extra + "\"messages\":[{\"role\":\"user\",\"content\":\"Say something in forty chars please!\"}]}";
    }

    @Test
    void streamedResponseHasOpenAisHeadersChunksAndTerminator() throws Exception {
        RawHttp.Response r;
        try (RawHttp http = new RawHttp(sim.port())) {
            r = http.post("/v1/chat/completions", body("t-quick", true, "")).read();
        }
        assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(r.header("content-type")).isEqualTo("text/event-stream; charset=utf-8");
        assertThat(r.header("transfer-encoding")).isEqualTo("chunked");
        assertThat(r.header("connection")).isEqualTo("keep-alive");
        assertThat(r.header("openai-processing-ms")).matches("\\d+");
        String id = r.header("x-request-id");
        assertThat(id).isNotBlank();
        assertThat(r.terminated()).as("chunked terminator 0\\r\\n\\r\\n").isTrue();
        // One SSE event per HTTP chunk.
        for (byte[] chunk : r.chunks()) {
            String text = new String(chunk, StandardCharsets.UTF_8);
            assertThat(text).startsWith("data: ").endsWith("\n\n");
            assertThat(text.substring(0, text.length() - 2)).doesNotContain("\n\n");
        }

        List<String> data = r.data();
        Matcher created = Pattern.compile("\"created\":(\\d+),").matcher(data.get(0));
        assertThat(created.find()).isTrue();
        String head = "{\"id\":\"chatcmpl-" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":"
                + created.group(1) + ",\"model\":\"t-quick\",\"system_fingerprint\":\"fp_sim\",";
        assertThat(data.get(0)).isEqualTo(head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                + "\"content\":\"\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
        List<String> content = data.subList(1, data.size() - 3);
        assertThat(content).hasSize(30).allSatisfy(c -> assertThat(c)
                .startsWith(head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"")
                .endsWith("\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}"));
        assertThat(data.get(data.size() - 3)).isEqualTo(head + "\"choices\":[{\"index\":0,\"delta\":{},"
                + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}");
        assertThat(data.get(data.size() - 2)).isEqualTo(head + "\"choices\":[],\"usage\":{\"prompt_tokens\":9,"
                + "\"completion_tokens\":30,\"total_tokens\":39,\"prompt_tokens_details\":{\"cached_tokens\":0,"
                + "\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
                + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}");
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        // Every JSON event parses, and the text is multi-byte somewhere (UTF-8 handling is exercised).
        StringBuilder text = new StringBuilder();
        for (String c : content) {
            text.append(JSON.readTree(c).at("/choices/0/delta/content").asText());
        }
        assertThat(text.toString()).containsAnyOf("café", "東京", "🚀", "Ελλάδα", "naïve");
        assertThat(text.toString()).doesNotStartWith(" ");
    }

    @Test
    void exactlyTheScriptedTokensAreSentAndReportedWithSeveralTokensPerEvent() throws Exception {
        RawHttp.Response r;
        try (RawHttp http = new RawHttp(sim.port())) {
            r = http.post("/v1/chat/completions", body("t-multi", true, "")).read();
        }
        List<String> data = r.data();
        List<String> content = data.subList(1, data.size() - 3);
        assertThat(content).hasSize(4); // 10 tokens, 3 per event: 3 + 3 + 3 + 1
        int words = 0;
        for (String c : content) {
            words += countWords(JSON.readTree(c).at("/choices/0/delta/content").asText());
        }
        assertThat(words).isEqualTo(10);
        JsonNode usage = JSON.readTree(data.get(data.size() - 2)).get("usage");
        assertThat(usage.get("completion_tokens").asInt()).isEqualTo(10);
        ServedRequest truth = sim.groundTruth().await(r.header("x-request-id"), Duration.ofSeconds(5)).orElseThrow();
        assertThat(truth.outputTokens()).isEqualTo(10);
        assertThat(truth.contentEvents()).isEqualTo(4);
    }

    @Test
    void maxTokensCapsTheOutputWithFinishReasonLength() throws Exception {
        RawHttp.Response legacy;
        RawHttp.Response current;
        try (RawHttp http = new RawHttp(sim.port())) {
            legacy = http.post("/v1/chat/completions", body("t-quick", true, "\"max_tokens\":7,")).read();
            current = http.post("/v1/chat/completions",
                    body("t-quick", true, "\"max_tokens\":100,\"max_completion_tokens\":5,")).read();
        }
        for (var pair : List.of(List.of(legacy, 7), List.of(current, 5))) {
            RawHttp.Response r = (RawHttp.Response) pair.get(0);
            int cap = (Integer) pair.get(1);
            List<String> data = r.data();
            assertThat(data.subList(1, data.size() - 3)).hasSize(cap);
            assertThat(JSON.readTree(data.get(data.size() - 3)).at("/choices/0/finish_reason").asText())
                    .isEqualTo("length");
            assertThat(JSON.readTree(data.get(data.size() - 2)).at("/usage/completion_tokens").asInt())
                    .isEqualTo(cap);
        }
    }

    @Test
    void withoutIncludeUsageThereIsNoUsageChunkAndNoUsageField() throws Exception {
        RawHttp.Response r;
        try (RawHttp http = new RawHttp(sim.port())) {
            r = http.post("/v1/chat/completions", body("t-quick", false, "")).read();
        }
        List<String> data = r.data();
        assertThat(data).hasSize(1 + 30 + 1 + 1); // role, content, finish, [DONE]
        assertThat(data).noneMatch(d -> d.contains("usage"));
        assertThat(data.get(data.size() - 2)).contains("\"finish_reason\":\"stop\"");
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
    }

    @Test
    void aLongTtftIsBridgedWithKeepAliveComments() throws Exception {
        RawHttp.Response r;
        try (RawHttp http = new RawHttp(sim.port())) {
            r = http.post("/v1/chat/completions", body("t-long-ttft", false, "")).read();
        }
        List<String> events = r.events();
        int comment = events.indexOf(": keep-alive");
        int firstContent = events.indexOf(events.stream().filter(e -> e.contains("\"delta\":{\"content\"")).findFirst()
                .orElseThrow());
        assertThat(comment).isBetween(1, firstContent - 1);
    }

    @Test
    void aStreamFasterThanItsReaderArrivesWhole() throws Exception {
        // 100,000 events written as fast as possible: far more than socket buffers hold, so most writes are partial
        // and the script waits for the reader.
        RawHttp.Response r;
        try (RawHttp http = new RawHttp(sim.port())) {
            r = http.post("/v1/chat/completions", body("t-huge", true, "")).read();
        }
        assertThat(r.terminated()).isTrue();
        List<String> data = r.data();
        assertThat(data).hasSize(1 + 100_000 + 3);
        assertThat(JSON.readTree(data.get(data.size() - 2)).at("/usage/completion_tokens").asInt()).isEqualTo(100_000);
        ServedRequest truth = sim.groundTruth().await(r.header("x-request-id"), Duration.ofSeconds(10)).orElseThrow();
        assertThat(truth.contentEvents()).isEqualTo(100_000);
        assertThat(truth.completed()).isTrue();
    }

    private static int countWords(String text) {
        // Tokens are words with a leading space, except the very first token of a response and ".".
        int n = 0;
        for (String part : text.split("(?=[ .])")) {
            if (!part.isEmpty()) {
                n++;
            }
        }
        return n;
    }
}
