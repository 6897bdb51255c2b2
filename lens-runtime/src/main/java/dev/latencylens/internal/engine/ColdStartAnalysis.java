package dev.latencylens.internal.engine;

import dev.latencylens.results.ColdStart;
import dev.latencylens.results.Distribution;
import dev.latencylens.internal.metrics.RequestTrace;
import java.util.Locale;
import java.util.OptionalDouble;

/** Applies {@link ColdStart#RULE} to a cold probe and the measured TTFT distribution. */
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
        double ttft = ms(probe.ttftNanos()).orElse(0);
        OptionalDouble p50 = OptionalDouble.empty();
        OptionalDouble tail = OptionalDouble.empty();
        boolean detected = false;
        OptionalDouble penalty = OptionalDouble.empty();
        String verdict;
        if (steadyTtft.n() == 0) {
            verdict = "no steady state to compare with: no measured request succeeded";
        } else {
            p50 = OptionalDouble.of(steadyTtft.p50());
            tail = OptionalDouble.of(steadyTtft.p99().orElse(steadyTtft.max()));
            detected = ttft > tail.getAsDouble() && ttft > 1.5 * steadyTtft.p50();
            if (detected) {
                penalty = OptionalDouble.of(ttft - steadyTtft.p50());
                verdict = String.format(Locale.ROOT, "cold start of +%.1f ms: the first request's TTFT was %.1f ms,"
                        + " steady p50 %.1f ms, %s %.1f ms", penalty.getAsDouble(), ttft, steadyTtft.p50(),
                        steadyTtft.p99().isPresent() ? "p99" : "max", tail.getAsDouble());
            } else {
                verdict = String.format(Locale.ROOT, "no cold start: the first request's TTFT of %.1f ms is within"
                        + " the steady state (p50 %.1f ms, %s %.1f ms)", ttft, steadyTtft.p50(),
                        steadyTtft.p99().isPresent() ? "p99" : "max", tail.getAsDouble());
            }
        }
        return new ColdStart(true, OptionalDouble.of(ttft), ms(probe.ttfbNanos()), ms(probe.e2eNanos()),
                ms(probe.dnsNanos()), ms(probe.connectNanos()), ms(probe.tlsNanos()), probe.connectionReused(),
                p50, tail, detected, penalty, verdict);
    }

    private static OptionalDouble ms(long nanos) {
        return nanos == RequestTrace.NONE ? OptionalDouble.empty() : OptionalDouble.of(nanos / 1e6);
    }
}
