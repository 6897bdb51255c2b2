package dev.latencylens.internal.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.internal.provider.AdapterSupport;
import dev.latencylens.spi.ContentKind;
import dev.latencylens.internal.provider.ErrorBodies;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.StreamSink;
import dev.latencylens.spi.Usage;
import dev.latencylens.spi.SseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decodes one {@code streamGenerateContent?alt=sse} response (a {@code GenerateContentResponse} per event, no
 * terminator) into {@link StreamSink} calls:
 * <ul>
 *   <li>{@code candidates[].content.parts[]}: {@code text} → {@link ContentKind#TEXT}, or
 *       {@link ContentKind#REASONING} when the part has {@code "thought": true}; {@code functionCall} → its name
 *       and JSON {@code args} as {@link ContentKind#TOOL_CALL}; parts of one kind in one event are joined, one
 *       content call per kind (reasoning, text, tool call);</li>
 *   <li>{@code finishReason} {@code STOP} and {@code MAX_TOKENS} (and other non-blocking reasons) → finish;
 *       {@code SAFETY}, {@code RECITATION}, {@code BLOCKLIST}, {@code PROHIBITED_CONTENT}, {@code SPII},
 *       {@code IMAGE_SAFETY}, {@code LANGUAGE}, {@code OTHER}, {@code MALFORMED_FUNCTION_CALL} and other reasons the
 *       response was cut for → finish and {@link ErrorClass#PROVIDER_ERROR} naming the reason;
 *       {@code promptFeedback.blockReason} → {@link ErrorClass#PROVIDER_ERROR} ("prompt blocked: SAFETY");</li>
 *   <li>{@code usageMetadata}: {@code promptTokenCount} (cached included), {@code candidatesTokenCount} +
 *       {@code thoughtsTokenCount} as output, {@code cachedContentTokenCount}, {@code thoughtsTokenCount} as
 *       reasoning. Its counts are cumulative: an event with exactly one content call carries
 *       {@code tokens} = the growth of candidates + thoughts since the previous event, when both are known (the
 *       count is 0 before the first event; an event without counts breaks the chain), so ITL is computed;</li>
 *   <li>a top-level {@code error} → {@link ErrorClass#PROVIDER_ERROR}; data that is not a JSON object →
 *       {@link ErrorClass#PROTOCOL}.</li>
 * </ul>
 * The stream ends when the body ends; {@link #complete()} = a {@code finishReason} was seen. Not thread-safe.
 */
public final class GeminiStreamDecoder implements ProviderAdapter.StreamDecoder {

    /** Finish reasons that mean the model finished its answer; every other one means it was cut. */
    private static final Set<String> NORMAL_FINISH = Set.of("STOP", "MAX_TOKENS", "FINISH_REASON_UNSPECIFIED");
    private static final Set<String> BLOCKED = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT",
            "SPII", "IMAGE_SAFETY", "LANGUAGE");

    private final List<ContentKind> kinds = new ArrayList<>(3);
    private final List<String> texts = new ArrayList<>(3);
    private boolean complete;
    /** Candidates + thoughts after the previous event; -1 when unknown (the chain is broken). */
    private long lastOutput;

    @Override
    public void onEvent(SseEvent event, StreamSink sink) {
        JsonNode root = AdapterSupport.object(event, sink);
        if (root == null) {
            return;
        }
        long t = event.receivedNanos();
        JsonNode error = root.get("error");
        if (error != null && !error.isNull()) {
            sink.error(t, ErrorClass.PROVIDER_ERROR, error.isObject()
                    ? ErrorBodies.withTags(ErrorBodies.describe(error.path("message")), error)
                    : ErrorBodies.describe(error));
            return;
        }
        String blockReason = AdapterSupport.text(root.path("promptFeedback"), "blockReason");
        if (blockReason != null) {
            sink.error(t, ErrorClass.PROVIDER_ERROR, "prompt blocked: " + blockReason);
        }
        kinds.clear();
        texts.clear();
        String reasoning = null;
        String text = null;
        String tool = null;
        List<String> finishes = new ArrayList<>(1);
        for (JsonNode candidate : root.path("candidates")) {
            for (JsonNode part : candidate.path("content").path("parts")) {
                String partText = AdapterSupport.text(part, "text");
                if (partText != null) {
                    if (part.path("thought").asBoolean(false)) {
                        reasoning = AdapterSupport.concat(reasoning, partText);
                    } else {
                        text = AdapterSupport.concat(text, partText);
                    }
                }
                JsonNode call = part.get("functionCall");
                if (call != null && call.isObject()) {
                    tool = AdapterSupport.concat(tool, AdapterSupport.concat(AdapterSupport.text(call, "name"),
                            call.has("args") ? call.get("args").toString() : null));
                }
            }
            String finish = AdapterSupport.text(candidate, "finishReason");
            if (finish != null) {
                finishes.add(finish);
            }
        }
        add(ContentKind.REASONING, reasoning);
        add(ContentKind.TEXT, text);
        add(ContentKind.TOOL_CALL, tool);
        Usage usage = usage(root.get("usageMetadata"));
        int tokens = -1;
        if (!kinds.isEmpty()) {
            long now = usage == null ? Usage.UNKNOWN : usage.outputTokens();
            if (kinds.size() == 1 && lastOutput >= 0 && now > lastOutput && now - lastOutput <= Integer.MAX_VALUE) {
                tokens = (int) (now - lastOutput);
            }
            lastOutput = now;
        }
        for (int i = 0; i < kinds.size(); i++) {
            sink.content(t, kinds.get(i), texts.get(i), tokens);
        }
        for (String finish : finishes) {
            complete = true;
            sink.finish(t, finish);
            if (!NORMAL_FINISH.contains(finish)) {
                sink.error(t, ErrorClass.PROVIDER_ERROR, BLOCKED.contains(finish)
                        ? "response blocked (finishReason " + finish + ")"
                        : "response cut short (finishReason " + finish + ")");
            }
        }
        if (usage != null) {
            sink.usage(t, usage);
        }
    }

    private void add(ContentKind kind, String text) {
        if (text != null) {
            kinds.add(kind);
            texts.add(text);
        }
    }

    private static Usage usage(JsonNode u) {
        if (u == null || !u.isObject()) {
            return null;
        }
        long prompt = AdapterSupport.count(u.get("promptTokenCount"));
        long candidates = AdapterSupport.count(u.get("candidatesTokenCount"));
        long thoughts = AdapterSupport.count(u.get("thoughtsTokenCount"));
        long output = candidates < 0 && thoughts < 0 ? Usage.UNKNOWN : AdapterSupport.sum(candidates, thoughts);
        if (prompt < 0 && output < 0) {
            return null; // e.g. Vertex's {"trafficType":"ON_DEMAND"} on early chunks
        }
        return new Usage(prompt, output, AdapterSupport.count(u.get("cachedContentTokenCount")), Usage.UNKNOWN,
                thoughts);
    }

    @Override
    public boolean complete() {
        return complete;
    }
}
