package dev.latencylens.internal.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.engine.HttpRequests;
import dev.latencylens.internal.provider.ProviderStreams.Decoded;
import dev.latencylens.internal.provider.ProviderStreams;
import dev.latencylens.internal.provider.RecordingSink.Content;
import dev.latencylens.internal.provider.RecordingSink.Failure;
import dev.latencylens.internal.provider.RecordingSink.ToolCall;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.spi.ContentKind;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ToolCallDelta;
import dev.latencylens.spi.Usage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

class OpenAiResponsesAdapterTest {

    private final OpenAiResponsesAdapter adapter = new OpenAiResponsesAdapter();
    private final BenchmarkDescriptor bench = BenchmarkDescriptor.builder("openai-responses", "o4-mini").build();

    private static String event(String type, String json) {
        return "event: " + type + "\ndata: {\"type\":\"" + type + "\"," + json + "}\n\n";
    }

    /**
     * A streamed response with a reasoning summary, text and a function call: the events and fields of OpenAI's
     * Responses streaming reference (response.created, response.output_item.added, the reasoning summary and output
     * text deltas, response.function_call_arguments.delta, response.completed with usage details).
     */
    static final String STREAM = event("response.created", "\"sequence_number\":0,\"response\":{\"id\":\"resp_67c\","
            + "\"object\":\"response\",\"created_at\":1741290958,\"status\":\"in_progress\",\"error\":null,"
            + "\"output\":[],\"usage\":null}")
            + event("response.in_progress", "\"sequence_number\":1,\"response\":{\"id\":\"resp_67c\",\"status\":"
            + "\"in_progress\"}")
            + event("response.output_item.added", "\"sequence_number\":2,\"output_index\":0,\"item\":{\"id\":\"rs_1\","
            + "\"type\":\"reasoning\",\"summary\":[]}")
            + event("response.reasoning_summary_text.delta", "\"sequence_number\":3,\"item_id\":\"rs_1\","
            + "\"output_index\":0,\"summary_index\":0,\"delta\":\"**Answering** simply\"")
            + event("response.output_item.added", "\"sequence_number\":4,\"output_index\":1,\"item\":{\"id\":\"msg_1\","
            + "\"type\":\"message\",\"status\":\"in_progress\",\"content\":[],\"role\":\"assistant\"}")
            + event("response.output_text.delta", "\"sequence_number\":5,\"item_id\":\"msg_1\",\"output_index\":1,"
            + "\"content_index\":0,\"delta\":\"Hi\",\"logprobs\":[]")
            + event("response.output_text.delta", "\"sequence_number\":6,\"item_id\":\"msg_1\",\"output_index\":1,"
            + "\"content_index\":0,\"delta\":\" there!\",\"logprobs\":[]")
            + event("response.output_text.done", "\"sequence_number\":7,\"item_id\":\"msg_1\",\"output_index\":1,"
            + "\"content_index\":0,\"text\":\"Hi there!\",\"logprobs\":[]")
            + event("response.output_item.added", "\"sequence_number\":8,\"output_index\":2,\"item\":{\"id\":\"fc_1\","
            + "\"type\":\"function_call\",\"status\":\"in_progress\",\"arguments\":\"\",\"call_id\":\"call_1\","
            + "\"name\":\"get_weather\"}")
            + event("response.function_call_arguments.delta", "\"sequence_number\":9,\"item_id\":\"fc_1\","
            + "\"output_index\":2,\"delta\":\"{\\\"city\\\":\"")
            + event("response.completed", "\"sequence_number\":10,\"response\":{\"id\":\"resp_67c\",\"object\":"
            + "\"response\",\"status\":\"completed\",\"usage\":{\"input_tokens\":37,\"input_tokens_details\":"
            + "{\"cached_tokens\":12},\"output_tokens\":11,\"output_tokens_details\":{\"reasoning_tokens\":4},"
            + "\"total_tokens\":48}}");

    @Test
    void decodesTextReasoningToolCallsAndUsage() {
        Decoded d = ProviderStreams.decodeAtEverySplit(adapter, STREAM.getBytes(StandardCharsets.UTF_8));
        assertThat(d.sink().contents()).extracting(Content::kind, Content::text).containsExactly(
                tuple(ContentKind.REASONING, "**Answering** simply"), tuple(ContentKind.TEXT, "Hi"),
                tuple(ContentKind.TEXT, " there!"));
        assertThat(d.sink().toolCalls()).extracting(ToolCall::delta).containsExactly(
                ToolCallDelta.start(2, "call_1", "get_weather"), ToolCallDelta.arguments(2, "{\"city\":"));
        assertThat(d.sink().finishes()).containsExactly("completed");
        assertThat(d.sink().lastUsage()).isEqualTo(new Usage(37, 11, 12, Usage.UNKNOWN, 4));
        assertThat(d.complete()).isTrue();
    }

