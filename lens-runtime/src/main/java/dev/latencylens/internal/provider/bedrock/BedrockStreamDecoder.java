package dev.latencylens.internal.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.internal.provider.AdapterSupport;
import dev.latencylens.spi.ContentKind;
import dev.latencylens.internal.provider.ErrorBodies;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.ServerFigure;
import dev.latencylens.spi.StreamSink;
import dev.latencylens.spi.Usage;
import dev.latencylens.spi.SseEvent;
import dev.latencylens.spi.ToolCallDelta;
import java.util.Map;

/**
 * Decodes one {@code ConverseStream} response, as framed by {@link dev.latencylens.internal.stream.AwsEventStreamFramer}
 * (event type = {@code :event-type}, id = {@code :message-type}), into {@link StreamSink} calls:
 * <ul>
 *   <li>{@code contentBlockStart} with {@code start.toolUse} ({@code toolUseId}, {@code name}) →
 *       {@link StreamSink#toolCall}, keyed by {@code contentBlockIndex}; {@code contentBlockDelta}:
 *       {@code delta.text} → {@link ContentKind#TEXT}, {@code delta.reasoningContent.text} →
 *       {@link ContentKind#REASONING} (an empty one is nothing; signatures and redacted reasoning are not text),
 *       {@code delta.toolUse.input} → that block's argument fragment. Text blocks get no
 *       {@code contentBlockStart}: their deltas come alone. Every payload may carry Bedrock's random {@code "p"}
 *       padding, which is not content;</li>
 *   <li>{@code messageStop}: {@code stopReason} → finish and {@link #complete()} (the {@code metadata} event still
 *       follows it and is read); {@code guardrail_intervened}
 *       and {@code content_filtered} are also {@link ErrorClass#PROVIDER_ERROR} ("blocked ...");</li>
 *   <li>{@code metadata}: {@code usage} ({@code inputTokens} + {@code cacheReadInputTokens} +
 *       {@code cacheWriteInputTokens} as input, since Bedrock counts the cached ones apart; {@code outputTokens})
 *       and {@code metrics.latencyMs} → {@link StreamSink#server} {@code TOTAL_MS};</li>
 *   <li>exception messages ({@code :message-type exception}): {@code throttlingException} →
 *       {@link ErrorClass#RATE_LIMITED} (the provider's rate limit, only said in-band), every other one
 *       ({@code modelStreamErrorException}, {@code validationException}, {@code internalServerException},
 *       {@code serviceUnavailableException}, ...) → {@link ErrorClass#PROVIDER_ERROR}, as
 *       {@code <type>: <message>}; {@code :message-type error} likewise;</li>
 *   <li>{@code messageStart}, {@code contentBlockStop} and unknown events are ignored; a payload that is not a JSON
 *       object → {@link ErrorClass#PROTOCOL}.</li>
 * </ul>
 * Events carry no token counts. Not thread-safe: one per stream.
 */
public final class BedrockStreamDecoder implements ProviderAdapter.StreamDecoder {

    private static final Map<String, ServerFigure> LATENCY = Map.of("latencyMs", ServerFigure.TOTAL_MS);

    private boolean complete;

    @Override
    public void onEvent(SseEvent event, StreamSink sink) {
        long t = event.receivedNanos();
        if (!"event".equals(event.id()) && !event.id().isEmpty()) {
            exception(event, sink);
            return;
        }
        JsonNode root = AdapterSupport.object(event, sink);
        if (root == null) {
            return;
        }
        int block = Math.max(0, root.path("contentBlockIndex").asInt(0));
        switch (event.type()) {
            case "contentBlockStart" -> {
                JsonNode toolUse = root.path("start").path("toolUse");
                if (toolUse.isObject()) {
                    sink.toolCall(t, 0, ToolCallDelta.start(block, AdapterSupport.text(toolUse, "toolUseId"),
                            AdapterSupport.text(toolUse, "name")), -1);
                }
            }
            case "contentBlockDelta" -> {
                JsonNode delta = root.path("delta");
                AdapterSupport.content(sink, t, ContentKind.REASONING,
                        AdapterSupport.text(delta.path("reasoningContent"), "text"));
                AdapterSupport.content(sink, t, ContentKind.TEXT, AdapterSupport.text(delta, "text"));
                String input = AdapterSupport.text(delta.path("toolUse"), "input");
                if (input != null) {
                    sink.toolCall(t, 0, ToolCallDelta.arguments(block, input), -1);
                }
            }
            case "messageStop" -> {
                complete = true;
                String reason = AdapterSupport.text(root, "stopReason");
                if (reason != null) {
                    sink.finish(t, reason);
                    if (reason.equals("guardrail_intervened")) {
                        sink.error(t, ErrorClass.PROVIDER_ERROR, "blocked by a guardrail (stopReason " + reason + ")");
                    } else if (reason.equals("content_filtered")) {
                        sink.error(t, ErrorClass.PROVIDER_ERROR, "blocked by content filter (stopReason " + reason
                                + ")");
                    }
                }
            }
            case "metadata" -> {
                JsonNode u = root.path("usage");
                if (u.isObject()) {
                    long input = AdapterSupport.count(u.get("inputTokens"));
                    long cacheRead = AdapterSupport.count(u.get("cacheReadInputTokens"));
                    long cacheWrite = AdapterSupport.count(u.get("cacheWriteInputTokens"));
                    sink.usage(t, new Usage(input < 0 ? Usage.UNKNOWN : AdapterSupport.sum(input, cacheRead,
                            cacheWrite), AdapterSupport.count(u.get("outputTokens")), cacheRead, cacheWrite,
                            Usage.UNKNOWN));
                }
                AdapterSupport.figures(root.path("metrics"), LATENCY, 1, t, sink);
            }
            default -> { } // messageStart, contentBlockStop, and events added after this was written
        }
    }

    /** An exception or error message of a Bedrock stream: its class and message. */
    static void exception(SseEvent event, StreamSink sink) {
        String type = event.type().isEmpty() ? event.id() : event.type();
        String message = event.data().isBlank() ? "(no message)" : ErrorBodies.message(event.data());
        ErrorClass errorClass = type.equalsIgnoreCase("throttlingException") ? ErrorClass.RATE_LIMITED
                : ErrorClass.PROVIDER_ERROR;
        sink.error(event.receivedNanos(), errorClass, type + ": " + message);
    }

    @Override
    public boolean complete() {
        return complete;
    }
}
