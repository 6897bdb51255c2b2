package dev.latencylens.internal.engine;

import dev.latencylens.internal.metrics.Histograms;
import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.results.ColdStart;
import dev.latencylens.results.Distribution;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/** Applies {@link ColdStart#RULE} ({@link ColdStartRule}) to a cold probe and the measured TTFT distribution. */
final class ColdStartAnalysis {

    private ColdStartAnalysis() {
    }

    static ColdStart analyse(RequestTrace probe, Distribution steadyTtft) {
        if (probe == null) {
            return ColdStart.notProbed("no cold probe was sent: the run stopped first");
        }
        if (!probe.succeeded()) {
            return ColdStart.notProbed("the cold probe failed (" + probe.errorClass().map(Enum::name).orElse("?")
                    + "): " + probe.errorMessage());
        }
        double ttft = probe.ttftNanos() / 1e6;
        double setup = probe.connectionAcquiredNanos() == RequestTrace.NONE ? 0
                : Math.max(0, probe.connectionAcquiredNanos() - probe.sendNanos()) / 1e6;
        double server = ttft - setup;
        String probeText = String.format(Locale.ROOT, "the first request's TTFT was %.1f ms: %.1f ms connection setup"
                + " (DNS, TCP, TLS) + %.1f ms server side", ttft, setup, server);
        Optional<ColdStartRule.Steady> steady = steadyTtft.n() < ColdStartRule.MIN_STEADY_REQUESTS ? Optional.empty()
                : ColdStartRule.steady(Histograms.decode(steadyTtft.histogram()), steadyTtft.scale());
        OptionalDouble p50 = steadyTtft.n() == 0 ? OptionalDouble.empty() : OptionalDouble.of(steadyTtft.p50());
        OptionalDouble tail = steadyTtft.n() == 0 ? OptionalDouble.empty()
                : OptionalDouble.of(steadyTtft.p99().orElse(steadyTtft.max()));
        OptionalDouble threshold = OptionalDouble.empty();
        OptionalDouble penalty = OptionalDouble.empty();
        boolean detected = false;
        String verdict;
        if (steady.isEmpty()) {
            verdict = String.format(Locale.ROOT, "no verdict: %d successful measured requests, the rule needs %d; %s",
                    steadyTtft.n(), ColdStartRule.MIN_STEADY_REQUESTS, probeText);
        } else {
            ColdStartRule.Steady s = steady.get();
            threshold = OptionalDouble.of(s.boundMs());
            detected = s.coldStart(server);
            String steadyText = String.format(Locale.ROOT, "the bound from %d steady requests is %.1f ms (p50 %.1f"
                    + " ms)", s.n(), s.boundMs(), s.p50Ms());
            if (detected) {
                penalty = OptionalDouble.of(server - s.p50Ms());
                verdict = String.format(Locale.ROOT, "cold start of +%.1f ms on the server: %s; %s",
                        penalty.getAsDouble(), probeText, steadyText);
            } else if (server > s.boundMs()) {
                // Above the bound, yet too small a difference to matter (the floors of ColdStartRule): say so rather
                // than call it "within" the steady state.
                verdict = String.format(Locale.ROOT, "no cold start: %s, above the steady state's bound but by less"
                        + " than %.0f ms or %.1f× its p50: %s", probeText, ColdStartRule.MIN_EXCESS_MS,
                        ColdStartRule.MIN_RATIO, steadyText);
            } else {
                verdict = String.format(Locale.ROOT, "no cold start: %s, within the steady state: %s", probeText,
                        steadyText);
            }
        }
        return new ColdStart(true, OptionalDouble.of(ttft), ms(probe.ttfbNanos()), ms(probe.e2eNanos()),
                ms(probe.dnsNanos()), ms(probe.connectNanos()), ms(probe.tlsNanos()), probe.connectionReused(),
                OptionalDouble.of(setup), OptionalDouble.of(server), steadyTtft.n(), p50, tail, threshold, detected,
                penalty, verdict);
    }

    private static OptionalDouble ms(long nanos) {
        return nanos == RequestTrace.NONE ? OptionalDouble.empty() : OptionalDouble.of(nanos / 1e6);
    }
}
