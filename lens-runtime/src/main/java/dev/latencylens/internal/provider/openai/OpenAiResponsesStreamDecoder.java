package dev.latencylens.internal.provider.openai;

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
 * Decodes one streamed Responses API response (typed events, each {@code data} carrying its {@code type}) into
 * {@link StreamSink} calls:
 * <ul>
 *   <li>{@code response.output_text.delta} and {@code response.refusal.delta} → {@link ContentKind#TEXT};
 *       {@code response.reasoning_summary_text.delta} and {@code response.reasoning_text.delta} →
 *       {@link ContentKind#REASONING}; {@code response.output_item.added} of a {@code function_call} (its name) and
 *       {@code response.function_call_arguments.delta} → {@link ContentKind#TOOL_CALL};</li>
 *   <li>{@code response.completed}: {@code response.usage} ({@code input_tokens},
 *       {@code input_tokens_details.cached_tokens}, {@code output_tokens},
 *       {@code output_tokens_details.reasoning_tokens}), finish {@code response.status} ({@code completed}) →
 *       {@link #complete()};</li>
 *   <li>{@code response.incomplete}: usage, finish {@code incomplete_details.reason} (e.g.
 *       {@code max_output_tokens}, the Responses API's {@code length}) → {@link #complete()}; when the reason is
 *       {@code content_filter} also {@link ErrorClass#PROVIDER_ERROR}. An answer cut at the token limit is a
 *       complete answer, as {@code finish_reason: "length"} is in Chat Completions;</li>
 *   <li>{@code response.failed} ({@code response.error}) and {@code error} → {@link ErrorClass#PROVIDER_ERROR}
 *       ({@code message [code]});</li>
 *   <li>{@code response.created}, {@code response.in_progress}, the {@code .done} and {@code .added} events and
 *       unknown events are ignored; data that is not a JSON object → {@link ErrorClass#PROTOCOL}.</li>
 * </ul>
 * Events carry no token counts. Not thread-safe: one per stream.
 */
public final class OpenAiResponsesStreamDecoder extends JsonEventDecoder {

    @Override
    protected void onObject(JsonNode root, SseEvent event, long t, StreamSink sink) {
        String type = type(root, event);
        switch (type) {
            case "response.output_text.delta", "response.refusal.delta" ->
                    AdapterSupport.content(sink, t, ContentKind.TEXT, AdapterSupport.text(root, "delta"));
            case "response.reasoning_summary_text.delta", "response.reasoning_text.delta" ->
                    AdapterSupport.content(sink, t, ContentKind.REASONING, AdapterSupport.text(root, "delta"));
            case "response.function_call_arguments.delta" ->
                    AdapterSupport.content(sink, t, ContentKind.TOOL_CALL, AdapterSupport.text(root, "delta"));
            case "response.output_item.added" -> {
                JsonNode item = root.path("item");
                if ("function_call".equals(item.path("type").asText())) {
                    AdapterSupport.content(sink, t, ContentKind.TOOL_CALL, AdapterSupport.text(item, "name"));
                }
            }
            case "response.completed" -> {
                markComplete();
                JsonNode response = root.path("response");
                usage(response, t, sink);
                sink.finish(t, response.path("status").asText("completed"));
            }
            case "response.incomplete" -> {
                markComplete();
                JsonNode response = root.path("response");
                usage(response, t, sink);
                String reason = AdapterSupport.text(response.path("incomplete_details"), "reason");
                sink.finish(t, reason == null ? "incomplete" : reason);
                if ("content_filter".equals(reason)) {
                    sink.error(t, ErrorClass.PROVIDER_ERROR, "blocked by content filter (response incomplete)");
                }
            }
            case "response.failed" -> {
                JsonNode response = root.path("response");
                usage(response, t, sink);
                JsonNode error = response.path("error");
                sink.error(t, ErrorClass.PROVIDER_ERROR, error.isObject()
                        ? ErrorBodies.withTags(ErrorBodies.describe(error.path("message")), error)
                        : "response failed (status " + response.path("status").asText("failed") + ")");
            }
            case "error" -> {
                JsonNode error = root.path("error").isObject() ? root.path("error") : root;
                String code = AdapterSupport.text(error, "code");
                sink.error(t, ErrorClass.PROVIDER_ERROR, ErrorBodies.describe(error.path("message"))
                        + (code == null ? "" : " [" + code + "]"));
            }
            default -> { }
        }
    }

    private static void usage(JsonNode response, long t, StreamSink sink) {
        JsonNode u = response.path("usage");
        if (u.isObject()) {
            sink.usage(t, new Usage(AdapterSupport.count(u.get("input_tokens")),
                    AdapterSupport.count(u.get("output_tokens")),
                    AdapterSupport.count(u.path("input_tokens_details").get("cached_tokens")), Usage.UNKNOWN,
                    AdapterSupport.count(u.path("output_tokens_details").get("reasoning_tokens"))));
        }
    }
}
