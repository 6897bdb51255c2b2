package dev.latencylens.simulator;

import java.nio.charset.StandardCharsets;

/**
 * The server-sent events of one streamed Chat Completion, each already framed as one HTTP chunk. The JSON around the
 * answer text is built once per request and the word bytes are spliced in, so a text event costs a few array
 * copies: the simulator must not be the bottleneck at tens of thousands of events per second.
 *
 * <p>What the plan adds, as the OpenAI-compatible servers send it: reasoning as {@code delta.reasoning} (vLLM, Groq,
 * OpenRouter, Ollama); tool calls as {@code delta.tool_calls[]} (id, type and name with empty arguments first, then
 * argument fragments keyed by {@code index} only) and the finish reason {@code tool_calls}; with {@code n > 1} one
 * chunk per choice for every event, interleaved by {@code index}, each choice with its own role and finish chunk;
 * with {@code contentParts}, {@code delta.content} as Mistral's array of typed parts ({@code text}, and
 * {@code thinking} for reasoning). Usage counts every choice, reasoning included
 * ({@code completion_tokens_details.reasoning_tokens}).
 *
 * <p>Azure's flavour adds what Azure OpenAI adds: a first chunk with no choices and the {@code prompt_filter_results},
 * and {@code content_filter_results} on every choice; none of it is content. llama.cpp's flavour adds its
 * {@code timings} to the last chunk before {@code [DONE]}.
 */
final class StreamFrames implements StreamEncoder {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final String FILTERS_SAFE = "{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},"
            + "\"self_harm\":{\"filtered\":false,\"severity\":\"safe\"},"
            + "\"sexual\":{\"filtered\":false,\"severity\":\"safe\"},"
            + "\"violence\":{\"filtered\":false,\"severity\":\"safe\"}}";

    private final String head;
    private final byte[] contentPrefix;
    private final byte[] contentSuffix;
    private final String usageNull;
    private final String filters;
    private final boolean azure;
    private final boolean includeUsage;
    private final boolean timings;
    private final String requestId;
    private final ResponsePlan plan;
    private final ByteSink payload = new ByteSink(512);

