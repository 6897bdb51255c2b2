package dev.latencylens.internal.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latencylens.internal.provider.AdapterSupport;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.spi.ContentKind;
import dev.latencylens.internal.provider.ErrorBodies;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.ServerFigure;
import dev.latencylens.spi.StreamSink;
import dev.latencylens.spi.Usage;
import dev.latencylens.spi.SseEvent;
import dev.latencylens.spi.ToolCallDelta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes one OpenAI Chat Completions stream ({@code chat.completion.chunk} events, then {@code [DONE]}) into
 * {@link StreamSink} calls, with the dialects of the compatible servers:
 * <ul>
 *   <li>every choice by its {@code index} ({@code n > 1} interleaves them; each choice has its own role chunk and
 *       finish chunk);</li>
 *   <li>{@code delta.content} → {@link ContentKind#TEXT}; as an array of typed parts (Mistral's Magistral:
 *       {@code {"type":"text","text":...}} and {@code {"type":"thinking","thinking":[{"type":"text",...}]}}) each
 *       part by its type; {@code delta.reasoning_content} (DeepSeek, vLLM before 0.10) or {@code delta.reasoning}
 *       (vLLM, Groq, OpenRouter, Ollama; OpenRouter's duplicate {@code reasoning_details} are ignored) →
 *       {@link ContentKind#REASONING}; {@code delta.refusal} → {@link ContentKind#REFUSAL}. Empty strings count as
 *       nothing, so the role-only first chunk, keep-alive chunks and Azure's content-filter chunks
 *       ({@code prompt_filter_results}, {@code content_filter_results}, a first chunk with {@code choices: []})
 *       never count as content;</li>
 *   <li>{@code delta.tool_calls[]}: one {@link StreamSink#toolCall} per entry, keyed by its {@code index}: id and
 *       name in the first fragment, arguments in pieces keyed by index only (OpenAI, parallel calls interleaved by
 *       index), or a whole call in one delta (Groq, and Mistral, who sends no {@code index}: there a new id is the
 *       next call and a fragment without one continues the last); the legacy {@code delta.function_call} is call
 *       0;</li>
 *   <li>per choice and event at most one content call per kind (reasoning, text, refusal), then the tool-call
 *       pieces; then {@code finish_reason}s, each for its choice (a repeated one, as OpenRouter sends, again);
 *       then usage;</li>
 *   <li>{@code usage} (an object, whether {@code choices} is empty or not, on every chunk with vLLM's
 *       {@code continuous_usage_stats}, on the finish chunk with Mistral; Groq's {@code x_groq.usage} too):
 *       {@code prompt_tokens}, {@code completion_tokens} (every choice), {@code prompt_tokens_details.cached_tokens}
 *       (DeepSeek: {@code prompt_cache_hit_tokens}), {@code completion_tokens_details.reasoning_tokens}, billed even
 *       when never streamed (OpenAI's o-series and gpt-5); the last report wins;</li>
 *   <li>vLLM's {@code continuous_usage_stats}: an event with exactly one content call gets
 *       {@code tokens = completion_tokens − the previous event's completion_tokens} when that is positive, else
 *       -1 (also for the first event that reports usage, which has nothing to subtract);</li>
 *   <li>what servers report about themselves, → {@link StreamSink#server}: llama.cpp's {@code timings} object
 *       (in the last chunk: {@code prompt_ms}, {@code predicted_ms}, {@code prompt_n}, {@code predicted_n},
 *       {@code cache_n}; the per-token and per-second figures derive from those), Groq's {@code queue_time},
 *       {@code prompt_time}, {@code completion_time} and {@code total_time} in its usage, and Cerebras' in
 *       {@code time_info} (seconds, converted);</li>
 *   <li>{@code finish_reason: "content_filter"} → finish, and {@link ErrorClass#PROVIDER_ERROR} ("blocked by content
 *       filter") for choice 0 when built with {@code contentFilterIsError} (Azure OpenAI);</li>
 *   <li>a top-level {@code error} object (OpenRouter's errors after a 200, which may carry the usage so far and
 *       still be followed by {@code [DONE]}) or an {@code event: error} → {@link ErrorClass#PROVIDER_ERROR}, with
 *       that usage; data that is not a JSON object → {@link ErrorClass#PROTOCOL} ({@code malformed event: <first
 *       200 chars>}); {@code [DONE]} → {@link #complete()}; events after it are ignored.</li>
 * </ul>
 * Every sink call carries the event's own receive stamp. Not thread-safe: one per stream.
 */
public final class OpenAiStreamDecoder implements ProviderAdapter.StreamDecoder {

    /** llama.cpp's {@code timings}, as its server writes them ({@code server_slot_stats::to_json}). */
    private static final Map<String, ServerFigure> LLAMA_CPP_TIMINGS = Map.of("prompt_ms", ServerFigure.PROMPT_MS,
            "predicted_ms", ServerFigure.DECODE_MS, "prompt_n", ServerFigure.PROMPT_TOKENS,
            "predicted_n", ServerFigure.DECODE_TOKENS, "cache_n", ServerFigure.CACHED_TOKENS);
    /** Groq's usage ({@code x_groq.usage} and top-level) and Cerebras' {@code time_info}: seconds. */
    private static final Map<String, ServerFigure> SECONDS_TIMES = Map.of("queue_time", ServerFigure.QUEUE_MS,
            "prompt_time", ServerFigure.PROMPT_MS, "completion_time", ServerFigure.DECODE_MS,
            "total_time", ServerFigure.TOTAL_MS);

    /** One content call of the current event: text of a kind, or a tool-call piece. */
    private record Piece(int choice, ContentKind kind, String text, ToolCallDelta tool) {
    }

    /** A choice's calls sent without an {@code index} (Mistral): the last id seen and how many calls so far. */
    private static final class Unindexed {
        private String lastId = "";
        private int calls;
    }

    private final boolean contentFilterIsError;
    /** Plain chunks read without a tree ({@link PlainChunk}); off only to test that both readings agree. */
    private final boolean plainChunks;
    private final List<Piece> pieces = new ArrayList<>(4);
    private final List<Piece> finishes = new ArrayList<>(2);
    private Map<Integer, Unindexed> unindexed;
    private boolean complete;
    private long lastCompletionTokens = -1;

    /** A decoder for which {@code finish_reason: "content_filter"} is a finish like any other. */
    public OpenAiStreamDecoder() {
        this(false);
    }

    /** @param contentFilterIsError whether {@code finish_reason: "content_filter"} also fails the request */
    public OpenAiStreamDecoder(boolean contentFilterIsError) {
        this(contentFilterIsError, true);
    }

    OpenAiStreamDecoder(boolean contentFilterIsError, boolean plainChunks) {
        this.contentFilterIsError = contentFilterIsError;
        this.plainChunks = plainChunks;
    }

    @Override
    public void onEvent(SseEvent event, StreamSink sink) {
        if (complete) {
            return;
        }
        String data = event.data();
        long t = event.receivedNanos();
        if (data.isBlank()) {
            return;
        }
        if (isDone(data)) {
            complete = true;
            return;
        }
        boolean errorEvent = "error".equals(event.type());
        pieces.clear();
        finishes.clear();
        if (plainChunks && !errorEvent && PlainChunk.read(data, this::add, (choice, reason) -> finishes.add(new Piece(choice, null,
                reason, null)))) {
            emit(null, t, sink);
            return;
        }
        JsonNode root = AdapterSupport.parseObject(data);
        if (root == null) {
            if (errorEvent) {
                sink.error(t, ErrorClass.PROVIDER_ERROR, ErrorBodies.cut(ErrorBodies.collapse(data),
                        ErrorBodies.MAX_MESSAGE));
            } else {
                sink.error(t, ErrorClass.PROTOCOL, AdapterSupport.malformed(data));
            }
            return;
        }
        JsonNode error = root.get("error");
        if (error != null && !error.isNull()) {
            sink.error(t, ErrorClass.PROVIDER_ERROR, describeError(error));
            reportUsage(root, t, sink);
            return;
        }
        if (errorEvent) {
            String message = root.has("message") ? OpenAiCompatibleAdapter.withTags(
                    ErrorBodies.describe(root.get("message")), root) : ErrorBodies.describe(root);
            sink.error(t, ErrorClass.PROVIDER_ERROR, message);
            return;
        }
        decodeChunk(root, t, sink);
    }

    private void decodeChunk(JsonNode root, long t, StreamSink sink) {
        pieces.clear();
        finishes.clear();
        JsonNode choices = root.get("choices");
        if (choices != null && choices.isArray()) {
            int position = 0;
            for (JsonNode choice : choices) {
                int index = choice.path("index").canConvertToInt() ? choice.path("index").asInt() : position;
                position++;
                JsonNode delta = choice.get("delta");
                if (delta != null && delta.isObject()) {
                    delta(index, delta);
                }
                String finish = text(choice, "finish_reason");
                if (finish != null) {
                    finishes.add(new Piece(index, null, finish, null));
                }
            }
        }
        emit(root, t, sink);
    }

    /** The sink calls of the event whose pieces and finishes were read; {@code root} null for a plain chunk. */
    private void emit(JsonNode root, long t, StreamSink sink) {
        Usage usage = root == null ? null : usage(root);
        int tokens = -1;
        if (usage != null) {
            long completion = usage.outputTokens();
            if (pieces.size() == 1 && lastCompletionTokens >= 0 && completion > lastCompletionTokens
                    && completion - lastCompletionTokens <= Integer.MAX_VALUE) {
                tokens = (int) (completion - lastCompletionTokens);
            }
            if (completion >= 0) {
                lastCompletionTokens = completion;
            }
        }
        for (Piece p : pieces) {
            if (p.tool() != null) {
                sink.toolCall(t, p.choice(), p.tool(), tokens);
            } else {
                sink.content(t, p.choice(), p.kind(), p.text(), tokens);
            }
        }
        for (Piece f : finishes) {
            sink.finish(t, f.choice(), f.text());
            if (contentFilterIsError && f.choice() == 0 && f.text().equals("content_filter")) {
                sink.error(t, ErrorClass.PROVIDER_ERROR, "blocked by content filter (finish_reason content_filter)");
            }
        }
        if (usage != null) {
            sink.usage(t, usage);
        }
        if (root == null) {
            return;
        }
        AdapterSupport.figures(root.get("timings"), LLAMA_CPP_TIMINGS, 1, t, sink);
        AdapterSupport.figures(usageNode(root), SECONDS_TIMES, 1000, t, sink);
        AdapterSupport.figures(root.get("time_info"), SECONDS_TIMES, 1000, t, sink);
    }

    /** The pieces of one choice's delta, in the order they are reported. */
    private void delta(int choice, JsonNode delta) {
        String reasoning = text(delta, "reasoning_content");
        if (reasoning == null) {
            reasoning = text(delta, "reasoning");
        }
        String answer = null;
        JsonNode content = delta.get("content");
        if (content != null && content.isArray()) {
            for (JsonNode part : content) {
                switch (part.path("type").asText()) {
                    case "text" -> answer = AdapterSupport.concat(answer, text(part, "text"));
                    case "thinking" -> reasoning = AdapterSupport.concat(reasoning, thinking(part.get("thinking")));
                    default -> { } // references and parts added after this was written
                }
            }
        } else {
            answer = text(delta, "content");
        }
        add(choice, ContentKind.REASONING, reasoning);
        add(choice, ContentKind.TEXT, answer);
        add(choice, ContentKind.REFUSAL, text(delta, "refusal"));
        JsonNode calls = delta.get("tool_calls");
        if (calls != null && calls.isArray()) {
            for (JsonNode call : calls) {
                JsonNode function = call.path("function");
                tool(choice, new ToolCallDelta(toolIndex(choice, call), text(call, "id"), text(function, "name"),
                        text(function, "arguments"), false));
            }
        }
        JsonNode legacy = delta.get("function_call");
        if (legacy != null && legacy.isObject()) {
            tool(choice, new ToolCallDelta(0, "", text(legacy, "name"), text(legacy, "arguments"), false));
        }
    }

    /** Mistral's thinking part: an array of text parts, or a plain string. */
    private static String thinking(JsonNode thinking) {
        if (thinking == null) {
            return null;
        }
        if (thinking.isTextual()) {
            return thinking.textValue().isEmpty() ? null : thinking.textValue();
        }
        String text = null;
        for (JsonNode part : thinking) {
            text = AdapterSupport.concat(text, text(part, "text"));
        }
        return text;
    }

    private int toolIndex(int choice, JsonNode call) {
        JsonNode index = call.get("index");
        if (index != null && index.canConvertToInt() && index.asInt() >= 0) {
            return index.asInt();
        }
        if (unindexed == null) {
            unindexed = new HashMap<>();
        }
        Unindexed u = unindexed.computeIfAbsent(choice, c -> new Unindexed());
        String id = text(call, "id");
        if (u.calls == 0 || (id != null && !id.equals(u.lastId))) {
            u.calls++;
            u.lastId = id == null ? "" : id;
        }
        return u.calls - 1;
    }

    private void add(int choice, ContentKind kind, String text) {
        if (text != null) {
            pieces.add(new Piece(choice, kind, text, null));
        }
    }

    /** A tool-call piece, when it carries something: an id, a name or an argument fragment. */
    private void tool(int choice, ToolCallDelta delta) {
        if (!delta.id().isEmpty() || !delta.name().isEmpty() || !delta.arguments().isEmpty()) {
            pieces.add(new Piece(choice, ContentKind.TOOL_CALL, null, delta));
        }
    }

    @Override
    public boolean complete() {
        return complete;
    }

    private static boolean isDone(String data) {
        return data.length() <= 16 && data.strip().equals("[DONE]");
    }

    /** A non-empty string field, else null. */
    private static String text(JsonNode node, String field) {
        return AdapterSupport.text(node, field);
    }

    private static void reportUsage(JsonNode root, long t, StreamSink sink) {
        Usage usage = usage(root);
        if (usage != null) {
            sink.usage(t, usage);
        }
    }

    /** The usage object: {@code usage}, else Groq's {@code x_groq.usage}; null when there is none. */
    private static JsonNode usageNode(JsonNode root) {
        JsonNode u = root.get("usage");
        if (u == null || !u.isObject()) {
            JsonNode groq = root.get("x_groq");
            u = groq == null ? null : groq.get("usage");
        }
        return u != null && u.isObject() ? u : null;
    }

    static Usage usage(JsonNode root) {
        JsonNode u = usageNode(root);
        if (u == null) {
            return null;
        }
        long cached = count(u.path("prompt_tokens_details").get("cached_tokens"));
        if (cached == Usage.UNKNOWN) {
            cached = count(u.get("prompt_cache_hit_tokens"));
        }
        return new Usage(count(u.get("prompt_tokens")), count(u.get("completion_tokens")), cached, Usage.UNKNOWN,
                count(u.path("completion_tokens_details").get("reasoning_tokens")));
    }

    private static long count(JsonNode v) {
        return v != null && v.isNumber() && v.asLong() >= 0 ? v.asLong() : Usage.UNKNOWN;
    }

    /** {@code message [type/code]} from an {@code error} value: an object or a plain string. */
    static String describeError(JsonNode error) {
        if (!error.isObject()) {
            return ErrorBodies.describe(error);
        }
        JsonNode message = error.get("message");
        String text = message == null || message.isNull() ? ErrorBodies.describe(error)
                : ErrorBodies.describe(message);
        return OpenAiCompatibleAdapter.withTags(text, error);
    }
}
