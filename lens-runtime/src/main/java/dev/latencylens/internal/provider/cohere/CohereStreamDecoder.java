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
import java.util.Set;

/**
 * Decodes one streamed v2 chat response into {@link StreamSink} calls:
 * <ul>
 *   <li>{@code content-delta}: {@code delta.message.content.text} → {@link ContentKind#TEXT},
 *       {@code delta.message.content.thinking} → {@link ContentKind#REASONING} (also from a
 *       {@code content-start} that carries text);</li>
 *   <li>{@code tool-plan-delta} ({@code delta.message.tool_plan}, the model's plan before calling tools) →
 *       {@link ContentKind#REASONING}; {@code tool-call-start} (function name and any arguments) and
 *       {@code tool-call-delta} ({@code function.arguments}) → {@link ContentKind#TOOL_CALL};</li>
 *   <li>{@code message-end}: {@code delta.finish_reason} → finish ({@code ERROR} and {@code TIMEOUT} also
 *       {@link ErrorClass#PROVIDER_ERROR}), {@code delta.usage}: {@code tokens} ({@code input_tokens},
 *       {@code output_tokens}), else {@code billed_units}; → {@link #complete()};</li>
 *   <li>{@code message-start}, {@code content-start}, {@code content-end}, {@code citation-*}, {@code tool-call-end},
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
                JsonNode function = message.path("tool_calls").path("function");
                AdapterSupport.content(sink, t, ContentKind.TOOL_CALL,
                        AdapterSupport.concat(AdapterSupport.text(function, "name"),
                                AdapterSupport.text(function, "arguments")));
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
                    sink.usage(t, Usage.of(AdapterSupport.count(tokens.get("input_tokens")),
                            AdapterSupport.count(tokens.get("output_tokens"))));
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
