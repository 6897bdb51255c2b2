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
import dev.latencylens.spi.ToolCallDelta;

/**
 * Decodes one streamed Responses API response (typed events, each {@code data} carrying its {@code type}) into
 * {@link StreamSink} calls:
 * <ul>
 *   <li>{@code response.output_text.delta} → {@link ContentKind#TEXT}; {@code response.refusal.delta} →
 *       {@link ContentKind#REFUSAL}; {@code response.reasoning_summary_text.delta} (OpenAI's and Azure's reasoning
 *       summaries) and {@code response.reasoning_text.delta} (open-weight models' raw reasoning) →
 *       {@link ContentKind#REASONING};</li>
 *   <li>a {@code function_call} item: {@code response.output_item.added} gives its {@code call_id} and
 *       {@code name} (arguments still empty), {@code response.function_call_arguments.delta} the argument
 *       fragments (padded with Azure's and OpenAI's obfuscation, which is not in the fragment), both keyed by
 *       {@code output_index}; the {@code .done} events repeat what was streamed and are ignored;</li>
 *   <li>{@code response.completed}: {@code response.usage} ({@code input_tokens},
 *       {@code input_tokens_details.cached_tokens}, {@code output_tokens},
 *       {@code output_tokens_details.reasoning_tokens}), finish {@code response.status} ({@code completed}) →
 *       {@link #complete()}. It may end the body without the blank line after it;</li>
 *   <li>{@code response.incomplete}: usage, finish {@code incomplete_details.reason} (e.g.
 *       {@code max_output_tokens}, the Responses API's {@code length}) → {@link #complete()}; when the reason is
 *       {@code content_filter} also {@link ErrorClass#PROVIDER_ERROR}. An answer cut at the token limit is a
 *       complete answer, as {@code finish_reason: "length"} is in Chat Completions;</li>
 *   <li>{@code response.failed} (inside an HTTP 200): finish {@code failed} and {@code response.error}, and
 *       {@code error} events → {@link ErrorClass#RATE_LIMITED} for the code {@code rate_limit_exceeded}, else
 *       {@link ErrorClass#PROVIDER_ERROR} (e.g. {@code insufficient_quota}), as {@code message [code]};</li>
 *   <li>{@code response.created}, {@code response.in_progress}, the other {@code .done} and {@code .added} events
 *       and unknown events are ignored; data that is not a JSON object → {@link ErrorClass#PROTOCOL}.</li>
 * </ul>
 * Events carry no token counts. Not thread-safe: one per stream.
 */
public final class OpenAiResponsesStreamDecoder extends JsonEventDecoder {

    @Override
    protected void onObject(JsonNode root, SseEvent event, long t, StreamSink sink) {
        String type = type(root, event);
        switch (type) {
            case "response.output_text.delta" ->
                    AdapterSupport.content(sink, t, ContentKind.TEXT, AdapterSupport.text(root, "delta"));
            case "response.refusal.delta" ->
                    AdapterSupport.content(sink, t, ContentKind.REFUSAL, AdapterSupport.text(root, "delta"));
            case "response.reasoning_summary_text.delta", "response.reasoning_text.delta" ->
                    AdapterSupport.content(sink, t, ContentKind.REASONING, AdapterSupport.text(root, "delta"));
            case "response.function_call_arguments.delta" -> {
                String fragment = AdapterSupport.text(root, "delta");
                if (fragment != null) {
                    sink.toolCall(t, 0, ToolCallDelta.arguments(outputIndex(root), fragment), -1);
                }
            }
            case "response.output_item.added" -> {
                JsonNode item = root.path("item");
                if ("function_call".equals(item.path("type").asText())) {
                    sink.toolCall(t, 0, new ToolCallDelta(outputIndex(root), AdapterSupport.text(item, "call_id"),
                            AdapterSupport.text(item, "name"), AdapterSupport.text(item, "arguments"), false), -1);
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
                sink.finish(t, response.path("status").asText("failed"));
                JsonNode error = response.path("error");
                if (error.isObject()) {
                    sink.error(t, errorClass(error), ErrorBodies.withTags(ErrorBodies.describe(error.path("message")),
                            error));
                } else {
                    sink.error(t, ErrorClass.PROVIDER_ERROR, "response failed (status "
                            + response.path("status").asText("failed") + ")");
                }
            }
            case "error" -> {
                JsonNode error = root.path("error").isObject() ? root.path("error") : root;
                String code = AdapterSupport.text(error, "code");
                sink.error(t, errorClass(error), ErrorBodies.describe(error.path("message"))
                        + (code == null ? "" : " [" + code + "]"));
            }
            default -> { }
        }
    }

    /** The item's position in the response's output, which keys the pieces of one function call. */
    private static int outputIndex(JsonNode root) {
        JsonNode index = root.path("output_index");
        return index.canConvertToInt() && index.asInt() >= 0 ? index.asInt() : 0;
    }

    /** A rate limit when the error's code says so; any other error is the provider's. */
    private static ErrorClass errorClass(JsonNode error) {
        return "rate_limit_exceeded".equals(AdapterSupport.text(error, "code")) ? ErrorClass.RATE_LIMITED
                : ErrorClass.PROVIDER_ERROR;
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
