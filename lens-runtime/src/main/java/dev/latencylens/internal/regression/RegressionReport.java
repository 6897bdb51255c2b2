package dev.latencylens.internal.regression;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latencylens.internal.html.Html;
import dev.latencylens.results.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The outcome of {@link RegressionAnalysis#compare}: every benchmark's metrics against the baseline, and the
 * writers for people ({@link #toMarkdown()}, {@link #toHtmlSection()}), tools ({@link #toJson()}) and build
 * failures ({@link #regressionLines()}). Immutable.
 */
public final class RegressionReport {

    public static final String MARKDOWN_FILE = "regression.md";
    public static final String JSON_FILE = "regression.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Optional<Path> baselinePath;
    private final List<Baseline.Run> baselineRuns;
    private final List<Path> ignored;
    private final Instant currentStarted;
    private final double threshold;
    private final double alpha;
    private final List<BenchmarkComparison> benchmarks;

    RegressionReport(Baseline baseline, Instant currentStarted, double threshold, double alpha,
                     List<BenchmarkComparison> benchmarks) {
        this.baselinePath = baseline.path();
        this.baselineRuns = baseline.runs();
        this.ignored = baseline.ignored();
        this.currentStarted = currentStarted;
        this.threshold = threshold;
        this.alpha = alpha;
        this.benchmarks = List.copyOf(benchmarks);
    }

    /** The baseline file or directory; empty when the baseline was a run in memory. */
    public Optional<Path> baselinePath() {
        return baselinePath;
    }

    /** When the baseline's most recent run started. */
    public Instant baselineStarted() {
        return baselineRuns.get(0).started();
    }

    /** The runs merged into the baseline, most recent first. */
    public List<Baseline.Run> baselineRuns() {
        return baselineRuns;
    }

    public Instant currentStarted() {
        return currentStarted;
    }

    public double threshold() {
        return threshold;
    }

    /** One minus the confidence of each end of an interval; the error-rate test's significance level. */
    public double alpha() {
        return alpha;
    }

    /** This run's benchmarks in run order (compared or new), then the missing ones in the baseline's order. */
    public List<BenchmarkComparison> benchmarks() {
        return benchmarks;
    }

    public Optional<BenchmarkComparison> benchmark(String id) {
        return benchmarks.stream().filter(b -> b.id().equals(id)).findFirst();
    }

    public boolean hasRegressions() {
        return count(Verdict.REGRESSED) > 0;
    }

    /** Metrics with this verdict, over every benchmark. */
    public long count(Verdict verdict) {
        return benchmarks.stream().mapToLong(b -> b.count(verdict)).sum();
    }

    public long count(BenchmarkComparison.Status status) {
        return benchmarks.stream().filter(b -> b.status() == status).count();
    }

    /** One line per regressed metric, e.g. "Sample.x ttft p95: 120.0 ms → 180.0 ms (+50.0%, p<0.0001)". */
    public List<String> regressionLines() {
        return benchmarks.stream()
                .flatMap(b -> b.regressions().stream().map(m -> m.line(b.id())))
                .toList();
    }

    /** "2 regressed, 1 improved, 20 unchanged, 3 inconclusive in 2 compared benchmarks; 1 new, 0 missing". */
    public String summary() {
        Map<Verdict, Long> counts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            counts.put(v, count(v));
        }
        return (hasRegressions() ? "REGRESSED: " : "No regressions: ") + counts.get(Verdict.REGRESSED) + " regressed, "
                + counts.get(Verdict.IMPROVED) + " improved, " + counts.get(Verdict.UNCHANGED) + " unchanged, "
                + counts.get(Verdict.INCONCLUSIVE) + " inconclusive in "
                + count(BenchmarkComparison.Status.COMPARED) + " compared benchmarks; "
                + count(BenchmarkComparison.Status.NEW) + " new, " + count(BenchmarkComparison.Status.MISSING)
                + " missing";
    }

    /** "baseline/results.json, run started 2025-01-01T10:00:00Z", or "3 runs merged from baseline (...)". */
    private String baselineDescription() {
        String where = baselinePath.map(Path::toString).orElse("(in memory)");
        if (baselineRuns.size() == 1) {
            return where + ", run started " + baselineRuns.get(0).started();
        }
        return baselineRuns.size() + " runs merged from " + where + ", started " + String.join(", ",
                baselineRuns.stream().map(r -> r.started().toString()).toList());
    }

    private String rule() {
        String t = Format.percent(threshold);
        String bound = Format.percent(1 - alpha);
        return "Each metric's change has an interval whose ends are one-sided " + bound + " confidence bounds: a"
                + " metric REGRESSED (IMPROVED) when the whole interval is worse (better) than " + t + ", UNCHANGED"
                + " when the change is within " + t + ", INCONCLUSIVE otherwise. Latency percentiles:"
                + " each run's distribution-free bounds of that percentile (order statistics; ICL: one value per"
                + " request), combined by MOVER on the log scale; at least " + RegressionAnalysis.MIN_SAMPLES
                + " samples a side, p99 only with 100. Output tokens/s and"
                + " requests/s: normal on the log scale from the coefficients of variation of E2E and of output"
                + " tokens per request. Cost per 1k: normal on the log scale, the per-request cost's CV bounded by"
                + " the larger of the input and output tokens' CVs. Error rate: change in percentage points against"
                + " max(" + t + " of the baseline rate, " + Format.number(RegressionAnalysis.MIN_ERROR_RATE_MARGIN
                * 100) + " pp), two-proportion z-test (Fisher's exact test for small counts), p < " + alpha + ".";
    }

    // ---- Markdown

    /** GitHub-flavoured Markdown: the summary first, then a table per compared benchmark. */
    public String toMarkdown() {
        StringBuilder s = new StringBuilder("# Latency Lens regression report\n\n");
        s.append("**").append(summary()).append("**\n\n");
        s.append("Baseline: ").append(md(baselineDescription())).append("; this run started ")
                .append(currentStarted).append(". Threshold ").append(Format.percent(threshold))
                .append(", confidence ").append(Format.percent(1 - alpha)).append(" per bound.\n");
        if (!ignored.isEmpty()) {
            s.append("\nIgnored in the baseline directory (not results files): ").append(md(String.join(", ",
                    ignored.stream().map(p -> p.getFileName().toString()).toList()))).append(".\n");
        }
        List<String> lines = regressionLines();
        if (!lines.isEmpty()) {
            s.append("\nRegressions:\n\n");
            lines.forEach(l -> s.append("- ").append(md(l)).append('\n'));
        }
        for (BenchmarkComparison b : benchmarks) {
            if (b.status() != BenchmarkComparison.Status.COMPARED) {
                continue;
            }
            s.append("\n## ").append(md(b.id())).append(" (").append(md(b.model())).append(" @ ")
                    .append(md(b.provider())).append(")\n\n");
            b.notes().forEach(n -> s.append("> ").append(md(n)).append("\n\n"));
            if (b.metrics().isEmpty()) {
                s.append("Nothing to compare.\n");
                continue;
            }
            s.append("| metric | baseline | current | change | ").append(intervalHeader())
                    .append(" | p-value | verdict | why |\n");
            s.append("|---|---:|---:|---:|---:|---:|---|---|\n");
            for (MetricComparison m : b.metrics()) {
                s.append("| ").append(md(m.label())).append(" | ").append(md(Format.value(m.baseline(), m.unit())))
                        .append(" | ").append(md(Format.value(m.current(), m.unit()))).append(" | ")
                        .append(md(Format.change(m))).append(" | ").append(md(Format.intervalCell(m))).append(" | ")
                        .append(md(pCell(m.pValue()))).append(" | ")
                        .append(m.verdict() == Verdict.REGRESSED ? "**REGRESSED**" : m.verdict().name())
                        .append(" | ").append(md(m.reason())).append(" |\n");
            }
        }
        appendOthers(s, BenchmarkComparison.Status.NEW, "New in this run (no baseline)");
        appendOthers(s, BenchmarkComparison.Status.MISSING, "Missing from this run");
        s.append("\n---\n\n").append(md(rule())).append('\n');
        return s.toString();
    }

    private void appendOthers(StringBuilder s, BenchmarkComparison.Status status, String title) {
        List<BenchmarkComparison> list = benchmarks.stream().filter(b -> b.status() == status).toList();
        if (list.isEmpty()) {
            return;
        }
        s.append("\n## ").append(title).append("\n\n");
        list.forEach(b -> s.append("- ").append(md(b.id())).append(" (").append(md(b.model())).append(" @ ")
                .append(md(b.provider())).append(")\n"));
    }

    /** "98% interval": the two one-sided bounds together. */
    private String intervalHeader() {
        return Format.percent(1 - 2 * alpha) + " interval";
    }

    private static String pCell(OptionalDouble p) {
        return p.isPresent() ? Format.pValue(p.getAsDouble()).substring(1).replace("=", "") : "";
    }

    /** Markdown-safe text for a table cell or line: no pipes or line breaks, and no emphasis or HTML. */
    static String md(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '|', '\\', '*', '_', '`', '[', ']', '<', '>' -> s.append('\\').append(ch);
                case '\n', '\r', '\t' -> s.append(' ');
                default -> s.append(ch);
            }
        }
        return s.toString();
    }

    // ---- JSON

    /**
     * The report as a tree: {@code {"baseline": {"path", "started", "runs": [{"path", "started", "partial"}],
     * "ignored"}, "current": {"started"}, "threshold", "alpha", "summary", "benchmarks": [{"id", "name", "provider",
     * "model", "status", "baselineRuns", "notes", "metrics": [{"metric", "statistic", "unit", "baseline",
     * "current", "relativeChange", "absoluteChange", "intervalLow", "intervalHigh", "pValue", "test", "verdict",
     * "reason"}]}], "regressions"}}}. Values are raw (fractions, ms); absent ones are null. {@code started} is the
     * most recent baseline run's; the interval's ends are relative changes, each a one-sided {@code 1 − alpha}
     * confidence bound.
     */
    public ObjectNode toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode baseline = root.putObject("baseline");
        if (baselinePath.isPresent()) {
            baseline.put("path", baselinePath.get().toString());
        } else {
            baseline.putNull("path");
        }
        baseline.put("started", baselineStarted().toString());
        ArrayNode runs = baseline.putArray("runs");
        for (Baseline.Run r : baselineRuns) {
            ObjectNode run = runs.addObject();
            if (r.path().isPresent()) {
                run.put("path", r.path().get().toString());
            } else {
                run.putNull("path");
            }
            run.put("started", r.started().toString());
            run.put("partial", r.partial());
        }
        ArrayNode skipped = baseline.putArray("ignored");
        ignored.forEach(p -> skipped.add(p.toString()));
        root.putObject("current").put("started", currentStarted.toString());
        root.put("threshold", threshold);
        root.put("alpha", alpha);
        root.put("summary", summary());
        ArrayNode list = root.putArray("benchmarks");
        for (BenchmarkComparison b : benchmarks) {
            ObjectNode n = list.addObject();
            n.put("id", b.id());
            n.put("name", b.name());
            n.put("provider", b.provider());
            n.put("model", b.model());
            n.put("status", b.status().jsonName());
            n.put("baselineRuns", b.baselineRuns());
            ArrayNode notes = n.putArray("notes");
            b.notes().forEach(notes::add);
            ArrayNode metrics = n.putArray("metrics");
            for (MetricComparison m : b.metrics()) {
                ObjectNode o = metrics.addObject();
                o.put("metric", m.metric());
                o.put("statistic", m.statistic());
                o.put("unit", m.unit());
                number(o, "baseline", m.baseline());
                number(o, "current", m.current());
                number(o, "relativeChange", m.relativeChange());
                number(o, "absoluteChange", m.absoluteChange());
                number(o, "intervalLow", m.intervalLow());
                number(o, "intervalHigh", m.intervalHigh());
                number(o, "pValue", m.pValue());
                if (m.test().isEmpty()) {
                    o.putNull("test");
                } else {
                    o.put("test", m.test());
                }
                o.put("verdict", m.verdict().name());
                o.put("reason", m.reason());
            }
        }
        root.put("regressions", count(Verdict.REGRESSED));
        return root;
    }

    private static void number(ObjectNode o, String key, OptionalDouble v) {
        if (v.isPresent() && Double.isFinite(v.getAsDouble())) {
            o.put(key, v.getAsDouble());
        } else {
            o.putNull(key);
        }
    }

    public String toJsonString() {
        try {
            return MAPPER.writeValueAsString(toJson());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- HTML

    /**
     * A self-contained HTML fragment for embedding in a page: one {@code <section class="lens-regression">} with
     * its own scoped style, the summary and a table per compared benchmark. Every text is escaped.
     */
    public String toHtmlSection() {
        StringBuilder s = new StringBuilder();
        s.append("<section class=\"lens-regression\">\n<style>\n")
                .append(".lens-regression{font-family:system-ui,sans-serif;font-size:14px}\n")
                .append(".lens-regression table{border-collapse:collapse;margin:0.5em 0 1.5em}\n")
                .append(".lens-regression th,.lens-regression td{border:1px solid #ccc;padding:3px 8px}\n")
                .append(".lens-regression th{background:#f3f3f3;text-align:left}\n")
                .append(".lens-regression td.num{text-align:right;font-variant-numeric:tabular-nums}\n")
                .append(".lens-regression .REGRESSED{color:#b00020;font-weight:bold}\n")
                .append(".lens-regression .IMPROVED{color:#1b7a1b;font-weight:bold}\n")
                .append(".lens-regression .INCONCLUSIVE{color:#8a6d00}\n")
                .append(".lens-regression .UNCHANGED{color:#555}\n")
                .append(".lens-regression .summary.bad{color:#b00020}\n")
                .append(".lens-regression .rule,.lens-regression .note{color:#555;font-size:12px}\n")
                .append("</style>\n");
        s.append("<h2>Regression against baseline</h2>\n");
        s.append("<p class=\"summary").append(hasRegressions() ? " bad" : "").append("\"><strong>")
                .append(Html.escape(summary())).append("</strong></p>\n");
        s.append("<p>Baseline: <code>").append(Html.escape(baselineDescription()))
                .append("</code>; this run started ").append(Html.escape(currentStarted.toString())).append(".</p>\n");
        if (!ignored.isEmpty()) {
            s.append("<p class=\"note\">Ignored in the baseline directory (not results files): ")
                    .append(Html.escape(String.join(", ",
                            ignored.stream().map(p -> p.getFileName().toString()).toList())))
                    .append(".</p>\n");
        }
        List<String> lines = regressionLines();
        if (!lines.isEmpty()) {
            s.append("<ul class=\"regressions\">\n");
            lines.forEach(l -> s.append("<li class=\"REGRESSED\">").append(Html.escape(l)).append("</li>\n"));
            s.append("</ul>\n");
        }
        for (BenchmarkComparison b : benchmarks) {
            if (b.status() != BenchmarkComparison.Status.COMPARED) {
                continue;
            }
            s.append("<h3>").append(Html.escape(b.id())).append(" <small>").append(Html.escape(b.model()))
                    .append(" @ ").append(Html.escape(b.provider())).append("</small></h3>\n");
            b.notes().forEach(n -> s.append("<p class=\"note\">").append(Html.escape(n)).append("</p>\n"));
            s.append("<table>\n<thead><tr><th>metric</th><th>baseline</th><th>current</th><th>change</th><th>")
                    .append(intervalHeader()).append("</th><th>p-value</th><th>verdict</th><th>why</th></tr></thead>\n")
                    .append("<tbody>\n");
            for (MetricComparison m : b.metrics()) {
                s.append("<tr><td>").append(Html.escape(m.label())).append("</td><td class=\"num\">")
                        .append(Html.escape(Format.value(m.baseline(), m.unit()))).append("</td><td class=\"num\">")
                        .append(Html.escape(Format.value(m.current(), m.unit()))).append("</td><td class=\"num\">")
                        .append(Html.escape(Format.change(m))).append("</td><td class=\"num\">")
                        .append(Html.escape(Format.intervalCell(m))).append("</td><td class=\"num\">")
                        .append(Html.escape(pCell(m.pValue()))).append("</td><td class=\"").append(m.verdict().name())
                        .append("\">").append(m.verdict().name()).append("</td><td>").append(Html.escape(m.reason()))
                        .append("</td></tr>\n");
            }
            s.append("</tbody>\n</table>\n");
        }
        htmlOthers(s, BenchmarkComparison.Status.NEW, "New in this run (no baseline)");
        htmlOthers(s, BenchmarkComparison.Status.MISSING, "Missing from this run");
        s.append("<p class=\"rule\">").append(Html.escape(rule())).append("</p>\n</section>\n");
        return s.toString();
    }

    private void htmlOthers(StringBuilder s, BenchmarkComparison.Status status, String title) {
        List<BenchmarkComparison> list = benchmarks.stream().filter(b -> b.status() == status).toList();
        if (list.isEmpty()) {
            return;
        }
        s.append("<h3>").append(Html.escape(title)).append("</h3>\n<ul>\n");
        list.forEach(b -> s.append("<li>").append(Html.escape(b.id())).append(" (").append(Html.escape(b.model()))
                .append(" @ ").append(Html.escape(b.provider())).append(")</li>\n"));
        s.append("</ul>\n");
    }

    // ---- files

    /** Writes {@value #MARKDOWN_FILE} and {@value #JSON_FILE} into {@code directory} (created when missing). */
    public void write(Path directory) throws IOException {
        AtomicFile.write(directory.resolve(MARKDOWN_FILE), toMarkdown());
        AtomicFile.write(directory.resolve(JSON_FILE), toJsonString() + "\n");
    }

    @Override
    public String toString() {
        return summary();
    }
}
