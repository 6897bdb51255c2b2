package dev.latencylens.export;

import java.util.Locale;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * When {@link Monitor} raises a drift alert. A latency (TTFT or E2E) drifts when the rolling window's p50 or p95
 * leaves the band {@code baseline × (1 ± margin)}, either way: slower is the usual news, but a model that suddenly
 * answers much faster has changed too (a cache, a smaller model behind the same name). The error rate drifts when it
 * rises more than {@code errorMargin} (absolute: 0.05 = 5 points) above the baseline's. Nothing is judged on fewer
 * than {@code minSamples} samples, in the window or in the baseline: with 3 probes a round, p95 of a handful of
 * samples is one request's luck. Percentiles are nearest-rank, each the middle of its HdrHistogram bucket, as the
 * runtime's reports compute them.
 */
final class DriftRule {

    private final double margin;
    private final double errorMargin;
    private final int minSamples;

    DriftRule(double margin, double errorMargin, int minSamples) {
        this.margin = margin;
        this.errorMargin = errorMargin;
        this.minSamples = minSamples;
    }

    int minSamples() {
        return minSamples;
    }

    /** A latency's p50 and p95, in ms, over {@code n} samples. */
    record Percentiles(double p50, double p95, long n) {

        static Percentiles of(Histogram nanos) {
            return new Percentiles(at(nanos, 50), at(nanos, 95), nanos.getTotalCount());
        }

        private static double at(Histogram h, double percentile) {
            return h.getTotalCount() == 0 ? 0 : h.medianEquivalentValue(h.getValueAtPercentile(percentile)) / 1e6;
        }
    }

    /**
     * A judgement: drifted or not, and the sentence that says why.
     *
     * @param statistic the figure that decided ({@code p50}, {@code p95} or {@code error_rate})
     * @param value     the window's value of it (ms, or a fraction for the error rate)
     * @param baseline  the baseline's value of it
     * @param samples   the samples in the window
     */
    record Verdict(boolean drifted, String statistic, double value, double baseline, long samples, String reason) {
    }

    /** The window's latency against the baseline's; empty when either has fewer than {@code minSamples}. */
    Optional<Verdict> latency(Percentiles window, Percentiles baseline) {
        if (window.n() < minSamples || baseline.n() < minSamples) {
            return Optional.empty();
        }
        Verdict p50 = latency("p50", window.p50(), baseline.p50(), window.n());
        Verdict p95 = latency("p95", window.p95(), baseline.p95(), window.n());
        return Optional.of(p95.drifted() || !p50.drifted() ? p95 : p50);
    }

    private Verdict latency(String statistic, double value, double baseline, long n) {
        double change = baseline <= 0 ? 0 : value / baseline - 1;
        boolean drifted = baseline > 0 && Math.abs(change) > margin;
        String reason = String.format(Locale.ROOT, "%s %.1f ms is %.0f %% %s the baseline %.1f ms (margin %.0f %%)",
                statistic, value, Math.abs(change) * 100, change >= 0 ? "above" : "below", baseline, margin * 100);
        return new Verdict(drifted, statistic, value, baseline, n, reason);
    }

    /** The window's error rate against the baseline's; empty when the window has fewer than {@code minSamples}. */
    Optional<Verdict> errorRate(long attempted, long failed, double baseline) {
        if (attempted < minSamples) {
            return Optional.empty();
        }
        double rate = (double) failed / attempted;
        boolean drifted = rate - baseline > errorMargin;
        String reason = String.format(Locale.ROOT, "error rate %.1f %% (%d of %d) against the baseline %.1f %%"
                + " (margin +%.1f points)", rate * 100, failed, attempted, baseline * 100, errorMargin * 100);
        return Optional.of(new Verdict(drifted, "error_rate", rate, baseline, attempted, reason));
    }
}
