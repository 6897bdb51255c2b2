package dev.latencylens.internal.provider.bedrock;

import static dev.latencylens.internal.provider.bedrock.BedrockAdapterTest.event;
import static dev.latencylens.internal.provider.bedrock.BedrockAdapterTest.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.groups.Tuple.tuple;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.engine.HttpRequests;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.internal.provider.ProviderStreams;
import dev.latencylens.internal.provider.ProviderStreams.Decoded;
import dev.latencylens.internal.provider.RecordingSink.Content;
import dev.latencylens.internal.provider.RecordingSink.Failure;
import dev.latencylens.internal.provider.RecordingSink.ToolCall;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.spi.ContentKind;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.MissingApiKeyException;
import dev.latencylens.spi.ProviderSettings;
import dev.latencylens.spi.ServerFigure;
import dev.latencylens.spi.ToolCallDelta;
import dev.latencylens.spi.Usage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code bedrock-invoke}: each family's native body, each family's chunks, Bedrock's metrics and exceptions. */
class BedrockInvokeAdapterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);
    private static final String METRICS = ",\"amazon-bedrock-invocationMetrics\":{\"inputTokenCount\":9,"
            + "\"outputTokenCount\":2,\"invocationLatency\":412,\"firstByteLatency\":230}";
    private static final ChatRequest CONVERSATION = ChatRequest.builder().system("Be terse.").user("Hi")
            .assistant("Hello!").user("Why is the sky blue?").temperature(0.5).stop("END").build();

    private final BedrockInvokeAdapter adapter = new BedrockInvokeAdapter(CLOCK);

    private static BenchmarkDescriptor bench(String model) {
        return BenchmarkDescriptor.builder("bedrock-invoke", model).maxTokens(64).build();
    }

    private String body(String model, ChatRequest chat) throws IOException {
        Request r = HttpRequests.toOkHttp(adapter.buildRequest(new Endpoint(java.net.URI.create(
                "https://bedrock-runtime.us-east-1.amazonaws.com"), Optional.of("k")), chat, bench(model)));
        return ProviderStreams.body(r);
    }

    @Test
    void eachFamilyGetsItsNativeBody() throws IOException {
        assertThat(body("anthropic.claude-3-5-haiku-20241022-v1:0", CONVERSATION)).isEqualTo(
                "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":64,\"system\":\"Be terse.\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":"
                        + "\"Hello!\"},{\"role\":\"user\",\"content\":\"Why is the sky blue?\"}],\"temperature\":0.5,"
                        + "\"stop_sequences\":[\"END\"]}");
        assertThat(body("us.meta.llama3-3-70b-instruct-v1:0", CONVERSATION)).isEqualTo(
                "{\"prompt\":\"<|begin_of_text|><|start_header_id|>system<|end_header_id|>\\n\\nBe terse.<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\\n\\nHi<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\\n\\nHello!<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\\n\\nWhy is the sky blue?<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\\n\\n\",\"max_gen_len\":64,"
                        + "\"temperature\":0.5}");
        assertThat(body("mistral.mistral-large-2402-v1:0", CONVERSATION)).isEqualTo(
                "{\"prompt\":\"<s>[INST] Be terse.\\n\\nHi [/INST] Hello!</s>[INST] Why is the sky blue? [/INST]\","
                        + "\"max_tokens\":64,\"temperature\":0.5,\"stop\":[\"END\"]}");
        assertThat(body("amazon.titan-text-express-v1", CONVERSATION)).isEqualTo(
                "{\"inputText\":\"Be terse.\\n\\nUser: Hi\\nBot: Hello!\\nUser: Why is the sky blue?\\nBot:\","
                        + "\"textGenerationConfig\":{\"maxTokenCount\":64,\"temperature\":0.5,"
                        + "\"stopSequences\":[\"END\"]}}");
        assertThat(body("eu.amazon.nova-lite-v1:0", CONVERSATION)).isEqualTo(
                "{\"schemaVersion\":\"messages-v1\",\"system\":[{\"text\":\"Be terse.\"}],\"messages\":["
                        + "{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]},{\"role\":\"assistant\",\"content\":"
                        + "[{\"text\":\"Hello!\"}]},{\"role\":\"user\",\"content\":[{\"text\":"
                        + "\"Why is the sky blue?\"}]}],"
                        + "\"inferenceConfig\":{\"maxTokens\":64,\"temperature\":0.5,\"stopSequences\":[\"END\"]}}");
        assertThat(body("cohere.command-r-plus-v1:0", CONVERSATION)).isEqualTo(
                "{\"message\":\"Why is the sky blue?\",\"chat_history\":[{\"role\":\"USER\",\"message\":\"Hi\"},"
                        + "{\"role\":\"CHATBOT\",\"message\":\"Hello!\"}],\"preamble\":\"Be terse.\",\"max_tokens\":64,"
                        + "\"temperature\":0.5,\"stop_sequences\":[\"END\"]}");
    }

    @Test
    void extrasGoIntoTheNativeBodyAndArnsAreReadByTheirEnd() throws IOException {
        assertThat(body("arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4",
                ChatRequest.builder().user("hi").extra("top_k", 5).build()))
                .startsWith("{\"anthropic_version\":\"bedrock-2023-05-31\"").endsWith(",\"top_k\":5}");
    }

    @Test
    void aModelOfNoKnownFamilyIsAClearError() {
        assertThatThrownBy(() -> body("ai21.jamba-1-5-large-v1:0", CONVERSATION))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ai21.jamba-1-5-large-v1:0'")
                .hasMessageContaining("anthropic*, meta.llama*, mistral*, amazon.titan-text*, amazon.nova*,"
                        + " cohere.command-r*")
                .hasMessageContaining("provider bedrock (ConverseStream)");
    }

    @Test
    void theRequestGoesToInvokeWithResponseStreamSignedLikeBedrock() {
        Endpoint e = ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of("lens.bedrock-invoke.region",
                "eu-west-3"), Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret")));
        Request r = HttpRequests.toOkHttp(adapter.buildRequest(e, ChatRequest.ofUser("hi"),
                bench("anthropic.claude-3-5-haiku-20241022-v1:0")));
        assertThat(r.url().toString()).isEqualTo("https://bedrock-runtime.eu-west-3.amazonaws.com/model/"
                + "anthropic.claude-3-5-haiku-20241022-v1%3A0/invoke-with-response-stream");
        assertThat(r.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250102/"
                + "eu-west-3/bedrock/aws4_request");
        assertThat(r.header("Accept")).isEqualTo("application/vnd.amazon.eventstream");
        assertThatThrownBy(() -> ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(), Map.of())))
                .isInstanceOf(MissingApiKeyException.class).hasMessageStartingWith("Provider 'bedrock-invoke' needs"
                        + " AWS credentials and a region");
    }

    static byte[] chunk(String json) {
        return event("chunk", "{\"bytes\":\"" + Base64.getEncoder().encodeToString(json.getBytes(
                StandardCharsets.UTF_8)) + "\",\"p\":\"abcdefgh\"}");
    }

    private static byte[] stream(String... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String c : chunks) {
            out.writeBytes(chunk(c));
        }
        return out.toByteArray();
    }

    /** One stream per family, in the chunk shapes each family's model sends (see InvokeChunks). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"llama, stop", "mistral, stop", "titan, FINISH", "nova, end_turn", "cohere, COMPLETE",
        "anthropic, end_turn"})
    void everyFamilysChunksDecodeIntoTheOneEventModel(String family, String finish) {
        byte[] body = switch (family) {
            case "llama" -> stream("{\"generation\":\"Hel\",\"prompt_token_count\":9,\"generation_token_count\":1,"
                    + "\"stop_reason\":null}", "{\"generation\":\"lo\",\"prompt_token_count\":null,"
                    + "\"generation_token_count\":2,\"stop_reason\":\"stop\"" + METRICS + "}");
            case "mistral" -> stream("{\"outputs\":[{\"text\":\"Hel\",\"stop_reason\":null}]}",
                    "{\"outputs\":[{\"text\":\"lo\",\"stop_reason\":\"stop\"}]" + METRICS + "}");
            case "titan" -> stream("{\"outputText\":\"Hel\",\"index\":0,\"totalOutputTextTokenCount\":null,"
                    + "\"completionReason\":null,\"inputTextTokenCount\":9}", "{\"outputText\":\"lo\",\"index\":0,"
                    + "\"totalOutputTextTokenCount\":2,\"completionReason\":\"FINISH\",\"inputTextTokenCount\":null"
                    + METRICS + "}");
            case "nova" -> stream("{\"messageStart\":{\"role\":\"assistant\"}}",
                    "{\"contentBlockDelta\":{\"delta\":{\"text\":\"Hel\"},\"contentBlockIndex\":0}}",
                    "{\"contentBlockDelta\":{\"delta\":{\"text\":\"lo\"},\"contentBlockIndex\":0}}",
                    "{\"contentBlockStop\":{\"contentBlockIndex\":0}}",
                    "{\"messageStop\":{\"stopReason\":\"end_turn\"}}",
                    "{\"metadata\":{\"usage\":{\"inputTokens\":9,\"outputTokens\":2},\"metrics\":{},\"trace\":{}}"
                            + METRICS + "}");
            case "cohere" -> stream("{\"is_finished\":false,\"event_type\":\"stream-start\",\"generation_id\":\"g\"}",
                    "{\"is_finished\":false,\"event_type\":\"text-generation\",\"text\":\"Hel\"}",
                    "{\"is_finished\":false,\"event_type\":\"text-generation\",\"text\":\"lo\"}",
                    "{\"is_finished\":true,\"event_type\":\"stream-end\",\"finish_reason\":\"COMPLETE\",\"response\":{}"
                            + METRICS + "}");
            default -> stream("{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":9,"
                    + "\"output_tokens\":1}}}", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":"
                    + "\"text_delta\",\"text\":\"Hel\"}}", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                    + "{\"type\":\"text_delta\",\"text\":\"lo\"}}", "{\"type\":\"message_delta\",\"delta\":"
                    + "{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":2}}", "{\"type\":\"message_stop\""
                    + METRICS + "}");
        };

        Decoded d = ProviderStreams.decodeAtEverySplit(adapter, body);

        assertThat(d.sink().contents()).extracting(Content::kind, Content::text)
                .containsExactly(tuple(ContentKind.TEXT, "Hel"), tuple(ContentKind.TEXT, "lo"));
        assertThat(d.sink().finishes()).containsExactly(finish);
        assertThat(d.sink().lastUsage()).isEqualTo(Usage.of(9, 2));
        assertThat(d.sink().server()).containsOnly(entry(ServerFigure.FIRST_BYTE_MS, 230.0),
                entry(ServerFigure.TOTAL_MS, 412.0), entry(ServerFigure.PROMPT_TOKENS, 9.0),
                entry(ServerFigure.DECODE_TOKENS, 2.0));
        assertThat(d.sink().failures()).isEmpty();
        assertThat(d.complete()).isTrue();
    }

    /**
     * Anthropic's and Nova's chunks are the decoders' own events (Anthropic's, ConverseStream's), so reasoning and
     * tool calls come out of them as they do out of those streams: apart from the answer.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"anthropic, tool_use", "nova, tool_use"})
    void anthropicAndNovaChunksKeepReasoningAndToolCallsApartFromTheAnswer(String family, String finish) {
        byte[] body = family.equals("anthropic") ? stream(
                "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\","
                        + "\"thinking\":\"\",\"signature\":\"\"}}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\","
                        + "\"thinking\":\"Paris, then.\"}}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\","
                        + "\"signature\":\"c2ln\"}}",
                "{\"type\":\"content_block_stop\",\"index\":0}",
                "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}",
                "{\"type\":\"content_block_stop\",\"index\":1}",
                "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\","
                        + "\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}}",
                "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\","
                        + "\"partial_json\":\"{\\\"city\\\":\"}}",
                "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\","
                        + "\"partial_json\":\"\\\"Paris\\\"}\"}}",
                "{\"type\":\"content_block_stop\",\"index\":2}",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":"
                        + "{\"output_tokens\":2}}",
                "{\"type\":\"message_stop\"" + METRICS + "}")
                : stream("{\"messageStart\":{\"role\":\"assistant\"}}",
                "{\"contentBlockDelta\":{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":"
                        + "{\"text\":\"Paris, then.\"}}}}",
                "{\"contentBlockDelta\":{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":"
                        + "{\"signature\":\"c2ln\"}}}}",
                "{\"contentBlockStop\":{\"contentBlockIndex\":0}}",
                "{\"contentBlockDelta\":{\"contentBlockIndex\":1,\"delta\":{\"text\":\"Hel\"}}}",
                "{\"contentBlockStop\":{\"contentBlockIndex\":1}}",
                "{\"contentBlockStart\":{\"contentBlockIndex\":2,\"start\":{\"toolUse\":{\"toolUseId\":\"toolu_1\","
                        + "\"name\":\"get_weather\"}}}}",
                "{\"contentBlockDelta\":{\"contentBlockIndex\":2,\"delta\":{\"toolUse\":{\"input\":"
                        + "\"{\\\"city\\\":\"}}}}",
                "{\"contentBlockDelta\":{\"contentBlockIndex\":2,\"delta\":{\"toolUse\":{\"input\":"
                        + "\"\\\"Paris\\\"}\"}}}}",
                "{\"contentBlockStop\":{\"contentBlockIndex\":2}}",
                "{\"messageStop\":{\"stopReason\":\"tool_use\"}}",
                "{\"metadata\":{\"usage\":{\"inputTokens\":9,\"outputTokens\":2},\"metrics\":{},\"trace\":{}}"
                        + METRICS + "}");

        Decoded d = ProviderStreams.decodeAtEverySplit(adapter, body);

        assertThat(d.sink().contents()).extracting(Content::kind, Content::text)
                .containsExactly(tuple(ContentKind.REASONING, "Paris, then."), tuple(ContentKind.TEXT, "Hel"));
        assertThat(d.sink().toolCalls()).extracting(ToolCall::delta).containsExactly(
                ToolCallDelta.start(2, "toolu_1", "get_weather"), ToolCallDelta.arguments(2, "{\"city\":"),
                ToolCallDelta.arguments(2, "\"Paris\"}"));
        assertThat(d.sink().finishes()).containsExactly(finish);
        assertThat(d.sink().lastUsage()).isEqualTo(Usage.of(9, 2));
        assertThat(d.sink().failures()).isEmpty();
        assertThat(d.complete()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"anthropic-claude-3-5-sonnet, 21", "amazon-titan-text-express, 2"})
    void theRecordingsDecodeTheSameAtEverySplit(String fixture, int contentEvents) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/streams/bedrock-invoke/" + fixture + ".bin")) {
            Decoded d = ProviderStreams.decodeAtEverySplit(adapter, in.readAllBytes());
            assertThat(d.sink().contents()).hasSize(contentEvents);
            assertThat(d.complete()).isTrue();
        }
    }

    @Test
    void bedrockCacheCountsAreKeptApartAndExceptionsAreFailures() {
        Decoded cached = ProviderStreams.decode(adapter, stream("{\"type\":\"message_stop\","
                + "\"amazon-bedrock-invocationMetrics\":{\"inputTokenCount\":12,\"outputTokenCount\":3,"
                + "\"cacheReadInputTokenCount\":1024,\"cacheWriteInputTokenCount\":0}}"), 11);
        assertThat(cached.sink().lastUsage()).isEqualTo(new Usage(12 + 1024, 3, 1024, 0, Usage.UNKNOWN));

        Decoded throttled = ProviderStreams.decode(adapter, frame("exception", ":exception-type",
                "throttlingException", "{\"message\":\"Too many requests, please wait before trying again.\"}"), 7);
        assertThat(throttled.sink().failures()).extracting(Failure::errorClass, Failure::message).containsExactly(
                tuple(ErrorClass.RATE_LIMITED, "throttlingException: Too many requests, please wait before trying"
                        + " again."));
        Decoded failed = ProviderStreams.decode(adapter, frame("exception", ":exception-type",
                "modelStreamErrorException", "{\"message\":\"Model stream error\"}"), 7);
        assertThat(failed.sink().failures()).extracting(Failure::errorClass).containsExactly(
                ErrorClass.PROVIDER_ERROR);
        assertThat(failed.complete()).isFalse();

        Decoded garbage = ProviderStreams.decode(adapter, event("chunk", "{\"bytes\":\"bm90IGpzb24=\"}"), 64);
        assertThat(garbage.sink().failures()).extracting(Failure::errorClass, Failure::message)
                .containsExactly(tuple(ErrorClass.PROTOCOL, "malformed event: not json"));
    }
}
