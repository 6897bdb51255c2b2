package dev.latencylens.internal.report;

import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.ConnectionReuse;
import dev.latencylens.results.CostSummary;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.LoadCheck;
import dev.latencylens.results.Metric;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.Shard;
import dev.latencylens.results.SlaCheck;
import dev.latencylens.results.SweepStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the report writers of this package read the same way: the steps of a {@code SWEEP} put back together, the
 * latencies an {@code @Sla} judges, the cost and the load self-check as shown to a person. Everything here reads the
 * results' structured fields; nothing parses a text another class wrote.
 *
 * <p><b>Sweeps.</b> The engine reports each step of a sweep as its own result, in order, each knowing its
 * {@link SweepStep}; the last carries the sweep's capacity at SLO. Consecutive steps of one sweep, from its
 * synchronous step on, are one sweep.
 */
final class ReportViews {

    private ReportViews() {
    }

    // ---- sweeps -------------------------------------------------------------------------------------------------

    /** One swept benchmark: its steps in run order and where they sit in the run's results. */
    record Sweep(String name, int firstIndex, List<BenchmarkResult> steps) {

        /** The highest achieved rate of a step that met the {@code @Sla}; empty when none did. */
        OptionalDouble capacity() {
            Optional<SweepStep> last = lastStep();
            if (last.isPresent()) {
                return last.get().capacityAtSlo();
            }
            // No verdict from the engine (results built elsewhere): the same rule over the steps there are.
            return steps.stream().filter(BenchmarkResult::slaMet).mapToDouble(r -> r.throughput().requestsPerSecond())
                    .max();
        }

        /** The capacity in a sentence. */
        String capacityLine() {
            OptionalDouble c = capacity();
            if (lastStep().isPresent()) {
                return ReportViews.capacityLine(c);
            }
            return c.isEmpty() ? "no step that ran met the @Sla, so there is no capacity at SLO"
                    : String.format(Locale.ROOT, "capacity at SLO %.2f req/s (the highest achieved rate of a step"
                    + " that met the @Sla, over the %d steps that ran)", c.getAsDouble(), steps.size());
        }

        private Optional<SweepStep> lastStep() {
            return steps.get(steps.size() - 1).sweepStep().filter(SweepStep::last);
        }
    }

    /** A sweep's capacity at SLO in a sentence, as the engine judged it on its last step. */
    static String capacityLine(OptionalDouble capacity) {
        return capacity.isEmpty() ? "no step met the @Sla, so there is no capacity at SLO"
                : String.format(Locale.ROOT, "capacity at SLO %.2f req/s (the highest achieved rate of a step that"
                + " met the @Sla)", capacity.getAsDouble());
    }

    /** The label of a sweep step ({@code sync}, {@code max}, {@code 2.50 req/s}); empty when {@code b} is not one. */
    static Optional<String> stepLabel(BenchmarkResult b) {
        return b.sweepStep().map(SweepStep::label);
    }

    /** Every sweep of the run, in run order. */
    static List<Sweep> sweeps(RunResult run) {
        List<Sweep> out = new ArrayList<>();
        List<BenchmarkResult> results = run.benchmarks();
        int i = 0;
        while (i < results.size()) {
            Optional<SweepStep> first = results.get(i).sweepStep();
            if (first.isEmpty() || first.get().kind() != SweepStep.Kind.SYNCHRONOUS) {
                i++;
                continue;
            }
            String name = first.get().sweep();
            List<BenchmarkResult> steps = new ArrayList<>();
            steps.add(results.get(i));
            int j = i + 1;
            while (j < results.size() && results.get(j).sweepStep()
                    .filter(s -> s.kind() != SweepStep.Kind.SYNCHRONOUS && s.sweep().equals(name)).isPresent()) {
                steps.add(results.get(j));
                j++;
            }
            out.add(new Sweep(name, i, List.copyOf(steps)));
            i = j;
        }
        return out;
    }

    /** The sweep whose first step is result {@code index} of the run, if any. */
    static Optional<Sweep> sweepStartingAt(List<Sweep> sweeps, int index) {
        return sweeps.stream().filter(s -> s.firstIndex() == index).findFirst();
    }

    /** Whether result {@code index} of the run is a step of one of {@code sweeps}. */
    static boolean inSweep(List<Sweep> sweeps, int index) {
        return sweeps.stream().anyMatch(s -> index >= s.firstIndex() && index < s.firstIndex() + s.steps().size());
    }

    // ---- what an @Sla judges ------------------------------------------------------------------------------------

    static boolean openLoop(BenchmarkResult b) {
        return b.descriptor().pattern().isOpenLoop();
    }

    /** TTFT as the {@code @Sla} judges it: TTFT_user in open-loop patterns, TTFT otherwise. */
    static Distribution judgedTtft(BenchmarkResult b) {
        return b.metric(SlaCheck.judgedTtft(b));
    }

    /** E2E as the {@code @Sla} judges it: response time in open-loop patterns, E2E otherwise. */
    static Distribution judgedE2e(BenchmarkResult b) {
        return b.metric(SlaCheck.judgedE2e(b));
    }

    /**
     * What the {@code @Sla} bound {@code key} is compared with, as reports show it beside the bound: a latency
     * percentile in ms (of TTFT (user) and response time in open-loop patterns), the error rate (0–1) or output
     * tokens/s; empty when the run has no such value (no successful request, or a p99 from fewer than 100).
     */
    static OptionalDouble measured(BenchmarkResult b, String key) {
        Distribution ttft = judgedTtft(b);
        Distribution tpot = b.metric(Metric.TPOT);
        Distribution e2e = judgedE2e(b);
        return switch (key) {
            case "ttftP50Ms" -> present(ttft, ttft.p50());
            case "ttftP95Ms" -> present(ttft, ttft.p95());
            case "ttftP99Ms" -> ttft.p99();
            case "tpotP95Ms" -> present(tpot, tpot.p95());
            case "e2eP95Ms" -> present(e2e, e2e.p95());
            case "e2eP99Ms" -> e2e.p99();
            case "maxErrorRate" -> b.reliability().attempted() == 0 ? OptionalDouble.empty()
                    : OptionalDouble.of(1 - b.reliability().successRate());
            case "minOutputTokensPerSecond" -> OptionalDouble.of(b.throughput().outputTokensPerSecond());
            default -> OptionalDouble.empty();
        };
    }

