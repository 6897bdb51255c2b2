package dev.latencylens.results;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One request as {@code requests.jsonl} has it, one line each: every attempt of every phase, what a user opens when a
 * percentile looks wrong. {@link RequestLogWriter} writes them as a run goes, {@link RequestLogReader} reads them
 * back, equal.
 *
 * <p>Times are in milliseconds, to the microsecond: stamps are offsets from the request's {@code t_sched}
 * ({@link Offsets}), durations are as their names say; an absent stamp or duration is empty. What the model generated
 * ({@link #text}, tool-call arguments) is there only when the run captured text ({@code lens.captureText}); the number
 * of choices and each tool call's id and name always, since they help debugging and are not content.
 *
 * @param benchmark       the result the request belongs to: the benchmark's name, or a sweep step's
 * @param phase           cold probe, warmup, measured or cooldown
 * @param index           0-based index of the request within its phase
 * @param attempt         0 for the first attempt, 1.. for retries of the same request ({@code lens.retries})
 * @param success         whether it succeeded
 * @param scheduledAt     the wall-clock time of its {@code t_sched}, to the microsecond: what the offsets count from,
 *                        and the time an exporter gives its point (absent in files written before Lens wrote it)
 * @param offsetsMs       its stamps
 * @param connection      how it got its connection
 * @param ttftMs          TTFT
 * @param ttfoMs          TTFO
 * @param e2eMs           E2E
 * @param tpotMs          TPOT
 * @param scheduleLagMs   schedule lag
 * @param tokens          its token counts
 * @param serverMs        figures the provider reported about its own handling of it, in milliseconds
 *                        ({@code promptMs}, {@code totalMs}, ...; in the order of the SPI's {@code ServerFigure})
 * @param serverTokens    figures the provider reported, in tokens ({@code promptTokens}, {@code decodeTokens}, ...)
 * @param workload        what the benchmark's workload made of it; empty for a request from a benchmark method
 * @param finishReason    the provider's finish reason of choice 0, empty when none came
 * @param httpStatus      the HTTP status, 0 when no response arrived
 * @param requestId       the provider's request id
 * @param errorClass      why it failed; empty when it succeeded
 * @param errorMessage    what failed, in words; empty when it succeeded
 * @param choices         how many choices the stream carried
 * @param toolCalls       the tool calls the caller must run
 * @param serverToolCalls the tool calls the provider ran itself
 * @param text            what choice 0 generated, when the run captured text
 */
public record RequestRecord(String benchmark, Phase phase, int index, int attempt, boolean success,
                            Optional<Instant> scheduledAt, Offsets offsetsMs, Connection connection, OptionalDouble ttftMs, OptionalDouble ttfoMs,
                            OptionalDouble e2eMs, OptionalDouble tpotMs, OptionalDouble scheduleLagMs, Tokens tokens,
                            Map<String, Double> serverMs, Map<String, Long> serverTokens,
                            Optional<WorkloadShape> workload, String finishReason,
                            int httpStatus, Optional<String> requestId, Optional<ErrorClass> errorClass,
                            String errorMessage, int choices, List<ToolCall> toolCalls,
                            List<ToolCall> serverToolCalls, Optional<Text> text) {

    public RequestRecord {
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(scheduledAt, "scheduledAt");
        Objects.requireNonNull(offsetsMs, "offsetsMs");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(ttftMs, "ttftMs");
        Objects.requireNonNull(ttfoMs, "ttfoMs");
        Objects.requireNonNull(e2eMs, "e2eMs");
        Objects.requireNonNull(tpotMs, "tpotMs");
        Objects.requireNonNull(scheduleLagMs, "scheduleLagMs");
        Objects.requireNonNull(tokens, "tokens");
        serverMs = Collections.unmodifiableMap(new LinkedHashMap<>(serverMs));
        serverTokens = Collections.unmodifiableMap(new LinkedHashMap<>(serverTokens));
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(errorClass, "errorClass");
        // A message belongs to a failure: without one there is nothing to say.
        errorMessage = errorClass.isEmpty() ? "" : Objects.requireNonNull(errorMessage, "errorMessage");
        toolCalls = List.copyOf(toolCalls);
        serverToolCalls = List.copyOf(serverToolCalls);
        Objects.requireNonNull(text, "text");
    }

    /** A builder of the record of request {@code index} of {@code phase} of {@code benchmark}. */
    public static Builder builder(String benchmark, Phase phase, int index) {
        return new Builder(benchmark, phase, index);
    }

    /**
     * The stamps of a request, in ms after its {@code t_sched}: sent, connection acquired, response headers, first
     * content event ({@code firstToken}), first answer text ({@code firstOutput}), end, and every content event of
     * choice 0.
     */
    public record Offsets(OptionalDouble send, OptionalDouble connectionAcquired, OptionalDouble headers,
                          OptionalDouble firstToken, OptionalDouble firstOutput, OptionalDouble end,
                          List<Double> events) {

        /** No stamp at all. */
        public static final Offsets NONE = new Offsets(OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                List.of());

        public Offsets {
            Objects.requireNonNull(send, "send");
            Objects.requireNonNull(connectionAcquired, "connectionAcquired");
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(firstToken, "firstToken");
            Objects.requireNonNull(firstOutput, "firstOutput");
            Objects.requireNonNull(end, "end");
            events = List.copyOf(events);
        }
    }

    /**
     * How the request got its connection.
     *
     * @param reused     it ran on a pooled connection
     * @param staleRetry it went out first on a pooled connection the server had already closed and was sent again on a
     *                   new one (the server never saw the first)
     * @param staleError what the stale connection did; present only with {@code staleRetry}
     */
    public record Connection(boolean reused, boolean staleRetry, Optional<String> staleError, OptionalDouble dnsMs,
                             OptionalDouble connectMs, OptionalDouble tlsMs) {

        /** A pooled connection, nothing else known. */
        public static final Connection NONE = new Connection(false, false, Optional.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty());

        public Connection {
            Objects.requireNonNull(staleError, "staleError");
            staleError = staleRetry ? staleError : Optional.empty();
            Objects.requireNonNull(dnsMs, "dnsMs");
            Objects.requireNonNull(connectMs, "connectMs");
            Objects.requireNonNull(tlsMs, "tlsMs");
        }
    }

    /**
     * @param reasoning the part of {@code output} spent reasoning, when the provider said
     * @param source    {@code provider} (its usage report) or {@code estimated}
     */
    public record Tokens(long input, long output, OptionalLong reasoning, String source) {

        /** None counted. */
        public static final Tokens NONE = new Tokens(0, 0, OptionalLong.empty(), "estimated");

        public Tokens {
            Objects.requireNonNull(reasoning, "reasoning");
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * What a workload made of the request ({@code docs/WORKLOADS.md}).
     *
     * @param inputTokens  the prompt's tokens in the workload's encoding
     * @param outputTokens the output length asked for, when the workload sets one
     * @param prefixTokens the shared prefix's tokens, 0 for none
     * @param session      the conversation's number in its phase, for datasets
     * @param turn         the turn in the conversation (1 = its first user message), for datasets
     * @param source       where the prompt came from: {@code prompts.jsonl:3}, {@code trace.jsonl:12}
     */
    public record WorkloadShape(long inputTokens, OptionalInt outputTokens, int prefixTokens, OptionalInt session,
                                OptionalInt turn, Optional<String> source) {
        public WorkloadShape {
            Objects.requireNonNull(outputTokens, "outputTokens");
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(turn, "turn");
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * A tool call as the stream gave it.
     *
     * @param id        the provider's id of the call, when it sends one
     * @param arguments its arguments, when the run captured text
     */
    public record ToolCall(Optional<String> id, String name, Optional<String> arguments) {
        public ToolCall {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arguments, "arguments");
        }
    }

    /**
     * What choice 0 generated; {@code reasoningText} and {@code refusal} are empty when there was none.
     */
    public record Text(String text, String reasoningText, String refusal) {
        public Text {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(reasoningText, "reasoningText");
            Objects.requireNonNull(refusal, "refusal");
        }
    }

    /** Builds a {@link RequestRecord}; everything not set is absent, zero or empty. Not thread-safe. */
    public static final class Builder {
        private final String benchmark;
        private final Phase phase;
        private final int index;
        private int attempt;
        private boolean success;
        private Optional<Instant> scheduledAt = Optional.empty();
        private Offsets offsets = Offsets.NONE;
        private Connection connection = Connection.NONE;
        private OptionalDouble ttftMs = OptionalDouble.empty();
        private OptionalDouble ttfoMs = OptionalDouble.empty();
        private OptionalDouble e2eMs = OptionalDouble.empty();
        private OptionalDouble tpotMs = OptionalDouble.empty();
        private OptionalDouble scheduleLagMs = OptionalDouble.empty();
        private Tokens tokens = Tokens.NONE;
        private final Map<String, Double> serverMs = new LinkedHashMap<>();
        private final Map<String, Long> serverTokens = new LinkedHashMap<>();
        private Optional<WorkloadShape> workload = Optional.empty();
        private String finishReason = "";
        private int httpStatus;
        private Optional<String> requestId = Optional.empty();
        private Optional<ErrorClass> errorClass = Optional.empty();
        private String errorMessage = "";
        private int choices;
        private final List<ToolCall> toolCalls = new ArrayList<>();
        private final List<ToolCall> serverToolCalls = new ArrayList<>();
        private Optional<Text> text = Optional.empty();

        private Builder(String benchmark, Phase phase, int index) {
            this.benchmark = benchmark;
            this.phase = phase;
            this.index = index;
        }

        public Builder attempt(int attempt) {
            this.attempt = attempt;
            return this;
        }

        public Builder success(boolean success) {
            this.success = success;
            return this;
        }

        public Builder scheduledAt(Instant at) {
            this.scheduledAt = Optional.of(at);
            return this;
        }

        public Builder offsetsMs(Offsets offsets) {
            this.offsets = offsets;
            return this;
        }

        public Builder connection(Connection connection) {
            this.connection = connection;
            return this;
        }

        public Builder ttftMs(OptionalDouble ms) {
            this.ttftMs = ms;
            return this;
        }

        public Builder ttfoMs(OptionalDouble ms) {
            this.ttfoMs = ms;
            return this;
        }

        public Builder e2eMs(OptionalDouble ms) {
            this.e2eMs = ms;
            return this;
        }

        public Builder tpotMs(OptionalDouble ms) {
            this.tpotMs = ms;
            return this;
        }

        public Builder scheduleLagMs(OptionalDouble ms) {
            this.scheduleLagMs = ms;
            return this;
        }

        public Builder tokens(Tokens tokens) {
            this.tokens = tokens;
            return this;
        }

        /** A figure the provider reported in milliseconds. */
        public Builder serverMs(String figure, double ms) {
            serverMs.put(figure, ms);
            return this;
        }

        /** A figure the provider reported in tokens. */
        public Builder serverTokens(String figure, long tokens) {
            serverTokens.put(figure, tokens);
            return this;
        }

        public Builder workload(WorkloadShape workload) {
            this.workload = Optional.of(workload);
            return this;
        }

        public Builder finishReason(String reason) {
            this.finishReason = reason;
            return this;
        }

        public Builder httpStatus(int status) {
            this.httpStatus = status;
            return this;
        }

        public Builder requestId(Optional<String> requestId) {
            this.requestId = requestId;
            return this;
        }

        /** The failure: its class and message. */
        public Builder error(ErrorClass errorClass, String message) {
            this.errorClass = Optional.of(errorClass);
            this.errorMessage = message;
            return this;
        }

        public Builder choices(int choices) {
            this.choices = choices;
            return this;
        }

        public Builder toolCall(ToolCall call) {
            toolCalls.add(call);
            return this;
        }

        public Builder serverToolCall(ToolCall call) {
            serverToolCalls.add(call);
            return this;
        }

        public Builder text(Text text) {
            this.text = Optional.of(text);
            return this;
        }

        public RequestRecord build() {
            return new RequestRecord(benchmark, phase, index, attempt, success, scheduledAt, offsets, connection, ttftMs, ttfoMs,
                    e2eMs, tpotMs, scheduleLagMs, tokens, serverMs, serverTokens, workload, finishReason,
                    httpStatus, requestId,
                    errorClass, errorMessage, choices, toolCalls, serverToolCalls, text);
        }
    }
}
