package dev.latencylens.internal.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.results.ErrorClass;
import dev.latencylens.spi.ContentKind;
import dev.latencylens.internal.provider.RecordingSink;
import dev.latencylens.internal.provider.RecordingSink.Content;
import dev.latencylens.internal.provider.RecordingSink.Failure;
import dev.latencylens.internal.provider.RecordingSink.Finish;
import dev.latencylens.internal.provider.RecordingSink.ToolCall;
import dev.latencylens.internal.provider.RecordingSink.UsageReport;
import dev.latencylens.spi.ToolCallDelta;
import dev.latencylens.spi.Usage;
import dev.latencylens.spi.SseEvent;
import org.junit.jupiter.api.Test;

class OpenAiStreamDecoderTest {

    private static final String HEAD = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"m\",";

    private final OpenAiStreamDecoder decoder = OpenAiCompatibleProviders.openai().newDecoder();
    private final RecordingSink sink = new RecordingSink();

    private void event(long t, String data) {
        decoder.onEvent(new SseEvent("message", data, "", t), sink);
    }

    private static String delta(String delta) {
        return HEAD + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":null}],\"usage\":null}";
    }

    @Test
    void aRoleOnlyFirstChunkAndEmptyContentAreNothing() {
        event(1, delta("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}"));
        event(2, delta("{\"content\":null}"));
        event(3, delta("{}"));
        assertThat(sink.calls).isEmpty();
    }

    @Test
    void contentIsTextWithTheEventsStampAndNoTokenCount() {
        event(5, delta("{\"content\":\"Hello\"}"));
        event(9, delta("{\"content\":\" world\"}"));
        assertThat(sink.calls).containsExactly(
                new Content(5, ContentKind.TEXT, "Hello", -1),
                new Content(9, ContentKind.TEXT, " world", -1));
    }

    @Test
    void finishReasonIsReportedAfterTheContentOfTheSameChunk() {
        event(4, HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"!\"},\"finish_reason\":\"length\"}]}");
        assertThat(sink.calls).containsExactly(new Content(4, ContentKind.TEXT, "!", -1), new Finish(4, "length"));
    }

    @Test
    void emptyChoicesWithUsageIsAUsageReport() {
        event(7, HEAD + "\"choices\":[],\"usage\":{\"prompt_tokens\":1200,\"completion_tokens\":300,"
                + "\"total_tokens\":1500,\"prompt_tokens_details\":{\"cached_tokens\":1024,\"audio_tokens\":0},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":64,\"audio_tokens\":0}}}");
        assertThat(sink.calls).containsExactly(new UsageReport(7, new Usage(1200, 300, 1024, Usage.UNKNOWN, 64)));
    }

    @Test
    void aUsageOnlyFinalChunkWithoutDetailsHasUnknownCounts() {
        event(8, "{\"id\":\"x\",\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":3,\"total_tokens\":13}}");
        assertThat(sink.calls).containsExactly(new UsageReport(8, Usage.of(10, 3)));
    }

    @Test
    void usageInTheLastContentChunkAsMistralSendsIt() {
        event(3, HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":9,\"total_tokens\":19,\"completion_tokens\":10}}");
        assertThat(sink.calls).containsExactly(new Finish(3, "stop"), new UsageReport(3, Usage.of(9, 10)));
    }

