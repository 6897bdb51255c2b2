package dev.latencylens.internal.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.engine.HttpRequests;
import dev.latencylens.internal.provider.ErrorBodies;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.internal.provider.ProviderStreams.Decoded;
import dev.latencylens.internal.provider.ProviderStreams;
import dev.latencylens.internal.provider.RecordingSink.Content;
import dev.latencylens.internal.provider.RecordingSink.Failure;
import dev.latencylens.internal.provider.RecordingSink.ToolCall;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.spi.ContentKind;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.MissingApiKeyException;
import dev.latencylens.spi.ProviderSettings;
import dev.latencylens.spi.ToolCallDelta;
import dev.latencylens.spi.Usage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

class GeminiAdapterTest {

    private static final String SECRET = "AIzaSy-SECRET";
    private final GeminiAdapter adapter = new GeminiAdapter();
    private final BenchmarkDescriptor bench = BenchmarkDescriptor.builder("gemini", "gemini-2.5-flash").build();

    /**
     * A thinking model's stream as Gemini sends it with {@code alt=sse} (CRLF line ends, no terminator): the shape of
     * the recorded gemini-2.5-flash streams in the google-genai SDKs' replay tests, with per-chunk cumulative
     * usageMetadata as the Gemini API reports it (generativelanguage.googleapis.com).
     */
    static final String THINKING = ""
            + "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"**Weighing** the sky\",\"thought\": true}],"
            + "\"role\": \"model\"},\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 9,\"candidatesTokenCount\": 0,"
            + "\"totalTokenCount\": 21,\"thoughtsTokenCount\": 12},\"modelVersion\": \"gemini-2.5-flash\","
            + "\"responseId\": \"RFPIapGQMtKCidsPmcai6AM\"}\r\n\r\n"
            + "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"The sky\"}],\"role\": \"model\"},\"index\": 0}],"
            + "\"usageMetadata\": {\"promptTokenCount\": 9,\"candidatesTokenCount\": 2,\"totalTokenCount\": 23,"
            + "\"thoughtsTokenCount\": 12},\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"RFPIapGQMtKCidsPmcai6AM\"}\r\n\r\n"
            + "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \" is blue — Rayleigh ☀️.\"}],\"role\": \"model\"},"
            + "\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 9,\"candidatesTokenCount\": 9,\"totalTokenCount\": 30,"
            + "\"thoughtsTokenCount\": 12},\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"RFPIapGQMtKCidsPmcai6AM\"}\r\n\r\n"
            + "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"\"}],\"role\": \"model\"},\"finishReason\": \"STOP\","
            + "\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 9,\"candidatesTokenCount\": 9,\"totalTokenCount\": 30,"
            + "\"cachedContentTokenCount\": 4,\"promptTokensDetails\": [{\"modality\": \"TEXT\",\"tokenCount\": 9}],"
            + "\"thoughtsTokenCount\": 12},\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"RFPIapGQMtKCidsPmcai6AM\"}\r\n\r\n";

    @Test
    void thoughtsAreReasoningAndCumulativeCountsGiveTokensPerEvent() {
        Decoded d = ProviderStreams.decodeAtEverySplit(adapter, THINKING.getBytes(StandardCharsets.UTF_8));
        assertThat(d.sink().contents()).extracting(Content::kind, Content::text, Content::tokens).containsExactly(
                tuple(ContentKind.REASONING, "**Weighing** the sky", 12),
                tuple(ContentKind.TEXT, "The sky", 2),
                tuple(ContentKind.TEXT, " is blue — Rayleigh ☀️.", 7));
        assertThat(d.sink().finishes()).containsExactly("STOP");
        assertThat(d.sink().lastUsage()).isEqualTo(new Usage(9, 21, 4, Usage.UNKNOWN, 12));
        assertThat(d.sink().failures()).isEmpty();
        assertThat(d.complete()).isTrue();
    }

    @Test
    void withoutAFinishReasonTheStreamIsIncomplete() {
        String cut = THINKING.substring(0, THINKING.indexOf("data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"\"}]"));
        assertThat(ProviderStreams.decode(adapter, cut.getBytes(StandardCharsets.UTF_8), 50).complete()).isFalse();
    }

