package dev.latencylens.internal.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latencylens.internal.provider.AdapterSupport;
import dev.latencylens.internal.provider.anthropic.AnthropicStreamDecoder;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.ServerFigure;
import dev.latencylens.spi.SseEvent;
import dev.latencylens.spi.StreamSink;
import dev.latencylens.spi.Usage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Decodes one {@code InvokeModelWithResponseStream} response, as framed by
 * {@link dev.latencylens.internal.stream.AwsEventStreamFramer}, into {@link StreamSink} calls:
 * <ul>
 *   <li>a {@code chunk} event's payload is {@code {"bytes": base64, "p": padding}}; the bytes are one JSON object
 *       in the model's native format, handed to the decoder of its family, recognised by its fields (the first
 *       chunk that shows them decides): Anthropic's events ({@code type}, decoded by
 *       {@link AnthropicStreamDecoder}), Llama's {@code generation}, Mistral's {@code outputs[].text}, Titan's
 *       {@code outputText}, Nova's Converse-like events ({@code contentBlockDelta}, ...), Cohere's
 *       {@code event_type} ({@link InvokeChunks});</li>
 *   <li>{@code amazon-bedrock-invocationMetrics}, on the last chunk of every family: {@code inputTokenCount} and
 *       {@code outputTokenCount} → usage (Bedrock's billing counts, so they replace the family's own;
 *       {@code cacheReadInputTokenCount} and {@code cacheWriteInputTokenCount}, when present, counted into the
 *       input and kept apart, as for Converse) and {@link ServerFigure#PROMPT_TOKENS} and
 *       {@link ServerFigure#DECODE_TOKENS}; {@code firstByteLatency} → {@link ServerFigure#FIRST_BYTE_MS},
 *       {@code invocationLatency} → {@link ServerFigure#TOTAL_MS};</li>
 *   <li>exception messages ({@code :message-type exception}): as for Converse, {@code throttlingException} →
 *       {@link ErrorClass#RATE_LIMITED}, every other one → {@link ErrorClass#PROVIDER_ERROR};</li>
 *   <li>a payload that is not JSON, or {@code bytes} that are not base64 of a JSON object →
 *       {@link ErrorClass#PROTOCOL}; other events are ignored.</li>
 * </ul>
 * The stream is complete when the family says so (Anthropic's {@code message_stop}, a stop reason, Cohere's
 * {@code is_finished}); chunks after that are still read, since Nova sends its usage after {@code messageStop}.
 * Not thread-safe: one per stream.
 */
public final class BedrockInvokeStreamDecoder implements ProviderAdapter.StreamDecoder {

    static final String METRICS = "amazon-bedrock-invocationMetrics";
    private static final Map<String, ServerFigure> LATENCIES = Map.of("firstByteLatency", ServerFigure.FIRST_BYTE_MS,
            "invocationLatency", ServerFigure.TOTAL_MS, "inputTokenCount", ServerFigure.PROMPT_TOKENS,
            "outputTokenCount", ServerFigure.DECODE_TOKENS);

    private ProviderAdapter.StreamDecoder family;

    @Override
    public void onEvent(SseEvent event, StreamSink sink) {
        long t = event.receivedNanos();
        if (!"event".equals(event.id()) && !event.id().isEmpty()) {
            BedrockStreamDecoder.exception(event, sink);
            return;
        }
        if (!"chunk".equals(event.type())) {
            return;
        }
        JsonNode payload = AdapterSupport.object(event, sink);
        if (payload == null) {
            return;
        }
        String json;
        try {
            json = new String(Base64.getDecoder().decode(payload.path("bytes").asText()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            sink.error(t, ErrorClass.PROTOCOL, "a chunk's bytes are not base64: " + AdapterSupport.malformed(
                    event.data()));
            return;
        }
        JsonNode chunk = AdapterSupport.parseObject(json);
        if (chunk == null) {
            sink.error(t, ErrorClass.PROTOCOL, AdapterSupport.malformed(json));
            return;
        }
        if (family == null) {
            family = InvokeChunks.decoderFor(chunk);
        }
        if (family != null) {
            family.onEvent(new SseEvent(chunk.path("type").asText(""), json, "", t), sink);
        }
        metrics(chunk.get(METRICS), t, sink);
    }

    private static void metrics(JsonNode m, long t, StreamSink sink) {
        if (m == null || !m.isObject()) {
            return;
        }
        long input = AdapterSupport.count(m.get("inputTokenCount"));
        long output = AdapterSupport.count(m.get("outputTokenCount"));
        long cacheRead = AdapterSupport.count(m.get("cacheReadInputTokenCount"));
        long cacheWrite = AdapterSupport.count(m.get("cacheWriteInputTokenCount"));
        if (input >= 0 || output >= 0) {
            sink.usage(t, new Usage(input < 0 ? Usage.UNKNOWN : AdapterSupport.sum(input, cacheRead, cacheWrite),
                    output, cacheRead, cacheWrite, Usage.UNKNOWN));
        }
        AdapterSupport.figures(m, LATENCIES, 1, t, sink);
    }

    @Override
    public boolean complete() {
        return family != null && family.complete();
    }
}
