package dev.latencylens.spi;

/**
 * A figure a server reports about its own handling of a request, in one vocabulary across providers, so the
 * engine can put it next to what the client measured: how much of a TTFT the model spent and how much the path to
 * it (network, proxies, queues the server does not count, HTTP). Each figure is one number, in milliseconds or in
 * tokens ({@link #unit()}); a provider reports the figures it has, nothing else. Written to {@code requests.jsonl}
 * as {@code server: {<key>: value, ...}}.
 *
 * <table>
 *   <caption>Where each figure comes from</caption>
 *   <tr><th>figure</th><th>llama.cpp {@code timings}</th><th>Ollama {@code /api/chat}</th>
 *       <th>Bedrock</th><th>Groq, Cerebras</th><th>OpenAI, Azure</th></tr>
 *   <tr><td>{@link #QUEUE_MS}</td><td></td><td></td><td></td><td>{@code queue_time}</td><td></td></tr>
 *   <tr><td>{@link #LOAD_MS}</td><td></td><td>{@code load_duration}</td><td></td><td></td><td></td></tr>
 *   <tr><td>{@link #PROMPT_MS}</td><td>{@code prompt_ms}</td><td>{@code prompt_eval_duration}</td><td></td>
 *       <td>{@code prompt_time}</td><td></td></tr>
 *   <tr><td>{@link #DECODE_MS}</td><td>{@code predicted_ms}</td><td>{@code eval_duration}</td><td></td>
 *       <td>{@code completion_time}</td><td></td></tr>
 *   <tr><td>{@link #FIRST_BYTE_MS}</td><td></td><td></td><td>{@code firstByteLatency}</td><td></td><td></td></tr>
 *   <tr><td>{@link #TOTAL_MS}</td><td></td><td>{@code total_duration}</td>
 *       <td>{@code invocationLatency}, Converse {@code metrics.latencyMs}</td><td>{@code total_time}</td><td></td></tr>
 *   <tr><td>{@link #PROCESSING_MS}</td><td></td><td></td><td></td><td></td>
 *       <td>header {@code openai-processing-ms}</td></tr>
 *   <tr><td>{@link #PROMPT_TOKENS}</td><td>{@code prompt_n}</td><td>{@code prompt_eval_count}</td>
 *       <td>{@code inputTokenCount}</td><td></td><td></td></tr>
 *   <tr><td>{@link #DECODE_TOKENS}</td><td>{@code predicted_n}</td><td>{@code eval_count}</td>
 *       <td>{@code outputTokenCount}</td><td></td><td></td></tr>
 *   <tr><td>{@link #CACHED_TOKENS}</td><td>{@code cache_n}</td><td></td><td></td><td></td><td></td></tr>
 * </table>
 * Durations the provider gives in nanoseconds (Ollama) or seconds (Groq, Cerebras) are converted to milliseconds.
 */
public enum ServerFigure {

    /** Time the request waited in the server's queue before its prompt was processed. */
    QUEUE_MS("queueMs", Unit.MILLISECONDS),
    /** Time spent loading the model before the prompt could be processed (a cold model). */
    LOAD_MS("loadMs", Unit.MILLISECONDS),
    /** Prompt processing (prefill) up to the first generated token. */
    PROMPT_MS("promptMs", Unit.MILLISECONDS),
    /** Generation after the first token: llama.cpp's {@code predicted_ms} runs from the end of the prompt to the
     *  last token, so {@code DECODE_MS / (DECODE_TOKENS − 1)} is its {@code predicted_per_token_ms}. */
    DECODE_MS("decodeMs", Unit.MILLISECONDS),
    /** From the request's arrival to the first byte of the answer, as the server saw it (Bedrock). */
    FIRST_BYTE_MS("firstByteMs", Unit.MILLISECONDS),
    /** The whole request on the server, arrival to last byte. */
    TOTAL_MS("totalMs", Unit.MILLISECONDS),
    /** The API's processing time up to the response head (OpenAI's {@code openai-processing-ms} header). */
    PROCESSING_MS("processingMs", Unit.MILLISECONDS),
    /** Prompt tokens the server processed (llama.cpp: those not found in its cache). */
    PROMPT_TOKENS("promptTokens", Unit.TOKENS),
    /** Tokens the server generated. */
    DECODE_TOKENS("decodeTokens", Unit.TOKENS),
    /** Prompt tokens the server took from its cache instead of processing them. */
    CACHED_TOKENS("cachedTokens", Unit.TOKENS);

    /** What a figure counts. */
    public enum Unit {
        MILLISECONDS,
        TOKENS
    }

    private final String key;
    private final Unit unit;

    ServerFigure(String key, Unit unit) {
        this.key = key;
        this.unit = unit;
    }

    /** The figure's name in {@code requests.jsonl} ({@code promptMs}, {@code decodeTokens}, ...). */
    public String key() {
        return key;
    }

    public Unit unit() {
        return unit;
    }
}
