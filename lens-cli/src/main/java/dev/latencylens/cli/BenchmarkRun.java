package dev.latencylens.cli;

import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.engine.RunEngine;
import dev.latencylens.internal.junit.BenchmarkSelection;
import dev.latencylens.internal.regression.RegressionReport;
import dev.latencylens.internal.report.ProgressReporter;
import dev.latencylens.internal.report.RunReporter;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.SlaViolation;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs benchmarks from the command line the way the fork of {@code mvn lens:bench} does: the {@code lens.*}
 * settings become system properties (the providers and the simulator read theirs there), {@code lens.includes},
 * {@code lens.tags} and the overrides select and adjust the benchmarks, the engine runs them with progress on the
 * console, and the one post-run pipeline writes every report. The exit code is the verdict.
 */
final class BenchmarkRun {

    private final PrintStream out;
    private final PrintStream err;

    BenchmarkRun(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * @param settings lens.* properties, later ones winning over earlier ones (the file's, then the options')
     * @return {@link LensCli#OK}, {@link LensCli#GATE_FAILED} on an SLA breach or a regression that fails the run,
     *         or {@link LensCli#NO_SUCCESS} when a benchmark had no successful measured request
     * @throws IllegalArgumentException for a bad setting or no benchmark selected, naming it
     */
    int run(List<BenchmarkHarness> benchmarks, Map<String, String> settings) {
        settings.forEach(System::setProperty);
        System.getProperties().putIfAbsent("lens.reportsDirectory", RunSettings.DEFAULT_OUT.toString());
        Properties lens = new Properties();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("lens."))
                .forEach(k -> lens.setProperty(k, System.getProperty(k)));
        RunOptions options = RunOptions.from(lens);

        BenchmarkSelection selection = new BenchmarkSelection(k -> Optional.ofNullable(lens.getProperty(k)));
        List<BenchmarkHarness> selected = benchmarks.stream().filter(b -> selection.selects(b.descriptor()))
                .map(selection::apply).toList();
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("no benchmark selected: " + benchmarks.size() + " defined, none left"
                    + " after " + selection);
        }
        out.println("[lens] running " + selected.size() + " of " + benchmarks.size() + " benchmark(s)"
                + (options.simulate() ? " against the embedded simulator (--simulate): no request reaches a real"
                + " provider" : ""));
        RunReporter reporter = RunReporter.of(options); // a bad baseline fails here, before any request
        AtomicReference<RunReporter.Outcome> outcome = new AtomicReference<>();
        RunResult run = new RunEngine(options.toBuilder().listener(ProgressReporter.forConsole()).build())
                .run(selected, result -> outcome.set(reporter.report(result)));
        return verdict(run, outcome.get(), lens);
    }

    private int verdict(RunResult run, RunReporter.Outcome outcome, Properties lens) {
        List<String> failures = new ArrayList<>();
        if (!"false".equalsIgnoreCase(lens.getProperty("lens.failOnSlaViolation", "true").trim())) {
            for (BenchmarkResult b : run.benchmarks()) {
                for (SlaViolation v : b.slaViolations()) {
                    failures.add(b.id() + ": " + v.message());
                }
            }
        }
        Optional<RegressionReport> regression = outcome == null ? Optional.empty() : outcome.regression();
        if ("true".equalsIgnoreCase(lens.getProperty("lens.failOnRegression", "false").trim())
                && regression.filter(RegressionReport::hasRegressions).isPresent()) {
            regression.get().regressionLines().forEach(l -> failures.add("regression: " + l));
        }
        failures.forEach(f -> err.println("[lens] FAILED " + f));
        // A benchmark that measured nothing outranks a gate (as in lens:bench): there is no number to judge.
        List<String> nothing = run.benchmarks().stream().flatMap(b -> b.allFailed().stream()
                .map(f -> b.id() + ": " + f.message())).toList();
        nothing.forEach(m -> err.println("[lens] FAILED " + m));
        return !nothing.isEmpty() ? LensCli.NO_SUCCESS : failures.isEmpty() ? LensCli.OK : LensCli.GATE_FAILED;
    }
}
