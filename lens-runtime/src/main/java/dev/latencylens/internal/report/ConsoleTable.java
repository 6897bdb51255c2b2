package dev.latencylens.internal.report;

import dev.latencylens.internal.metrics.Redactor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.CostSummary;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.Metric;
import dev.latencylens.results.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The end-of-run summary, one row per benchmark, like JMH's: plain text, aligned, no colours.
 *
 * <p>A {@code SWEEP} shows as a header row ({@code s  SWEEP, 4 steps}) followed by one indented row per step
 * ({@code   [sync]}, {@code   [max]}, {@code   [2.50 req/s]}), each with its achieved rate in the {@code Req/s}
 * column: read down the steps, that column and the latencies are the latency-versus-throughput curve. Below the
 * table: a {@code SWEEP <name>: capacity at SLO …} line per sweep, and a {@code CLIENT-LIMITED: <reasons> (<name>)}
 * line per result the load self-check marked client-limited (its numbers may be the client's, not the
 * provider's), and a {@code DROPPED <name>: …} line per result whose {@code lens.duration} open loop could not send
 * every request it had due. Where the provider reports its own timings, a {@code SERVER <name>: TTFT p50 812.0 ms =
 * server 640.0 ms + path 172.0 ms} line says whether the model or the path to it is slow; where the server does not
 * keep its connections, a {@code CONNECTIONS <name>: the server closes keep-alive connections: …} line says what that
 * cost. {@code Cost} is the measured requests'; {@code Run cost} everything billed, cold probe, warmup, cooldown and
 * retried attempts included.
 */
public final class ConsoleTable {

    private static final String[] HEADER = {"Benchmark", "Provider/model", "Pattern", "n", "Req/s", "TTFT p50",
            "TTFT p95", "ICL p50", "E2E p95", "Out tok/s", "Errors", "Cost", "Run cost"};
    private static final int LEFT_COLUMNS = 3;
    private static final String STEP_INDENT = "  ";

    private ConsoleTable() {
    }

    public static String render(RunResult run) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        List<ReportViews.Sweep> sweeps = ReportViews.sweeps(run);
        for (int i = 0; i < run.benchmarks().size(); i++) {
            BenchmarkResult b = run.benchmarks().get(i);
            Optional<ReportViews.Sweep> sweep = ReportViews.sweepStartingAt(sweeps, i);
            if (sweep.isPresent()) {
                String[] head = new String[HEADER.length];
                java.util.Arrays.fill(head, "");
                head[0] = sweep.get().name();
                head[1] = b.descriptor().provider() + "/" + b.descriptor().model();
                head[2] = "SWEEP, " + sweep.get().steps().size() + (sweep.get().steps().size() == 1 ? " step"
                        : " steps");
                rows.add(head);
            }
            Optional<String> step = ReportViews.inSweep(sweeps, i) ? ReportViews.stepLabel(b) : Optional.empty();
            Distribution ttft = b.metric(Metric.TTFT);
            rows.add(new String[]{
                    step.map(l -> STEP_INDENT + "[" + l + "]").orElse(b.descriptor().name()),
                    step.isPresent() ? "" : b.descriptor().provider() + "/" + b.descriptor().model(),
                    b.descriptor().pattern().name(),
                    Long.toString(b.reliability().attempted()),
                    String.format(Locale.ROOT, "%.2f", b.throughput().requestsPerSecond()),
                    ms(ttft, ttft.p50()),
                    ms(ttft, ttft.p95()),
                    ms(b.metric(Metric.ICL), b.metric(Metric.ICL).p50()),
                    ms(b.metric(Metric.E2E), b.metric(Metric.E2E).p95()),
                    String.format(Locale.ROOT, "%.1f", b.throughput().outputTokensPerSecond()),
                    errors(b),
                    cost(b.cost()),
                    cost(b.runCost())});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == 0 ? "" : "  ").append(pad(row[i], widths[i], i < LEFT_COLUMNS));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        out.append("Latencies in ms (TTFT: first content event; ICL: gap between content events; E2E: whole"
                + " request); Req/s: successful requests per second; Errors: failed requests (N×429: the HTTP 429s"
                + " of every attempt, retried ones included); Cost: the measured requests, Run cost: every billed"
                + " request (cold probe, warmup, cooldown, retries). ")
                .append(run.partial() ? "PARTIAL RUN: interrupted before the end." : "").append('\n');
        for (ReportViews.Sweep s : sweeps) {
            out.append("SWEEP ").append(s.name()).append(": ").append(s.capacityLine()).append('\n');
        }
        for (BenchmarkResult b : run.benchmarks()) {
            b.allFailed().ifPresent(f -> out.append("FAILED ").append(b.descriptor().name()).append(": ")
                    .append(Redactor.printable(f.message())).append('\n'));
        }
        for (BenchmarkResult b : run.benchmarks()) {
            ReportViews.serverSplit(b).ifPresent(split -> out.append("SERVER ").append(b.descriptor().name())
                    .append(": ").append(split).append('\n'));
            b.connections().finding().ifPresent(finding -> out.append("CONNECTIONS ").append(b.descriptor().name())
                    .append(": ").append(finding).append(" (")
                    .append(ReportViews.connectionFigures(b.connections())).append(")\n"));
            ReportViews.droppedLine(b.load()).ifPresent(dropped -> out.append("DROPPED ")
                    .append(b.descriptor().name()).append(": ").append(dropped).append('\n'));
            if (b.load().clientLimited()) {
                String reasons = b.load().reasons().isEmpty() ? "the load self-check failed"
                        : String.join("; ", b.load().reasons());
                out.append("CLIENT-LIMITED: ").append(reasons).append(" (").append(b.descriptor().name())
                        .append(")\n");
            }
        }
        return out.toString();
    }

    private static String cost(CostSummary c) {
        return c.total().map(t -> c.currency().orElse("") + " " + ReportViews.amount(t)).orElse("unknown");
    }

    private static String ms(Distribution d, double value) {
        return d.n() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    /** Failed requests, and the 429s among every attempt (retried ones included), which retries can hide. */
    private static String errors(BenchmarkResult b) {
        long failed = b.reliability().attempted() - b.reliability().succeeded();
        long limited = b.reliability().rateLimitedAttempts();
        String s = failed == 0 ? "0" : String.format(Locale.ROOT, "%d (%.1f%%)", failed,
                100.0 * failed / Math.max(1, b.reliability().attempted()));
        return limited == 0 ? s : s + ", " + limited + "×429";
    }

    private static String pad(String s, int width, boolean left) {
        String spaces = " ".repeat(width - s.length());
        return left ? s + spaces : spaces + s;
    }
}
