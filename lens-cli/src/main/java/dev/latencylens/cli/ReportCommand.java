package dev.latencylens.cli;

import dev.latencylens.internal.regression.RegressionAnalysis;
import dev.latencylens.internal.report.RunReporter;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.results.ResultJson;
import dev.latencylens.results.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lens report results.json}: every report of a finished run, rendered again from its results (after an
 * upgrade, or for files a CI job kept only results.json of). The {@code requests.jsonl} beside it, when present,
 * feeds the per-request charts of report.html and is copied along. Nothing is appended to a CI step summary: the
 * run did that already.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Render every report again from a results.json (and the requests.jsonl beside it).",
        footer = {"", "Example: lens report lens-results/results.json --out rerendered"})
final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RESULTS_JSON", description = "results.json of a run, or its directory.")
    Path results;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Where the reports go (./lens-results).")
    Path out = RunSettings.DEFAULT_OUT;

    @Override
    public Integer call() throws IOException {
        Path file = Files.isDirectory(results) ? results.resolve(ResultJson.FILE_NAME) : results;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such results file: " + file);
        }
        RunResult run = ResultJson.read(file);
        Path requests = file.toAbsolutePath().resolveSibling(RequestLogWriter.FILE_NAME);
        try {
            Files.createDirectories(out);
            Path copy = out.toAbsolutePath().resolve(RequestLogWriter.FILE_NAME);
            if (Files.isRegularFile(requests) && !Files.isSameFile(requests.getParent(), out.toAbsolutePath())) {
                Files.copy(requests, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write to " + out, e);
        }
        // No step summary and no export: the run that wrote the file already did both.
        new RunReporter(Optional.of(out), Optional.empty(), RegressionAnalysis.DEFAULT_THRESHOLD, System.out,
                Map.of(), Map.of()).report(run);
        return LensCli.OK;
    }
}
