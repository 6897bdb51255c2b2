package dev.latencylens.internal.provider.bedrock;

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
import dev.latencylens.spi.ServerFigure;
import dev.latencylens.spi.ToolCallDelta;
import dev.latencylens.spi.Usage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Request;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

class BedrockAdapterTest {

    private static final String SECRET = "wJalrXUtnFEMI-PRIVATE";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);
    private final BedrockAdapter adapter = new BedrockAdapter(CLOCK);
    private final BenchmarkDescriptor bench = BenchmarkDescriptor.builder("bedrock",
            "anthropic.claude-3-5-haiku-20241022-v1:0").maxTokens(128).build();

    static byte[] frame(String messageType, String typeHeader, String type, String json) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(typeHeader, HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString(messageType));
        ByteBuffer b = new Message(headers, json.getBytes(StandardCharsets.UTF_8)).toByteBuffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    static byte[] event(String type, String json) {
        return frame("event", ":event-type", type, json);
    }

    /**
     * A ConverseStream response with reasoning, text and a tool call, each event's JSON in the shapes of Bedrock's
     * API reference (ConverseStreamOutput: messageStart, contentBlockStart, contentBlockDelta with text,
     * reasoningContent and toolUse, contentBlockStop, messageStop, metadata with usage and metrics), framed by AWS's
     * own event-stream codec as Bedrock frames it, with the {@code "p"} padding Bedrock adds.
     */
    static byte[] stream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(event("messageStart", "{\"p\":\"abcdefghijkl\",\"role\":\"assistant\"}"));
        out.writeBytes(event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":"
                + "{\"text\":\"The user wants\"}},\"p\":\"abcd\"}"));
        out.writeBytes(event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":"
                + "{\"signature\":\"EqoBCkgIARABGAIi\"}},\"p\":\"abcd\"}"));
        out.writeBytes(event("contentBlockStop", "{\"contentBlockIndex\":0,\"p\":\"abcdefg\"}"));
        out.writeBytes(event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"text\":\"Hello\"},"
                + "\"p\":\"abcdefghijklmnopqrstuvwxyzABCD\"}"));
        out.writeBytes(event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"text\":\" — Paris ☀️\"},"
                + "\"p\":\"abcdefghijklm\"}"));
        out.writeBytes(event("contentBlockStop", "{\"contentBlockIndex\":1,\"p\":\"abcdefg\"}"));
        out.writeBytes(event("contentBlockStart", "{\"contentBlockIndex\":2,\"p\":\"ab\",\"start\":{\"toolUse\":"
                + "{\"name\":\"get_weather\",\"toolUseId\":\"tooluse_kZJMlvQmRJ6eAyJE5GIl7Q\"}}}"));
        out.writeBytes(event("contentBlockDelta", "{\"contentBlockIndex\":2,\"delta\":{\"toolUse\":"
                + "{\"input\":\"{\\\"city\\\": \\\"Paris\\\"}\"}},\"p\":\"abcdef\"}"));
        out.writeBytes(event("contentBlockStop", "{\"contentBlockIndex\":2,\"p\":\"abcdefg\"}"));
        out.writeBytes(event("messageStop", "{\"p\":\"abcdefghijklmnopqrstu\",\"stopReason\":\"tool_use\"}"));
        out.writeBytes(event("metadata", "{\"metrics\":{\"latencyMs\":1146},\"p\":\"abcdefghijklmnopqrstuvwxyz\","
                + "\"usage\":{\"cacheReadInputTokens\":1024,\"cacheWriteInputTokens\":512,\"inputTokens\":12,"
                + "\"outputTokens\":75,\"totalTokens\":1623}}"));
        return out.toByteArray();
    }

    @Test
    void decodesAConverseStreamIntoTheOneEventModel() {
        Decoded d = ProviderStreams.decodeAtEverySplit(adapter, stream());
        assertThat(d.sink().contents()).extracting(Content::kind, Content::text).containsExactly(
                tuple(ContentKind.REASONING, "The user wants"),
                tuple(ContentKind.TEXT, "Hello"),
                tuple(ContentKind.TEXT, " — Paris ☀️"));
        assertThat(d.sink().toolCalls()).extracting(ToolCall::delta).containsExactly(
                ToolCallDelta.start(2, "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", "get_weather"),
                ToolCallDelta.arguments(2, "{\"city\": \"Paris\"}"));
        assertThat(d.sink().finishes()).containsExactly("tool_use");
        // inputTokens excludes the cached ones, as totalTokens = 12 + 1024 + 512 + 75 shows
        assertThat(d.sink().lastUsage()).isEqualTo(new Usage(12 + 1024 + 512, 75, 1024, 512, Usage.UNKNOWN));
        assertThat(d.sink().server()).containsExactly(Map.entry(ServerFigure.TOTAL_MS, 1146.0));
        assertThat(d.sink().failures()).isEmpty();
        assertThat(d.complete()).isTrue();
        assertThat(d.partial()).isFalse();
    }

    @Test
    void exceptionMessagesAreErrorsAndThrottlingIsARateLimit() {
        Decoded throttled = ProviderStreams.decode(adapter, frame("exception", ":exception-type",
                "throttlingException", "{\"message\":\"Too many tokens, please wait before trying again.\"}"), 7);
        assertThat(throttled.sink().failures()).extracting(Failure::errorClass, Failure::message).containsExactly(
                tuple(ErrorClass.RATE_LIMITED, "throttlingException: Too many tokens, please wait before trying again."));
        Decoded broken = ProviderStreams.decode(adapter, frame("exception", ":exception-type",
                "modelStreamErrorException", "{\"message\":\"Model stream error\",\"originalStatusCode\":500,"
                        + "\"originalMessage\":\"boom\"}"), 7);
        assertThat(broken.sink().failures()).extracting(Failure::errorClass, Failure::message).containsExactly(
                tuple(ErrorClass.PROVIDER_ERROR, "modelStreamErrorException: Model stream error"));
        assertThat(broken.complete()).isFalse();
        Decoded guardrail = ProviderStreams.decode(adapter,
                event("messageStop", "{\"stopReason\":\"guardrail_intervened\"}"), 100);
        assertThat(guardrail.sink().failures()).extracting(Failure::errorClass)
                .containsExactly(ErrorClass.PROVIDER_ERROR);
    }

    @Test
    void aBadCrcIsAFramingErrorNotACrash() {
        byte[] body = stream();
        body[body.length - 1] ^= 0x55;
        assertThatThrownBy(() -> ProviderStreams.decode(adapter, body, 64))
                .isInstanceOf(dev.latencylens.internal.stream.StreamFormatException.class)
                .hasMessageContaining("message CRC32 mismatch");
    }

    @Test
    void theRequestIsAConverseStreamCallWithAnEncodedModelIdAndABearerKey() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            ChatRequest chat = ChatRequest.builder().system("Be terse.").user("Why is the sky blue?").temperature(0.3)
                    .stop("END").extra("additionalModelRequestFields", Map.of("top_k", 5)).build();
            ProviderStreams.Exchange x = ProviderStreams.call(server, adapter,
                    new Endpoint(server.url("/").uri(), Optional.of("bedrock-api-key-ABC")), chat, bench,
                    new MockResponse.Builder().setHeader("Content-Type", "application/vnd.amazon.eventstream")
                            .setHeader("x-amzn-RequestId", "4d5e").body(new Buffer().write(stream())).build());
            assertThat(x.request().getUrl().encodedPath())
                    .isEqualTo("/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse-stream");
            assertThat(x.request().getHeaders().get("Authorization")).isEqualTo("Bearer bedrock-api-key-ABC");
            assertThat(x.request().getHeaders().get("Accept")).isEqualTo("application/vnd.amazon.eventstream");
            assertThat(x.request().getBody().utf8()).isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":"
                    + "[{\"text\":\"Why is the sky blue?\"}]}],\"system\":[{\"text\":\"Be terse.\"}],\"inferenceConfig\":"
                    + "{\"maxTokens\":128,\"temperature\":0.3,\"stopSequences\":[\"END\"]},"
                    + "\"additionalModelRequestFields\":{\"top_k\":5}}");
            assertThat(x.decoded().complete()).isTrue();
            assertThat(x.decoded().sink().text(ContentKind.TEXT)).isEqualTo("Hello — Paris ☀️");
        }
    }

    @Test
    void withAccessKeysEveryRequestIsSignedForBedrock() {
        Endpoint e = ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(), Map.of(
                "AWS_REGION", "eu-central-1", "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", SECRET,
                "AWS_SESSION_TOKEN", "tok")));
        assertThat(e.baseUrl()).isEqualTo(java.net.URI.create("https://bedrock-runtime.eu-central-1.amazonaws.com"));
        assertThat(e.apiKey()).isEmpty();
        assertThat(e.signer()).isPresent();
        assertThat(e.toString()).doesNotContain(SECRET).doesNotContain("tok]");
        Request r = HttpRequests.toOkHttp(adapter.buildRequest(e, ChatRequest.ofUser("hi"), bench));
        assertThat(r.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250102/"
                + "eu-central-1/bedrock/aws4_request, SignedHeaders=accept;content-type;host;x-amz-date;"
                + "x-amz-security-token, Signature=");
        assertThat(r.header("X-Amz-Date")).isEqualTo("20250102T030405Z");
        assertThat(r.header("X-Amz-Security-Token")).isEqualTo("tok");
    }

    @Test
    void theEndpointFollowsTheRegionOrTheAwsEndpointVariables() {
        Map<String, String> creds = Map.of("AWS_BEARER_TOKEN_BEDROCK", "k", "AWS_DEFAULT_REGION", "ap-south-1");
        assertThat(ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(), creds)).baseUrl().getHost())
                .isEqualTo("bedrock-runtime.ap-south-1.amazonaws.com");
        Map<String, String> both = new java.util.HashMap<>(creds);
        both.put("AWS_ENDPOINT_URL", "http://localhost:4566");
        assertThat(ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(), both)).baseUrl().getPort())
                .isEqualTo(4566);
        both.put("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "https://vpce-1.bedrock-runtime.example");
        assertThat(ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(), both)).baseUrl().getHost())
                .isEqualTo("vpce-1.bedrock-runtime.example");
        // a bearer key and an explicit endpoint need no region
        assertThat(ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(), Map.of("AWS_BEARER_TOKEN_BEDROCK",
                "k", "AWS_ENDPOINT_URL", "http://localhost:4566"))).signer()).isEmpty();
    }

    @Test
    void missingCredentialsAndRegionNameTheExactVariables() {
        assertThatThrownBy(() -> ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(), Map.of())))
                .isInstanceOf(MissingApiKeyException.class)
                .hasMessage("Provider 'bedrock' needs AWS credentials and a region: set AWS_ACCESS_KEY_ID and"
                        + " AWS_SECRET_ACCESS_KEY (or AWS_BEARER_TOKEN_BEDROCK), and AWS_REGION (or"
                        + " AWS_DEFAULT_REGION), or run against the embedded simulator with -Dlens.simulate=true.");
        assertThatThrownBy(() -> ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(),
                Map.of("AWS_BEARER_TOKEN_BEDROCK", "k"))))
                .hasMessageStartingWith("Provider 'bedrock' needs a region: set AWS_REGION (or AWS_DEFAULT_REGION),");
        assertThatThrownBy(() -> ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(),
                Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "AKID"))))
                .hasMessageStartingWith("Provider 'bedrock' needs AWS credentials: set AWS_SECRET_ACCESS_KEY (or"
                        + " AWS_BEARER_TOKEN_BEDROCK),");
    }

    @Test
    void errorBodiesGiveBedrocksMessage() {
        assertThat(ErrorBodies.message("{\"message\":\"The security token included in the request is"
                + " invalid.\"}")).isEqualTo("The security token included in the request is invalid.");
        assertThat(ErrorBodies.message("{\"Message\":\"User: arn:aws:iam::1:user/x is not authorized to"
                + " perform: bedrock:InvokeModelWithResponseStream\"}")).startsWith("User: arn:aws:iam::1:user/x");
        assertThat(adapter.requestIdHeader()).isEqualTo("x-amzn-RequestId");
        assertThat(adapter.streamFormat()).isEqualTo(dev.latencylens.spi.StreamFormat.AWS_EVENT_STREAM);
    }
}
