package dev.latencylens.internal.report;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Phase;
import dev.latencylens.results.SweepStep;
import dev.latencylens.api.RunListener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Progress while benchmarks run: per benchmark, measured requests done of total, errors, and the TTFT p50 so far.
 * On a terminal one live line is redrawn in place; elsewhere (a pipe, a CI log, or {@code CI} set) plain lines
 * are printed at most every {@value #PLAIN_INTERVAL_MS} ms and at the end, with no ANSI codes. Thread-safe:
 * requests finish on many threads.
 */
public final class ProgressReporter implements RunListener {

    static final long PLAIN_INTERVAL_MS = 5_000;
    private static final long LIVE_INTERVAL_MS = 200;

    private final PrintStream out;
    private final boolean live;
    private final LongSupplier clockMillis;
    private final Histogram ttft = new Histogram(3);
    private BenchmarkDescriptor current;
    private int done;
    private int errors;
    private long lastPrint;

    ProgressReporter(PrintStream out, boolean live, LongSupplier clockMillis) {
        this.out = out;
        this.live = live;
        this.clockMillis = clockMillis;
        ttft.setAutoResize(true);
    }

    /**
     * For {@code System.out}: live when {@code lens.progress=live}, or when it is {@code auto} (the default), the JVM
     * has a terminal and {@code CI} is not set; {@code lens.progress=off} prints nothing.
     */
    public static RunListener forConsole() {
        String mode = System.getProperty("lens.progress", "auto").trim().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "off" -> RunListener.NONE;
            case "live" -> new ProgressReporter(System.out, true, System::currentTimeMillis);
            case "plain" -> new ProgressReporter(System.out, false, System::currentTimeMillis);
            case "auto" -> new ProgressReporter(System.out, isInteractive(System.getenv()),
                    System::currentTimeMillis);
            default -> throw new IllegalArgumentException(
                    "lens.progress must be auto, live, plain or off, was '" + mode + "'");
        };
    }

    static boolean isInteractive(Map<String, String> env) {
        return System.console() != null && env.getOrDefault("CI", "").isEmpty();
    }

    @Override
    public synchronized void benchmarkStarted(BenchmarkDescriptor benchmark) {
        current = benchmark;
        done = 0;
        errors = 0;
        ttft.reset();
        lastPrint = clockMillis.getAsLong();
        out.println("[lens] " + benchmark.name() + ": " + benchmark.provider() + "/" + benchmark.model() + ", "
                + benchmark.pattern() + ", " + benchmark.iterations() + " requests (1 cold probe, " + benchmark.warmup()
                + " warmup first)");
    }

    @Override
    public synchronized void requestFinished(BenchmarkDescriptor benchmark, RequestOutcome outcome) {
        if (outcome.phase() != Phase.MEASURED || benchmark != current) {
            return;
        }
        done++;
        if (!outcome.succeeded()) {
            errors++;
        }
        outcome.ttftMs().ifPresent(ms -> ttft.recordValue(Math.round(ms * 1000)));
        long now = clockMillis.getAsLong();
        if (now - lastPrint >= (live ? LIVE_INTERVAL_MS : PLAIN_INTERVAL_MS)) {
            lastPrint = now;
            print(false);
        }
    }

    @Override
    public synchronized void benchmarkFinished(BenchmarkResult result) {
        print(true);
        out.println("[lens] " + result.descriptor().name() + ": " + result.coldStart().verdict());
        result.warnings().forEach(w -> warn(result, w));
        result.load().reasons().forEach(r -> warn(result, "client-limited: " + r));
        ReportViews.droppedLine(result.load()).ifPresent(d -> warn(result, "dropped: " + d));
        result.cost().warning().ifPresent(w -> warn(result, w));
        result.sweepStep().filter(SweepStep::last)
                .ifPresent(s -> warn(result, "sweep: " + ReportViews.capacityLine(s.capacityAtSlo())));
    }

    private void warn(BenchmarkResult result, String warning) {
        out.println("[lens] " + result.descriptor().name() + ": WARNING " + warning);
    }

    private void print(boolean last) {
        if (current == null) {
            return;
        }
        // A sweep measures iterations requests per step, for a number of steps only the run knows.
        String total = current.pattern() == LoadPattern.SWEEP ? "" : "/" + current.iterations();
        String line = String.format(Locale.ROOT, "[lens] %s: %d%s requests, %d errors, TTFT p50 %s",
                current.name(), done, total, errors,
                ttft.getTotalCount() == 0 ? "-" : String.format(Locale.ROOT, "%.1f ms",
                        ttft.getValueAtPercentile(50) / 1000.0));
        if (live) {
            out.print("\r\033[2K" + line + (last ? "\n" : ""));
            out.flush();
        } else {
            out.println(line);
        }
    }
}
