package dev.latencylens.internal.report;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.ConnectionReuse;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.LoadCheck;
import dev.latencylens.results.RunResult;
import dev.latencylens.internal.engine.SlaCheck;
import dev.latencylens.results.CostSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the report writers of this package read the same way: the steps of a {@code SWEEP} put back together, the
 * latencies an {@code @Sla} judges, the cost and the load self-check as shown to a person.
 *
 * <p><b>Sweeps.</b> The engine reports each step of a sweep as its own result, named {@code <name> [sync]}
 * ({@code SEQUENTIAL}), {@code <name> [max]} ({@code CONCURRENT}) and {@code <name> [2.50 req/s]} ({@code POISSON}),
 * in that order, the last step's warnings holding the capacity at SLO ({@code "sweep: capacity at SLO …"}). A
 * result is a step when its name and pattern fit that scheme; consecutive steps of one name, from a
 * {@code [sync]} step on, are one sweep.
 *
 * <p><b>Judged latencies.</b> In open-loop patterns an {@code @Sla}'s TTFT and E2E bounds apply to TTFT_user
 * ({@code userTtft}) and response time, measured from the intended send time ({@code SlaCheck}); closed-loop
 * results are judged on TTFT and E2E.
 */
final class ReportViews {

    private static final Pattern STEP = Pattern.compile("^(.+) \\[(sync|max|\\d+(?:\\.\\d+)? req/s)]$");
    private static final Pattern CAPACITY = Pattern.compile("capacity at SLO (\\d+(?:\\.\\d+)?) req/s");

    /** The prefix of the warning the engine adds to a sweep's last step. */
    static final String SWEEP_WARNING_PREFIX = "sweep: ";

    private ReportViews() {
    }

    // ---- sweeps -------------------------------------------------------------------------------------------------

    /** One swept benchmark: its steps in run order and where they sit in the run's results. */
    record Sweep(String name, int firstIndex, List<BenchmarkResult> steps) {

        /** The highest achieved rate of a step that met the {@code @Sla}; empty when none did. */
        OptionalDouble capacity() {
            for (String w : steps.get(steps.size() - 1).warnings()) {
                if (w.startsWith(SWEEP_WARNING_PREFIX)) {
                    Matcher m = CAPACITY.matcher(w);
                    if (m.find()) {
                        return OptionalDouble.of(Double.parseDouble(m.group(1)));
                    }
                    if (w.contains("no step")) {
                        return OptionalDouble.empty();
                    }
                }
            }
            // No line from the engine (an interrupted sweep): the same rule over the steps that ran.
            double best = -1;
            for (BenchmarkResult r : steps) {
                if (slaMet(r)) {
                    best = Math.max(best, r.throughput().requestsPerSecond());
                }
            }
            return best < 0 ? OptionalDouble.empty() : OptionalDouble.of(best);
        }

        /** The capacity in a sentence, the engine's when it wrote one. */
        String capacityLine() {
            for (String w : steps.get(steps.size() - 1).warnings()) {
                if (w.startsWith(SWEEP_WARNING_PREFIX)) {
                    return w.substring(SWEEP_WARNING_PREFIX.length());
                }
            }
            OptionalDouble c = capacity();
            return c.isEmpty() ? "no step that ran met the @Sla, so there is no capacity at SLO"
                    : String.format(Locale.ROOT, "capacity at SLO %.2f req/s (the highest achieved rate of a step"
                    + " that met the @Sla, over the %d steps that ran)", c.getAsDouble(), steps.size());
        }
    }

    /**
     * The label of a sweep step ({@code sync}, {@code max}, {@code 2.50 req/s}); empty when {@code b} is not one.
     */
    static Optional<String> stepLabel(BenchmarkResult b) {
        Matcher m = STEP.matcher(b.descriptor().name());
        if (!m.matches()) {
            return Optional.empty();
        }
        String label = m.group(2);
        LoadPattern expected = label.equals("sync") ? LoadPattern.SEQUENTIAL
                : label.equals("max") ? LoadPattern.CONCURRENT : LoadPattern.POISSON;
        return b.descriptor().pattern() == expected ? Optional.of(label) : Optional.empty();
    }