    private static OptionalDouble present(Distribution d, double v) {
        return d.n() == 0 ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    // ---- cost and load ------------------------------------------------------------------------------------------

    /** An amount as reports show it: 4 decimals, half-even ({@link CostSummary#round}). */
    static String amount(java.math.BigDecimal value) {
        return CostSummary.round(value).toPlainString();
    }

    /** {@code 0.0123 USD}, or {@code unknown}. */
    static String costTotal(CostSummary c) {
        return c.total().map(t -> amount(t) + c.currency().map(cur -> " " + cur).orElse("")).orElse("unknown");
    }

    /**
     * The run cost beside the measured one: {@code run cost 0.0150 USD for 27 billed requests (cold probe, warmup,
     * cooldown and retried attempts included)}.
     */
    static String runCostLine(BenchmarkResult b) {
        CostSummary run = b.runCost();
        return "run cost " + costTotal(run) + " for " + run.requests() + " billed "
                + (run.requests() == 1 ? "request" : "requests") + " (cold probe, warmup, cooldown and retried"
                + " attempts included)";
    }

    /** {@code target 2.50 req/s · achieved 2.47 req/s · dispatch lag p99 0.31 ms · GC 3 ms · CPU 12 %}. */
    static String loadFigures(LoadCheck l) {
        List<String> parts = new ArrayList<>();
        parts.add(l.targetRate().isPresent() ? "target " + rate(l.targetRate().getAsDouble())
                : "closed loop (no target rate)");
        parts.add("achieved " + rate(l.achievedRate()));
        if (l.dropped() > 0) {
            parts.add(l.dropped() + " dropped");
        }
        l.dispatchLagP99Ms().ifPresent(v -> parts.add("dispatch lag p99 " + Reports.ms(v) + " ms"));
        parts.add("GC " + String.format(Locale.ROOT, "%.0f", l.gcPauseMs()) + " ms");
        if (l.processCpuPercent() >= 0) {
            parts.add("CPU " + String.format(Locale.ROOT, "%.0f", l.processCpuPercent()) + " %");
        }
        return String.join(" · ", parts);
    }

    /**
     * What dropped requests mean, when there were any: {@code 12 requests were due before the lens.duration deadline
     * but never sent (every slot was busy): they are in no latency, so the tail users would see is worse}.
     */
    static Optional<String> droppedLine(LoadCheck l) {
        if (l.dropped() == 0) {
            return Optional.empty();
        }
        return Optional.of(l.dropped() + (l.dropped() == 1 ? " request was" : " requests were") + " due before the"
                + " lens.duration deadline but never sent (every slot was busy): they are in no latency, so the"
                + " tail users would see is worse");
    }

    // ---- the server's account and the connections ------------------------------------------------------------

    /**
     * Each client latency the provider's own figures split, as medians: {@code TTFT p50 812.0 ms = server 640.0 ms
     * + path 172.0 ms}, and likewise E2E (against the server's total) and TTFB (against its processing time),
     * joined by {@code " · "}; empty when the provider reported none. The medians of the parts need not add up to
     * the median of the whole exactly: each is the median of its own per-request values.
     */
    static Optional<String> serverSplit(BenchmarkResult b) {
        List<String> parts = new ArrayList<>();
        split(parts, b, "TTFT", Metric.TTFT, Metric.SERVER_PROMPT, Metric.CLIENT_OVER_SERVER_TTFT);
        split(parts, b, "E2E", Metric.E2E, Metric.SERVER_TOTAL, Metric.CLIENT_OVER_SERVER_E2E);
        split(parts, b, "TTFB", Metric.TTFB, Metric.SERVER_PROCESSING, Metric.CLIENT_OVER_SERVER_TTFB);
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(" · ", parts));
    }

    private static void split(List<String> parts, BenchmarkResult b, String label, Metric whole, Metric server,
                              Metric path) {
        Distribution w = b.metric(whole);
        Distribution s = b.metric(server);
        Distribution p = b.metric(path);
        if (w.n() > 0 && s.n() > 0 && p.n() > 0) {
            parts.add(label + " p50 " + Reports.ms(w.p50()) + " ms = server " + Reports.ms(s.p50()) + " ms + path "
                    + Reports.ms(p.p50()) + " ms");
        }
    }

    /** {@code 97.0 % of 100 requests on a reused connection, 0 stale retries}. */
    static String connectionFigures(ConnectionReuse c) {
        return String.format(Locale.ROOT, "%.1f %% of %d requests on a reused connection, %d stale %s",
                100 * c.reuseRate(), c.requests(), c.staleRetries(), c.staleRetries() == 1 ? "retry" : "retries");
    }

    /** {@code 2.47 req/s}. */
    static String rate(double requestsPerSecond) {
        return String.format(Locale.ROOT, "%.2f req/s", requestsPerSecond);
    }

    /** A shard's clock offset from its provider, {@code +1500 ms (±500)}; {@code unknown} without one. */
    static String clockOffset(Shard shard) {
        return shard.clockOffsetMs().isPresent()
                ? String.format(Locale.ROOT, "%+.0f ms (±500)", shard.clockOffsetMs().getAsDouble()) : "unknown";
    }
}
