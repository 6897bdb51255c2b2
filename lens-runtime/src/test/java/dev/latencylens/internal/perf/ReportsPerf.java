package dev.latencylens.internal.perf;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.regression.Baseline;
import dev.latencylens.internal.report.HtmlReport;
import dev.latencylens.internal.report.RunReporter;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.results.RunResult;
import dev.latencylens.simulator.SimPresets;
import dev.latencylens.simulator.Simulator;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Big runs: the post-run pipeline ({@link RunReporter}: the regression comparison and every file, report.html
 * included) after a run of {@code requests} requests ({@code sim-instant}, 64 streams, {@code requests.jsonl} on),
 * with a baseline so the regression files are written too. Prints the reporting step's wall time, the heap it
 * needed at most (the sum of the heap pools' peaks, reset after a GC just before it: an upper bound, since pools
 * peak at different moments), each file's size, and the HTML page's own statement of how many requests it drew.
 * Run it with {@code -Xmx512m}: that the step finishes at all proves it fits in 512 MB.
 */
final class ReportsPerf {

    private static final Pattern SAMPLED = Pattern.compile("\\d+ of \\d+ requests shown \\([^)]*\\)");

    private ReportsPerf() {
    }

    static void run(int requests, Path out) throws Exception {
        Path dir = Perf.tempDir("lens-reports");
        long start = System.nanoTime();
        RunResult run;
        try (Simulator sim = Simulator.builder().seed(5).groundTruthCapacity(1_000).build().start()) {
            BenchmarkDescriptor d = Perf.benchmark("simulated", SimPresets.INSTANT_NAME).name("big")
                    .pattern(LoadPattern.CONCURRENT).concurrency(64).iterations(requests).warmup(64).build();
            run = Perf.run(RunOptions.builder().outputDirectory(dir).build(), CapturingAdapter.inProcess(false), sim,
                    d);
        }
        BenchmarkResult b = run.benchmarks().get(0);
        String runLine = String.format(java.util.Locale.ROOT, "%,d/%,d succeeded in %.1f s, `requests.jsonl` %.1f MB"
                + " on disk, load %s", b.reliability().succeeded(), b.reliability().attempted(),
                (System.nanoTime() - start) / 1e9, Files.size(dir.resolve(RequestLogWriter.FILE_NAME)) / 1048576.0,
                Perf.load());

        RunReporter reporter = new RunReporter(Optional.of(dir), Optional.of(Baseline.of(run)), 0.10,
                new PrintStream(OutputStream.nullOutputStream()), Map.of(), Map.of());
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long t0 = System.nanoTime();
        RunReporter.Outcome outcome = reporter.report(run);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long peak = heapPeak();

        String load = Perf.load();
        List<List<String>> files = new java.util.ArrayList<>();
        for (Path f : outcome.files()) {
            files.add(List.of("`" + f.getFileName() + "`", String.format(java.util.Locale.ROOT, "%,.1f KB",
                    Files.size(f) / 1024.0)));
        }
        String html = Files.readString(dir.resolve(HtmlReport.FILE_NAME), StandardCharsets.UTF_8);
        Matcher sampled = SAMPLED.matcher(html);
        long htmlBytes = Files.size(dir.resolve(HtmlReport.FILE_NAME));
        PerfSection s = new PerfSection("reports", "8. Big runs: every report of a 100,000-request run").text(
                String.format(java.util.Locale.ROOT, """
                        A run of %,d requests (`sim-instant`: no model time, 64 tokens; 64 streams; `requests.jsonl`
                        on): %s. Then the post-run pipeline (`RunReporter`: the regression comparison against a
                        baseline and every file, `report.html` included) is timed in a JVM with `-Xmx512m`, so that it
                        finishes at all proves it fits; the heap figure is the sum of the heap pools' peaks after a GC
                        just before it (an upper bound). `report.html` says: "%s".""", requests, runLine,
                        sampled.find() ? sampled.group() : "(no sampling statement)"));
        s.figure("every report of a " + String.format("%,d", requests) + "-request run: time, peak heap", "≤ 5 s, "
                + "< 512 MB", Perf.f1(seconds) + " s, ≤ " + Perf.f1(peak / 1048576.0) + " MB (load " + load + ")",
                "–", seconds <= 5 && peak < 512L * 1048576);
        s.figure("report.html of that run", "< 5 MB, says it sampled", String.format(java.util.Locale.ROOT,
                "%,.0f KB", htmlBytes / 1024.0), "–", htmlBytes < 5L * 1048576 && SAMPLED.matcher(html).find());
        s.endFigures().table(List.of("file", "size"), files).write(out);
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    private static long heapPeak() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
}
