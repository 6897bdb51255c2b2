package dev.latencylens.internal.provider.cohere;

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
import java.util.Set;

/**
 * Decodes one streamed v2 chat response into {@link StreamSink} calls:
 * <ul>
 *   <li>{@code content-delta}: {@code delta.message.content.text} → {@link ContentKind#TEXT},
 *       {@code delta.message.content.thinking} (a {@code thinking} content block) → {@link ContentKind#REASONING}
 *       (also from a {@code content-start} that carries text);</li>
 *   <li>{@code tool-plan-delta} ({@code delta.message.tool_plan}, the model's plan before calling tools) →
 *       {@link ContentKind#REASONING}: thought the user is not answered with;</li>
 *   <li>{@code tool-call-start} (the call's {@code id}, function {@code name} and any arguments) and
 *       {@code tool-call-delta} ({@code function.arguments} fragments) → {@link StreamSink#toolCall}, keyed by the
 *       event's {@code index}; {@code tool-call-end} adds nothing;</li>
 *   <li>{@code message-end}: {@code delta.finish_reason} → finish ({@code ERROR} and {@code TIMEOUT} also
 *       {@link ErrorClass#PROVIDER_ERROR}), {@code delta.usage}: {@code tokens} ({@code input_tokens},
 *       {@code output_tokens}: what the model read and wrote; {@code billed_units}, Cohere's smaller billed
 *       count, only without them) and {@code cached_tokens} (prompt tokens read from Cohere's cache, part of the
 *       input);
 *       → {@link #complete()};</li>
 *   <li>{@code message-start}, {@code content-start}, {@code content-end}, {@code citation-*},
 *       {@code [DONE]} and unknown events are ignored; an {@code error} type or a top-level {@code message} without
 *       {@code type} → {@link ErrorClass#PROVIDER_ERROR}; data that is not a JSON object →
 *       {@link ErrorClass#PROTOCOL}.</li>
 * </ul>
 * Events carry no token counts. Not thread-safe: one per stream.
 */
public final class CohereStreamDecoder extends JsonEventDecoder {

    private static final Set<String> FAILED = Set.of("ERROR", "TIMEOUT", "ERROR_TOXIC", "ERROR_LIMIT");

    /** A {@code [DONE]} line is no JSON: passed over. */
    @Override
    protected boolean ignored(SseEvent event) {
        return event.data().strip().equals("[DONE]");
    }

    @Override
    protected void onObject(JsonNode root, SseEvent event, long t, StreamSink sink) {
        String type = type(root, event);
        JsonNode message = root.path("delta").path("message");
        switch (type) {
            case "content-start", "content-delta" -> {
                JsonNode content = message.path("content");
                AdapterSupport.content(sink, t, ContentKind.REASONING, AdapterSupport.text(content, "thinking"));
                AdapterSupport.content(sink, t, ContentKind.TEXT, AdapterSupport.text(content, "text"));
            }
            case "tool-plan-delta" -> AdapterSupport.content(sink, t, ContentKind.REASONING,
                    AdapterSupport.text(message, "tool_plan"));
            case "tool-call-start", "tool-call-delta" -> {
                JsonNode call = message.path("tool_calls");
                JsonNode function = call.path("function");
                ToolCallDelta delta = new ToolCallDelta(Math.max(0, root.path("index").asInt(0)),
                        AdapterSupport.text(call, "id"), AdapterSupport.text(function, "name"),
                        AdapterSupport.text(function, "arguments"), false);
                if (!delta.id().isEmpty() || !delta.name().isEmpty() || !delta.arguments().isEmpty()) {
                    sink.toolCall(t, 0, delta, -1);
                }
            }
            case "message-end" -> {
                markComplete();
                JsonNode delta = root.path("delta");
                String reason = AdapterSupport.text(delta, "finish_reason");
                if (reason != null) {
                    sink.finish(t, reason);
                    if (FAILED.contains(reason)) {
                        sink.error(t, ErrorClass.PROVIDER_ERROR, "generation failed (finish_reason " + reason + ")");
                    }
                }
                JsonNode usage = delta.path("usage");
                JsonNode tokens = usage.path("tokens").isObject() ? usage.path("tokens") : usage.path("billed_units");
                if (tokens.isObject()) {
                    sink.usage(t, new Usage(AdapterSupport.count(tokens.get("input_tokens")),
                            AdapterSupport.count(tokens.get("output_tokens")),
                            AdapterSupport.count(usage.get("cached_tokens")), Usage.UNKNOWN, Usage.UNKNOWN));
                }
            }
            case "error" -> sink.error(t, ErrorClass.PROVIDER_ERROR, ErrorBodies.message(event.data()));
            default -> {
                if (!root.has("type") && root.has("message")) {
                    sink.error(t, ErrorClass.PROVIDER_ERROR, ErrorBodies.message(event.data()));
                }
            }
        }
    }
}