    /**
     * @param includeUsage OpenAI adds {@code "usage":null} to every chunk when the client asked for usage
     * @param timings      add llama.cpp's {@code timings} to the last chunk
     * @param plan         what the response says
     */
    StreamFrames(String requestId, long created, String model, boolean includeUsage, boolean azure,
                 boolean timings, ResponsePlan plan) {
        this.azure = azure;
        this.timings = timings;
        this.includeUsage = includeUsage;
        this.requestId = requestId;
        this.plan = plan;
        this.head = "{\"id\":\"chatcmpl-" + requestId + "\",\"object\":\"chat.completion.chunk\",\"created\":"
                + created + ",\"model\":" + HttpWire.quote(model) + ",\"system_fingerprint\":\""
                + OpenAiWire.SYSTEM_FINGERPRINT + "\",";
        this.usageNull = includeUsage ? ",\"usage\":null" : "";
        this.filters = azure ? "\"content_filter_results\":" + FILTERS_SAFE + "," : "";
        this.contentPrefix = (head + "\"choices\":[{" + filters + "\"index\":0,\"delta\":{\"content\":\"")
                .getBytes(StandardCharsets.UTF_8);
        this.contentSuffix = ("\"},\"logprobs\":null,\"finish_reason\":null}]" + usageNull + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Azure's prompt-filter chunk (Azure only), then each choice's role-only first chunk: none carries content. */
    @Override
    public void start(ByteSink out) {
        if (azure) {
            event(out, "{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\","
                    + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":" + FILTERS_SAFE
                    + "}]}");
        }
        for (int choice = 0; choice < plan.choices; choice++) {
            event(out, head + "\"choices\":[{" + (azure ? "\"content_filter_results\":{}," : "")
                    + "\"index\":" + choice + ",\"delta\":{\"role\":\"assistant\",\"content\":\"\","
                    + "\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}]" + usageNull + "}");
        }
    }

    /** An SSE comment, which keeps proxies and idle timers from closing a connection waiting for a slow TTFT. */
    @Override
    public boolean keepAlive(ByteSink out) {
        payload.reset();
        payload.ascii(": keep-alive\n\n");
        HttpWire.chunk(out, payload);
        return true;
    }

    @Override
    public void content(ByteSink out, ResponsePlan.Piece piece) {
        if (piece.part() == ResponsePlan.Part.TEXT && plan.choices == 1 && !plan.contentParts) {
            payload.reset();
            payload.put(DATA).put(contentPrefix);
            plan.appendWords(payload, piece, 0);
            payload.put(contentSuffix).put(EVENT_END);
            HttpWire.chunk(out, payload);
            return;
        }
        for (int choice = 0; choice < plan.choices; choice++) {
            event(out, head + "\"choices\":[{" + filters + "\"index\":" + choice + ",\"delta\":{"
                    + delta(piece, choice) + "},\"logprobs\":null,\"finish_reason\":null}]" + usageNull + "}");
        }
    }

    /** The fields of one choice's delta for {@code piece}. */
    private String delta(ResponsePlan.Piece piece, int choice) {
        int call = piece.call();
        return switch (piece.part()) {
            case TEXT -> plan.contentParts
                    ? "\"content\":[{\"type\":\"text\",\"text\":\"" + plan.words(piece, choice) + "\"}]"
                    : "\"content\":\"" + plan.words(piece, choice) + "\"";
            case REASONING -> plan.contentParts
                    ? "\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\""
                            + plan.words(piece, choice) + "\"}]}]"
                    : "\"reasoning\":\"" + plan.words(piece, choice) + "\"";
            case TOOL_START -> "\"tool_calls\":[{\"index\":" + call + ",\"id\":\""
                    + ResponsePlan.toolCallId(requestId, call) + "\",\"type\":\"function\",\"function\":{\"name\":\""
                    + ResponsePlan.toolName(call) + "\",\"arguments\":\"\"}}]";
            case TOOL_ARGUMENTS -> "\"tool_calls\":[{\"index\":" + call + ",\"function\":{\"arguments\":"
                    + HttpWire.quote(plan.argumentsFragment(piece, choice)) + "}}]";
            case TOOL_CALL -> "\"tool_calls\":[{\"index\":" + call + ",\"id\":\""
                    + ResponsePlan.toolCallId(requestId, call) + "\",\"type\":\"function\",\"function\":{\"name\":\""
                    + ResponsePlan.toolName(call) + "\",\"arguments\":" + HttpWire.quote(plan.arguments(call, choice))
                    + "}}]";
        };
    }

    /** A content event cut off inside its text: the JSON never closes. Carries no countable token. */
    @Override
    public void malformed(ByteSink out) {
        payload.reset();
        payload.put(DATA).put(contentPrefix).ascii("hel").put(EVENT_END);
        HttpWire.chunk(out, payload);
    }

    /**
     * Each choice's finish chunk, the usage chunk (when asked for), {@code [DONE]} and the chunked terminator;
     * llama.cpp's {@code timings} go into the last chunk before {@code [DONE]}.
     */
    @Override
    public void tail(ByteSink out, Tail tail) {
        String timing = timings ? ",\"timings\":" + timings(tail) : "";
        for (int choice = 0; choice < plan.choices; choice++) {
            boolean last = !includeUsage && choice == plan.choices - 1;
            event(out, head + "\"choices\":[{" + filters + "\"index\":" + choice + ",\"delta\":{},"
                    + "\"logprobs\":null,\"finish_reason\":\"" + tail.finishReason() + "\"}]" + usageNull
                    + (last ? timing : "") + "}");
        }
        if (includeUsage) {
            event(out, head + "\"choices\":[],\"usage\":" + OpenAiWire.usage(tail.promptTokens(),
                    tail.outputTokens(), tail.reasoningTokens()) + timing + "}");
        }
        payload.reset();
        payload.put(DATA).ascii("[DONE]");
        payload.ascii(plan.streamEnd == StreamEnd.BLANK_LINE ? "\n\n" : plan.streamEnd.lineEnd());
        HttpWire.chunk(out, payload);
        out.put(HttpWire.TERMINATOR);
    }

    /**
     * llama.cpp's {@code timings} ({@code server_slot_stats::to_json}) from the ground truth: the prompt took arrival
     * to the first content event, the generation the first to the last content event, and, as llama.cpp counts,
     * the first token came free with the prompt, so the per-token time divides by {@code predicted_n − 1}.
     */
    private static String timings(Tail tail) {
        double promptMs = micros(tail.promptNanos());
        double predictedMs = micros(tail.decodeNanos());
        long steps = Math.max(0, tail.outputTokens() - 1);
        return "{\"cache_n\":0,\"prompt_n\":" + tail.promptTokens() + ",\"prompt_ms\":" + promptMs
                + ",\"prompt_per_token_ms\":" + (tail.promptTokens() > 0 ? promptMs / tail.promptTokens() : 0.0)
                + ",\"prompt_per_second\":" + (promptMs > 0 ? 1e3 / promptMs * tail.promptTokens() : 0.0)
                + ",\"predicted_n\":" + tail.outputTokens() + ",\"predicted_ms\":" + predictedMs
                + ",\"predicted_per_token_ms\":" + (steps > 0 ? predictedMs / steps : 0.0)
                + ",\"predicted_per_second\":" + (predictedMs > 0 ? 1e3 / predictedMs * steps : 0.0) + "}";
    }

    /** Milliseconds with three decimals, as llama.cpp's microsecond clock gives them. */
    private static double micros(long nanos) {
        return nanos / 1_000 / 1_000.0;
    }

    private void event(ByteSink out, String data) {
        payload.reset();
        payload.put(DATA).utf8(data).put(EVENT_END);
        HttpWire.chunk(out, payload);
    }
}
