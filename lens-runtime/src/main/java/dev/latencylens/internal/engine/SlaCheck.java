package dev.latencylens.internal.engine;

import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.SlaSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Checks a result against its benchmark's {@code @Sla}. In open-loop patterns TTFT and E2E bounds apply to TTFT_user
 * and response time (from the intended send time), as DESIGN §4 says SLOs must. Latency bounds are checked against the measured
 * distribution's percentile; p99 needs 100 requests, so below that a p99 bound is checked against the max (stricter,
 * never looser). A benchmark without a successful request breaks every latency bound it has.
 */
public final class SlaCheck {

    private SlaCheck() {
    }

    /** One sentence per breached bound; empty when every bound held (or none is set). */
    public static List<String> violations(BenchmarkResult r) {
        SlaSpec sla = r.descriptor().sla();
        List<String> out = new ArrayList<>();
        // Open loop: what a user waits, from the intended send time, queueing included (DESIGN §4).
        boolean open = r.descriptor().pattern().isOpenLoop();
        Distribution ttft = r.metric(open ? "userTtft" : "ttft");
        Distribution e2e = r.metric(open ? "responseTime" : "e2e");
        String t = open ? "TTFT (user)" : "TTFT";
        String e = open ? "response time" : "E2E";
        latency(out, "ttftP50Ms", sla.ttftP50Ms(), ttft, 50, t + " p50");
        latency(out, "ttftP95Ms", sla.ttftP95Ms(), ttft, 95, t + " p95");
        latency(out, "ttftP99Ms", sla.ttftP99Ms(), ttft, 99, t + " p99");
        latency(out, "tpotP95Ms", sla.tpotP95Ms(), r.metric("tpot"), 95, "TPOT p95");
        latency(out, "e2eP95Ms", sla.e2eP95Ms(), e2e, 95, e + " p95");
        latency(out, "e2eP99Ms", sla.e2eP99Ms(), e2e, 99, e + " p99");
        if (sla.maxErrorRate().isPresent()) {
            double errorRate = r.reliability().attempted() == 0 ? 1 : 1 - r.reliability().successRate();
            if (errorRate > sla.maxErrorRate().getAsDouble()) {
                out.add(String.format(Locale.ROOT, "error rate %.2f%% (%d of %d failed) is above maxErrorRate %.2f%%",
                        100 * errorRate, r.reliability().attempted() - r.reliability().succeeded(),
                        r.reliability().attempted(), 100 * sla.maxErrorRate().getAsDouble()));
            }
        }
        if (sla.minOutputTokensPerSecond().isPresent()) {
            double tps = r.throughput().outputTokensPerSecond();
            if (tps < sla.minOutputTokensPerSecond().getAsDouble()) {
                out.add(String.format(Locale.ROOT, "output %.1f tokens/s is below minOutputTokensPerSecond %.1f",
                        tps, sla.minOutputTokensPerSecond().getAsDouble()));
            }
        }
        return out;
    }

    private static void latency(List<String> out, String key, OptionalDouble bound, Distribution d, double percentile,
                                String label) {
        if (bound.isEmpty()) {
            return;
        }
        if (d.n() == 0) {
            out.add(label + ": no successful request to measure, so " + key + " " + fmt(bound.getAsDouble())
                    + " ms cannot hold");
            return;
        }
        boolean tooFew = percentile >= 99 && d.p99().isEmpty();
        double value = tooFew ? d.max() : d.percentileOr(percentile, d.max());
        if (value > bound.getAsDouble()) {
            out.add(label + (tooFew ? " (max: p99 needs 100 requests, " + d.n() + " measured)" : "") + " "
                    + fmt(value) + " ms is above " + key + " " + fmt(bound.getAsDouble()) + " ms");
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
