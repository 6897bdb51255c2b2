package dev.latencylens.simulator;

import java.nio.charset.StandardCharsets;

/**
 * The server-sent events of one streamed Chat Completion, each already framed as one HTTP chunk. The JSON around the
 * content is built once per request and the word bytes are spliced in, so a content event costs a few array
 * copies: the simulator must not be the bottleneck at tens of thousands of events per second.
 *
 * <p>Azure's flavour adds what Azure OpenAI adds: a first chunk with no choices and the {@code prompt_filter_results},
 * and {@code content_filter_results} on every choice; none of it is content.
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
    private final ByteSink payload = new ByteSink(512);

    /**
     * @param includeUsage OpenAI adds {@code "usage":null} to every chunk when the client asked for usage
     * @param timings      add llama.cpp's {@code timings} to the last chunk
     */
    StreamFrames(String requestId, long created, String model, boolean includeUsage, boolean azure,
                 boolean timings) {
        this.azure = azure;
        this.timings = timings;
        this.includeUsage = includeUsage;
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

    /** Azure's prompt-filter chunk (Azure only), then the role-only first chunk: neither carries content. */
    @Override
    public void start(ByteSink out) {
        if (azure) {
            event(out, "{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\","
                    + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":" + FILTERS_SAFE
                    + "}]}");
        }
        event(out, head + "\"choices\":[{" + (azure ? "\"content_filter_results\":{}," : "")
                + "\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\","
                + "\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}]" + usageNull + "}");
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
    public void content(ByteSink out, int wordOffset, int firstToken, int tokens) {
        payload.reset();
        payload.put(DATA).put(contentPrefix);
        Vocabulary.append(payload, wordOffset, firstToken, tokens);
        payload.put(contentSuffix).put(EVENT_END);
        HttpWire.chunk(out, payload);
    }

    /** A content event cut off inside its text: the JSON never closes. Carries no countable token. */
    @Override
    public void malformed(ByteSink out) {
        payload.reset();
        payload.put(DATA).put(contentPrefix).ascii("hel").put(EVENT_END);
        HttpWire.chunk(out, payload);
    }

    /**
     * Finish chunk, usage chunk (when asked for), {@code [DONE]} and the chunked terminator; llama.cpp's
     * {@code timings} go into the last chunk before {@code [DONE]}.
     */
    @Override
    public void tail(ByteSink out, Tail tail) {
        String timing = timings ? ",\"timings\":" + timings(tail) : "";
        event(out, head + "\"choices\":[{" + filters + "\"index\":0,\"delta\":{},\"logprobs\":null,"
                + "\"finish_reason\":\"" + tail.finishReason() + "\"}]" + usageNull + (includeUsage ? "" : timing)
                + "}");
        if (includeUsage) {
            event(out, head + "\"choices\":[],\"usage\":" + OpenAiWire.usage(tail.promptTokens(),
                    tail.outputTokens()) + timing + "}");
        }
        event(out, "[DONE]");
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
        int steps = Math.max(0, tail.outputTokens() - 1);
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
