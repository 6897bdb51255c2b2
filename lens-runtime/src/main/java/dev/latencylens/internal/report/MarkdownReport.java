package dev.latencylens.internal.report;

import dev.latencylens.internal.metrics.Redactor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.ColdStart;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.AtomicFile;
import dev.latencylens.results.LoadCheck;
import dev.latencylens.results.Metric;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.ShardSummary;
import dev.latencylens.results.SlaSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code summary.md}: the run in GitHub-flavoured Markdown, for a pull-request comment or the job summary of a
 * GitHub Actions run.
 *
 * <pre>{@code
 * Path md = MarkdownReport.write(run, Path.of("target/lens"));
 * MarkdownReport.appendToGithubStepSummary(MarkdownReport.render(run), System.getenv());
 * }</pre>
 *
 * <p>Layout: a title; a "partial run" banner when the run was interrupted; the environment line (Lens version,
 * JVM, OS, cores, host, start and duration: client-side latencies depend on the machine); the summary table, with
 * the console table's columns, the measured and the run cost included ("unknown" when the price table has no row
 * for the model, the reason below the table); then per benchmark a short section: the cold-start verdict, the TTFT
 * percentiles (and for open-loop patterns TTFT (user) and response time, which the {@code @Sla} judges there),
 * goodput when the {@code @Sla} defines it, the load line (target vs achieved rate, the self-check's figures, the
 * client-limited reasons and dropped requests in bold when there are any), cost (the measured requests' and
 * everything billed), warnings, errors by class with up to five example messages, the SLA bounds
 * when there are any. A {@code SWEEP}'s steps are results of their own; before its first step comes a section for
 * the whole sweep: the latency-versus-throughput curve as a table (step, achieved req/s, TTFT p50/p95, E2E p95,
 * SLA met) and the capacity at SLO. A footer has every metric's definition on one line (the README's "Metric
 * definitions" is the full text).
 *
 * <p>Every text that comes from the run (benchmark names, models, error messages, warnings) is escaped: Markdown
 * and HTML punctuation is backslash-escaped, so a message cannot open a link, a tag or a table cell, and line
 * breaks inside a table cell become {@code <br>}. Numbers use {@link Locale#ROOT}; latencies are in ms to three
 * significant digits (one decimal from 10 ms, down to the microsecond below 1 ms), "-" where a value is absent.
 */
public final class MarkdownReport {

    public static final String FILE_NAME = "summary.md";

    /** The environment variable GitHub Actions sets to the job summary file of the current step. */
    public static final String GITHUB_STEP_SUMMARY = "GITHUB_STEP_SUMMARY";

    private static final int MAX_EXAMPLE_CHARS = 300;

    /** One line per metric, the same wording in every report (docs/METRICS.md has the formulas). */
    static final List<String[]> DEFINITIONS = definitions();

    private MarkdownReport() {
    }

    /** Writes {@code directory/summary.md} atomically. */
    public static Path write(RunResult run, Path directory) throws IOException {
        return write(directory, render(run));
    }

    /** Writes {@code rendered}, a run's {@link #render}, as {@code directory/summary.md}. */
    static Path write(Path directory, String rendered) throws IOException {
        return AtomicFile.write(directory.resolve(FILE_NAME), rendered);
    }

    /** The metrics reports define (their {@link Metric#definition()}s), then the other terms of the reports. */
    private static List<String[]> definitions() {
        List<String[]> out = new ArrayList<>();
        for (Metric m : List.of(Metric.TTFT, Metric.TTFO, Metric.ICL, Metric.ITL, Metric.TPOT, Metric.E2E,
                Metric.RESPONSE_TIME, Metric.USER_TTFT)) {
            out.add(new String[]{m.label(), m.definition()});
        }
        out.add(new String[]{"Goodput", "successful requests that met every per-request objective of the @Sla, per"
                + " second of the measured window; good fraction = good / attempted"});
        out.add(new String[]{"Cost", "tokens priced by the price table's row (input, cache read, cache write,"
                + " output), failed requests' tokens included; per 1k successful = total / successful × 1000. Cost"
                + " is the measured requests'; run cost is every request the provider billed: cold probe, warmup,"
                + " measured, cooldown and retried attempts"});
        out.add(new String[]{"Client-limited", "the load self-check: p99 dispatch lag above "
                + fmt0(LoadCheck.MAX_DISPATCH_LAG_P99_MS) + " ms, GC above " + fmt0(LoadCheck.MAX_GC_SHARE_PERCENT)
                + " % of the phase or CPU above " + fmt0(LoadCheck.MAX_CPU_PERCENT) + " % of all cores: the"
                + " client, not the provider, may have set the numbers"});
        out.add(new String[]{"Dropped", "requests a lens.duration open loop had due before its deadline but never"
                + " sent, every slot being busy: they are in no latency"});
        out.add(new String[]{"Out tok/s", "output tokens of successful requests per second of the measured window"});
        out.add(new String[]{"Errors", "failed / attempted requests; 429s (RATE_LIMITED) counted apart"});
        out.add(new String[]{"Cold start", ColdStart.RULE});
        return List.copyOf(out);
    }

    /**
     * Appends {@code markdown} to the file named by {@code GITHUB_STEP_SUMMARY} in {@code env}, creating it if
     * needed; does nothing when the variable is unset or blank (not on GitHub Actions).
     *
     * @param env the environment, {@code System.getenv()} outside tests
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void appendToGithubStepSummary(String markdown, Map<String, String> env) {
        String target = env.get(GITHUB_STEP_SUMMARY);
        if (target == null || target.isBlank()) {
            return;
        }
        String text = markdown.endsWith("\n") ? markdown : markdown + "\n";
        try {
            Files.writeString(Path.of(target), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to " + GITHUB_STEP_SUMMARY + " file " + target, e);
        }
    }

    /** The whole document. */
    public static String render(RunResult run) {
        StringBuilder md = new StringBuilder();
        md.append("# Latency Lens results\n\n");
        if (run.partial()) {
            md.append("> [!WARNING]\n> **Partial run**: interrupted before the end. The figures cover only the"
                    + " requests that finished.\n\n");
        }
        RunResult.Environment env = run.environment();
        md.append("Lens ").append(escape(env.lensVersion())).append(" · ").append(escape(env.jvm())).append(" · ")
                .append(escape(env.os())).append(" · ").append(env.cores()).append(" cores · host ")
                .append(escape(env.host())).append(" · started ").append(Reports.when(run.started())).append(" · ")
                .append(Reports.duration(run));
        run.shard().ifPresent(s -> md.append(" · **shard ").append(s.index()).append(" of ").append(s.count())
                .append("** (its share of the load: merge the shards with lens:merge), clock offset ")
                .append(ReportViews.clockOffset(s)));
        md.append("\n\n");

        if (run.benchmarks().isEmpty()) {
            md.append("No benchmark ran.\n\n");
        } else {
            summaryTable(md, run);
            List<ReportViews.Sweep> sweeps = ReportViews.sweeps(run);
            for (int i = 0; i < run.benchmarks().size(); i++) {
                ReportViews.sweepStartingAt(sweeps, i).ifPresent(s -> sweepSection(md, s));
                section(md, run.benchmarks().get(i));
            }
        }
        footer(md);
        return md.toString();
    }

    private static void summaryTable(StringBuilder md, RunResult run) {
        md.append("| Benchmark | Provider/model | Pattern | n | TTFT p50 | TTFT p95 | ICL p50 | E2E p95 |"
                + " Out tok/s | Errors | Cost | Run cost |\n");
        md.append("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (BenchmarkResult b : run.benchmarks()) {
            Distribution ttft = b.metric(Metric.TTFT);
            Distribution icl = b.metric(Metric.ICL);
            Distribution e2e = b.metric(Metric.E2E);
            md.append("| ").append(cell(b.descriptor().name()))
                    .append(b.partial() ? " (partial)" : "")
                    .append(" | ").append(cell(b.descriptor().provider() + "/" + b.descriptor().model()))
                    .append(" | ").append(b.descriptor().pattern().name())
                    .append(" | ").append(b.reliability().attempted())
                    .append(" | ").append(ms(ttft, ttft.p50()))
                    .append(" | ").append(ms(ttft, ttft.p95()))
                    .append(" | ").append(ms(icl, icl.p50()))
                    .append(" | ").append(ms(e2e, e2e.p95()))
                    .append(" | ").append(String.format(Locale.ROOT, "%.1f", b.throughput().outputTokensPerSecond()))
                    .append(" | ").append(errors(b))
                    .append(" | ").append(ReportViews.costTotal(b.cost()))
                    .append(" | ").append(ReportViews.costTotal(b.runCost()))
                    .append(" |\n");
        }
        md.append("\nLatencies in ms; n = attempted measured requests; cost of the measured requests; run cost of"
                + " every billed request (cold probe, warmup, cooldown and retried attempts included).\n\n");
        // One line per distinct reason of an unknown cost (a sweep's steps share theirs).
        Map<String, List<String>> unknownCost = new LinkedHashMap<>();
        for (BenchmarkResult b : run.benchmarks()) {
            b.cost().whyUnknown().ifPresent(w -> unknownCost.computeIfAbsent(w, k -> new ArrayList<>())
                    .add(b.descriptor().name()));
        }
        unknownCost.forEach((why, names) -> md.append("- **Cost unknown** for ")
                .append(String.join(", ", names.stream().map(MarkdownReport::escape).toList())).append(": ")
                .append(escape(why)).append('\n'));
        if (!unknownCost.isEmpty()) {
            md.append('\n');
        }
    }

    private static void section(StringBuilder md, BenchmarkResult b) {
        md.append("## ").append(escape(b.descriptor().name())).append("\n\n");
        b.allFailed().ifPresent(f -> md.append("> [!CAUTION]\n> **No request succeeded**: ").append(escape(f.message()))
                .append("\n\n"));
        md.append("- **Cold start:** ").append(b.coldStart().detected() ? "**seen** — " : "")
                .append(escape(b.coldStart().verdict())).append('\n');
        Distribution ttft = b.metric(Metric.TTFT);
        md.append("- **Requests:** ").append(b.reliability().succeeded()).append(" of ")
                .append(b.reliability().attempted()).append(" succeeded");
        if (ttft.n() > 0) {
            md.append(" · TTFT p50 ").append(Reports.ms(ttft.p50())).append(" ms, p90 ")
                    .append(Reports.ms(ttft.p90())).append(" ms, p95 ").append(Reports.ms(ttft.p95())).append(" ms");
            if (ttft.p99().isPresent()) {
                md.append(", p99 ").append(Reports.ms(ttft.p99().getAsDouble())).append(" ms");
            }
        }
        md.append('\n');
        if (ReportViews.openLoop(b)) {
            Distribution user = b.metric(Metric.USER_TTFT);
            Distribution response = b.metric(Metric.RESPONSE_TIME);
            md.append("- **From the intended send time** (queueing included; the @Sla judges these): TTFT (user)"
                    + " p50 ").append(ms(user, user.p50())).append(" ms, p95 ").append(ms(user, user.p95()))
                    .append(" ms · response time p95 ").append(ms(response, response.p95())).append(" ms\n");
        }
        if (b.goodput().defined()) {
            md.append("- **Goodput:** ").append(b.goodput().good()).append(" of ").append(b.reliability().attempted())
                    .append(" requests met every per-request objective (")
                    .append(String.format(Locale.ROOT, "%.1f", 100 * b.goodput().goodFraction())).append(" %) · ")
                    .append(String.format(Locale.ROOT, "%.2f", b.goodput().requestsPerSecond()))
                    .append(" good req/s\n");
        }
        ReportViews.serverSplit(b).ifPresent(split -> md.append("- **Server vs path:** ").append(escape(split))
                .append(" (the provider's own timings; the path is network, proxies, queues it does not count and"
                        + " HTTP)\n"));
        md.append("- **Connections:** ").append(escape(ReportViews.connectionFigures(b.connections())));
        b.connections().finding().ifPresent(f -> md.append(" — **").append(escape(f)).append("**"));
        md.append('\n');
        md.append("- **Load:** ").append(escape(ReportViews.loadFigures(b.load())));
        if (b.load().clientLimited()) {
            md.append(" · **client-limited: ")
                    .append(String.join("; ", b.load().reasons().stream().map(MarkdownReport::escape).toList()))
                    .append("**");
        }
        ReportViews.droppedLine(b.load()).ifPresent(d -> md.append(" · **dropped: ").append(escape(d)).append("**"));
        md.append('\n');
        md.append("- **Cost:** ").append(b.cost().known() ? escape(b.cost().describe()) + " (price: "
                + escape(b.cost().priceRow()) + ")"
                : "unknown — " + escape(b.cost().whyUnknown().orElse("no price")))
                .append(" · ").append(escape(ReportViews.runCostLine(b))).append('\n');
        for (String w : b.warnings()) {
            md.append("- **Warning:** ").append(escape(w)).append('\n');
        }
        if (b.partial()) {
            md.append("- **Partial:** stopped before all measured requests were sent.\n");
        }
        SlaSpec sla = b.descriptor().sla();
        if (!sla.isEmpty()) {
            List<String> bounds = new ArrayList<>();
            sla.bounds().forEach((k, v) -> {
                if (v.isPresent()) {
                    bounds.add(slaBound(k, v.getAsDouble()));
                }
            });
            md.append("- **SLA:** ").append(String.join(" · ", bounds)).append('\n');
        }
        if (!b.shards().isEmpty()) {
            md.append("\n| Shard | Host | Requests | Errors | TTFT p50 | TTFT p95 | E2E p50 | E2E p95 | Clock offset"
                    + " | Cold start |\n|--:|---|--:|--:|--:|--:|--:|--:|--:|---|\n");
            for (ShardSummary s : b.shards()) {
                md.append("| ").append(s.shard().index()).append(" | ").append(cell(s.shard().host())).append(" | ")
                        .append(s.attempted()).append(" | ").append(s.errors()).append(" | ")
                        .append(Reports.ms(s.ttftP50Ms())).append(" ms | ").append(Reports.ms(s.ttftP95Ms()))
                        .append(" ms | ").append(Reports.ms(s.e2eP50Ms())).append(" ms | ")
                        .append(Reports.ms(s.e2eP95Ms())).append(" ms | ")
                        .append(ReportViews.clockOffset(s.shard())).append(" | ")
                        .append(cell(s.coldStart().verdict())).append(" |\n");
            }
        }
        if (!b.reliability().errors().isEmpty()) {
            md.append("\n| Error class | Count | Examples |\n|---|--:|---|\n");
            b.reliability().errors().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                List<String> examples = e.getValue().examples().stream().map(MarkdownReport::truncate)
                        .map(MarkdownReport::cell).toList();
                md.append("| ").append(e.getKey().name()).append(" | ").append(e.getValue().count()).append(" | ")
                        .append(String.join("<br>", examples)).append(" |\n");
            });
        }
        md.append('\n');
    }

    /**
     * A swept benchmark: its latency-versus-throughput curve as a table, one row per step, and the capacity at SLO.
     * Open-loop steps are measured from the intended send time, as the {@code @Sla} judges them.
     */
    private static void sweepSection(StringBuilder md, ReportViews.Sweep s) {
        md.append("## ").append(escape(s.name())).append(" — sweep\n\n");
        md.append("Latency vs throughput, one row per step (").append(s.steps().size())
                .append(s.steps().size() == 1 ? " step" : " steps")
                .append("). Achieved req/s: successful requests per second of the step's measured window. Poisson"
                        + " steps are open loop: their TTFT and E2E are TTFT (user) and response time, from the"
                        + " intended send time.");
        boolean noSla = s.steps().get(0).descriptor().sla().isEmpty();
        if (noSla) {
            md.append(" No @Sla bound is set: every step counts as meeting it.");
        }
        md.append("\n\n| Step | Pattern | Achieved req/s | TTFT p50 | TTFT p95 | E2E p95 | SLA met |\n");
        md.append("|---|---|--:|--:|--:|--:|---|\n");
        for (BenchmarkResult r : s.steps()) {
            Distribution ttft = ReportViews.judgedTtft(r);
            Distribution e2e = ReportViews.judgedE2e(r);
            md.append("| ").append(cell(ReportViews.stepLabel(r).orElse(r.descriptor().name())))
                    .append(r.partial() ? " (partial)" : "")
                    .append(" | ").append(r.descriptor().pattern().name())
                    .append(" | ").append(String.format(Locale.ROOT, "%.2f", r.throughput().requestsPerSecond()))
                    .append(" | ").append(ms(ttft, ttft.p50()))
                    .append(" | ").append(ms(ttft, ttft.p95()))
                    .append(" | ").append(ms(e2e, e2e.p95()))
                    .append(" | ").append(r.slaMet() ? "yes" : "**no**")
                    .append(" |\n");
        }
        OptionalDouble capacity = s.capacity();
        md.append('\n').append(capacity.isPresent()
                ? "**Capacity at SLO: " + ReportViews.rate(capacity.getAsDouble()) + "** (the highest achieved rate"
                + " of a step that met the @Sla)"
                : "**No capacity at SLO:** no step met the @Sla").append("\n\n");
    }

    private static void footer(StringBuilder md) {
        md.append("<details><summary>Metric definitions</summary>\n\n");
        for (String[] d : DEFINITIONS) {
            md.append("- **").append(d[0]).append("**: ").append(escape(d[1])).append('\n');
        }
        md.append("- Percentiles are nearest-rank from HdrHistograms (3 significant digits); p99 needs 100 requests,"
                + " p99.9 needs 1000. Only measured (not warmup) requests count; latencies only from successful"
                + " ones.\n");
        md.append("\n</details>\n");
    }

    /** The SLA bound in words, e.g. {@code TTFT p95 ≤ 900 ms}. */
    static String slaBound(String key, double value) {
        return switch (key) {
            case "ttftP50Ms" -> "TTFT p50 ≤ " + Reports.plain(value, 3) + " ms";
            case "ttftP95Ms" -> "TTFT p95 ≤ " + Reports.plain(value, 3) + " ms";
            case "ttftP99Ms" -> "TTFT p99 ≤ " + Reports.plain(value, 3) + " ms";
            case "tpotP95Ms" -> "TPOT p95 ≤ " + Reports.plain(value, 3) + " ms";
            case "e2eP95Ms" -> "E2E p95 ≤ " + Reports.plain(value, 3) + " ms";
            case "e2eP99Ms" -> "E2E p99 ≤ " + Reports.plain(value, 3) + " ms";
            case "maxErrorRate" -> "error rate ≤ " + Reports.plain(value * 100, 3) + " %";
            case "minOutputTokensPerSecond" -> "output tokens/s ≥ " + Reports.plain(value, 3);
            default -> key + " = " + Reports.plain(value, 3);
        };
    }

    private static String fmt0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String ms(Distribution d, double value) {
        return d.n() == 0 ? "-" : Reports.ms(value);
    }

    /** Failed requests, and the 429s among every attempt (retried ones included), which retries can hide. */
    private static String errors(BenchmarkResult b) {
        long failed = Reports.failed(b);
        long limited = b.reliability().rateLimitedAttempts();
        String s = failed == 0 ? "0" : String.format(Locale.ROOT, "%d (%.1f%%)", failed,
                100.0 * failed / Math.max(1, b.reliability().attempted()));
        return limited == 0 ? s : s + ", " + limited + "×429";
    }

    private static String truncate(String s) {
        return s.length() <= MAX_EXAMPLE_CHARS ? s : s.substring(0, MAX_EXAMPLE_CHARS) + "…";
    }

    /**
     * Text safe inside a table cell: {@link #escape} plus line breaks as {@code <br>} (a raw line break would end
     * the row).
     */
    static String cell(String text) {
        String[] lines = text.split("\r\n|\n|\r", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            out.append(i == 0 ? "" : "<br>").append(escape(lines[i]));
        }
        return out.toString();
    }

    /**
     * Text that renders as itself: every character Markdown or inline HTML could read as syntax is
     * backslash-escaped ({@code \|} keeps a table cell closed, {@code \<} keeps a tag from opening), {@code &} is
     * written as an entity, and line breaks become spaces (outside tables a lone line break is a space anyway).
     */
    static String escape(String text) {
        text = Redactor.printable(text); // provider text: no ESC or BEL in a CI log or a terminal pager
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\', '`', '*', '_', '[', ']', '#', '|', '<', '>', '~' -> out.append('\\').append(c);
                case '&' -> out.append("&amp;");
                case '\r', '\n' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
