package dev.latencylens.internal.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

class AnthropicAdapterTest {

    private static final String SECRET = "sk-ant-api03-SECRET";
    private final AnthropicAdapter adapter = new AnthropicAdapter();
    private final BenchmarkDescriptor bench = BenchmarkDescriptor.builder("anthropic", "claude-sonnet-4-5")
            .maxTokens(256).temperature(0.2).build();

    /** Byte for byte: anthropic-sdk-python, tests/lib/streaming/fixtures/basic_response.txt (no final newline). */
    static final String BASIC = "event: message_start\n"
            + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_4QpJur2dWWDjF6C758FbBw5vm12BaVipnK\","
            + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-3-opus-latest\","
            + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":11,\"output_tokens\":1}}}\n\n"
            + "event: content_block_start\n"
            + "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
            + "event: ping\n"
            + "data: {\"type\": \"ping\"}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" there\"}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"!\"}}\n\n"
            + "event: content_block_stop\n"
            + "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
            + "event: message_delta\n"
            + "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
            + "\"usage\":{\"output_tokens\":6}}\n\n"
            + "event: message_stop\n"
            + "data: {\"type\":\"message_stop\"}";

    /** Byte for byte: anthropic-sdk-python, tests/lib/streaming/fixtures/tool_use_response.txt (cache usage fields,
     *  a text block then a tool_use block with input_json_delta fragments, the first one empty). */
    static final String TOOL_USE = "event: message_start\n"
            + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_019Q1hrJbZG26Fb9BQhrkHEr\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-20250514\",\"content\":[],\"stop_reason\":null,"
            + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":377,\"cache_creation_input_tokens\":0,"
            + "\"cache_read_input_tokens\":0,\"output_tokens\":1,\"service_tier\":\"standard\"}}}\n\n"
            + "event: content_block_start\n"
            + "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
            + "event: ping\n"
            + "data: {\"type\": \"ping\"}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"I\"}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"'ll check"
            + " the current weather in Paris for you.\"}}\n\n"
            + "event: content_block_stop\n"
            + "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
            + "event: content_block_start\n"
            + "data: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
            + "\"id\":\"toolu_01NRLabsLyVHZPKxbKvkfSMn\",\"name\":\"get_weather\",\"caller\":{\"type\":\"direct\"},"
            + "\"input\":{}}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
            + "\"partial_json\":\"\"}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
            + "\"partial_json\":\"{\\\"locati\"}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
            + "\"partial_json\":\"on\\\": \\\"P\"}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
            + "\"partial_json\":\"ar\"}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
            + "\"partial_json\":\"is\\\"}\"}}\n\n"
            + "event: content_block_stop\n"
            + "data: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
            + "event: message_delta\n"
            + "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
            + "\"usage\":{\"output_tokens\":65}}\n\n"
            + "event: message_stop\n"
            + "data: {\"type\":\"message_stop\"}\n\n";

    /**
     * The shape of the extended-thinking stream in Anthropic's streaming documentation
     * (docs.anthropic.com, build-with-claude/streaming, "Streaming request with extended thinking"): thinking_delta
     * events, then a signature_delta, then the text block; with prompt-cache usage.
     */
    static final String THINKING = "event: message_start\n"
            + "data: {\"type\": \"message_start\", \"message\": {\"id\": \"msg_01...\", \"type\": \"message\", \"role\":"
            + " \"assistant\", \"content\": [], \"model\": \"claude-sonnet-4-5\", \"stop_reason\": null,"
            + " \"stop_sequence\": null, \"usage\": {\"input_tokens\": 10, \"cache_creation_input_tokens\": 2048,"
            + " \"cache_read_input_tokens\": 4096, \"output_tokens\": 1}}}\n\n"
            + "event: content_block_start\n"
            + "data: {\"type\": \"content_block_start\", \"index\": 0, \"content_block\": {\"type\": \"thinking\","
            + " \"thinking\": \"\"}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"thinking_delta\","
            + " \"thinking\": \"Let me solve this step by step:\\n\\n1. First break down 27 * 453\"}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"signature_delta\","
            + " \"signature\": \"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds...\"}}\n\n"
            + "event: content_block_stop\n"
            + "data: {\"type\": \"content_block_stop\", \"index\": 0}\n\n"
            + "event: content_block_start\n"
            + "data: {\"type\": \"content_block_start\", \"index\": 1, \"content_block\": {\"type\": \"text\", \"text\": \"\"}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\": \"content_block_delta\", \"index\": 1, \"delta\": {\"type\": \"text_delta\", \"text\":"
            + " \"27 * 453 = 12,231\"}}\n\n"
            + "event: content_block_stop\n"
            + "data: {\"type\": \"content_block_stop\", \"index\": 1}\n\n"
            + "event: message_delta\n"
            + "data: {\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"end_turn\", \"stop_sequence\": null},"
            + " \"usage\": {\"output_tokens\": 87}}\n\n"
            + "event: message_stop\n"
            + "data: {\"type\": \"message_stop\"}\n\n";

