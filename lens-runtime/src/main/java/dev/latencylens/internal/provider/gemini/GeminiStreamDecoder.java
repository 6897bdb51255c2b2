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
import dev.latencylens.spi.ToolCallDelta;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decodes one {@code streamGenerateContent?alt=sse} response (a {@code GenerateContentResponse} per event, no
 * terminator; lines end in CRLF, and the last event may have no line end at all) into {@link StreamSink} calls:
 * <ul>
 *   <li>each candidate as the choice of its {@code index};</li>
 *   <li>{@code content.parts[]}: {@code text} → {@link ContentKind#TEXT}, or {@link ContentKind#REASONING} when the
 *       part has {@code "thought": true}; parts of one kind in one event are joined, one content call per kind
 *       (reasoning, then text). A part of empty text that only carries a {@code thoughtSignature} is nothing;</li>
 *   <li>{@code functionCall}: sent whole by the Gemini API ({@code name} and {@code args} as a JSON object, no id):
 *       one {@link StreamSink#toolCall} with the object's compact JSON as arguments; or streamed by Vertex AI
 *       ({@code streamFunctionCallArguments}): a first part with the {@code name} and {@code willContinue}, then parts
 *       of {@code partialArgs} ({@code jsonPath} and a value, see {@link PartialArguments}), bare
 *       {@code willContinue} parts, and a last {@code functionCall} without {@code willContinue} (often empty, with
 *       the {@code finishReason}). Each part that carries a value is a content event (a piece with no argument
 *       text); the arguments, rebuilt from the paths, are given when the call ends, with {@code tokens = 0} (no new
 *       event). Calls are numbered in order of arrival;</li>
 *   <li>{@code finishReason} {@code STOP} and {@code MAX_TOKENS} (and other non-blocking reasons) → finish;
 *       {@code SAFETY}, {@code RECITATION}, {@code BLOCKLIST}, {@code PROHIBITED_CONTENT}, {@code SPII},
 *       {@code IMAGE_SAFETY}, {@code LANGUAGE}, {@code OTHER}, {@code MALFORMED_FUNCTION_CALL} and other reasons the
 *       response was cut for → finish and {@link ErrorClass#PROVIDER_ERROR} naming the reason;
 *       {@code promptFeedback.blockReason} → {@link ErrorClass#PROVIDER_ERROR} ("prompt blocked: SAFETY");</li>
 *   <li>{@code usageMetadata}: {@code promptTokenCount} (cached included), {@code candidatesTokenCount} +
 *       {@code thoughtsTokenCount} as output (Gemini counts thoughts apart; Lens's output includes reasoning),
 *       {@code cachedContentTokenCount}, {@code thoughtsTokenCount} as reasoning (billed whether or not thought
 *       summaries were streamed). Its counts are cumulative: an event with exactly one content call carries
 *       {@code tokens} = the growth of candidates + thoughts since the previous event, when both are known (the
 *       count is 0 before the first event; an event without counts breaks the chain), so ITL is computed. Vertex's
 *       {@code {"trafficType":"ON_DEMAND"}} alone is no usage;</li>
 *   <li>a top-level {@code error} → {@link ErrorClass#PROVIDER_ERROR}; data that is not a JSON object, or partial
 *       arguments whose path cannot be read → {@link ErrorClass#PROTOCOL}.</li>
 * </ul>
 * The stream ends when the body ends; {@link #complete()} = a {@code finishReason} was seen. Not thread-safe.
 */
public final class GeminiStreamDecoder implements ProviderAdapter.StreamDecoder {

    /** Finish reasons that mean the model finished its answer; every other one means it was cut. */
    private static final Set<String> NORMAL_FINISH = Set.of("STOP", "MAX_TOKENS", "FINISH_REASON_UNSPECIFIED");
    private static final Set<String> BLOCKED = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT",
            "SPII", "IMAGE_SAFETY", "LANGUAGE");

    /** One sink call of the current event: content of a kind, or a tool-call piece with its own token count. */
    private record Piece(int choice, ContentKind kind, String text, ToolCallDelta tool, boolean counted) {
    }

    private final List<Piece> pieces = new ArrayList<>(3);
    private boolean complete;
    /** Candidates + thoughts after the previous event; -1 when unknown (the chain is broken). */
    private long lastOutput;
    private int calls;
    /** The Vertex call whose arguments are streaming, or null. */
    private PartialArguments streaming;
    private int streamingIndex;
    private int streamingChoice;

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
        pieces.clear();
        List<String> finishes = new ArrayList<>(1);
        List<Integer> finishChoices = new ArrayList<>(1);
        int position = 0;
        try {
            for (JsonNode candidate : root.path("candidates")) {
                int choice = candidate.path("index").canConvertToInt() ? candidate.path("index").asInt() : position;
                position++;
                parts(choice, candidate.path("content").path("parts"));
                String finish = AdapterSupport.text(candidate, "finishReason");
                if (finish != null) {
                    endStreamingCall();
                    finishes.add(finish);
                    finishChoices.add(choice);
                }
            }
        } catch (IllegalArgumentException e) {
            sink.error(t, ErrorClass.PROTOCOL, "unreadable partial function-call arguments: " + e.getMessage());
            streaming = null;
        }
        Usage usage = usage(root.get("usageMetadata"));
        int tokens = -1;
        long timed = pieces.stream().filter(Piece::counted).count();
        if (timed > 0) {
            long now = usage == null ? Usage.UNKNOWN : usage.outputTokens();
            if (timed == 1 && lastOutput >= 0 && now > lastOutput && now - lastOutput <= Integer.MAX_VALUE) {
                tokens = (int) (now - lastOutput);
            }
            lastOutput = now;
        }
        for (Piece p : pieces) {
            int n = p.counted() ? tokens : 0;
            if (p.tool() != null) {
                sink.toolCall(t, p.choice(), p.tool(), n);
            } else {
                sink.content(t, p.choice(), p.kind(), p.text(), n);
            }
        }
        for (int i = 0; i < finishes.size(); i++) {
            String finish = finishes.get(i);
            complete = true;
            sink.finish(t, finishChoices.get(i), finish);
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

    private void parts(int choice, JsonNode parts) {
        String reasoning = null;
        String text = null;
        for (JsonNode part : parts) {
            String partText = AdapterSupport.text(part, "text");
            if (partText != null) {
                if (part.path("thought").asBoolean(false)) {
                    reasoning = AdapterSupport.concat(reasoning, partText);
                } else {
                    text = AdapterSupport.concat(text, partText);
                }
            }
        }
        add(choice, ContentKind.REASONING, reasoning);
        add(choice, ContentKind.TEXT, text);
        for (JsonNode part : parts) {
            JsonNode call = part.get("functionCall");
            if (call != null && call.isObject()) {
                functionCall(choice, call);
            }
        }
    }

    private void functionCall(int choice, JsonNode call) {
        String name = AdapterSupport.text(call, "name");
        boolean partial = call.has("partialArgs") || call.path("willContinue").asBoolean(false);
        if (streaming != null && name != null) {
            endStreamingCall(); // a new call begins: the open one is over
        }
        if (streaming == null && !partial) {
            if (name != null) {
                JsonNode args = call.get("args");
                pieces.add(new Piece(choice, null, null, new ToolCallDelta(calls++, AdapterSupport.text(call, "id"),
                        name, args == null || args.isNull() ? "" : args.toString(), false), true));
            }
            return;
        }
        if (streaming == null) {
            streaming = new PartialArguments();
            streamingIndex = calls++;
            streamingChoice = choice;
        }
        if (name != null) {
            pieces.add(new Piece(choice, null, null, ToolCallDelta.start(streamingIndex,
                    AdapterSupport.text(call, "id"), name), true));
        }
        boolean content = false;
        for (JsonNode piece : call.path("partialArgs")) {
            content |= streaming.add(piece);
        }
        if (content) {
            pieces.add(new Piece(choice, null, null, ToolCallDelta.arguments(streamingIndex, ""), true));
        }
        if (!call.path("willContinue").asBoolean(false)) {
            endStreamingCall();
        }
    }

    /** The streamed call is complete: its rebuilt arguments, as data completing events already reported. */
    private void endStreamingCall() {
        if (streaming != null) {
            pieces.add(new Piece(streamingChoice, null, null,
                    ToolCallDelta.arguments(streamingIndex, streaming.json()), false));
            streaming = null;
        }
    }

    private void add(int choice, ContentKind kind, String text) {
        if (text != null) {
            pieces.add(new Piece(choice, kind, text, null, true));
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
