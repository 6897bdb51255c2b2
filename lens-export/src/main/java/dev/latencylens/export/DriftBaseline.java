package dev.latencylens.export;

import dev.latencylens.internal.regression.Baseline;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.Metric;
import java.util.Locale;

/**
 * What one benchmark's windows are judged against: TTFT and E2E percentiles and the error rate, from a previous
 * run's {@code results.json} (read by the runtime's {@link Baseline}) or from the monitor's own first rounds.
 *
 * @param source where it comes from, as the log says it
 */
record DriftBaseline(String source, DriftRule.Percentiles ttft, DriftRule.Percentiles e2e, double errorRate) {

    /** One benchmark of a baseline file (its measured phase). */
    static DriftBaseline of(Baseline.Entry entry, String file) {
        Baseline.Reliability r = entry.reliability();
        double errorRate = r.attempted() == 0 ? 0 : 1 - (double) r.succeeded() / r.attempted();
        return new DriftBaseline(file, percentiles(entry, Metric.TTFT), percentiles(entry, Metric.E2E), errorRate);
    }

    private static DriftRule.Percentiles percentiles(Baseline.Entry entry, Metric metric) {
        Distribution d = entry.metric(metric).orElse(Distribution.empty("ms"));
        return new DriftRule.Percentiles(d.p50(), d.p95(), d.n());
    }

    /** How the log states it: source, sample counts and the figures. */
    String describe() {
        return String.format(Locale.ROOT, "%s: TTFT p50 %.1f ms p95 %.1f ms (n=%d), E2E p50 %.1f ms p95 %.1f ms"
                        + " (n=%d), error rate %.1f %%", source, ttft.p50(), ttft.p95(), ttft.n(), e2e.p50(), e2e.p95(),
                e2e.n(), errorRate * 100);
    }
}
