package dev.latencylens.internal.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.engine.HttpRequests;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ProviderAdapter;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class OpenAiRequestTest {

    private static final Endpoint OPENAI = new Endpoint(java.net.URI.create("https://api.openai.com/v1"),
            Optional.of("sk-test"));

    private static BenchmarkDescriptor bench(String provider) {
        return BenchmarkDescriptor.builder(provider, "gpt-4o-mini").maxTokens(256).build();
    }

    private static String body(Request request) throws IOException {
        Buffer buffer = new Buffer();
        request.body().writeTo(buffer);
        return buffer.readUtf8();
    }

    private static String body(ProviderAdapter adapter, ChatRequest request, BenchmarkDescriptor bench)
            throws IOException {
        return body(HttpRequests.toOkHttp(adapter.buildRequest(OPENAI, request, bench)));
    }

    @Test
    void openAiBodyHasEveryFieldInOrderWithMaxCompletionTokens() throws IOException {
        ChatRequest request = ChatRequest.builder()
                .system("Be brief.")
                .user("Hi").assistant("Hello!").user("Why is the sky blue?")
                .maxTokens(200).temperature(0.5).stop("\n\n", "END")
                .build();
        assertThat(body(OpenAiCompatibleProviders.openai(), request, bench("openai"))).isEqualTo("{"
                + "\"model\":\"gpt-4o-mini\","
                + "\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"Hello!\"},"
                + "{\"role\":\"user\",\"content\":\"Why is the sky blue?\"}],"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"max_completion_tokens\":200,\"temperature\":0.5,\"stop\":[\"\\n\\n\",\"END\"]}");
    }

    @Test
    void compatibleBodyUsesMaxTokensAndTheBenchmarksLimit() throws IOException {
        assertThat(body(OpenAiCompatibleProviders.groq(), ChatRequest.ofUser("Hi"), bench("groq"))).isEqualTo(
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true,"
                        + "\"stream_options\":{\"include_usage\":true},\"max_tokens\":256}");
    }

    @Test
    void theServersThatCanBeToldAnOutputLengthSayHowAndTheRestCannot() throws IOException {
        assertThat(OpenAiCompatibleProviders.vllm().exactOutputLength(7))
                .containsExactly(Map.entry("ignore_eos", true), Map.entry("min_tokens", 7));
        assertThat(OpenAiCompatibleProviders.llamacpp().exactOutputLength(7))
                .containsExactly(Map.entry("ignore_eos", true), Map.entry("n_predict", 7));
        assertThat(OpenAiCompatibleProviders.simulated().exactOutputLength(7))
                .isEqualTo(OpenAiCompatibleProviders.vllm().exactOutputLength(7));
        for (OpenAiCompatibleAdapter adapter : OpenAiCompatibleProviders.all()) {
            if (!List.of("vllm", "llamacpp", "simulated").contains(adapter.id())) {
                assertThat(adapter.exactOutputLength(7)).as(adapter.id()).isEmpty();
            }
        }
        ChatRequest.Builder forced = ChatRequest.builder().user("Hi").maxTokens(7);
        OpenAiCompatibleProviders.vllm().exactOutputLength(7).forEach(forced::extra);
        assertThat(body(OpenAiCompatibleProviders.vllm(), forced.build(), bench("vllm"))).endsWith(
                "\"max_tokens\":7,\"ignore_eos\":true,\"min_tokens\":7}");
    }

    @Test
    void mistralGetsNoStreamOptions() throws IOException {
        assertThat(body(OpenAiCompatibleProviders.mistral(), ChatRequest.ofUser("Hi"), bench("mistral"))).isEqualTo(
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true,"
                        + "\"max_tokens\":256}");
    }

    @Test
    void temperatureOfTheRequestWinsOverTheBenchmarksAndIsLeftOutWhenNeitherSetsIt() throws IOException {
        ProviderAdapter vllm = OpenAiCompatibleProviders.vllm();
        BenchmarkDescriptor hot = bench("vllm").toBuilder().temperature(1.2).build();
        assertThat(body(vllm, ChatRequest.builder().user("x").temperature(0.0).build(), hot))
                .contains("\"temperature\":0.0").doesNotContain("1.2");
        assertThat(body(vllm, ChatRequest.ofUser("x"), hot)).contains("\"temperature\":1.2");
        assertThat(body(vllm, ChatRequest.ofUser("x"), bench("vllm"))).doesNotContain("temperature");
    }

    @Test
    void extrasComeLastVerbatimAndMayReplaceADefaultInPlace() throws IOException {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("include_usage", true);
        usage.put("continuous_usage_stats", true);
        ChatRequest request = ChatRequest.builder().user("x")
                .extra("stream_options", usage)
                .extra("seed", 7)
                .extra("top_p", 0.9)
                .extra("logit_bias", Map.of("50256", -100))
                .extra("tags", List.of("a", "b"))
                .build();
        assertThat(body(OpenAiCompatibleProviders.vllm(), request, bench("vllm"))).isEqualTo(
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":true,"
                        + "\"stream_options\":{\"include_usage\":true,\"continuous_usage_stats\":true},"
                        + "\"max_tokens\":256,\"seed\":7,\"top_p\":0.9,\"logit_bias\":{\"50256\":-100},"
                        + "\"tags\":[\"a\",\"b\"]}");
    }

    @Test
    void anExtraMaxTokensFieldReplacesTheDefaultOne() throws IOException {
        ChatRequest request = ChatRequest.builder().user("x").extra("max_tokens", 10).build();
        assertThat(body(OpenAiCompatibleProviders.openai(), request, bench("openai")))
                .doesNotContain("max_completion_tokens").endsWith("\"max_tokens\":10}");
    }

    @Test
    void postsToChatCompletionsUnderTheBaseUrlsPathWithStreamingHeaders() {
        Endpoint endpoint = new Endpoint(java.net.URI.create("https://gw.example.com/openai/v1/"), Optional.of("sk-test"),
                Map.of("OpenAI-Organization", "org-1", "OpenAI-Project", "proj_2"));
        Request request = HttpRequests.toOkHttp(OpenAiCompatibleProviders.openai().buildRequest(endpoint, ChatRequest.ofUser("x"),
                bench("openai")));
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.url().toString()).isEqualTo("https://gw.example.com/openai/v1/chat/completions");
        assertThat(request.header("Authorization")).isEqualTo("Bearer sk-test");
        assertThat(request.header("OpenAI-Organization")).isEqualTo("org-1");
        assertThat(request.header("OpenAI-Project")).isEqualTo("proj_2");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Accept")).isEqualTo("text/event-stream");
        assertThat(request.body().contentType().toString()).isEqualTo("application/json");
    }

    @Test
    void noAuthorizationHeaderWithoutAKey() {
        Endpoint endpoint = new Endpoint(java.net.URI.create("http://localhost:11434/v1"), Optional.empty());
        Request request = HttpRequests.toOkHttp(OpenAiCompatibleProviders.ollama().buildRequest(endpoint, ChatRequest.ofUser("x"),
                bench("ollama")));
        assertThat(request.header("Authorization")).isNull();
        assertThat(request.headers().names()).containsExactlyInAnyOrder("Content-Type", "Accept");
        assertThat(request.url().toString()).isEqualTo("http://localhost:11434/v1/chat/completions");
    }

    @Test
    void builtInProvidersHaveTheirDocumentedDefaults() {
        assertThat(OpenAiCompatibleProviders.all()).extracting(ProviderAdapter::id, ProviderAdapter::defaultBaseUrl,
                ProviderAdapter::baseUrlVariable, a -> a.apiKeyVariable().orElse("-"), ProviderAdapter::requiresKey)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("openai", "https://api.openai.com/v1", "OPENAI_BASE_URL",
                                "OPENAI_API_KEY", true),
                        org.assertj.core.groups.Tuple.tuple("mistral", "https://api.mistral.ai/v1", "MISTRAL_BASE_URL",
                                "MISTRAL_API_KEY", true),
                        org.assertj.core.groups.Tuple.tuple("openrouter", "https://openrouter.ai/api/v1",
                                "OPENROUTER_BASE_URL", "OPENROUTER_API_KEY", true),
                        org.assertj.core.groups.Tuple.tuple("together", "https://api.together.xyz/v1",
                                "TOGETHER_BASE_URL", "TOGETHER_API_KEY", true),
                        org.assertj.core.groups.Tuple.tuple("groq", "https://api.groq.com/openai/v1", "GROQ_BASE_URL",
                                "GROQ_API_KEY", true),
                        org.assertj.core.groups.Tuple.tuple("deepseek", "https://api.deepseek.com/v1",
                                "DEEPSEEK_BASE_URL", "DEEPSEEK_API_KEY", true),
                        org.assertj.core.groups.Tuple.tuple("fireworks", "https://api.fireworks.ai/inference/v1",
                                "FIREWORKS_BASE_URL", "FIREWORKS_API_KEY", true),
                        org.assertj.core.groups.Tuple.tuple("vllm", "http://localhost:8000/v1", "VLLM_BASE_URL",
                                "VLLM_API_KEY", false),
                        org.assertj.core.groups.Tuple.tuple("llamacpp", "http://localhost:8080/v1",
                                "LLAMACPP_BASE_URL", "LLAMACPP_API_KEY", false),
                        org.assertj.core.groups.Tuple.tuple("ollama", "http://localhost:11434/v1", "OLLAMA_BASE_URL",
                                "-", false),
                        org.assertj.core.groups.Tuple.tuple("simulated", "http://simulator.invalid/v1",
                                "LENS_SIMULATOR_BASE_URL", "-", false));
        assertThat(OpenAiCompatibleProviders.all()).allSatisfy(a ->
                assertThat(HttpUrl.parse(a.defaultBaseUrl())).as(a.id()).isNotNull());
        assertThat(OpenAiCompatibleProviders.openai().headerVariables()).containsOnly(
                Map.entry("OpenAI-Organization", "OPENAI_ORG_ID"), Map.entry("OpenAI-Project", "OPENAI_PROJECT_ID"));
    }

    @Test
    void interestingHeadersIncludeRequestIdsAndRateLimits() {
        assertThat(OpenAiCompatibleProviders.together().interestingHeaders()).contains("x-request-id",
                "openai-processing-ms", "retry-after", "x-ratelimit-remaining-requests",
                "x-ratelimit-reset-tokens").hasSize(9);
    }

    // errorMessage

    private static String error(int status, String body) {
        return OpenAiCompatibleProviders.openai().errorMessage(status, body).orElseThrow();
    }

    @Test
    void errorMessageFromOpenAisErrorObject() {
        assertThat(error(429, "{\n  \"error\": {\n    \"message\": \"Rate limit reached for gpt-4o-mini.\",\n"
                + "    \"type\": \"requests\",\n    \"param\": null,\n    \"code\": \"rate_limit_exceeded\"\n  }\n}"))
                .isEqualTo("Rate limit reached for gpt-4o-mini. [requests/rate_limit_exceeded]");
        assertThat(error(401, "{\"error\":{\"message\":\"Incorrect API key provided.\",\"type\":"
                + "\"invalid_request_error\",\"code\":null}}"))
                .isEqualTo("Incorrect API key provided. [invalid_request_error]");
    }

    @Test
    void errorMessageFromOtherJsonShapes() {
        assertThat(error(404, "{\"error\":\"model 'llama9' not found\"}")).isEqualTo("model 'llama9' not found");
        assertThat(error(400, "{\"message\":\"bad things\"}")).isEqualTo("bad things");
        assertThat(error(404, "{\"detail\":\"Not Found\"}")).isEqualTo("Not Found");
        assertThat(error(422, "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"messages\"],"
                + "\"msg\":\"Field required\",\"input\":{}}]}")).isEqualTo("body.messages: Field required");
        // Mistral: the message is itself a validation object
        assertThat(error(422, "{\"object\":\"error\",\"message\":{\"detail\":[{\"type\":\"extra_forbidden\","
                + "\"loc\":[\"body\",\"stream_options\"],\"msg\":\"Extra inputs are not permitted\","
                + "\"input\":{\"include_usage\":true}}]},\"type\":\"invalid_request_error\",\"param\":null,"
                + "\"code\":null}"))
                .isEqualTo("body.stream_options: Extra inputs are not permitted [invalid_request_error]");
    }

    @Test
    void errorMessageFromHtmlIsPlainTextWithoutTags() {
        String html = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title>\n<style>body { color: red; }"
                + "</style><script>var x = 1 < 2;</script></head>\n<body>\n<center><h1>502   Bad Gateway</h1>"
                + "</center>\n<hr><center>nginx &amp; friends</center>\n<!-- a comment -->\n</body>\n</html>\n";
        assertThat(error(502, html)).isEqualTo("502 Bad Gateway 502 Bad Gateway nginx & friends");
    }

    @Test
    void errorMessageCutsLongBodiesTo300Characters() {
        String text = error(500, "upstream error " + "z".repeat(1000));
        assertThat(text).hasSize(300).startsWith("upstream error zzz").endsWith("…");
        assertThat(error(500, "a < b and c > d")).isEqualTo("a < b and c > d");
    }

    @Test
    void errorMessageOfAnEmptyOrBrokenBody() {
        assertThat(error(503, "")).isEqualTo("(empty body)");
        assertThat(error(500, "{not json")).isEqualTo("{not json");
        assertThat(error(500, "{\"unexpected\":true}")).isEqualTo("{\"unexpected\":true}");
    }
}
