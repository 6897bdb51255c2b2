package dev.latencylens.cli;

import dev.latencylens.internal.regression.Baseline;
import dev.latencylens.internal.regression.RegressionAnalysis;
import dev.latencylens.internal.regression.RegressionReport;
import dev.latencylens.results.ResultJson;
import dev.latencylens.results.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lens compare BASELINE NEW}: the regression analysis of {@code lens.baseline}, on two finished runs. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare a run with a baseline: each metric improved, unchanged, regressed or inconclusive, "
                + "as mvn lens:bench -Dlens.baseline does.", "BASELINE may be a directory of runs (DIR/<run>/"
                + "results.json or DIR/*.json): a rolling baseline, merged."},
        footer = {"", "Exit codes: 0 no regression, 1 a regression, 2 usage error or unreadable results."})
final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BASELINE", description = "results.json, its directory, or a directory of "
            + "runs.")
    Path baseline;

    @Parameters(index = "1", paramLabel = "NEW", description = "results.json of the run to judge, or its directory.")
    Path current;

    @Option(names = "--threshold", paramLabel = "FRACTION", description = "Relative change that counts (0.10).")
    double threshold = RegressionAnalysis.DEFAULT_THRESHOLD;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Also write regression.md and regression.json "
            + "there.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!(threshold >= 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("--threshold must be a fraction of 0 or more (0.10 = 10%), was "
                    + threshold);
        }
        Path file = Files.isDirectory(current) ? current.resolve(ResultJson.FILE_NAME) : current;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("NEW: no such results file: " + file);
        }
        RunResult run = ResultJson.read(file);
        RegressionReport report = RegressionAnalysis.compare(run, Baseline.load(baseline), threshold);
        System.out.print(report.toMarkdown());
        if (out != null) {
            try {
                report.write(out);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the comparison to " + out, e);
            }
        }
        report.regressionLines().forEach(l -> System.err.println("[lens] REGRESSED " + l));
        return report.hasRegressions() ? LensCli.GATE_FAILED : LensCli.OK;
    }
}
