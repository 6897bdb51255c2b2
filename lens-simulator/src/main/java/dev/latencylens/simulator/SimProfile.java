package dev.latencylens.simulator;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How one simulated model behaves: when its first token comes, how fast the rest follow, how long it talks, how
 * a cold start and a long prompt slow it down, and how often it fails. Immutable; derive one with
 * {@link #toBuilder()}.
 *
 * <pre>{@code
 * SimProfile p = SimPresets.FAST.toBuilder()
 *         .ttft(Dist.fixed(50))
 *         .outputTokens(Dist.fixed(20))
 *         .faultRate(Fault.HTTP_429, 0.05)
 *         .build();
 * }</pre>
 *
 * <h2>Timing script of one request</h2>
 * <ul>
 *   <li><b>TTFT</b> (arrival of the complete request → first content event written) = a {@link #ttft()} sample
 *   + {@link #prefillMicrosPerToken()} × input tokens + a {@link #coldStart()} sample when the request is cold.
 *   Input tokens are the characters of all message contents / 4, at least 1.</li>
 *   <li><b>Cold</b>: the first request on a new connection, or any request after the model was idle (no request
 *   arriving or finishing) for longer than {@link #idleThreshold()}.</li>
 *   <li>Every later content event waits one {@link #interTokenDelay()} sample per token it carries; each event
 *   carries {@link #tokensPerEvent()} tokens (the last one may carry fewer). The first event's delay is the TTFT,
 *   whatever it carries, so "TTFT" means the same thing on the wire and in the client's metrics.</li>
 *   <li><b>Output length</b> = an {@link #outputTokens()} sample (rounded, at least 1), capped by the request's
 *   {@code max_completion_tokens} / {@code max_tokens}: capped streams end with {@code finish_reason "length"}.</li>
 *   <li>Due times are absolute (arrival + cumulative script), so scheduling lateness never accumulates.</li>
 * </ul>
 *
 * <h2>What a response says</h2>
 * In this order: {@link #reasoningTokens()} of streamed reasoning (each provider's reasoning deltas), the answer's
 * {@link #outputTokens()} of text, then {@link #toolCalls()} tool calls (a name and six words of arguments each, in
 * the provider's tool-call events: 7 tokens a call). {@link #hiddenReasoningTokens()} are generated first and never
 * streamed, as OpenAI's o-series and gpt-5 do: each costs one per-token delay before the first event, and usage
 * counts them as output and reasoning. The request's output limit cuts hidden reasoning, reasoning, text and tool
 * calls in that order (tool calls whole). {@link #streamEnd()} and {@link #contentParts()} change how the stream is
 * written, not what it says.
 * The builder starts from the numbers of {@link SimPresets#FAST} with no faults.
 */
public final class SimProfile {

    private final Dist ttft;
    private final Dist interTokenDelay;
    private final int tokensPerEvent;
    private final Dist outputTokens;
    private final double prefillMicrosPerToken;
    private final Dist coldStart;
    private final Duration idleThreshold;
    private final Map<Fault, Double> faultRates;
    private final Duration stall;
    private final int retryAfterSeconds;
    private final int capacity;
    private final boolean closeAfterResponse;
    private final int reasoningTokens;
    private final int hiddenReasoningTokens;
    private final int toolCalls;
    private final StreamEnd streamEnd;
    private final boolean contentParts;

    private SimProfile(Builder b) {
        this.ttft = b.ttft;
        this.interTokenDelay = b.interTokenDelay;
        this.tokensPerEvent = b.tokensPerEvent;
        this.outputTokens = b.outputTokens;
        this.prefillMicrosPerToken = b.prefillMicrosPerToken;
        this.coldStart = b.coldStart;
        this.idleThreshold = b.idleThreshold;
        this.faultRates = new EnumMap<>(b.faultRates);
        this.stall = b.stall;
        this.retryAfterSeconds = b.retryAfterSeconds;
        this.capacity = b.capacity;
        this.closeAfterResponse = b.closeAfterResponse;
        this.reasoningTokens = b.reasoningTokens;
        this.hiddenReasoningTokens = b.hiddenReasoningTokens;
        this.toolCalls = b.toolCalls;
        this.streamEnd = b.streamEnd;
        this.contentParts = b.contentParts;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.ttft = ttft;
        b.interTokenDelay = interTokenDelay;
        b.tokensPerEvent = tokensPerEvent;
        b.outputTokens = outputTokens;
        b.prefillMicrosPerToken = prefillMicrosPerToken;
        b.coldStart = coldStart;
        b.idleThreshold = idleThreshold;
        b.faultRates.putAll(faultRates);
        b.stall = stall;
        b.retryAfterSeconds = retryAfterSeconds;
        b.capacity = capacity;
        b.closeAfterResponse = closeAfterResponse;
        b.reasoningTokens = reasoningTokens;
        b.hiddenReasoningTokens = hiddenReasoningTokens;
        b.toolCalls = toolCalls;
        b.streamEnd = streamEnd;
        b.contentParts = contentParts;
        return b;
    }

    /** Base time to first content event, milliseconds. */
    public Dist ttft() {
        return ttft;
    }

    /** Delay per generated token after the first event, milliseconds. */
    public Dist interTokenDelay() {
        return interTokenDelay;
    }

    public int tokensPerEvent() {
        return tokensPerEvent;
    }

    /** Output length before the request's cap, tokens. */
    public Dist outputTokens() {
        return outputTokens;
    }

    public double prefillMicrosPerToken() {
        return prefillMicrosPerToken;
    }

    /** Added to the TTFT of a cold request, milliseconds. */
    public Dist coldStart() {
        return coldStart;
    }

    public Duration idleThreshold() {
        return idleThreshold;
    }

    /** Probability per request of this fault, 0..1 ({@link Fault#NONE}: what is left). */
    public double faultRate(Fault fault) {
        if (fault == Fault.NONE) {
            return 1.0 - faultRates.values().stream().mapToDouble(Double::doubleValue).sum();
        }
        return faultRates.getOrDefault(fault, 0.0);
    }

    /** How long a {@link Fault#STALL} writes nothing before closing the socket. */
    public Duration stall() {
        return stall;
    }

    /** The {@code retry-after} of a simulated 429. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /**
     * Streams the model serves at full speed; 0 (the default) is unlimited. With {@code n > capacity} of its
     * requests in flight, a new request's TTFT and token delays are scaled by {@code n / capacity}: a batching
     * server whose throughput saturates, so latency rises with load (what a sweep's knee is made of).
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Whether the connection is closed right after each response to this model, although the response announced
     * keep-alive: what llama.cpp's {@code llama-server} does ({@code Keep-Alive: timeout=5, max=100}, then a FIN
     * about 0.2 ms after the last byte of every stream). A client that reuses such a pooled connection sends into a
     * closed socket. Default false.
     */
    public boolean closeAfterResponse() {
        return closeAfterResponse;
    }

    /** Reasoning tokens streamed before the answer, as the provider's reasoning deltas; 0 by default. */
    public int reasoningTokens() {
        return reasoningTokens;
    }

    /** Reasoning tokens generated before the first event and never streamed, but billed; 0 by default. */
    public int hiddenReasoningTokens() {
        return hiddenReasoningTokens;
    }

    /** Tool calls the response ends with; 0 by default. */
    public int toolCalls() {
        return toolCalls;
    }

    /** How the body ends; {@link StreamEnd#BLANK_LINE} (as usual) by default. */
    public StreamEnd streamEnd() {
        return streamEnd;
    }

    /**
     * Whether the OpenAI-compatible stream sends {@code delta.content} as an array of typed parts, as Mistral's
     * Magistral does ({@code {"type":"text","text":...}}, reasoning as {@code {"type":"thinking","thinking":[...]}}),
     * instead of a string; false by default.
     */
    public boolean contentParts() {
        return contentParts;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("SimProfile[ttft=").append(ttft)
                .append(" ms, itl=").append(interTokenDelay)
                .append(" ms, tokensPerEvent=").append(tokensPerEvent)
                .append(", outputTokens=").append(outputTokens)
                .append(", prefillMicrosPerToken=").append(prefillMicrosPerToken)
                .append(", coldStart=").append(coldStart)
                .append(" ms, idle=").append(idleThreshold.toMillis()).append(" ms")
                .append(capacity > 0 ? ", capacity=" + capacity : "")
                .append(closeAfterResponse ? ", closeAfterResponse" : "")
                .append(reasoningTokens > 0 ? ", reasoningTokens=" + reasoningTokens : "")
                .append(hiddenReasoningTokens > 0 ? ", hiddenReasoningTokens=" + hiddenReasoningTokens : "")
                .append(toolCalls > 0 ? ", toolCalls=" + toolCalls : "")
                .append(streamEnd != StreamEnd.BLANK_LINE ? ", streamEnd=" + streamEnd : "")
                .append(contentParts ? ", contentParts" : "");
        faultRates.forEach((f, r) -> {
            if (r > 0) {
                s.append(", ").append(f).append('=').append(r);
            }
        });
        return s.append(']').toString();
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private Dist ttft = Dist.logNormal(150, 0.25);
        private Dist interTokenDelay = Dist.normal(8, 2);
        private int tokensPerEvent = 1;
        private Dist outputTokens = Dist.normal(150, 25);
        private double prefillMicrosPerToken = 10;
        private Dist coldStart = Dist.fixed(0);
        private Duration idleThreshold = Duration.ofSeconds(60);
        private final Map<Fault, Double> faultRates = new EnumMap<>(Fault.class);
        private Duration stall = Duration.ofSeconds(120);
        private int retryAfterSeconds = 1;
        private int capacity;
        private boolean closeAfterResponse;
        private int reasoningTokens;
        private int hiddenReasoningTokens;
        private int toolCalls;
        private StreamEnd streamEnd = StreamEnd.BLANK_LINE;
        private boolean contentParts;

        private Builder() {
        }

        public Builder ttft(Dist millis) {
            this.ttft = Objects.requireNonNull(millis, "ttft");
            return this;
        }

        public Builder interTokenDelay(Dist millis) {
            this.interTokenDelay = Objects.requireNonNull(millis, "interTokenDelay");
            return this;
        }

        public Builder tokensPerEvent(int tokens) {
            if (tokens < 1) {
                throw new IllegalArgumentException("tokensPerEvent must be >= 1, was " + tokens);
            }
            this.tokensPerEvent = tokens;
            return this;
        }

        public Builder outputTokens(Dist tokens) {
            this.outputTokens = Objects.requireNonNull(tokens, "outputTokens");
            return this;
        }

        /** A fixed answer length; 0 only for a response of tool calls alone ({@link #toolCalls} ≥ 1). */
        public Builder outputTokens(int tokens) {
            if (tokens < 0) {
                throw new IllegalArgumentException("outputTokens must be >= 0, was " + tokens);
            }
            return outputTokens(Dist.fixed(tokens));
        }

        public Builder prefillMicrosPerToken(double micros) {
            if (!(micros >= 0) || Double.isInfinite(micros)) {
                throw new IllegalArgumentException("prefillMicrosPerToken must be a finite number >= 0, was " + micros);
            }
            this.prefillMicrosPerToken = micros;
            return this;
        }

        public Builder coldStart(Dist millis) {
            this.coldStart = Objects.requireNonNull(millis, "coldStart");
            return this;
        }

        public Builder idleThreshold(Duration idle) {
            this.idleThreshold = requireNonNegative(idle, "idleThreshold");
            return this;
        }

        /** Probability per request, 0..1. All rates together must not exceed 1. */
        public Builder faultRate(Fault fault, double probability) {
            if (Objects.requireNonNull(fault, "fault") == Fault.NONE) {
                throw new IllegalArgumentException("NONE has no rate of its own: it is what the other faults leave");
            }
            if (!(probability >= 0.0 && probability <= 1.0)) {
                throw new IllegalArgumentException(fault + " rate must be between 0 and 1, was " + probability);
            }
            faultRates.put(fault, probability);
            return this;
        }

        /** No fault at all. */
        public Builder noFaults() {
            faultRates.clear();
            return this;
        }

        public Builder stall(Duration stall) {
            this.stall = requireNonNegative(stall, "stall");
            return this;
        }

        public Builder retryAfterSeconds(int seconds) {
            if (seconds < 0) {
                throw new IllegalArgumentException("retryAfterSeconds must be >= 0, was " + seconds);
            }
            this.retryAfterSeconds = seconds;
            return this;
        }

        /** See {@link SimProfile#capacity()}; 0 = unlimited. */
        public Builder capacity(int streams) {
            if (streams < 0) {
                throw new IllegalArgumentException("capacity must be >= 0 (0 = unlimited), was " + streams);
            }
            this.capacity = streams;
            return this;
        }

        /** See {@link SimProfile#closeAfterResponse()}. */
        public Builder closeAfterResponse(boolean close) {
            this.closeAfterResponse = close;
            return this;
        }

        public Builder reasoningTokens(int tokens) {
            this.reasoningTokens = requireNonNegative(tokens, "reasoningTokens");
            return this;
        }

        public Builder hiddenReasoningTokens(int tokens) {
            this.hiddenReasoningTokens = requireNonNegative(tokens, "hiddenReasoningTokens");
            return this;
        }

        public Builder toolCalls(int calls) {
            this.toolCalls = requireNonNegative(calls, "toolCalls");
            return this;
        }

        public Builder streamEnd(StreamEnd end) {
            this.streamEnd = Objects.requireNonNull(end, "streamEnd");
            return this;
        }

        public Builder contentParts(boolean parts) {
            this.contentParts = parts;
            return this;
        }

        public SimProfile build() {
            if (toolCalls == 0 && outputTokens instanceof Dist.Fixed fixed && Math.round(fixed.value()) < 1) {
                throw new IllegalArgumentException("outputTokens must be >= 1 unless the response is tool calls"
                        + " alone (toolCalls >= 1), was " + Math.round(fixed.value()));
            }
            double sum = faultRates.values().stream().mapToDouble(Double::doubleValue).sum();
            if (sum > 1.0 + 1e-9) {
                throw new IllegalArgumentException("fault rates add up to " + sum + " " + faultRates
                        + "; at most one fault is injected per request, so they must add up to at most 1");
            }
            return new SimProfile(this);
        }

        private static int requireNonNegative(int n, String name) {
            if (n < 0) {
                throw new IllegalArgumentException(name + " must be >= 0, was " + n);
            }
            return n;
        }

        private static Duration requireNonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + d);
            }
            return d;
        }
    }
}
