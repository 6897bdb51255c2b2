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
import dev.latencylens.spi.ToolCallDelta;
import java.util.HashMap;
import java.util.Map;

/**
 * Decodes one streamed Messages response into {@link StreamSink} calls:
 * <ul>
 *   <li>{@code message_start}: {@code message.usage} ({@code input_tokens}, {@code cache_creation_input_tokens},
 *       {@code cache_read_input_tokens}, {@code output_tokens});</li>
 *   <li>{@code content_block_start}: a {@code tool_use} block → {@link StreamSink#toolCall} with its {@code id} and
 *       {@code name}, keyed by the block's {@code index}; a {@code server_tool_use} or {@code mcp_tool_use} block
 *       (a tool Anthropic runs itself, e.g. web search) likewise, as a server-side call; a {@code text} or
 *       {@code thinking} block that starts with text (rare): that text. Tool result blocks
 *       ({@code web_search_tool_result}, ...) carry what the tool found, not generated content, and
 *       {@code redacted_thinking} only encrypted data: both are nothing;</li>
 *   <li>{@code content_block_delta}: {@code text_delta} → {@link ContentKind#TEXT}, {@code thinking_delta} →
 *       {@link ContentKind#REASONING}, {@code input_json_delta} → the argument fragment of the block's tool call
 *       (an empty {@code partial_json}, as a tool without arguments sends, counts as nothing);
 *       {@code signature_delta} (not text at all) and {@code citations_delta} are ignored;</li>
 *   <li>{@code message_delta}: {@code delta.stop_reason} → finish, {@code usage} (cumulative: its fields replace
 *       those of {@code message_start}; {@code output_tokens_details.thinking_tokens} as reasoning when sent);
 *       {@code message_stop} → {@link #complete()}, often the last bytes of the body, with no line end after
 *       them;</li>
 *   <li>{@code ping} and unknown events are ignored; {@code error} (e.g. {@code overloaded_error} mid-stream, after
 *       which the connection closes) → {@link ErrorClass#PROVIDER_ERROR} with the provider's message and type;
 *       data that is not a JSON object → {@link ErrorClass#PROTOCOL}. Payloads padded with whitespace before their
 *       closing brace are ordinary JSON.</li>
 * </ul>
 * Usage as reported: {@code inputTokens} = {@code input_tokens} + cache writes + cache reads (Anthropic counts
 * them apart; {@link Usage#inputTokens()} includes them), cache reads and writes kept apart; output tokens include
 * thinking. Events carry no token counts. Not thread-safe: one per stream.
 */
public final class AnthropicStreamDecoder extends JsonEventDecoder {

    /** Content blocks that are tool calls: index → whether Anthropic runs the tool itself. */
    private final Map<Integer, Boolean> toolBlocks = new HashMap<>(4);
    private long input = Usage.UNKNOWN;
    private long output = Usage.UNKNOWN;
    private long cacheRead = Usage.UNKNOWN;
    private long cacheWrite = Usage.UNKNOWN;
    private long thinking = Usage.UNKNOWN;

    @Override
    protected void onObject(JsonNode root, SseEvent event, long t, StreamSink sink) {
        String type = type(root, event);
        switch (type) {
            case "message_start" -> usage(root.path("message").path("usage"), t, sink);
            case "content_block_start" -> blockStart(root.path("index").asInt(0), root.path("content_block"), t,
                    sink);
            case "content_block_delta" -> delta(root.path("index").asInt(0), root.path("delta"), t, sink);
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

    private void blockStart(int index, JsonNode block, long t, StreamSink sink) {
        switch (block.path("type").asText()) {
            case "tool_use", "server_tool_use", "mcp_tool_use" -> {
                boolean server = !block.path("type").asText().equals("tool_use");
                toolBlocks.put(index, server);
                ToolCallDelta start = ToolCallDelta.start(index, AdapterSupport.text(block, "id"),
                        AdapterSupport.text(block, "name"));
                sink.toolCall(t, 0, server ? start.onServer() : start, -1);
            }
            case "text" -> AdapterSupport.content(sink, t, ContentKind.TEXT, AdapterSupport.text(block, "text"));
            case "thinking" -> AdapterSupport.content(sink, t, ContentKind.REASONING,
                    AdapterSupport.text(block, "thinking"));
            default -> { } // redacted_thinking, tool results: nothing generated to report
        }
    }

    private void delta(int index, JsonNode delta, long t, StreamSink sink) {
        switch (delta.path("type").asText()) {
            case "text_delta" -> AdapterSupport.content(sink, t, ContentKind.TEXT, AdapterSupport.text(delta, "text"));
            case "thinking_delta" -> AdapterSupport.content(sink, t, ContentKind.REASONING,
                    AdapterSupport.text(delta, "thinking"));
            case "input_json_delta" -> {
                String fragment = AdapterSupport.text(delta, "partial_json");
                if (fragment != null) {
                    ToolCallDelta piece = ToolCallDelta.arguments(index, fragment);
                    sink.toolCall(t, 0, toolBlocks.getOrDefault(index, false) ? piece.onServer() : piece, -1);
                }
            }
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
        thinking = replace(thinking, u.path("output_tokens_details").get("thinking_tokens"));
        long totalInput = input < 0 ? Usage.UNKNOWN : AdapterSupport.sum(input, cacheWrite, cacheRead);
        sink.usage(t, new Usage(totalInput, output, cacheRead, cacheWrite, thinking));
    }

    private static long replace(long current, JsonNode value) {
        long v = AdapterSupport.count(value);
        return v >= 0 ? v : current;
    }
}
