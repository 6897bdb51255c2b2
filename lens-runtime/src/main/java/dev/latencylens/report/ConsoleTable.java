package dev.latencylens.report;

import dev.latencylens.api.BenchmarkResult;
import dev.latencylens.api.Distribution;
import dev.latencylens.api.RunResult;
import dev.latencylens.pricing.CostSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The end-of-run summary, one row per benchmark, like JMH's: plain text, aligned, no colours. */
public final class ConsoleTable {

    private static final String[] HEADER = {"Benchmark", "Provider/model", "Pattern", "n", "TTFT p50", "TTFT p95",
            "ICL p50", "E2E p95", "Out tok/s", "Errors", "Cost"};

    private ConsoleTable() {
    }

    public static String render(RunResult run) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (BenchmarkResult b : run.benchmarks()) {
            Distribution ttft = b.metric("ttft");
            rows.add(new String[]{
                    b.descriptor().name(),
                    b.descriptor().provider() + "/" + b.descriptor().model(),
                    b.descriptor().pattern().name(),
                    Long.toString(b.reliability().attempted()),
                    ms(ttft, ttft.p50()),
                    ms(ttft, ttft.p95()),
                    ms(b.metric("icl"), b.metric("icl").p50()),
                    ms(b.metric("e2e"), b.metric("e2e").p95()),
                    String.format(Locale.ROOT, "%.1f", b.throughput().outputTokensPerSecond()),
                    errors(b),
                    b.cost().total().map(c -> b.cost().currency().orElse("") + " "
                            + CostSummary.round(c).toPlainString()).orElse("unknown")});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                boolean left = i < 3;
                String cell = left ? pad(row[i], widths[i], true) : pad(row[i], widths[i], false);
                out.append(i == 0 ? "" : "  ").append(cell);
            }
            out.append('\n');
        }
        out.append("Latencies in ms (TTFT: first content event; ICL: gap between content events; E2E: whole"
                + " request). ").append(run.partial() ? "PARTIAL RUN: interrupted before the end." : "").append('\n');
        return out.toString();
    }

    private static String ms(Distribution d, double value) {
        return d.n() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String errors(BenchmarkResult b) {
        long failed = b.reliability().attempted() - b.reliability().succeeded();
        return failed == 0 ? "0" : String.format(Locale.ROOT, "%d (%.1f%%)", failed,
                100.0 * failed / Math.max(1, b.reliability().attempted()));
    }

    private static String pad(String s, int width, boolean left) {
        String spaces = " ".repeat(width - s.length());
        return left ? s + spaces : spaces + s;
    }
}
