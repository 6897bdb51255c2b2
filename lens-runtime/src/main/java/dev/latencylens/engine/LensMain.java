package dev.latencylens.engine;

import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.LatencyLens;
import dev.latencylens.api.RunOptions;
import dev.latencylens.api.RunResult;
import dev.latencylens.report.ConsoleTable;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs every benchmark listed on the class path, prints the summary table and writes {@code results.json} and
 * {@code requests.jsonl} to {@code lens.reportsDirectory} (default {@code target/lens}). Options are the
 * {@code lens.*} system properties. Exit codes: 0 done, 2 the tool could not run (bad configuration, no
 * benchmarks), so scripts can tell them apart.
 */
public final class LensMain {

    private LensMain() {
    }

    public static void main(String[] args) {
        try {
            RunOptions options = RunOptions.fromSystemProperties();
            if (options.outputDirectory().isEmpty()) {
                options = options.withOutputDirectory(Path.of("target", "lens"));
            }
            List<BenchmarkHarness> harnesses = LatencyLens.discover();
            if (harnesses.isEmpty()) {
                System.err.println("[lens] no benchmarks found: no " + LatencyLens.BENCHMARK_LIST + " on the class"
                        + " path. Is the Latency Lens processor in <annotationProcessorPaths>? (JDK 23+ runs no"
                        + " processor found only on the class path.)");
                System.exit(2);
            }
            System.out.println("[lens] running " + harnesses.size() + " benchmark(s)"
                    + (options.simulate() ? " against the embedded simulator" : ""));
            RunResult result = LatencyLens.run(harnesses, options.withListener(new ProgressPrinter()));
            System.out.print(ConsoleTable.render(result));
            System.out.println("[lens] results: " + options.outputDirectory().get().toAbsolutePath());
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("[lens] " + e.getMessage());
            System.exit(2);
        }
    }
}