    @Test
    void theSdkFixtureDecodesToTextUsageAndFinish() {
        Decoded d = ProviderStreams.decodeAtEverySplit(adapter, BASIC.getBytes(StandardCharsets.UTF_8));
        assertThat(d.sink().contents()).extracting(Content::kind, Content::text, Content::tokens).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ContentKind.TEXT, "Hello", -1),
                org.assertj.core.groups.Tuple.tuple(ContentKind.TEXT, " there", -1),
                org.assertj.core.groups.Tuple.tuple(ContentKind.TEXT, "!", -1));
        assertThat(d.sink().finishes()).containsExactly("end_turn");
        assertThat(d.sink().lastUsage()).isEqualTo(new Usage(11, 6, Usage.UNKNOWN, Usage.UNKNOWN, Usage.UNKNOWN));
        assertThat(d.sink().failures()).isEmpty();
        // The fixture has no line end after message_stop: the event is still dispatched, the stream is complete.
        assertThat(d.complete()).isTrue();
        assertThat(d.partial()).isTrue();
        assertThat(ProviderStreams.decode(adapter, (BASIC + "\n\n").getBytes(StandardCharsets.UTF_8), 5).complete())
                .isTrue();
    }

    @Test
    void toolUseCountsTheToolNameAndEveryNonEmptyJsonFragment() {
        Decoded d = ProviderStreams.decodeAtEverySplit(adapter, TOOL_USE.getBytes(StandardCharsets.UTF_8));
        assertThat(d.sink().text(ContentKind.TEXT)).isEqualTo("I'll check the current weather in Paris for you.");
        // The name with the id, then every non-empty fragment, all keyed by the tool_use block's index.
        assertThat(d.sink().toolCalls()).extracting(ToolCall::delta).containsExactly(
                ToolCallDelta.start(1, "toolu_01NRLabsLyVHZPKxbKvkfSMn", "get_weather"),
                ToolCallDelta.arguments(1, "{\"locati"), ToolCallDelta.arguments(1, "on\": \"P"),
                ToolCallDelta.arguments(1, "ar"), ToolCallDelta.arguments(1, "is\"}"));
        assertThat(d.sink().finishes()).containsExactly("tool_use");
        assertThat(d.sink().lastUsage()).isEqualTo(new Usage(377, 65, 0, 0, Usage.UNKNOWN));
        assertThat(d.complete()).isTrue();
    }

    @Test
    void toolsAnthropicRunsAreServerSideAndRedactedThinkingIsNothing() {
        String stream = "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgB\"}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,"
                + "\"content_block\":{\"type\":\"mcp_tool_use\",\"id\":\"mcptoolu_1\",\"name\":\"search\","
                + "\"server_name\":\"docs\",\"input\":{}}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,"
                + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"q\\\":1}\"}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":2,"
                + "\"content_block\":{\"type\":\"mcp_tool_result\",\"tool_use_id\":\"mcptoolu_1\",\"content\":[]}}\n\n";
        Decoded d = ProviderStreams.decodeAtEverySplit(adapter, stream.getBytes(StandardCharsets.UTF_8));
        assertThat(d.sink().contents()).isEmpty();
        assertThat(d.sink().toolCalls()).extracting(ToolCall::delta).containsExactly(
                ToolCallDelta.start(1, "mcptoolu_1", "search").onServer(),
                ToolCallDelta.arguments(1, "{\"q\":1}").onServer());
    }

    @Test
    void thinkingIsReasoningSignaturesAreIgnoredAndCachedTokensAreKeptApart() {
        Decoded d = ProviderStreams.decodeAtEverySplit(adapter, THINKING.getBytes(StandardCharsets.UTF_8));
        assertThat(d.sink().contents()).extracting(Content::kind).containsExactly(ContentKind.REASONING,
                ContentKind.TEXT);
        assertThat(d.sink().text(ContentKind.REASONING)).startsWith("Let me solve this step by step:\n\n1.");
        assertThat(d.sink().text(ContentKind.TEXT)).isEqualTo("27 * 453 = 12,231");
        // input_tokens counts only the uncached part: the total input includes cache writes and reads
        assertThat(d.sink().lastUsage()).isEqualTo(new Usage(10 + 2048 + 4096, 87, 4096, 2048, Usage.UNKNOWN));
    }

    @Test
    void anOverloadedErrorMidStreamIsAProviderError() {
        // The error event as Anthropic's streaming documentation shows it ("Error events").
        String stream = BASIC.substring(0, BASIC.indexOf("event: content_block_stop"))
                + "event: error\n"
                + "data: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n";
        Decoded d = ProviderStreams.decode(adapter, stream.getBytes(StandardCharsets.UTF_8), 13);
        assertThat(d.sink().failures()).extracting(Failure::errorClass, Failure::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ErrorClass.PROVIDER_ERROR,
                        "Overloaded [overloaded_error]"));
        assertThat(d.complete()).isFalse();
    }

    @Test
    void malformedDataIsAProtocolError() {
        Decoded d = ProviderStreams.decode(adapter, ("event: content_block_delta\ndata: {\"type\":\"content_block_"
                + "delta\",\"delta\":{\"text\":\"hel\n\n").getBytes(StandardCharsets.UTF_8), 100);
        assertThat(d.sink().failures()).singleElement().satisfies(f -> {
            assertThat(f.errorClass()).isEqualTo(ErrorClass.PROTOCOL);
            assertThat(f.message()).startsWith("malformed event: {\"type\":\"content_block_delta\"");
        });
    }

    @Test
    void theRequestIsWhatTheMessagesApiExpects() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            ChatRequest chat = ChatRequest.builder().system("Be terse.").user("Why is the sky blue?")
                    .assistant("Rayleigh.").user("More.").maxTokens(100).stop("\n\n").extra("top_k", 5).build();
            ProviderStreams.Exchange x = ProviderStreams.call(server, adapter,
                    new Endpoint(server.url("/v1").uri(), Optional.of(SECRET)), chat, bench,
                    new MockResponse.Builder().setHeader("Content-Type", "text/event-stream; charset=utf-8")
                            .setHeader("request-id", "req_011CS").body(TOOL_USE).build());
            assertThat(x.request().getMethod()).isEqualTo("POST");
            assertThat(x.request().getUrl().encodedPath()).isEqualTo("/v1/messages");
            assertThat(x.request().getHeaders().get("x-api-key")).isEqualTo(SECRET);
            assertThat(x.request().getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
            assertThat(x.request().getHeaders().get("Accept")).isEqualTo("text/event-stream");
            assertThat(x.request().getHeaders().get("Authorization")).isNull();
            assertThat(x.request().getBody().utf8()).isEqualTo("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,"
                    + "\"system\":\"Be terse.\",\"messages\":[{\"role\":\"user\",\"content\":\"Why is the sky blue?\"},"
                    + "{\"role\":\"assistant\",\"content\":\"Rayleigh.\"},{\"role\":\"user\",\"content\":\"More.\"}],"
                    + "\"temperature\":0.2,\"stop_sequences\":[\"\\n\\n\"],\"stream\":true,\"top_k\":5}");
            assertThat(x.decoded().complete()).isTrue();
            assertThat(x.decoded().sink().text(ContentKind.TEXT)).startsWith("I'll check");
        }
    }

    @Test
    void maxTokensIsAlwaysSentAndTheRequestsOwnValuesWin() throws Exception {
        Request r = HttpRequests.toOkHttp(adapter.buildRequest(new Endpoint(java.net.URI.create("https://api.anthropic.com/v1"), Optional.empty()),
                ChatRequest.builder().user("hi").temperature(1.5).build(),
                BenchmarkDescriptor.builder("anthropic", "m").build()));
        assertThat(ProviderStreams.body(r)).isEqualTo("{\"model\":\"m\",\"max_tokens\":256,\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":1.5,\"stream\":true}");
    }

    @Test
    void theBaseUrlMayBeGivenAsTheSdksTakeItWithoutV1() {
        for (String base : List.of("https://api.anthropic.com", "https://api.anthropic.com/",
                "https://api.anthropic.com/v1", "https://api.anthropic.com/v1/")) {
            Request r = HttpRequests.toOkHttp(adapter.buildRequest(new Endpoint(java.net.URI.create(base), Optional.empty()),
                    ChatRequest.ofUser("x"), bench));
            assertThat(r.url().toString()).as(base).isEqualTo("https://api.anthropic.com/v1/messages");
        }
        assertThat(HttpRequests.toOkHttp(adapter.buildRequest(new Endpoint(java.net.URI.create("https://gw.example/anthropic"), Optional.empty()),
                ChatRequest.ofUser("x"), bench)).url().toString()).isEqualTo("https://gw.example/anthropic/v1/messages");
    }

    @Test
    void resolutionReadsTheKeyAndTheBaseUrlVariables() {
        Endpoint e = ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(),
                Map.of("ANTHROPIC_API_KEY", SECRET, "ANTHROPIC_BASE_URL", "https://proxy.example")));
        assertThat(e.apiKey()).contains(SECRET);
        assertThat(e.baseUrl()).isEqualTo(java.net.URI.create("https://proxy.example"));
        assertThat(e.toString()).doesNotContain(SECRET);
        assertThatThrownBy(() -> ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(), Map.of())))
                .isInstanceOf(MissingApiKeyException.class).hasMessageContaining("set ANTHROPIC_API_KEY");
    }

    @Test
    void errorBodiesGiveAnthropicsMessageAndType() {
        // Error shapes from Anthropic's API errors documentation.
        assertThat(ErrorBodies.message("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}"))
                .isEqualTo("Overloaded [overloaded_error]");
        assertThat(ErrorBodies.message("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                + "\"message\":\"invalid x-api-key\"}}")).isEqualTo("invalid x-api-key [authentication_error]");
        assertThat(ErrorBodies.message("<html><body><h1>502 Bad Gateway</h1></body></html>"))
                .isEqualTo("502 Bad Gateway");
        assertThat(adapter.interestingHeaders()).contains("retry-after", "anthropic-ratelimit-requests-remaining",
                "anthropic-ratelimit-tokens-reset", "request-id");
        assertThat(adapter.requestIdHeader()).isEqualTo("request-id");
    }
}
