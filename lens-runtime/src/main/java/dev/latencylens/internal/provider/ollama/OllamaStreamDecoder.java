package dev.latencylens.internal.provider.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.internal.provider.AdapterSupport;
import dev.latencylens.spi.ContentKind;
import dev.latencylens.internal.provider.ErrorBodies;
import dev.latencylens.internal.provider.JsonEventDecoder;
import dev.latencylens.spi.ServerFigure;
import dev.latencylens.spi.StreamSink;
import dev.latencylens.spi.Usage;
import dev.latencylens.spi.SseEvent;
import dev.latencylens.spi.ToolCallDelta;
import java.util.Map;

/**
 * Decodes one {@code /api/chat} NDJSON stream (one JSON object per line; the last may have no newline) into
 * {@link StreamSink} calls:
 * <ul>
 *   <li>{@code message.thinking} (with {@code think} on) → {@link ContentKind#REASONING}, {@code message.content} →
 *       {@link ContentKind#TEXT} (without {@code think}, a model's {@code <think>} text is plain content, as Ollama
 *       sends it); empty strings count as nothing;</li>
 *   <li>{@code message.tool_calls[]}: each entry a whole call → one {@link StreamSink#toolCall}: its
 *       {@code function.name}, {@code function.arguments} (a JSON object, passed as its compact JSON; a string as
 *       it is) and the {@code id} newer servers add (none before); calls are numbered in order of arrival;</li>
 *   <li>the last line, {@code "done": true} (with or without a {@code message}): {@code done_reason} → finish when
 *       sent (older servers send none), {@code prompt_eval_count} and {@code eval_count} → usage,
 *       {@code total_duration}, {@code load_duration}, {@code prompt_eval_duration} and {@code eval_duration}
 *       (nanoseconds) → {@link StreamSink#server} {@code TOTAL_MS}, {@code LOAD_MS}, {@code PROMPT_MS} and
 *       {@code DECODE_MS} in milliseconds, the counts also as {@code PROMPT_TOKENS} and {@code DECODE_TOKENS}; →
 *       {@link #complete()};</li>
 *   <li>{@code {"error": "..."}} → {@link ErrorClass#PROVIDER_ERROR}; a line that is not a JSON object →
 *       {@link ErrorClass#PROTOCOL}.</li>
 * </ul>
 * Ollama sends about one token per line but never says so: events carry no token counts. Not thread-safe.
 */
public final class OllamaStreamDecoder extends JsonEventDecoder {

    /** The {@code done} line's durations (nanoseconds) and counts. */
    private static final Map<String, ServerFigure> DURATIONS = Map.of("total_duration", ServerFigure.TOTAL_MS,
            "load_duration", ServerFigure.LOAD_MS, "prompt_eval_duration", ServerFigure.PROMPT_MS,
            "eval_duration", ServerFigure.DECODE_MS);
    private static final Map<String, ServerFigure> COUNTS = Map.of("prompt_eval_count", ServerFigure.PROMPT_TOKENS,
            "eval_count", ServerFigure.DECODE_TOKENS);

    private int calls;

    @Override
    protected void onObject(JsonNode root, SseEvent event, long t, StreamSink sink) {
        JsonNode error = root.get("error");
        if (error != null && !error.isNull()) {
            sink.error(t, ErrorClass.PROVIDER_ERROR, ErrorBodies.describe(error));
            return;
        }
        JsonNode message = root.path("message");
        AdapterSupport.content(sink, t, ContentKind.REASONING, AdapterSupport.text(message, "thinking"));
        AdapterSupport.content(sink, t, ContentKind.TEXT, AdapterSupport.text(message, "content"));
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            JsonNode arguments = function.path("arguments");
            sink.toolCall(t, 0, new ToolCallDelta(calls++, AdapterSupport.text(call, "id"),
                    AdapterSupport.text(function, "name"), arguments.isTextual() ? arguments.textValue()
                            : arguments.isContainerNode() ? arguments.toString() : "", false), -1);
        }
        if (root.path("done").asBoolean(false)) {
            markComplete();
            String reason = AdapterSupport.text(root, "done_reason");
            if (reason != null) {
                sink.finish(t, reason);
            }
            long prompt = AdapterSupport.count(root.get("prompt_eval_count"));
            long output = AdapterSupport.count(root.get("eval_count"));
            if (prompt >= 0 || output >= 0) {
                sink.usage(t, Usage.of(prompt, output));
            }
            AdapterSupport.figures(root, DURATIONS, 1e-6, t, sink);
            AdapterSupport.figures(root, COUNTS, 1, t, sink);
        }
    }
}