    @Test
    void deepSeekCacheHitsAndGroqUsageAreRead() {
        event(1, HEAD + "\"choices\":[],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":5,"
                + "\"prompt_cache_hit_tokens\":64,\"prompt_cache_miss_tokens\":36}}");
        event(2, HEAD + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                + "\"x_groq\":{\"id\":\"req_1\",\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":7}}}");
        assertThat(sink.calls).containsExactly(
                new UsageReport(1, new Usage(100, 5, 64, Usage.UNKNOWN, Usage.UNKNOWN)),
                new Finish(2, "stop"),
                new UsageReport(2, Usage.of(20, 7)));
    }

    @Test
    void reasoningContentIsReasoning() {
        event(1, delta("{\"role\":\"assistant\",\"content\":null,\"reasoning_content\":\"Let me think\"}"));
        event(2, delta("{\"content\":\"42\",\"reasoning_content\":null}"));
        assertThat(sink.calls).containsExactly(
                new Content(1, ContentKind.REASONING, "Let me think", -1),
                new Content(2, ContentKind.TEXT, "42", -1));
    }

    @Test
    void reasoningAsOpenRouterAndOllamaSendItIsReasoningAndCountedOnce() {
        event(1, delta("{\"content\":\"\",\"reasoning\":\"Hmm\",\"reasoning_details\":[{\"type\":\"reasoning.text\","
                + "\"text\":\"Hmm\"}]}"));
        event(2, delta("{\"reasoning_content\":\"a\",\"reasoning\":\"a\"}"));
        assertThat(sink.calls).containsExactly(
                new Content(1, ContentKind.REASONING, "Hmm", -1),
                new Content(2, ContentKind.REASONING, "a", -1));
    }

    @Test
    void toolCallDeltasArePiecesOfTheCallTheirIndexNames() {
        event(1, delta("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}"));
        event(2, delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}"));
        event(3, delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Oslo\\\"}\"}}]}"));
        event(4, delta("{\"tool_calls\":[]}"));
        event(5, HEAD + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}");
        assertThat(sink.calls).containsExactly(
                new ToolCall(1, ToolCallDelta.start(0, "call_1", "get_weather")),
                new ToolCall(2, ToolCallDelta.arguments(0, "{\"city\":")),
                new ToolCall(3, ToolCallDelta.arguments(0, "\"Oslo\"}")),
                new Finish(5, "tool_calls"));
    }

    @Test
    void parallelToolCallFragmentsOfOneEventAreAPieceEachAndNoTokenCountIsGuessed() {
        event(1, HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
                + "{\"arguments\":\"{}\"}},{\"index\":1,\"function\":{\"name\":\"b\",\"arguments\":\"{\"}}]},"
                + "\"finish_reason\":null}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":0}}");
        event(2, HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":"
                + "{\"arguments\":\"}\"}}]},\"finish_reason\":null}],\"usage\":{\"prompt_tokens\":1,"
                + "\"completion_tokens\":3}}");
        assertThat(sink.toolCalls()).containsExactly(
                new ToolCall(1, ToolCallDelta.arguments(0, "{}"), -1, 0),
                new ToolCall(1, new ToolCallDelta(1, "", "b", "{", false), -1, 0),
                new ToolCall(2, ToolCallDelta.arguments(1, "}"), 3, 0));
    }

    @Test
    void callsWithoutAnIndexAreToldApartByTheirIds() {
        // Mistral sends each call whole and without an index; a second call has a new id.
        event(1, delta("{\"content\":null,\"tool_calls\":[{\"id\":\"a1\",\"function\":{\"name\":\"f\","
                + "\"arguments\":\"{}\"}},{\"id\":\"b2\",\"function\":{\"name\":\"g\","
                + "\"arguments\":\"{\\\"x\\\":1}\"}}]}"));
        event(2, delta("{\"tool_calls\":[{\"id\":\"c3\",\"function\":{\"name\":\"h\",\"arguments\":\"[\"}}]}"));
        event(3, delta("{\"tool_calls\":[{\"function\":{\"arguments\":\"]\"}}]}"));
        assertThat(sink.toolCalls()).extracting(ToolCall::delta).containsExactly(
                new ToolCallDelta(0, "a1", "f", "{}", false), new ToolCallDelta(1, "b2", "g", "{\"x\":1}", false),
                new ToolCallDelta(2, "c3", "h", "[", false), ToolCallDelta.arguments(2, "]"));
    }

    @Test
    void choicesAreToldApartAndRefusalsAreNotText() {
        event(1, HEAD + "\"choices\":[{\"index\":1,\"delta\":{\"content\":\"b\"},\"finish_reason\":null}]}");
        event(2, HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null},"
                + "{\"index\":2,\"delta\":{\"refusal\":\"I'm sorry\"},\"finish_reason\":\"stop\"}]}");
        assertThat(sink.calls).containsExactly(
                new Content(1, ContentKind.TEXT, "b", -1, 1),
                new Content(2, ContentKind.TEXT, "a", -1, 0),
                new Content(2, ContentKind.REFUSAL, "I'm sorry", -1, 2),
                new Finish(2, "stop", 2));
    }

    @Test
    void mistralContentPartsAreTextAndThinking() {
        event(1, delta("{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\","
                + "\"text\":\"Hmm. \"},{\"type\":\"text\",\"text\":\"Easy.\"}]}]}"));
        event(2, delta("{\"content\":[{\"type\":\"text\",\"text\":\"4\"},{\"type\":\"reference\","
                + "\"reference_ids\":[1]}]}"));
        event(3, delta("{\"content\":[{\"type\":\"thinking\",\"thinking\":\"plain\"},{\"type\":\"text\","
                + "\"text\":\"\"}]}"));
        assertThat(sink.calls).containsExactly(
                new Content(1, ContentKind.REASONING, "Hmm. Easy.", -1),
                new Content(2, ContentKind.TEXT, "4", -1),
                new Content(3, ContentKind.REASONING, "plain", -1));
    }

    @Test
    void anErrorObjectInTheStreamIsAProviderError() {
        event(1, delta("{\"content\":\"Hi\"}"));
        event(2, "{\"id\":\"gen-1\",\"object\":\"chat.completion.chunk\",\"error\":{\"code\":502,"
                + "\"message\":\"Provider returned error\"},\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},"
                + "\"finish_reason\":\"error\"}]}");
        event(3, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"code\":null}}");
        assertThat(sink.calls).containsExactly(
                new Content(1, ContentKind.TEXT, "Hi", -1),
                new Failure(2, ErrorClass.PROVIDER_ERROR, "Provider returned error [502]"),
                new Failure(3, ErrorClass.PROVIDER_ERROR, "The server had an error [server_error]"));
    }

    @Test
    void anErrorEventIsAProviderErrorWhetherJsonOrText() {
        decoder.onEvent(new SseEvent("error", "{\"message\":\"overloaded\",\"type\":\"overloaded_error\"}", "", 1),
                sink);
        decoder.onEvent(new SseEvent("error", "upstream went away", "", 2), sink);
        assertThat(sink.calls).containsExactly(
                new Failure(1, ErrorClass.PROVIDER_ERROR, "overloaded [overloaded_error]"),
                new Failure(2, ErrorClass.PROVIDER_ERROR, "upstream went away"));
    }

    @Test
    void doneCompletesTheStreamAndLaterEventsAreIgnored() {
        event(1, delta("{\"content\":\"a\"}"));
        assertThat(decoder.complete()).isFalse();
        event(2, "[DONE]");
        assertThat(decoder.complete()).isTrue();
        event(3, delta("{\"content\":\"late\"}"));
        assertThat(sink.calls).containsExactly(new Content(1, ContentKind.TEXT, "a", -1));
    }

    @Test
    void malformedJsonIsAProtocolErrorQuotingTheFirst200Characters() {
        String bad = "{\"choices\":[{\"delta\":{\"content\":\"" + "x".repeat(300);
        event(1, bad);
        event(2, "not json at all");
        event(3, "42");
        assertThat(sink.calls).containsExactly(
                new Failure(1, ErrorClass.PROTOCOL, "malformed event: " + bad.substring(0, 200)),
                new Failure(2, ErrorClass.PROTOCOL, "malformed event: not json at all"),
                new Failure(3, ErrorClass.PROTOCOL, "malformed event: 42"));
        assertThat(decoder.complete()).isFalse();
    }

    @Test
    void blankDataIsIgnored() {
        event(1, "");
        event(2, "  ");
        assertThat(sink.calls).isEmpty();
    }

    @Test
    void azureFilterChunksNeverCountAsContent() {
        event(1, "{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":"
                + "[{\"prompt_index\":0,\"content_filter_results\":{\"hate\":{\"filtered\":false,"
                + "\"severity\":\"safe\"}}}]}");
        event(2, "{\"choices\":[{\"content_filter_offsets\":{\"check_offset\":0,\"start_offset\":0,\"end_offset\":5},"
                + "\"content_filter_results\":{\"violence\":{\"filtered\":false,\"severity\":\"safe\"}},"
                + "\"finish_reason\":null,\"index\":0}],\"id\":\"\",\"model\":\"\",\"object\":\"\"}");
        event(3, "{\"choices\":[{\"content_filter_results\":{},\"delta\":{\"content\":\"\"},\"finish_reason\":null,"
                + "\"index\":0}]}");
        assertThat(sink.calls).isEmpty();
    }

    @Test
    void vllmContinuousUsageGivesTokensPerContentEvent() {
        String usage = ",\"usage\":{\"prompt_tokens\":8,\"total_tokens\":%d,\"completion_tokens\":%d}}";
        event(1, HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                + "\"finish_reason\":null}]" + usage.formatted(8, 0));
        event(2, HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]"
                + usage.formatted(9, 1));
        event(3, HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo wor\"},\"finish_reason\":null}]"
                + usage.formatted(12, 4));
        event(4, HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ld\"},\"finish_reason\":\"stop\"}]"
                + usage.formatted(13, 5));
        event(5, HEAD + "\"choices\":[]" + usage.formatted(13, 5));
        event(6, "[DONE]");
        assertThat(sink.contents()).containsExactly(
                new Content(2, ContentKind.TEXT, "Hel", 1),
                new Content(3, ContentKind.TEXT, "lo wor", 3),
                new Content(4, ContentKind.TEXT, "ld", 1));
        assertThat(sink.calls).filteredOn(UsageReport.class::isInstance).hasSize(5)
                .last().isEqualTo(new UsageReport(5, Usage.of(8, 5)));
        assertThat(decoder.complete()).isTrue();
    }

    @Test
    void withoutAnEarlierUsageReportAContentEventHasNoTokenCount() {
        event(1, HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"all at once\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}");
        assertThat(sink.contents()).containsExactly(new Content(1, ContentKind.TEXT, "all at once", -1));
    }

    @Test
    void aFreshDecoderPerStreamKeepsNoState() {
        event(1, "[DONE]");
        OpenAiStreamDecoder second = OpenAiCompatibleProviders.openai().newDecoder();
        assertThat(decoder.complete()).isTrue();
        assertThat(second.complete()).isFalse();
    }
}
