package dev.latencylens.internal.metrics;

import dev.latencylens.results.Distribution;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.Metric;
import dev.latencylens.results.SlaSpec;
import dev.latencylens.results.TokenCounts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Records finished measured requests into fixed-size HdrHistograms and counters, so memory does not grow with the
 * number of requests. Thread-safe: requests finish on several threads; {@link #record} is short and synchronized,
 * and never runs between a socket read and its stamp.
 */
public final class MetricsRecorder {

    /** The latencies recorded, in nanoseconds. */
    static final List<Metric> LATENCY_METRICS = Metric.RECORDED.stream().filter(Metric::isLatency).toList();

    private static final int SIGNIFICANT_DIGITS = 3;
    private static final double NANOS_PER_MS = 1e6;
    /** Output tokens/s are recorded in thousandths so the histogram keeps three decimals. */
    private static final double TOKENS_PER_SECOND_SCALE = 1e3;
    private static final int MAX_EXAMPLES = 5;

    private final Map<Metric, Histogram> latencies = new EnumMap<>(Metric.class);
    private final Histogram outputTokensPerSecond = histogram();
    private final Histogram inputTokensPerRequest = histogram();
    private final Histogram outputTokensPerRequest = histogram();
    private final WarmupCheck warmupCheck;
    private final GoodputObjectives objectives;
    private long good;
    private TokenCounts billedTokens = TokenCounts.ZERO;
    private long billedRequests;

    private long attempted;
    private long succeeded;
    private final Map<ErrorClass, Long> errorCounts = new EnumMap<>(ErrorClass.class);
    private final Map<ErrorClass, List<String>> errorExamples = new EnumMap<>(ErrorClass.class);
    /** HTTP status → failed requests that ended with it: tells a 401 from a 404 in the all-failed verdict. */
    private final Map<Integer, Long> failedStatuses = new TreeMap<>();
    private long rateLimitedAttempts;
    private long cacheWriteTokens;
    private long inputTokens, outputTokens, cachedInputTokens, reasoningTokens;
    private long providerCounted, estimated;
    private long windowStart = Long.MAX_VALUE, windowEnd = Long.MIN_VALUE;
    private long sent, lastSend = Long.MIN_VALUE;
    private long connected, reused, staleRetries;

    /** @param measuredRequests how many requests the phase will send, for the warm-up check */
    public MetricsRecorder(int measuredRequests) {
        this(measuredRequests, GoodputObjectives.of(SlaSpec.none(), false));
    }

    /** @param objectives the per-request objectives that make a request count towards goodput */
    public MetricsRecorder(int measuredRequests, GoodputObjectives objectives) {
        this.objectives = objectives;
        for (Metric metric : LATENCY_METRICS) {
            latencies.put(metric, histogram());
        }
        warmupCheck = new WarmupCheck(measuredRequests);
    }

    private static Histogram histogram() {
        // Auto-resizing: no upper bound to guess, and the footprint stays a few kilobytes per histogram.
        Histogram h = new Histogram(SIGNIFICANT_DIGITS);
        h.setAutoResize(true);
        return h;
    }

    public synchronized void record(RequestTrace t) {
        attempted++;
        rateLimitedAttempts += t.earlierRateLimitedAttempts()
                + (t.errorClass().filter(c -> c == ErrorClass.RATE_LIMITED).isPresent() ? 1 : 0);
        if (t.sendNanos() != RequestTrace.NONE) {
            sent++;
            windowStart = Math.min(windowStart, t.sendNanos());
            lastSend = Math.max(lastSend, t.sendNanos());
        }
        if (t.endNanos() != RequestTrace.NONE) {
            windowEnd = Math.max(windowEnd, t.endNanos());
        }
        record(Metric.SCHEDULE_LAG, t.scheduleLagNanos());
        if (t.connected()) {
            connected++;
            reused += t.connectionReused() ? 1 : 0;
        }
        staleRetries += t.staleRetry() ? 1 : 0;
        record(Metric.CONNECTION_SETUP, t.connectionSetupNanos());
        if (t.billed()) {
            billedTokens = billedTokens.plus(t.tokenCounts());
            billedRequests++;
        }
        if (!t.succeeded()) {
            ErrorClass c = t.errorClass().orElse(ErrorClass.PROTOCOL);
            errorCounts.merge(c, 1L, Long::sum);
            if (t.httpStatus() > 0) {
                failedStatuses.merge(t.httpStatus(), 1L, Long::sum);
            }
            List<String> examples = errorExamples.computeIfAbsent(c, k -> new ArrayList<>());
            if (examples.size() < MAX_EXAMPLES && !examples.contains(t.errorMessage())) {
                examples.add(t.errorMessage());
            }
            return;
        }
        succeeded++;
        if (objectives.defined() && objectives.met(t)) {
            good++;
        }
        record(Metric.TTFB, t.ttfbNanos());
        record(Metric.TTFT, t.ttftNanos());
        record(Metric.TTFO, t.ttfoNanos());
        record(Metric.TPOT, t.tpotNanos());
        record(Metric.E2E, t.e2eNanos());
        record(Metric.RESPONSE_TIME, t.responseTimeNanos());
        record(Metric.USER_TTFT, t.userTtftNanos());
        record(Metric.SERVER_PROMPT, t.serverPromptNanos());
        record(Metric.CLIENT_OVER_SERVER_TTFT, t.clientOverServerTtftNanos());
        record(Metric.SERVER_DECODE, t.serverDecodeNanos());
        record(Metric.SERVER_TOTAL, t.serverTotalNanos());
        record(Metric.CLIENT_OVER_SERVER_E2E, t.clientOverServerE2eNanos());
        record(Metric.SERVER_PROCESSING, t.serverProcessingNanos());
        record(Metric.CLIENT_OVER_SERVER_TTFB, t.clientOverServerTtfbNanos());
        Histogram icl = latencies.get(Metric.ICL);
        Histogram itl = latencies.get(Metric.ITL);
        boolean perToken = t.tokensPerEventKnown();
        for (int i = 1; i < t.contentEvents(); i++) {
            long gap = t.contentStamp(i) - t.contentStamp(i - 1);
            icl.recordValue(Math.max(0, gap));
            if (perToken) {
                itl.recordValue(Math.max(0, gap / t.contentTokens(i)));
            }
        }
        long out = t.outputTokens();
        long decode = t.e2eNanos();
        if (out > 0 && decode > 0) {
            outputTokensPerSecond.recordValue(Math.round(out * 1e9 / decode * TOKENS_PER_SECOND_SCALE));
        }
        inputTokens += t.inputTokens();
        outputTokens += out;
        inputTokensPerRequest.recordValue(Math.max(0, t.inputTokens()));
        outputTokensPerRequest.recordValue(Math.max(0, out));
        t.usage().ifPresent(u -> {
            cachedInputTokens += Math.max(0, u.cachedInputTokens());
            cacheWriteTokens += Math.max(0, u.cacheWriteTokens());
            reasoningTokens += Math.max(0, u.reasoningTokens());
        });
        if (t.tokensEstimated()) {
            estimated++;
        } else {
            providerCounted++;
        }
        warmupCheck.record(t.index(), t.ttftNanos());
    }

    private void record(Metric metric, long nanos) {
        if (nanos != RequestTrace.NONE) {
            latencies.get(metric).recordValue(Math.max(0, nanos));
        }
    }

    /** A consistent snapshot of everything recorded so far. */
    public synchronized Snapshot snapshot() {
        Map<Metric, Distribution> metrics = new EnumMap<>(Metric.class);
        latencies.forEach((metric, h) -> metrics.put(metric, Histograms.summarize(h, metric.unit(), NANOS_PER_MS)));
        metrics.put(Metric.OUTPUT_TOKENS_PER_SECOND, Histograms.summarize(outputTokensPerSecond,
                Metric.OUTPUT_TOKENS_PER_SECOND.unit(), TOKENS_PER_SECOND_SCALE));
        Map<ErrorClass, Long> counts = new EnumMap<>(errorCounts);
        Map<ErrorClass, List<String>> examples = new EnumMap<>(ErrorClass.class);
        errorExamples.forEach((k, v) -> examples.put(k, List.copyOf(v)));
        double window = windowEnd > windowStart ? (windowEnd - windowStart) / 1e9 : 0;
        // n sends span n - 1 gaps: the rate the schedule delivered, whatever the answers took afterwards.
        double sendRate = sent >= 2 && lastSend > windowStart ? (sent - 1) / ((lastSend - windowStart) / 1e9) : 0;
        String source = estimated == 0 ? "provider" : providerCounted == 0 ? "estimated" : "mixed";
        return new Snapshot(metrics, attempted, succeeded, counts, examples, Map.copyOf(failedStatuses),
                rateLimitedAttempts, inputTokens, outputTokens, cachedInputTokens, cacheWriteTokens, reasoningTokens,
                source, window,
                windowStart == Long.MAX_VALUE ? Optional.empty() : Optional.of(WallClock.at(windowStart)),
                windowEnd == Long.MIN_VALUE ? Optional.empty() : Optional.of(WallClock.at(windowEnd)), sendRate,
                warmupCheck.verdict(), objectives.defined(), good, billedTokens, billedRequests, connected, reused,
                staleRetries, Histograms.summarize(inputTokensPerRequest, Distribution.TOKENS, 1),
                Histograms.summarize(outputTokensPerRequest, Distribution.TOKENS, 1));
    }

    /**
     * What {@link #snapshot()} returns; {@code firstSend} and {@code lastEnd} are the window's ends by the wall clock; {@code windowSeconds} is first send to last end of the measured phase,
     * {@code sendRate} the rate the requests were sent at, {@code (n − 1) / (last send − first send)} (0 below two);
     * {@code connected} counts the requests that acquired a connection, {@code reused} those of them that found a
     * pooled one, {@code staleRetries} the requests sent again because their pooled connection was already closed;
     * {@code inputTokensPerRequest} and {@code outputTokensPerRequest} are over successful requests;
     * {@code failedStatuses} counts the failed requests by HTTP status (those that got one),
     * {@code rateLimitedAttempts} the 429s among every attempt, retried ones included.
     */
    public record Snapshot(Map<Metric, Distribution> metrics, long attempted, long succeeded,
                           Map<ErrorClass, Long> errorCounts, Map<ErrorClass, List<String>> errorExamples,
                           Map<Integer, Long> failedStatuses, long rateLimitedAttempts,
                           long inputTokens, long outputTokens, long cachedInputTokens, long cacheWriteTokens,
                           long reasoningTokens, String tokenSource, double windowSeconds,
                           Optional<Instant> firstSend, Optional<Instant> lastEnd, double sendRate,
                           Optional<String> warmupWarning,
                           boolean goodputDefined, long good, TokenCounts billedTokens, long billedRequests,
                           long connected, long reused, long staleRetries, Distribution inputTokensPerRequest,
                           Distribution outputTokensPerRequest) {
    }
}
