package dev.latencylens.export;

import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.RequestRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * One monitored benchmark: what its probes measured (TTFT and E2E {@link ProbeWindow}s, requests by outcome, the
 * errors of the last rounds), its baseline, and which of its alerts fire. The probing thread records and judges;
 * {@code /metrics} reads {@link #values()} from its own thread: every method is synchronized.
 */
final class BenchmarkMonitor {

    /** What an alert judges, as the {@code metric} label of {@code lens_alert} names it. */
    enum Judged {
        TTFT, E2E, ERROR_RATE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final BenchmarkDescriptor descriptor;
    private final String id;
    private final ProbeWindow ttft;
    private final ProbeWindow e2e;
    private final long[] attemptedPerRound;
    private final long[] failedPerRound;
    private long attemptedThisRound;
    private long failedThisRound;
    private final Map<String, Long> outcomes = new TreeMap<>();
    private final Map<Judged, Boolean> firing = new EnumMap<>(Judged.class);
    private Optional<DriftBaseline> baseline = Optional.empty();

    BenchmarkMonitor(BenchmarkDescriptor descriptor, int window) {
        this.descriptor = descriptor;
        this.id = BenchmarkResult.idOf(descriptor.name(), Optional.empty());
        this.ttft = new ProbeWindow(window);
        this.e2e = new ProbeWindow(window);
        this.attemptedPerRound = new long[window];
        this.failedPerRound = new long[window];
        outcomes.put("success", 0L);
        for (Judged j : Judged.values()) {
            firing.put(j, false);
        }
    }

    String name() {
        return descriptor.name();
    }

    String id() {
        return id;
    }

    /**
     * Records one finished probe as a run's {@code MetricsRecorder} does: TTFT and E2E of successful requests
     * only, every request counted by outcome ({@code success} or its error class in lower case).
     */
    synchronized void record(RequestRecord r) {
        attemptedThisRound++;
        String outcome = r.errorClass().map(c -> c.name().toLowerCase(Locale.ROOT)).orElse("success");
        outcomes.merge(outcome, 1L, Long::sum);
        if (!r.success()) {
            failedThisRound++;
            return;
        }
        r.ttftMs().ifPresent(ms -> ttft.record(Math.round(ms * 1e6)));
        r.e2eMs().ifPresent(ms -> e2e.record(Math.round(ms * 1e6)));
    }

    /** Ends the round: its histograms (for the interval log) and its counts enter the window. */
    synchronized List<Histogram> closeRound(long startMillis, long endMillis) {
        int slot = ttft.rounds() % attemptedPerRound.length;
        attemptedPerRound[slot] = attemptedThisRound;
        failedPerRound[slot] = failedThisRound;
        attemptedThisRound = 0;
        failedThisRound = 0;
        return List.of(ttft.closeRound(startMillis, endMillis, id + "/ttft"),
                e2e.closeRound(startMillis, endMillis, id + "/e2e"));
    }

    /** Rounds closed so far. */
    synchronized int rounds() {
        return ttft.rounds();
    }

    synchronized Optional<DriftBaseline> baseline() {
        return baseline;
    }

    synchronized void baseline(DriftBaseline b) {
        baseline = Optional.of(b);
    }

    /** The window as a baseline: what the monitor's own first rounds measured. */
    synchronized DriftBaseline windowAsBaseline(String source) {
        long attempted = sum(attemptedPerRound);
        return new DriftBaseline(source, DriftRule.Percentiles.of(ttft.window()),
                DriftRule.Percentiles.of(e2e.window()), attempted == 0 ? 0 : (double) sum(failedPerRound) / attempted);
    }

    /** The window's verdict on each judged figure that has enough samples; none without a baseline. */
    synchronized Map<Judged, DriftRule.Verdict> judge(DriftRule rule) {
        Map<Judged, DriftRule.Verdict> verdicts = new EnumMap<>(Judged.class);
        if (baseline.isEmpty()) {
            return verdicts;
        }
        DriftBaseline b = baseline.get();
        rule.latency(DriftRule.Percentiles.of(ttft.window()), b.ttft()).ifPresent(v -> verdicts.put(Judged.TTFT, v));
        rule.latency(DriftRule.Percentiles.of(e2e.window()), b.e2e()).ifPresent(v -> verdicts.put(Judged.E2E, v));
        rule.errorRate(sum(attemptedPerRound), sum(failedPerRound), b.errorRate())
                .ifPresent(v -> verdicts.put(Judged.ERROR_RATE, v));
        return verdicts;
    }

    /** Sets whether {@code judged}'s alert fires; true when that changed it. */
    synchronized boolean firing(Judged judged, boolean fires) {
        return firing.put(judged, fires) != fires;
    }

    synchronized boolean firing(Judged judged) {
        return firing.get(judged);
    }

    /** Everything since the start, as {@code /metrics} serves it. */
    synchronized BenchmarkValues values() {
        List<HistogramValues> histograms = new ArrayList<>();
        histograms.add(LensResults.values(ExportedMetric.TIME_TO_FIRST_TOKEN, Map.of(), ttft.sinceStart(), 1e9,
                ttft.sinceStartSumNanos() / 1e9));
        histograms.add(LensResults.values(ExportedMetric.OPERATION_DURATION, Map.of(), e2e.sinceStart(), 1e9,
                e2e.sinceStartSumNanos() / 1e9));
        List<BenchmarkValues.Scalar> scalars = new ArrayList<>();
        outcomes.forEach((outcome, n) -> scalars.add(new BenchmarkValues.Scalar(ExportedMetric.REQUESTS,
                Map.of(ExportedMetric.OUTCOME, outcome), n)));
        firing.forEach((judged, fires) -> scalars.add(new BenchmarkValues.Scalar(ExportedMetric.ALERT,
                Map.of(ExportedMetric.ALERTED_METRIC, judged.label()), fires ? 1 : 0)));
        return new BenchmarkValues(descriptor.name(), ExportedMetric.providerName(descriptor.provider()),
                descriptor.model(), Instant.now(), histograms, scalars, new LinkedHashMap<>());
    }

    private static long sum(long[] values) {
        long total = 0;
        for (long v : values) {
            total += v;
        }
        return total;
    }
}