    /** The swept benchmark's name of a step ({@code s} for {@code s [max]}); empty when {@code b} is not a step. */
    static Optional<String> sweepName(BenchmarkResult b) {
        if (stepLabel(b).isEmpty()) {
            return Optional.empty();
        }
        Matcher m = STEP.matcher(b.descriptor().name());
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Every sweep of the run, in run order. */
    static List<Sweep> sweeps(RunResult run) {
        List<Sweep> out = new ArrayList<>();
        List<BenchmarkResult> results = run.benchmarks();
        int i = 0;
        while (i < results.size()) {
            Optional<String> label = stepLabel(results.get(i));
            if (label.isEmpty() || !label.get().equals("sync")) {
                i++;
                continue;
            }
            String name = sweepName(results.get(i)).orElseThrow();
            List<BenchmarkResult> steps = new ArrayList<>();
            steps.add(results.get(i));
            int j = i + 1;
            while (j < results.size() && stepLabel(results.get(j)).filter(l -> !l.equals("sync")).isPresent()
                    && sweepName(results.get(j)).orElseThrow().equals(name)) {
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

    // ---- what an @Sla judges ------------------------------------------------------------------------------------

    static boolean openLoop(BenchmarkResult b) {
        return b.descriptor().pattern().isOpenLoop();
    }

    /** TTFT as the {@code @Sla} judges it: TTFT_user in open-loop patterns, TTFT otherwise. */
    static Distribution judgedTtft(BenchmarkResult b) {
        return Reports.metric(b, openLoop(b) ? "userTtft" : "ttft");
    }

    /** E2E as the {@code @Sla} judges it: response time in open-loop patterns, E2E otherwise. */
    static Distribution judgedE2e(BenchmarkResult b) {
        return Reports.metric(b, openLoop(b) ? "responseTime" : "e2e");
    }

    /** Whether every bound of the {@code @Sla} held (true without bounds), as the build's SLA check decides. */
    static boolean slaMet(BenchmarkResult b) {
        return SlaCheck.violations(b).isEmpty();
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

    /** The warning of an unknown cost, the line the engine also put among the result's warnings. */
    static Optional<String> costWarning(BenchmarkResult b) {
        return b.cost().known() ? Optional.empty() : b.cost().warning();
    }

    /** A cost warning without its leading {@code "cost unknown: "}, for a place that already says so. */
    static String withoutCostPrefix(String warning) {
        String prefix = "cost unknown: ";
        return warning.startsWith(prefix) ? warning.substring(prefix.length()) : warning;
    }

    /** {@code target 2.50 req/s · achieved 2.47 req/s · dispatch lag p99 0.31 ms · GC 3 ms · CPU 12 %}. */
    static String loadFigures(LoadCheck l) {
        List<String> parts = new ArrayList<>();
        parts.add(l.targetRate().isPresent() ? "target " + rate(l.targetRate().getAsDouble())
                : "closed loop (no target rate)");
        parts.add("achieved " + rate(l.achievedRate()));
        l.dispatchLagP99Ms().ifPresent(v -> parts.add("dispatch lag p99 " + Reports.ms(v) + " ms"));
        parts.add("GC " + String.format(Locale.ROOT, "%.0f", l.gcPauseMs()) + " ms");
        if (l.processCpuPercent() >= 0) {
            parts.add("CPU " + String.format(Locale.ROOT, "%.0f", l.processCpuPercent()) + " %");
        }
        return String.join(" · ", parts);
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
        split(parts, b, "TTFT", "ttft", "serverPrompt", "clientOverServerTtft");
        split(parts, b, "E2E", "e2e", "serverTotal", "clientOverServerE2e");
        split(parts, b, "TTFB", "ttfb", "serverProcessing", "clientOverServerTtfb");
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(" · ", parts));
    }

    private static void split(List<String> parts, BenchmarkResult b, String label, String whole, String server,
                              String path) {
        Distribution w = Reports.metric(b, whole);
        Distribution s = Reports.metric(b, server);
        Distribution p = Reports.metric(b, path);
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

    /**
     * The result's warnings less those a report shows in a place of their own: the load self-check's
     * {@code client-limited: …} lines, the sweep's capacity line, and, when {@code dropCost}, the unknown-cost
     * warning.
     */
    static List<String> otherWarnings(BenchmarkResult b, boolean dropCost) {
        List<String> limited = b.load().reasons().stream().map(r -> "client-limited: " + r).toList();
        Optional<String> cost = costWarning(b);
        return b.warnings().stream()
                .filter(w -> !limited.contains(w))
                .filter(w -> !(w.startsWith(SWEEP_WARNING_PREFIX) && stepLabel(b).isPresent()))
                .filter(w -> !(dropCost && cost.isPresent() && w.equals(cost.get())))
                .toList();
    }
}
