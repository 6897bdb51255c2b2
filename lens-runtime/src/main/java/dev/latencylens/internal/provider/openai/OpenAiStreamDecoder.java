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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decodes one OpenAI Chat Completions stream ({@code chat.completion.chunk} events, then {@code [DONE]}) into
 * {@link StreamSink} calls, with the dialects of the compatible servers:
 * <ul>
 *   <li>{@code delta.content} → {@link ContentKind#TEXT}; {@code delta.reasoning_content} (DeepSeek, vLLM) or
 *       {@code delta.reasoning} (OpenRouter, Ollama, newer vLLM) → {@link ContentKind#REASONING};
 *       {@code delta.tool_calls[*].function.name/arguments} (and the legacy {@code delta.function_call}) →
 *       {@link ContentKind#TOOL_CALL}, the fragments of one event joined. Empty strings count as nothing, so the
 *       role-only first chunk, keep-alive chunks and Azure's content-filter chunks
 *       ({@code prompt_filter_results}, {@code content_filter_results}) never count as content;</li>
 *   <li>at most one content call per kind per choice and event, reasoning first, then text, then tool call; then
 *       {@code finish_reason}s; then usage;</li>
 *   <li>{@code usage} (an object, whether {@code choices} is empty or not; Groq's {@code x_groq.usage} too):
 *       {@code prompt_tokens}, {@code completion_tokens}, {@code prompt_tokens_details.cached_tokens} (DeepSeek:
 *       {@code prompt_cache_hit_tokens}), {@code completion_tokens_details.reasoning_tokens};</li>
 *   <li>vLLM's {@code continuous_usage_stats} (usage on every chunk): an event with exactly one content call gets
 *       {@code tokens = completion_tokens − the previous event's completion_tokens} when that is positive, else
 *       -1 (also for the first event that reports usage, which has nothing to subtract);</li>
 *   <li>what servers report about themselves, → {@link StreamSink#server}: llama.cpp's {@code timings} object
 *       (in the last chunk: {@code prompt_ms}, {@code predicted_ms}, {@code prompt_n}, {@code predicted_n},
 *       {@code cache_n}; the per-token and per-second figures derive from those), Groq's {@code queue_time},
 *       {@code prompt_time}, {@code completion_time} and {@code total_time} in its usage, and Cerebras' in
 *       {@code time_info} (seconds, converted);</li>
 *   <li>{@code finish_reason: "content_filter"} → finish, and {@link ErrorClass#PROVIDER_ERROR} ("blocked by content
 *       filter") when built with {@code contentFilterIsError} (Azure OpenAI);</li>
 *   <li>a top-level {@code error} object (OpenRouter mid-stream errors) or an {@code event: error} →
 *       {@link ErrorClass#PROVIDER_ERROR}; data that is not a JSON object → {@link ErrorClass#PROTOCOL}
 *       ({@code malformed event: <first 200 chars>}); {@code [DONE]} → {@link #complete()}; events after it are
 *       ignored.</li>
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

    private final boolean contentFilterIsError;
    private final List<ContentKind> kinds = new ArrayList<>(4);
    private final List<String> texts = new ArrayList<>(4);
    private final List<String> finishes = new ArrayList<>(2);
    private boolean complete;
    private long lastCompletionTokens = -1;

    /** A decoder for which {@code finish_reason: "content_filter"} is a finish like any other. */
    public OpenAiStreamDecoder() {
        this(false);
    }

    /** @param contentFilterIsError whether {@code finish_reason: "content_filter"} also fails the request */
    public OpenAiStreamDecoder(boolean contentFilterIsError) {
        this.contentFilterIsError = contentFilterIsError;
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
        kinds.clear();
        texts.clear();
        finishes.clear();
        JsonNode choices = root.get("choices");
        if (choices != null && choices.isArray()) {
            for (JsonNode choice : choices) {
                JsonNode delta = choice.get("delta");
                if (delta != null && delta.isObject()) {
                    String reasoning = text(delta, "reasoning_content");
                    if (reasoning == null) {
                        reasoning = text(delta, "reasoning");
                    }
                    add(ContentKind.REASONING, reasoning);
                    add(ContentKind.TEXT, text(delta, "content"));
                    add(ContentKind.TOOL_CALL, toolCallText(delta));
                }
                String finish = text(choice, "finish_reason");
                if (finish != null) {
                    finishes.add(finish);
                }
            }
        }
        Usage usage = usage(root);
        int tokens = -1;
        if (usage != null) {
            long completion = usage.outputTokens();
            if (kinds.size() == 1 && lastCompletionTokens >= 0 && completion > lastCompletionTokens
                    && completion - lastCompletionTokens <= Integer.MAX_VALUE) {
                tokens = (int) (completion - lastCompletionTokens);
            }
            if (completion >= 0) {
                lastCompletionTokens = completion;
            }
        }
        for (int i = 0; i < kinds.size(); i++) {
            sink.content(t, kinds.get(i), texts.get(i), tokens);
        }
        for (int i = 0; i < finishes.size(); i++) {
            sink.finish(t, finishes.get(i));
            if (contentFilterIsError && finishes.get(i).equals("content_filter")) {
                sink.error(t, ErrorClass.PROVIDER_ERROR, "blocked by content filter (finish_reason content_filter)");
            }
        }
        if (usage != null) {
            sink.usage(t, usage);
        }
        AdapterSupport.figures(root.get("timings"), LLAMA_CPP_TIMINGS, 1, t, sink);
        AdapterSupport.figures(usageNode(root), SECONDS_TIMES, 1000, t, sink);
        AdapterSupport.figures(root.get("time_info"), SECONDS_TIMES, 1000, t, sink);
    }

    private void add(ContentKind kind, String text) {
        if (text != null) {
            kinds.add(kind);
            texts.add(text);
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
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            return null;
        }
        String s = v.textValue();
        return s.isEmpty() ? null : s;
    }

    private static String toolCallText(JsonNode delta) {
        String result = null;
        JsonNode calls = delta.get("tool_calls");
        if (calls != null && calls.isArray()) {
            for (JsonNode call : calls) {
                result = concat(result, functionText(call.get("function")));
            }
        }
        return concat(result, functionText(delta.get("function_call")));
    }

    private static String functionText(JsonNode function) {
        if (function == null || !function.isObject()) {
            return null;
        }
        return concat(text(function, "name"), text(function, "arguments"));
    }

    private static String concat(String a, String b) {
        return a == null ? b : b == null ? a : a + b;
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