    @Test
    void aRefusalIsVisibleButNotTextAndARateLimitCodeIsARateLimit() {
        Decoded refusal = ProviderStreams.decode(adapter, event("response.refusal.delta", "\"sequence_number\":4,"
                + "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"I can't\"")
                .getBytes(StandardCharsets.UTF_8), 9);
        assertThat(refusal.sink().contents()).extracting(Content::kind, Content::text)
                .containsExactly(tuple(ContentKind.REFUSAL, "I can't"));
        Decoded limited = ProviderStreams.decode(adapter, event("error", "\"sequence_number\":2,\"error\":{\"type\":"
                + "\"requests\",\"code\":\"rate_limit_exceeded\",\"message\":\"Rate limit reached\"}")
                .getBytes(StandardCharsets.UTF_8), 9);
        assertThat(limited.sink().failures()).extracting(Failure::errorClass, Failure::message)
                .containsExactly(tuple(ErrorClass.RATE_LIMITED, "Rate limit reached [rate_limit_exceeded]"));
    }

    @Test
    void aTokenLimitIsAFinishAFilterFailedAndErrorEventsAreProviderErrors() {
        Decoded limit = ProviderStreams.decode(adapter, event("response.incomplete", "\"sequence_number\":3,"
                + "\"response\":{\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"max_output_tokens\"},"
                + "\"usage\":{\"input_tokens\":5,\"output_tokens\":16}}").getBytes(StandardCharsets.UTF_8), 9);
        assertThat(limit.sink().finishes()).containsExactly("max_output_tokens");
        assertThat(limit.sink().failures()).isEmpty();
        assertThat(limit.complete()).isTrue();

        Decoded filtered = ProviderStreams.decode(adapter, event("response.incomplete", "\"sequence_number\":3,"
                + "\"response\":{\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"content_filter\"}}")
                .getBytes(StandardCharsets.UTF_8), 9);
        assertThat(filtered.sink().failures()).extracting(Failure::errorClass)
                .containsExactly(ErrorClass.PROVIDER_ERROR);

        Decoded failed = ProviderStreams.decode(adapter, event("response.failed", "\"sequence_number\":3,"
                + "\"response\":{\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"The model"
                + " failed to generate a response.\"}}").getBytes(StandardCharsets.UTF_8), 9);
        assertThat(failed.sink().failures()).extracting(Failure::errorClass, Failure::message).containsExactly(
                tuple(ErrorClass.PROVIDER_ERROR, "The model failed to generate a response. [server_error]"));

        // The error event of the streaming reference: {"type":"error","code":"ERR_SOMETHING","message":...}
        Decoded error = ProviderStreams.decode(adapter, event("error", "\"code\":\"ERR_SOMETHING\",\"message\":"
                + "\"Something went wrong\",\"param\":null,\"sequence_number\":1").getBytes(StandardCharsets.UTF_8), 9);
        assertThat(error.sink().failures()).extracting(Failure::errorClass, Failure::message).containsExactly(
                tuple(ErrorClass.PROVIDER_ERROR, "Something went wrong [ERR_SOMETHING]"));
    }

    @Test
    void theRequestIsAResponsesCall() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            ChatRequest chat = ChatRequest.builder().system("Be terse.").user("Hi").maxTokens(40)
                    .extra("reasoning", Map.of("effort", "low")).build();
            ProviderStreams.Exchange x = ProviderStreams.call(server, adapter,
                    new Endpoint(server.url("/v1").uri(), Optional.of("sk-SECRET")), chat, bench,
                    new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(STREAM).build());
            assertThat(x.request().getUrl().encodedPath()).isEqualTo("/v1/responses");
            assertThat(x.request().getHeaders().get("Authorization")).isEqualTo("Bearer sk-SECRET");
            assertThat(x.request().getBody().utf8()).isEqualTo("{\"model\":\"o4-mini\",\"instructions\":\"Be terse.\","
                    + "\"input\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true,\"max_output_tokens\":40,"
                    + "\"reasoning\":{\"effort\":\"low\"}}");
        }
    }

    @Test
    void stopSequencesCannotBeSentToTheResponsesApi() {
        assertThatThrownBy(() -> HttpRequests.toOkHttp(adapter.buildRequest(new Endpoint(java.net.URI.create("https://api.openai.com/v1"),
                Optional.empty()), ChatRequest.builder().user("x").stop("END").build(), bench)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no stop sequences");
    }
}
