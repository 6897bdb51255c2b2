package dev.latencylens.internal.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latencylens.internal.provider.AdapterSupport;
import dev.latencylens.internal.provider.JsonEventDecoder;
import dev.latencylens.internal.provider.anthropic.AnthropicStreamDecoder;
import dev.latencylens.spi.ContentKind;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.SseEvent;
import dev.latencylens.spi.StreamSink;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The decoders of the native chunks {@code InvokeModelWithResponseStream} carries, one per {@link InvokeFamily},
 * each fed one chunk's JSON as an event's data. A chunk tells its family by its fields, so the stream decoder needs
 * no model id. Token counts come from Bedrock's invocation metrics on the last chunk
 * ({@link BedrockInvokeStreamDecoder}), except where the family streams its own usage (Anthropic, Nova).
 */
final class InvokeChunks {

    private InvokeChunks() {
    }

    /** A new decoder for the family {@code chunk} belongs to, or null when its fields name none. */
    static ProviderAdapter.StreamDecoder decoderFor(JsonNode chunk) {
        if (chunk.path("type").isTextual()) {
            return new AnthropicStreamDecoder();
        }
        if (chunk.has("event_type") || chunk.has("is_finished")) {
            return new Cohere();
        }
        if (chunk.has("generation")) {
            return new Text("generation", "stop_reason");
        }
        if (chunk.has("outputText")) {
            return new Text("outputText", "completionReason");
        }
        if (chunk.has("outputs")) {
            return new Mistral();
        }
        if (Nova.isNova(chunk)) {
            return new Nova();
        }
        return null;
    }

    /**
     * Llama ({@code {"generation", "stop_reason"}}) and Titan ({@code {"outputText", "completionReason"}}): a text
     * field, and a stop reason that is null until the last chunk, which may carry text too (Titan's does).
     */
    private static final class Text extends JsonEventDecoder {
        private final String textField;
        private final String stopField;

        Text(String textField, String stopField) {
            this.textField = textField;
            this.stopField = stopField;
        }

        @Override
        protected void onObject(JsonNode root, SseEvent event, long t, StreamSink sink) {
            AdapterSupport.content(sink, t, ContentKind.TEXT, AdapterSupport.text(root, textField));
            String reason = AdapterSupport.text(root, stopField);
            if (reason != null) {
                sink.finish(t, reason);
                markComplete();
            }
        }
    }

    /** Mistral: {@code {"outputs": [{"text", "stop_reason"}]}}, one output per chunk. */
    private static final class Mistral extends JsonEventDecoder {
        @Override
        protected void onObject(JsonNode root, SseEvent event, long t, StreamSink sink) {
            JsonNode output = root.path("outputs").path(0);
            AdapterSupport.content(sink, t, ContentKind.TEXT, AdapterSupport.text(output, "text"));
            String reason = AdapterSupport.text(output, "stop_reason");
            if (reason != null) {
                sink.finish(t, reason);
                markComplete();
            }
        }
    }

    /**
     * Cohere Command R: {@code {"is_finished": false, "event_type": "text-generation", "text"}}, then
     * {@code {"is_finished": true, "event_type": "stream-end", "finish_reason"}}; other event types (stream-start,
     * search and tool events) carry no text.
     */
    private static final class Cohere extends JsonEventDecoder {
        @Override
        protected void onObject(JsonNode root, SseEvent event, long t, StreamSink sink) {
            if ("text-generation".equals(root.path("event_type").asText())) {
                AdapterSupport.content(sink, t, ContentKind.TEXT, AdapterSupport.text(root, "text"));
            }
            if (root.path("is_finished").asBoolean(false)) {
                String reason = AdapterSupport.text(root, "finish_reason");
                sink.finish(t, reason == null ? "COMPLETE" : reason);
                markComplete();
            }
        }
    }

    /**
     * Nova: each chunk is one Converse stream event under its name ({@code {"contentBlockDelta": {...}}}), so it is
     * handed to the ConverseStream decoder as that event; its usage comes in {@code metadata}, after
     * {@code messageStop}.
     */
    private static final class Nova implements ProviderAdapter.StreamDecoder {
        private static final Set<String> EVENTS = Set.of("messageStart", "contentBlockStart",
                "contentBlockDelta", "contentBlockStop", "messageStop", "metadata");
        private final BedrockStreamDecoder converse = new BedrockStreamDecoder();

        static boolean isNova(JsonNode chunk) {
            for (Iterator<String> names = chunk.fieldNames(); names.hasNext(); ) {
                if (EVENTS.contains(names.next())) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void onEvent(SseEvent event, StreamSink sink) {
            JsonNode chunk = AdapterSupport.parseObject(event.data());
            if (chunk == null) {
                return;
            }
            for (Map.Entry<String, JsonNode> e : chunk.properties()) {
                if (EVENTS.contains(e.getKey()) && e.getValue().isObject()) {
                    converse.onEvent(new SseEvent(e.getKey(), e.getValue().toString(), "event",
                            event.receivedNanos()), sink);
                }
            }
        }

        @Override
        public boolean complete() {
            return converse.complete();
        }
    }
}