    @Test
    void aMissingCountBreaksThePerEventChain() {
        // Vertex sends usageMetadata with counts only in the last chunk: no event gets a token count.
        String vertex = "data: {\"candidates\": [{\"content\": {\"role\": \"model\",\"parts\": [{\"text\": \"We\"}]}}],"
                + "\"usageMetadata\": {\"trafficType\": \"ON_DEMAND\"},\"modelVersion\": \"gemini-2.5-flash\"}\r\n\r\n"
                + "data: {\"candidates\": [{\"content\": {\"role\": \"model\",\"parts\": [{\"text\": \" go\"}]},"
                + "\"finishReason\": \"MAX_TOKENS\"}],\"usageMetadata\": {\"promptTokenCount\": 28,\"candidatesTokenCount\": 2,"
                + "\"totalTokenCount\": 88,\"trafficType\": \"ON_DEMAND\",\"thoughtsTokenCount\": 58}}\r\n\r\n";
        Decoded d = ProviderStreams.decode(adapter, vertex.getBytes(StandardCharsets.UTF_8), 17);
        assertThat(d.sink().contents()).extracting(Content::tokens).containsExactly(-1, -1);
        assertThat(d.sink().finishes()).containsExactly("MAX_TOKENS");
        assertThat(d.sink().lastUsage()).isEqualTo(new Usage(28, 60, Usage.UNKNOWN, Usage.UNKNOWN, 58));
        assertThat(d.sink().failures()).isEmpty();
    }

    @Test
    void functionCallsAreToolCalls() {
        String stream = "data: {\"candidates\": [{\"content\": {\"parts\": [{\"functionCall\": {\"name\": \"get_weather\","
                + "\"args\": {\"city\": \"Paris\"}}}],\"role\": \"model\"},\"finishReason\": \"STOP\",\"index\": 0}]}\r\n\r\n";
        Decoded d = ProviderStreams.decode(adapter, stream.getBytes(StandardCharsets.UTF_8), 1000);
        assertThat(d.sink().contents()).isEmpty();
        // A whole call in one part: no id (the Gemini API sends none), the args object as compact JSON.
        assertThat(d.sink().toolCalls()).containsExactly(new ToolCall(1, new ToolCallDelta(0, "", "get_weather",
                "{\"city\":\"Paris\"}", false), -1, 0));
    }

    @Test
    void safetyBlocksAreClassifiedProviderErrors() {
        String safety = "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Sure\"}],\"role\": \"model\"},"
                + "\"finishReason\": \"SAFETY\",\"index\": 0,\"safetyRatings\": [{\"category\": \"HARM_CATEGORY_HARASSMENT\","
                + "\"probability\": \"HIGH\",\"blocked\": true}]}]}\r\n\r\n";
        Decoded d = ProviderStreams.decode(adapter, safety.getBytes(StandardCharsets.UTF_8), 1000);
        assertThat(d.sink().failures()).extracting(Failure::errorClass, Failure::message)
                .containsExactly(tuple(ErrorClass.PROVIDER_ERROR, "response blocked (finishReason SAFETY)"));
        assertThat(d.complete()).isTrue();

        String prompt = "data: {\"promptFeedback\": {\"blockReason\": \"PROHIBITED_CONTENT\"},\"usageMetadata\":"
                + " {\"promptTokenCount\": 7,\"totalTokenCount\": 7}}\r\n\r\n";
        Decoded p = ProviderStreams.decode(adapter, prompt.getBytes(StandardCharsets.UTF_8), 1000);
        assertThat(p.sink().failures()).extracting(Failure::message)
                .containsExactly("prompt blocked: PROHIBITED_CONTENT");

        String recitation = safety.replace("SAFETY", "RECITATION");
        assertThat(ProviderStreams.decode(adapter, recitation.getBytes(StandardCharsets.UTF_8), 1000).sink()
                .failures()).extracting(Failure::message).containsExactly("response blocked (finishReason RECITATION)");
    }

    @Test
    void anErrorObjectInTheStreamIsAProviderError() {
        String stream = "data: {\"error\": {\"code\": 500, \"message\": \"An internal error has occurred.\","
                + " \"status\": \"INTERNAL\"}}\r\n\r\n";
        assertThat(ProviderStreams.decode(adapter, stream.getBytes(StandardCharsets.UTF_8), 9).sink().failures())
                .extracting(Failure::errorClass, Failure::message)
                .containsExactly(tuple(ErrorClass.PROVIDER_ERROR, "An internal error has occurred. [INTERNAL/500]"));
    }

