package dev.latencylens.internal.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.internal.provider.AdapterSupport;
import dev.latencylens.spi.ContentKind;
import dev.latencylens.internal.provider.ErrorBodies;
import dev.latencylens.internal.provider.JsonEventDecoder;
import dev.latencylens.spi.StreamSink;
import dev.latencylens.spi.Usage;
import dev.latencylens.spi.SseEvent;

/**
 * Decodes one streamed Messages response into {@link StreamSink} calls:
 * <ul>
 *   <li>{@code message_start}: {@code message.usage} ({@code input_tokens}, {@code cache_creation_input_tokens},
 *       {@code cache_read_input_tokens}, {@code output_tokens});</li>
 *   <li>{@code content_block_start} of a {@code tool_use} (or {@code server_tool_use}) block: its name →
 *       {@link ContentKind#TOOL_CALL}; a {@code text} or {@code thinking} block that starts with text (rare):
 *       that text;</li>
 *   <li>{@code content_block_delta}: {@code text_delta} → {@link ContentKind#TEXT}, {@code thinking_delta} →
 *       {@link ContentKind#REASONING}, {@code input_json_delta} → {@link ContentKind#TOOL_CALL} (empty
 *       {@code partial_json} counts as nothing); {@code signature_delta} and {@code citations_delta} are
 *       ignored;</li>
 *   <li>{@code message_delta}: {@code delta.stop_reason} → finish, {@code usage} (cumulative: its fields replace
 *       those of {@code message_start}); {@code message_stop} → {@link #complete()};</li>
 *   <li>{@code ping} and unknown events are ignored; {@code error} (e.g. {@code overloaded_error} mid-stream) →
 *       {@link ErrorClass#PROVIDER_ERROR} with the provider's message and type; data that is not a JSON object →
 *       {@link ErrorClass#PROTOCOL}.</li>
 * </ul>
 * Usage as reported: {@code inputTokens} = {@code input_tokens} + cache writes + cache reads (Anthropic counts
 * them apart; {@link Usage#inputTokens()} includes them), cache reads and writes kept apart; reasoning tokens are
 * not reported by Anthropic. Events carry no token counts. Not thread-safe: one per stream.
 */
public final class AnthropicStreamDecoder extends JsonEventDecoder {

    private long input = Usage.UNKNOWN;
    private long output = Usage.UNKNOWN;
    private long cacheRead = Usage.UNKNOWN;
    private long cacheWrite = Usage.UNKNOWN;

    @Override
    protected void onObject(JsonNode root, SseEvent event, long t, StreamSink sink) {
        String type = type(root, event);
        switch (type) {
            case "message_start" -> usage(root.path("message").path("usage"), t, sink);
            case "content_block_start" -> blockStart(root.path("content_block"), t, sink);
            case "content_block_delta" -> delta(root.path("delta"), t, sink);
            case "message_delta" -> {
                String reason = AdapterSupport.text(root.path("delta"), "stop_reason");
                if (reason != null) {
                    sink.finish(t, reason);
                }
                usage(root.path("usage"), t, sink);
            }
            case "message_stop" -> markComplete();
            case "error" -> {
                JsonNode error = root.path("error");
                String message = AdapterSupport.text(error, "message");
                sink.error(t, ErrorClass.PROVIDER_ERROR, ErrorBodies.withTags(
                        message == null ? ErrorBodies.describe(root) : ErrorBodies.describe(error.get("message")),
                        error));
            }
            default -> { } // ping, content_block_stop, and events added after this was written
        }
    }

    private static void blockStart(JsonNode block, long t, StreamSink sink) {
        switch (block.path("type").asText()) {
            case "tool_use", "server_tool_use", "mcp_tool_use" -> {
                String name = AdapterSupport.text(block, "name");
                if (name != null) {
                    sink.content(t, ContentKind.TOOL_CALL, name, -1);
                }
            }
            case "text" -> AdapterSupport.content(sink, t, ContentKind.TEXT, AdapterSupport.text(block, "text"));
            case "thinking" -> AdapterSupport.content(sink, t, ContentKind.REASONING,
                    AdapterSupport.text(block, "thinking"));
            default -> { }
        }
    }

    private static void delta(JsonNode delta, long t, StreamSink sink) {
        switch (delta.path("type").asText()) {
            case "text_delta" -> AdapterSupport.content(sink, t, ContentKind.TEXT, AdapterSupport.text(delta, "text"));
            case "thinking_delta" -> AdapterSupport.content(sink, t, ContentKind.REASONING,
                    AdapterSupport.text(delta, "thinking"));
            case "input_json_delta" -> AdapterSupport.content(sink, t, ContentKind.TOOL_CALL,
                    AdapterSupport.text(delta, "partial_json"));
            default -> { } // signature_delta, citations_delta
        }
    }

    private void usage(JsonNode u, long t, StreamSink sink) {
        if (!u.isObject()) {
            return;
        }
        input = replace(input, u.get("input_tokens"));
        output = replace(output, u.get("output_tokens"));
        cacheWrite = replace(cacheWrite, u.get("cache_creation_input_tokens"));
        cacheRead = replace(cacheRead, u.get("cache_read_input_tokens"));
        long totalInput = input < 0 ? Usage.UNKNOWN : AdapterSupport.sum(input, cacheWrite, cacheRead);
        sink.usage(t, new Usage(totalInput, output, cacheRead, cacheWrite, Usage.UNKNOWN));
    }

    private static long replace(long current, JsonNode value) {
        long v = AdapterSupport.count(value);
        return v >= 0 ? v : current;
    }
}
