package dev.latencylens.internal.metrics;

import dev.latencylens.internal.tokens.TokenEstimator;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.Phase;
import dev.latencylens.results.TokenCounts;
import dev.latencylens.spi.ContentKind;
import dev.latencylens.spi.ServerFigure;
import dev.latencylens.spi.StreamSink;
import dev.latencylens.spi.ToolCallDelta;
import dev.latencylens.spi.Usage;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything observed about one request: the stamps of the metric definitions (all {@code System.nanoTime()},
 * taken on the thread that read the bytes), connection phases, status, outcome and tokens.
 *
 * <p>As the stream's sink it follows choice 0 only (TTFT at its first content, text, reasoning or tool call; TTFO at
 * its first answer text or refusal; its content stamps), keeps what it generated ({@link #output()}) and counts the
 * choices; usage covers every choice, as the provider reports it.
 *
 * <p>Owned by one request; written by the thread that sends and reads it (and OkHttp's event listener, which runs
 * on that same thread for synchronous calls), read after {@link #end} by whoever records it. Not thread-safe.
 * Stamps that did not happen are {@link #NONE}.
 */
public final class RequestTrace implements StreamSink {

    public static final long NONE = Long.MIN_VALUE;

    private final Phase phase;
    private final int index;
    private final long scheduledNanos;
    /** Always collected: the tokenizer needs it when the provider reports no usage. Per request, then dropped. */
    private final ModelOutput output = new ModelOutput();
    private final boolean captureText;
    private TokenEstimator estimator;
    private java.util.function.LongSupplier promptTokenCount;
    private long estimatedInputTokens = -1;
    private long estimatedOutputTokens = -1;

    private long sendNanos = NONE;
    private long connectionAcquiredNanos = NONE;
    private long requestWrittenNanos = NONE;
    private long dnsStart = NONE, dnsEnd = NONE, connectStart = NONE, connectEnd = NONE, tlsStart = NONE, tlsEnd = NONE;
    private boolean connectionReused;
    /** The connection this attempt used delivered no byte at all before the attempt failed (cleartext only). */
    private boolean unanswered;
    private boolean staleRetry;
    private String staleError = "";
    private long headersNanos = NONE;
    private volatile long firstContentNanos = NONE; // read by the TTFT watchdog thread
    private long firstTextNanos = NONE;
    private long endNanos = NONE;
    private long[] contentStamps = new long[64];
    private int[] contentTokens = new int[64];
    private int contentEvents;
    private boolean tokensPerEventKnown = true;
    private long contentChars;
    private long promptChars;
    private int httpStatus;
    private String requestId = "";
    private Usage usage;
    private String finishReason = "";
    private ErrorClass errorClass;
    private int attempt;
    private final EnumMap<ServerFigure, Double> server = new EnumMap<>(ServerFigure.class);
    private long retryAfterMillis = -1;
    private String errorMessage = "";
    private RequestShape workload;
    private final Redactor redactor;
    private int earlierRateLimitedAttempts;
    private int redirects;
    private String finalUrl = "";

    public RequestTrace(Phase phase, int index, long scheduledNanos, boolean captureText) {
        this(phase, index, scheduledNanos, captureText, 0, Redactor.NONE);
    }

    /**
     * @param attempt  0 for the first attempt, 1.. for retries of the same request (same {@code t_sched})
     * @param redactor masks the run's secrets in every message recorded here ({@link #fail}): the one place a
     *                 request's text enters the record, whatever writes it out later
     */
    public RequestTrace(Phase phase, int index, long scheduledNanos, boolean captureText, int attempt,
                        Redactor redactor) {
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        this.attempt = attempt;
        this.phase = phase;
        this.index = index;
        this.scheduledNanos = scheduledNanos;
        this.captureText = captureText;
    }

    // ---- stamps from the sender and the connection listener -------------------------------------------------

    /** Characters of the prompt (system and messages), for estimating input tokens when the provider reports none. */
    public void promptChars(long chars) {
        promptChars = chars;
    }

    /**
     * The tokenizer for this request's model and its count of the prompt: token counts the provider does not
     * report are counted with it (and marked estimated) instead of the four-characters rule.
     */
    public void estimator(TokenEstimator estimator, java.util.function.LongSupplier promptTokens) {
        this.estimator = estimator;
        this.promptTokenCount = promptTokens;
    }

    public void sent(long nanos) {
        sendNanos = nanos;
    }

    public void dns(long start, long end) {
        dnsStart = start;
        dnsEnd = end;
    }

    public void connectStarted(long nanos) {
        connectStart = nanos;
    }

    public void connectEnded(long nanos) {
        connectEnd = nanos;
    }

    public void tlsStarted(long nanos) {
        tlsStart = nanos;
    }

    public void tlsEnded(long nanos) {
        tlsEnd = nanos;
    }

    /** A connection was acquired; it was reused when no connect phase preceded it (OkHttp's own rule). */
    public void connectionAcquired(long nanos) {
        connectionAcquiredNanos = nanos;
        connectionReused = connectStart == NONE;
    }

    /** The request's last byte was handed to OkHttp's socket buffer, about to be flushed: where t_send's time goes. */
    public void requestWritten(long nanos) {
        requestWrittenNanos = nanos;
    }

    public void headersReceived(long nanos) {
        headersNanos = nanos;
    }

    /**
     * The attempt failed on a connection that had delivered no byte for it: the server closed it (or reset it)
     * before answering, so it cannot have processed the request. Only known where the engine sees the socket's
     * bytes (cleartext HTTP/1.1).
     */
    public void markUnanswered() {
        unanswered = true;
    }

    /**
     * The request is sent again on a new connection because the pooled one it went out on was already closed by the
     * server ({@link #staleRetry()}). Forgets the failed attempt's connection, response and failure; keeps
     * {@code t_send}, so the new connection's cost stays inside every latency measured from it.
     *
     * @param error what the stale connection did, for {@code requests.jsonl}
     */
    public void retryOnNewConnection(String error) {
        staleRetry = true;
        staleError = redactor.redact(error);
        connectionAcquiredNanos = NONE;
        requestWrittenNanos = NONE;
        dnsStart = NONE;
        dnsEnd = NONE;
        connectStart = NONE;
        connectEnd = NONE;
        tlsStart = NONE;
        tlsEnd = NONE;
        connectionReused = false;
        unanswered = false;
        headersNanos = NONE;
        httpStatus = 0;
        requestId = "";
        retryAfterMillis = -1;
        errorClass = null;
        errorMessage = "";
    }

    public void status(int status, String requestId) {
        httpStatus = status;
        this.requestId = requestId == null ? "" : requestId;
    }

    /** How long the provider asked us to wait before retrying (Retry-After and rate-limit reset headers). */
    public void retryAfter(long millis) {
        retryAfterMillis = millis;
    }

    // ---- the stream, through the provider's decoder -----------------------------------------------------------

    @Override
    public void content(long receivedNanos, ContentKind kind, String text, int tokens) {
        content(receivedNanos, 0, kind, text, tokens);
    }

    @Override
    public void content(long receivedNanos, int choice, ContentKind kind, String text, int tokens) {
        output.add(choice, kind, text);
        contentChars += text.length();
        if (choice == 0 && tokens != 0) {
            stamp(receivedNanos, kind == ContentKind.TEXT || kind == ContentKind.REFUSAL, tokens);
        }
    }

    @Override
    public void toolCall(long receivedNanos, int choice, ToolCallDelta delta, int tokens) {
        output.add(choice, delta);
        contentChars += delta.name().length() + delta.arguments().length();
        if (choice == 0 && tokens != 0) {
            stamp(receivedNanos, false, tokens);
        }
    }

    /** One content event of choice 0; {@code answer}: visible answer text (or a refusal), which TTFO waits for. */
    private void stamp(long receivedNanos, boolean answer, int tokens) {
        if (firstContentNanos == NONE) {
            firstContentNanos = receivedNanos;
        }
        if (answer && firstTextNanos == NONE) {
            firstTextNanos = receivedNanos;
        }
        if (contentEvents == contentStamps.length) {
            contentStamps = Arrays.copyOf(contentStamps, contentEvents * 2);
            contentTokens = Arrays.copyOf(contentTokens, contentEvents * 2);
        }
        contentStamps[contentEvents] = receivedNanos;
        contentTokens[contentEvents] = tokens;
        contentEvents++;
        tokensPerEventKnown &= tokens > 0;
    }

    @Override
    public void usage(long receivedNanos, Usage usage) {
        this.usage = usage;
    }

    @Override
    public void finish(long receivedNanos, String reason) {
        finish(receivedNanos, 0, reason);
    }

    @Override
    public void finish(long receivedNanos, int choice, String reason) {
        output.choice(choice);
        if (choice == 0) {
            finishReason = reason;
        }
    }

    @Override
    public void error(long receivedNanos, ErrorClass errorClass, String message) {
        fail(errorClass, message);
    }

    /** A figure the provider reported about itself, from its stream or its response headers. */
    @Override
    public void server(long receivedNanos, ServerFigure figure, double value) {
        server.put(figure, value);
    }

    /** The figures the provider reported about itself, in {@link ServerFigure} order; empty for most providers. */
    public Map<ServerFigure, Double> server() {
        return Collections.unmodifiableMap(server);
    }

    /**
     * Records the failure; the first one wins, later ones are consequences. The message is {@link Redactor redacted}
     * here: a provider's error body may echo the request's credentials.
     */
    public void fail(ErrorClass errorClass, String message) {
        if (this.errorClass == null) {
            this.errorClass = errorClass;
            this.errorMessage = message == null ? "" : redactor.redact(message);
        }
    }

    /** The request is over (stream read to its end, or failed). A successful stream without content is an error. */
    public void end(long nanos) {
        endNanos = nanos;
        if (errorClass == null && contentEvents == 0) {
            fail(ErrorClass.EMPTY_OUTPUT, "the stream finished without any content"
                    + (finishReason.isEmpty() ? "" : " (finish reason " + finishReason + ")"));
        }
    }

    // ---- what the stamps mean (docs/METRICS.md); NONE when not defined for this request ---------------------------

    public boolean succeeded() {
        return errorClass == null && endNanos != NONE;
    }

    /**
     * Whether the provider bills this attempt: it answered 2xx and generated (content or a usage report), whether or
     * not the stream completed.
     */
    public boolean billed() {
        return httpStatus / 100 == 2 && (contentEvents > 0 || usage != null);
    }

    public long ttfbNanos() {
        return since(sendNanos, headersNanos);
    }

    public long ttftNanos() {
        return since(sendNanos, firstContentNanos);
    }

    public long ttfoNanos() {
        return since(sendNanos, firstTextNanos);
    }

    public long e2eNanos() {
        return since(sendNanos, endNanos);
    }

    public long responseTimeNanos() {
        return since(scheduledNanos, endNanos);
    }

    /** TTFT as the user waited for it: from the intended send time, queueing included. */
    public long userTtftNanos() {
        return since(scheduledNanos, firstContentNanos);
    }

    public long scheduleLagNanos() {
        return since(scheduledNanos, sendNanos);
    }

    // ---- the provider's own account, next to ours (README "Server time and the path") ------------------------

    /**
     * The server's time to the first token: its {@code firstByteMs} when it reports one (Bedrock), else the sum of
     * the queue, load and prompt times it reports ({@code queueMs + loadMs + promptMs}, each when reported).
     */
    public long serverPromptNanos() {
        Double firstByte = server.get(ServerFigure.FIRST_BYTE_MS);
        if (firstByte != null) {
            return millisToNanos(firstByte);
        }
        Double prompt = server.get(ServerFigure.PROMPT_MS);
        if (prompt == null) {
            return NONE;
        }
        return millisToNanos(prompt + server.getOrDefault(ServerFigure.QUEUE_MS, 0.0)
                + server.getOrDefault(ServerFigure.LOAD_MS, 0.0));
    }

    /** TTFT − {@link #serverPromptNanos()}: network, proxies, HTTP and whatever the server does not count. */
    public long clientOverServerTtftNanos() {
        return difference(ttftNanos(), serverPromptNanos());
    }

    /** The server's generation time after the first token ({@code decodeMs}). */
    public long serverDecodeNanos() {
        return figureNanos(ServerFigure.DECODE_MS);
    }

    /** The server's whole request ({@code totalMs}). */
    public long serverTotalNanos() {
        return figureNanos(ServerFigure.TOTAL_MS);
    }

    /** E2E − {@link #serverTotalNanos()}. */
    public long clientOverServerE2eNanos() {
        return difference(e2eNanos(), serverTotalNanos());
    }

    /** The server's processing time up to the response head ({@code processingMs}, OpenAI's header). */
    public long serverProcessingNanos() {
        return figureNanos(ServerFigure.PROCESSING_MS);
    }

    /** TTFB − {@link #serverProcessingNanos()}. */
    public long clientOverServerTtfbNanos() {
        return difference(ttfbNanos(), serverProcessingNanos());
    }

    private long figureNanos(ServerFigure figure) {
        Double ms = server.get(figure);
        return ms == null ? NONE : millisToNanos(ms);
    }

    private static long millisToNanos(double ms) {
        return Math.round(ms * 1e6);
    }

    private static long difference(long client, long server) {
        return client == NONE || server == NONE ? NONE : client - server;
    }

    /**
     * TPOT, {@code (t_lt − t_ft) / (N − 1)} over choice 0's content events, where N counts the output tokens that
     * were streamed ({@link #streamedOutputTokens()}): reasoning a model generated but never streamed took its time
     * before {@code t_ft}, not between the events. Defined with two content events or more and {@code N >= 2}; one
     * event gives no sample (it has no pace).
     */
    public long tpotNanos() {
        long streamed = streamedOutputTokens();
        if (contentEvents < 2 || streamed < 2) {
            return NONE;
        }
        return (contentStamps[contentEvents - 1] - contentStamps[0]) / (streamed - 1);
    }

    /**
     * The output tokens of choice 0 that the stream carried: the output count ({@link #outputTokens()}) less the
     * reasoning tokens the provider reported when it streamed no reasoning text (billed, never streamed: OpenAI's
     * o-series and gpt-5, Gemini without thought summaries); streamed reasoning counts as streamed. With several
     * choices the provider's count covers them all, so choice 0's own tokens are counted with the tokenizer.
     */
    public long streamedOutputTokens() {
        if (output.choices() > 1) {
            String own = output.choiceZero();
            return estimator == null ? estimateTokens(own.length()) : estimator.count(own);
        }
        long out = outputTokens();
        if (usage != null && usage.reasoningTokens() > 0 && !output.reasoningStreamed()) {
            out -= usage.reasoningTokens();
        }
        return out;
    }

    /** Output tokens: the provider's count when it reported one (every choice, reasoning included), otherwise the
     *  estimate of everything streamed. */
    public long outputTokens() {
        if (usage != null && usage.outputTokens() >= 0) {
            return usage.outputTokens();
        }
        if (estimator == null) {
            return estimateTokens(contentChars);
        }
        if (estimatedOutputTokens < 0) {
            estimatedOutputTokens = estimator.count(output.all());
        }
        return estimatedOutputTokens;
    }

    /** Input tokens: the provider's count when it reported one, otherwise the estimate. */
    public long inputTokens() {
        if (usage != null && usage.inputTokens() >= 0) {
            return usage.inputTokens();
        }
        if (promptTokenCount == null) {
            return estimateTokens(promptChars);
        }
        if (estimatedInputTokens < 0) {
            estimatedInputTokens = promptTokenCount.getAsLong();
        }
        return estimatedInputTokens;
    }

    /** Runs any tokenizer estimate now, on the request's own thread, so recording it later under a lock is quick. */
    public void countTokens() {
        inputTokens();
        outputTokens();
    }

    /** The tokens to price: the provider's split (cache reads and writes, reasoning) when it reported one. */
    public TokenCounts tokenCounts() {
        if (usage != null && usage.inputTokens() >= 0 && usage.outputTokens() >= 0) {
            try {
                return usage.tokenCounts();
            } catch (IllegalArgumentException inconsistent) {
                // a provider whose counts do not add up: price the plain totals
            }
        }
        return TokenCounts.of(inputTokens(), outputTokens());
    }

    public boolean tokensEstimated() {
        return usage == null || usage.outputTokens() < 0;
    }

    /** Rough token count of text when neither the provider nor a tokenizer counts: about four characters a token
     *  for English (OpenAI's rule of thumb); always marked {@code estimated} in results. */
    public static long estimateTokens(long chars) {
        return chars == 0 ? 0 : Math.max(1, Math.round(chars / 4.0));
    }

    private static long since(long from, long to) {
        return from == NONE || to == NONE ? NONE : to - from;
    }

    // ---- plain accessors ----------------------------------------------------------------------------------------

    /**
     * The client followed {@code count} redirects and read its response from {@code finalUrl} (already stripped of
     * user-info and query by the caller).
     */
    public void redirected(int count, String finalUrl) {
        this.redirects = count;
        this.finalUrl = redactor.redact(finalUrl);
    }

    /** Redirects followed before the response; 0 when none. */
    public int redirects() {
        return redirects;
    }

    /** Where the response came from after {@link #redirects()} redirects; empty when none. */
    public String finalUrl() {
        return finalUrl;
    }

    /** Earlier attempts of this request that got HTTP 429 (set by the sender before a retry). */
    public void earlierRateLimitedAttempts(int count) {
        earlierRateLimitedAttempts = count;
    }

    /** How many earlier attempts of this request got HTTP 429; 0 for a first attempt. */
    public int earlierRateLimitedAttempts() {
        return earlierRateLimitedAttempts;
    }

    public int attempt() {
        return attempt;
    }

    /** The provider's requested wait before a retry, or -1 when it gave none. */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }

    public Phase phase() {
        return phase;
    }

    public int index() {
        return index;
    }

    public long scheduledNanos() {
        return scheduledNanos;
    }

    public long sendNanos() {
        return sendNanos;
    }

    public long connectionAcquiredNanos() {
        return connectionAcquiredNanos;
    }

    public long requestWrittenNanos() {
        return requestWrittenNanos;
    }

    public long headersNanos() {
        return headersNanos;
    }

    public long firstContentNanos() {
        return firstContentNanos;
    }

    public long firstTextNanos() {
        return firstTextNanos;
    }

    public long endNanos() {
        return endNanos;
    }

    public int contentEvents() {
        return contentEvents;
    }

    /** Receive stamp of content event {@code i} (0-based). */
    public long contentStamp(int i) {
        return contentStamps[i];
    }

    /** Tokens carried by content event {@code i}, or -1 when the provider did not say. */
    public int contentTokens(int i) {
        return contentTokens[i];
    }

    /** Whether every content event said how many tokens it carries, so ITL is defined. */
    public boolean tokensPerEventKnown() {
        return contentEvents > 0 && tokensPerEventKnown;
    }

    public long dnsNanos() {
        return since(dnsStart, dnsEnd);
    }

    public long connectNanos() {
        return since(connectStart, connectEnd);
    }

    public long tlsNanos() {
        return since(tlsStart, tlsEnd);
    }

    public boolean connectionReused() {
        return connectionReused;
    }

    /** Whether a connection was acquired at all (a refused connect acquires none). */
    public boolean connected() {
        return connectionAcquiredNanos != NONE;
    }

    /**
     * What opening this request's new connection cost: from the start of DNS (or of the TCP connect when there was
     * no lookup) to the end of the connect, TLS included; {@link #NONE} on a reused connection.
     */
    public long connectionSetupNanos() {
        return since(dnsStart != NONE ? dnsStart : connectStart, connectEnd);
    }

    /** Whether the attempt failed on a connection that had delivered nothing (see {@link #markUnanswered()}). */
    public boolean unanswered() {
        return unanswered;
    }

    /**
     * Whether the request went out first on a pooled connection the server had already closed, and was sent again
     * on a new one (not a {@code lens.retries} retry: the server never saw the first one).
     */
    public boolean staleRetry() {
        return staleRetry;
    }

    /** What the stale connection did ({@code IOException: unexpected end of stream ...}); empty without one. */
    public String staleError() {
        return staleError;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String requestId() {
        return requestId;
    }

    public Optional<Usage> usage() {
        return Optional.ofNullable(usage);
    }

    public long contentChars() {
        return contentChars;
    }

    public String finishReason() {
        return finishReason;
    }

    public Optional<ErrorClass> errorClass() {
        return Optional.ofNullable(errorClass);
    }

    public String errorMessage() {
        return errorMessage;
    }

    /** What the model generated (choice 0's text, reasoning, refusal, tool calls; the number of choices). */
    public ModelOutput output() {
        return output;
    }

    /** What the benchmark's workload made of this request; set before it is sent. */
    public void workload(RequestShape shape) {
        this.workload = shape;
    }

    /** What the workload made of this request; empty for a request a benchmark method returned. */
    public Optional<RequestShape> workload() {
        return Optional.ofNullable(workload);
    }

    /** Whether the model's output may be written out ({@code lens.captureText}): text, reasoning and arguments. */
    public boolean captureText() {
        return captureText;
    }

    /** Choice 0's answer text, when text capture was on. */
    public Optional<String> text() {
        return captureText ? Optional.of(output.text()) : Optional.empty();
    }
}