    @Test
    void theRequestIsWhatStreamGenerateContentExpects() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            ChatRequest chat = ChatRequest.builder().system("Be terse.").user("Why is the sky blue?")
                    .assistant("Rayleigh.").user("More.").maxTokens(64).temperature(0.4).stop("END")
                    .extra("generationConfig", Map.of("thinkingConfig", Map.of("thinkingBudget", 0))).build();
            ProviderStreams.Exchange x = ProviderStreams.call(server, adapter,
                    new Endpoint(server.url("/v1beta").uri(), Optional.of(SECRET)), chat, bench,
                    new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(THINKING).build());
            assertThat(x.request().getUrl().encodedPath())
                    .isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
            assertThat(x.request().getUrl().queryParameter("alt")).isEqualTo("sse");
            assertThat(x.request().getHeaders().get("x-goog-api-key")).isEqualTo(SECRET);
            assertThat(x.request().getUrl().toString()).doesNotContain(SECRET);
            assertThat(x.request().getBody().utf8()).isEqualTo("{\"contents\":[{\"role\":\"user\",\"parts\":"
                    + "[{\"text\":\"Why is the sky blue?\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"Rayleigh.\"}]},"
                    + "{\"role\":\"user\",\"parts\":[{\"text\":\"More.\"}]}],\"systemInstruction\":{\"parts\":"
                    + "[{\"text\":\"Be terse.\"}]},\"generationConfig\":{\"maxOutputTokens\":64,\"temperature\":0.4,"
                    + "\"stopSequences\":[\"END\"],\"thinkingConfig\":{\"thinkingBudget\":0}}}");
            assertThat(x.decoded().complete()).isTrue();
        }
    }

    @Test
    void theBaseUrlGetsItsVersionWhenItHasNone() {
        assertThat(HttpRequests.toOkHttp(adapter.buildRequest(new Endpoint(java.net.URI.create("https://generativelanguage.googleapis.com/"),
                Optional.empty()), ChatRequest.ofUser("x"), bench)).url().toString()).isEqualTo(
                "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        assertThat(HttpRequests.toOkHttp(adapter.buildRequest(new Endpoint(java.net.URI.create("https://gw.example/v1"), Optional.empty()),
                ChatRequest.ofUser("x"), BenchmarkDescriptor.builder("gemini", "tunedModels/my-model").build()))
                .url().toString()).isEqualTo("https://gw.example/v1/tunedModels/my-model:streamGenerateContent?alt=sse");
    }

    @Test
    void theKeyComesFromGeminiApiKeyElseGoogleApiKey() {
        assertThat(ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(),
                Map.of("GEMINI_API_KEY", "a", "GOOGLE_API_KEY", "b"))).apiKey()).contains("a");
        assertThat(ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(),
                Map.of("GOOGLE_API_KEY", "b"))).apiKey()).contains("b");
        assertThatThrownBy(() -> ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(), Map.of())))
                .isInstanceOf(MissingApiKeyException.class)
                .hasMessage("Provider 'gemini' needs an API key: set GEMINI_API_KEY (or GOOGLE_API_KEY), or run"
                        + " against the embedded simulator with -Dlens.simulate=true.");
        assertThat(ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(),
                Map.of("GEMINI_API_KEY", "a", "GEMINI_BASE_URL", "http://127.0.0.1:9/v1beta"))).baseUrl().getPort())
                .isEqualTo(9);
    }

    @Test
    void errorBodiesGiveGooglesMessageAndStatus() {
        // The error shape of Google APIs (google.rpc.Status), as the Gemini API troubleshooting guide shows it.
        assertThat(ErrorBodies.message("{\n  \"error\": {\n    \"code\": 400,\n    \"message\": \"API key not"
                + " valid. Please pass a valid API key.\",\n    \"status\": \"INVALID_ARGUMENT\",\n    \"details\": []\n  }\n}"))
                .isEqualTo("API key not valid. Please pass a valid API key. [INVALID_ARGUMENT/400]");
    }
}
