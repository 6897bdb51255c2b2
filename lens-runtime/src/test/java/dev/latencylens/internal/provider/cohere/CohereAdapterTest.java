package dev.latencylens.internal.provider.cohere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.engine.HttpRequests;
import dev.latencylens.internal.provider.ErrorBodies;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.internal.provider.ProviderStreams.Decoded;
import dev.latencylens.internal.provider.ProviderStreams;
import dev.latencylens.internal.provider.RecordingSink.Content;
import dev.latencylens.internal.provider.RecordingSink.ToolCall;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.spi.ContentKind;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ProviderSettings;
import dev.latencylens.spi.ToolCallDelta;
import dev.latencylens.spi.Usage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class CohereAdapterTest {

    private final CohereAdapter adapter = new CohereAdapter();
    private final BenchmarkDescriptor bench = BenchmarkDescriptor.builder("cohere", "command-a-03-2025").build();

    /**
     * A v2 chat stream (Cohere's "Streaming responses" documentation: message-start, content-start, content-delta,
     * content-end, message-end with billed_units and tokens), then a tool-use turn (tool-plan-delta,
     * tool-call-start, tool-call-delta, tool-call-end).
     */
    static final String STREAM = ""
            + "event: message-start\n"
            + "data: {\"id\":\"a8fc192e-4bb8-4e15-ae1f-a174e8b02ae8\",\"type\":\"message-start\",\"delta\":{\"message\":"
            + "{\"role\":\"assistant\",\"content\":[],\"tool_plan\":\"\",\"tool_calls\":[],\"citations\":[]}}}\n\n"
            + "event: content-start\n"
            + "data: {\"type\":\"content-start\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"type\":\"text\","
            + "\"text\":\"\"}}}}\n\n"
            + "event: content-delta\n"
            + "data: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\"Coca\"}}}}\n\n"
            + "event: content-delta\n"
            + "data: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\"-Cola\"}}}}\n\n"
            + "event: content-end\n"
            + "data: {\"type\":\"content-end\",\"index\":0}\n\n"
            + "event: tool-plan-delta\n"
            + "data: {\"type\":\"tool-plan-delta\",\"delta\":{\"message\":{\"tool_plan\":\"I will search\"}}}\n\n"
            + "event: tool-call-start\n"
            + "data: {\"type\":\"tool-call-start\",\"index\":0,\"delta\":{\"message\":{\"tool_calls\":{\"id\":"
            + "\"get_weather_1byjy32y4hvq\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"arguments\":\"\"}}}}}\n\n"
            + "event: tool-call-delta\n"
            + "data: {\"type\":\"tool-call-delta\",\"index\":0,\"delta\":{\"message\":{\"tool_calls\":{\"function\":"
            + "{\"arguments\":\"{\\\"location\\\":\"}}}}}\n\n"
            + "event: tool-call-end\n"
            + "data: {\"type\":\"tool-call-end\",\"index\":0}\n\n"
            + "event: message-end\n"
            + "data: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"COMPLETE\",\"usage\":{\"billed_units\":"
            + "{\"input_tokens\":3,\"output_tokens\":10},\"tokens\":{\"input_tokens\":69,\"output_tokens\":10}}}}\n\n";

    @Test
    void decodesTextToolPlansAndToolCalls() {
        Decoded d = ProviderStreams.decodeAtEverySplit(adapter, STREAM.getBytes(StandardCharsets.UTF_8));
        assertThat(d.sink().contents()).extracting(Content::kind, Content::text).containsExactly(
                tuple(ContentKind.TEXT, "Coca"), tuple(ContentKind.TEXT, "-Cola"),
                tuple(ContentKind.REASONING, "I will search"));
        assertThat(d.sink().toolCalls()).extracting(ToolCall::delta).containsExactly(
                ToolCallDelta.start(0, "get_weather_1byjy32y4hvq", "get_weather"),
                ToolCallDelta.arguments(0, "{\"location\":"));
        assertThat(d.sink().finishes()).containsExactly("COMPLETE");
        assertThat(d.sink().lastUsage()).isEqualTo(Usage.of(69, 10)); // tokens, not billed_units
        assertThat(d.complete()).isTrue();
    }

    @Test
    void thinkingIsReasoningAndAnErrorFinishFails() {
        String s = "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":"
                + "{\"thinking\":\"Hmm\"}}}}\n\nevent: message-end\ndata: {\"type\":\"message-end\",\"delta\":"
                + "{\"finish_reason\":\"ERROR\"}}\n\ndata: [DONE]\n\n";
        Decoded d = ProviderStreams.decode(adapter, s.getBytes(StandardCharsets.UTF_8), 10);
        assertThat(d.sink().contents()).extracting(Content::kind).containsExactly(ContentKind.REASONING);
        assertThat(d.sink().failures()).extracting(f -> f.errorClass()).containsExactly(ErrorClass.PROVIDER_ERROR);
    }

    @Test
    void theRequestIsAV2ChatWithABearerKey() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            ProviderStreams.Exchange x = ProviderStreams.call(server, adapter,
                    new Endpoint(server.url("/v2").uri(), Optional.of("co-SECRET")),
                    ChatRequest.builder().system("Be terse.").user("Hi").stop("END").build(), bench,
                    new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(STREAM).build());
            assertThat(x.request().getUrl().encodedPath()).isEqualTo("/v2/chat");
            assertThat(x.request().getHeaders().get("Authorization")).isEqualTo("Bearer co-SECRET");
            assertThat(x.request().getBody().utf8()).isEqualTo("{\"model\":\"command-a-03-2025\",\"messages\":"
                    + "[{\"role\":\"system\",\"content\":\"Be terse.\"},{\"role\":\"user\",\"content\":\"Hi\"}],"
                    + "\"stream\":true,\"max_tokens\":256,\"stop_sequences\":[\"END\"]}");
            assertThat(x.decoded().complete()).isTrue();
        }
    }

    @Test
    void theBaseUrlMayComeFromTheSdksVariableWithoutVersion() {
        Endpoint e = ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(),
                Map.of("CO_API_KEY", "k", "CO_API_URL", "https://api.cohere.example")));
        assertThat(HttpRequests.toOkHttp(adapter.buildRequest(e, ChatRequest.ofUser("x"), bench)).url())
                .isEqualTo(HttpUrl.get("https://api.cohere.example/v2/chat"));
        assertThat(ErrorBodies.message("{\"id\":\"b0b\",\"message\":\"invalid api token\"}"))
                .isEqualTo("invalid api token");
    }
}
