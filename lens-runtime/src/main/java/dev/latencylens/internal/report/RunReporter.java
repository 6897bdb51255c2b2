package dev.latencylens.internal.report;

import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.regression.Baseline;
import dev.latencylens.internal.regression.RegressionAnalysis;
import dev.latencylens.internal.regression.RegressionReport;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.results.ResultJson;
import dev.latencylens.results.RunResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What happens to a finished run, the same whoever ran it ({@code LatencyLens.run}, the JUnit engine, the fork of
 * {@code mvn lens:bench}), in this order:
 * <ol>
 *   <li>the regression comparison, when a baseline is given ({@code lens.baseline});</li>
 *   <li>every file, when there is an output directory: {@code results.json}, {@code results.csv},
 *       {@code summary.md}, {@code jmh-result.json}, {@code report.html} (with the regression section),
 *       {@code TEST-lens.xml}, and {@code regression.md} and {@code regression.json} with a baseline (the engine
 *       wrote {@code requests.jsonl} as the run went);</li>
 *   <li>the summary table on the console, the regressions under it;</li>
 *   <li>the CI step summary: {@code summary.md} appended to {@code $GITHUB_STEP_SUMMARY} on GitHub Actions;</li>
 *   <li>the exports the {@code lens.export.*} settings ask for ({@link ResultExports}: Pushgateway, InfluxDB, OTLP,
 *       with {@code lens-export} on the class path), last, since the files stay the record whatever they do.</li>
 * </ol>
 *
 * <pre>{@code
 * RunReporter.Outcome outcome = RunReporter.of(options).report(run);
 * outcome.regression().filter(RegressionReport::hasRegressions) ...
 * }</pre>
 */
public final class RunReporter {

    private final Optional<Path> directory;
    private final Optional<Baseline> baseline;
    private final double threshold;
    private final PrintStream console;
    private final Map<String, String> environment;
    private final Map<String, String> settings;

    /**
     * @param directory   where the files go; empty to write none
     * @param baseline    what to compare the run with
     * @param threshold   the relative change that counts as a regression
     * @param console     where the summary table goes
     * @param environment the process environment ({@code System.getenv()} outside tests), for the CI step summary
     *                    and the exporters' credentials
     * @param settings    the run's {@code lens.*} settings, of which the exports read {@code lens.export.*}
     */
    public RunReporter(Optional<Path> directory, Optional<Baseline> baseline, double threshold, PrintStream console,
                       Map<String, String> environment, Map<String, String> settings) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.baseline = Objects.requireNonNull(baseline, "baseline");
        this.threshold = threshold;
        this.console = Objects.requireNonNull(console, "console");
        this.environment = Map.copyOf(environment);
        this.settings = Map.copyOf(settings);
    }

    /**
     * The reporting {@code options} ask for: their output directory, baseline and threshold; the table on
     * {@code System.out}; the exports the {@code lens.export.*} system properties ask for.
     *
     * @throws IllegalArgumentException when the baseline cannot be read, naming it (before any request is sent)
     */
    public static RunReporter of(RunOptions options) {
        Map<String, String> settings = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("lens."))
                .forEach(k -> settings.put(k, System.getProperty(k)));
        return of(options, settings);
    }

    /** As {@link #of(RunOptions)}, with the run's {@code lens.*} settings given (a JUnit engine's configuration). */
    public static RunReporter of(RunOptions options, Map<String, String> settings) {
        return new RunReporter(options.outputDirectory(), options.baseline().map(Baseline::load),
                options.regressionThreshold(), System.out, System.getenv(), settings);
    }

    /**
     * What a report produced.
     *
     * @param files      every file written, in the order above
     * @param regression the comparison with the baseline, when one was given
     */
    public record Outcome(List<Path> files, Optional<RegressionReport> regression) {
        public Outcome {
            files = List.copyOf(files);
        }
    }

    /**
     * Compares, writes, prints and appends, as the class says.
     *
     * @throws UncheckedIOException when a file cannot be written
     */
    public Outcome report(RunResult run) {
        Optional<RegressionReport> regression = baseline.map(b -> RegressionAnalysis.compare(run, b, threshold));
        List<Path> files = new ArrayList<>();
        String summary = MarkdownReport.render(run);
        if (directory.isPresent()) {
            files.addAll(write(run, directory.get(), summary, regression));
        }
        console.print(ConsoleTable.render(run));
        directory.ifPresent(dir -> console.println("[lens] reports: " + dir.toAbsolutePath()));
        regression.filter(RegressionReport::hasRegressions)
                .ifPresent(r -> r.regressionLines().forEach(l -> console.println("[lens] REGRESSED " + l)));
        MarkdownReport.appendToGithubStepSummary(summary, environment);
        ResultExports.run(run, directory, settings, environment, console);
        return new Outcome(files, regression);
    }

    private static List<Path> write(RunResult run, Path dir, String summary, Optional<RegressionReport> regression) {
        try {
            List<Path> files = new ArrayList<>();
            files.add(ResultJson.write(run, dir));
            files.add(CsvReport.write(run, dir));
            files.add(MarkdownReport.write(dir, summary));
            files.add(JmhJsonReport.write(run, dir));
            Path requests = dir.resolve(RequestLogWriter.FILE_NAME);
            files.add(HtmlReport.write(run, dir, Files.isRegularFile(requests) ? Optional.of(requests)
                    : Optional.empty(), regression.map(RegressionReport::toHtmlSection).stream().toList()));
            files.add(JUnitXmlReport.write(run, dir));
            if (regression.isPresent()) {
                regression.get().write(dir);
                files.add(dir.resolve(RegressionReport.MARKDOWN_FILE));
                files.add(dir.resolve(RegressionReport.JSON_FILE));
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the reports to " + dir, e);
        }
    }
}
