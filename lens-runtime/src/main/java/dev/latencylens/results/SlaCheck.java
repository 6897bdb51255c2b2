package dev.latencylens.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Judges a result against its benchmark's {@code @Sla}: a pure function of the result, so the engine judges each
 * result once ({@link BenchmarkResult#slaViolations()}) and a tool that merges or re-reads results can judge them
 * again the same way.
 *
 * <p>In open-loop patterns the TTFT and E2E bounds apply to TTFT_user and response time (from the intended send
 * time), as SLOs must (docs/METRICS.md). Latency bounds are checked against the measured distribution's percentile; p99
 * needs 100 requests, so below that a p99 bound is checked against the max (stricter, never looser). A benchmark
 * without a successful request breaks every latency bound it has.
 */
public final class SlaCheck {

    private SlaCheck() {
    }

    /** One violation per breached bound, in the {@code @Sla}'s order; empty when every bound held (or none is set). */
    public static List<SlaViolation> violations(BenchmarkResult r) {
        SlaSpec sla = r.descriptor().sla();
        List<SlaViolation> out = new ArrayList<>();
        // Open loop: what a user waits, from the intended send time, queueing included (docs/METRICS.md).
        boolean open = r.descriptor().pattern().isOpenLoop();
        Distribution ttft = r.metric(judgedTtft(r));
        Distribution e2e = r.metric(judgedE2e(r));
        String t = open ? "TTFT (user)" : "TTFT";
        String e = open ? "response time" : "E2E";
        latency(out, "ttftP50Ms", sla.ttftP50Ms(), ttft, 50, t + " p50");
        latency(out, "ttftP95Ms", sla.ttftP95Ms(), ttft, 95, t + " p95");
        latency(out, "ttftP99Ms", sla.ttftP99Ms(), ttft, 99, t + " p99");
        latency(out, "tpotP95Ms", sla.tpotP95Ms(), r.metric(Metric.TPOT), 95, "TPOT p95");
        latency(out, "e2eP95Ms", sla.e2eP95Ms(), e2e, 95, e + " p95");
        latency(out, "e2eP99Ms", sla.e2eP99Ms(), e2e, 99, e + " p99");
        if (sla.maxErrorRate().isPresent()) {
            double limit = sla.maxErrorRate().getAsDouble();
            double errorRate = r.reliability().attempted() == 0 ? 1 : 1 - r.reliability().successRate();
            if (errorRate > limit) {
                out.add(new SlaViolation("maxErrorRate", limit, OptionalDouble.of(errorRate), String.format(Locale.ROOT,
                        "error rate %.2f%% (%d of %d failed) is above maxErrorRate %.2f%%", 100 * errorRate,
                        r.reliability().attempted() - r.reliability().succeeded(), r.reliability().attempted(),
                        100 * limit)));
            }
        }
        if (sla.minOutputTokensPerSecond().isPresent()) {
            double limit = sla.minOutputTokensPerSecond().getAsDouble();
            double tps = r.throughput().outputTokensPerSecond();
            if (tps < limit) {
                out.add(new SlaViolation("minOutputTokensPerSecond", limit, OptionalDouble.of(tps),
                        String.format(Locale.ROOT, "output %.1f tokens/s is below minOutputTokensPerSecond %.1f",
                                tps, limit)));
            }
        }
        return out;
    }

    /**
     * The verdict on one benchmark from its results: its violations' sentences when it has one result; for a
     * {@code SWEEP} (one result per step), nothing when a step met the {@code @Sla} (the sweep found a capacity at
     * SLO), else one sentence saying no step did. Empty: the benchmark passed.
     */
    public static List<String> breaches(List<BenchmarkResult> resultsOfOneBenchmark) {
        if (resultsOfOneBenchmark.size() <= 1) {
            return resultsOfOneBenchmark.stream().flatMap(r -> r.slaViolations().stream()).map(SlaViolation::message)
                    .toList();
        }
        return resultsOfOneBenchmark.stream().anyMatch(BenchmarkResult::slaMet) ? List.of()
                : List.of("no step of the sweep met it");
    }

    /** The TTFT an {@code @Sla} judges: TTFT_user in open-loop patterns, TTFT otherwise. */
    public static Metric judgedTtft(BenchmarkResult r) {
        return r.descriptor().pattern().isOpenLoop() ? Metric.USER_TTFT : Metric.TTFT;
    }

    /** The E2E an {@code @Sla} judges: response time in open-loop patterns, E2E otherwise. */
    public static Metric judgedE2e(BenchmarkResult r) {
        return r.descriptor().pattern().isOpenLoop() ? Metric.RESPONSE_TIME : Metric.E2E;
    }

    private static void latency(List<SlaViolation> out, String key, OptionalDouble bound, Distribution d,
                                double percentile, String label) {
        if (bound.isEmpty()) {
            return;
        }
        double limit = bound.getAsDouble();
        if (d.n() == 0) {
            out.add(new SlaViolation(key, limit, OptionalDouble.empty(), label + ": no successful request to"
                    + " measure, so " + key + " " + fmt(limit) + " ms cannot hold"));
            return;
        }
        boolean tooFew = percentile >= 99 && d.p99().isEmpty();
        double value = tooFew ? d.max() : d.percentileOr(percentile, d.max());
        if (value > limit) {
            out.add(new SlaViolation(key, limit, OptionalDouble.of(value), label + (tooFew ? " (max: p99 needs 100"
                    + " requests, " + d.n() + " measured)" : "") + " " + fmt(value) + " ms is above " + key + " "
                    + fmt(limit) + " ms"));
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
