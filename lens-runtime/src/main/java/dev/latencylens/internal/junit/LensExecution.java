package dev.latencylens.internal.junit;

import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.RunListener;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.engine.RunEngine;
import dev.latencylens.internal.regression.RegressionReport;
import dev.latencylens.internal.report.ProgressReporter;
import dev.latencylens.internal.report.RunReporter;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.SlaCheck;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;

/**
 * One execution of the engine: runs the selected benchmarks through the {@link RunEngine}, turns each result into
 * a test result (failed when its {@code @Sla} was breached), and hands the run to the {@link RunReporter}, as a
 * library run does: every report into {@code lens.reportsDirectory} (default {@code target/lens}), the comparison
 * with {@code lens.baseline} when given.
 *
 * <p>Configuration (all {@code lens.*} parameters): those of {@link RunOptions#from} ({@code lens.simulate},
 * {@code lens.seed}, {@code lens.captureText}, {@code lens.baseline}, {@code lens.regressionThreshold}, ...),
 * {@code lens.reportsDirectory} (default {@code target/lens}), {@code lens.failOnRegression} (default false),
 * {@code lens.export.*} (the exporters of {@code lens-export}, run by the {@link RunReporter} after the reports).
 */
final class LensExecution {

    private final ExecutionRequest request;
    private final EngineExecutionListener listener;
    private final ConfigurationParameters config;

    LensExecution(ExecutionRequest request) {
        this.request = request;
        this.listener = request.getEngineExecutionListener();
        this.config = request.getConfigurationParameters();
    }

    void run() {
        TestDescriptor root = request.getRootTestDescriptor();
        listener.executionStarted(root);
        Map<String, BenchmarkTestDescriptor> tests = new LinkedHashMap<>();
        collect(root, tests);
        if (root instanceof LensTestEngine.LensEngineDescriptor engine && engine.listed() > 0) {
            System.out.println("[lens] running " + tests.size() + " of " + engine.listed() + " benchmark(s)"
                    + (engine.selection().isEmpty() ? "" : " (" + engine.selection() + ")"));
        }
        if (tests.isEmpty()) {
            listener.executionFinished(root, TestExecutionResult.successful());
            return;
        }
        TestExecutionResult outcome;
        try {
            outcome = runBenchmarks(root, tests);
        } catch (RuntimeException e) {
            skipUnstarted(root, tests, "the run did not happen: " + e.getMessage());
            outcome = TestExecutionResult.failed(e);
        }
        listener.executionFinished(root, outcome);
    }

    private TestExecutionResult runBenchmarks(TestDescriptor root, Map<String, BenchmarkTestDescriptor> tests) {
        Path reports = Path.of(config.get("lens.reportsDirectory").filter(s -> !s.isBlank()).orElse("target/lens"));
        RunOptions options = runOptions().toBuilder().outputDirectory(reports).build();
        RunReporter reporter = RunReporter.of(options, settings()); // a bad baseline fails here, before any request
        boolean failOnRegression = config.getBoolean("lens.failOnRegression").orElse(false);

        List<BenchmarkHarness> harnesses = tests.values().stream().map(BenchmarkTestDescriptor::harness).toList();
        if (options.simulate()) {
            System.out.println("[lens] lens.simulate=true: every request goes to the embedded simulator, in its"
                    + " provider's wire format; no request reaches a real provider");
        }
        RunListener bridge = new RunListener() {
            @Override
            public void benchmarkStarted(BenchmarkDescriptor benchmark) {
                start(tests.get(benchmark.name()));
            }

            @Override
            public void benchmarkCompleted(BenchmarkDescriptor benchmark, List<BenchmarkResult> results) {
                List<String> breaches = SlaCheck.breaches(results);
                finish(tests.get(benchmark.name()), breaches.isEmpty() ? TestExecutionResult.successful()
                        : TestExecutionResult.failed(new SlaFailure(benchmark.name(), breaches)));
            }
        };
        AtomicReference<RunReporter.Outcome> outcome = new AtomicReference<>();
        new RunEngine(options.toBuilder().listener(RunListener.all(bridge, ProgressReporter.forConsole())).build())
                .run(harnesses, run -> outcome.set(reporter.report(run)));
        skipUnstarted(root, tests, "the run was interrupted before this benchmark");

        Optional<RegressionReport> regression = outcome.get().regression();
        if (failOnRegression && regression.isPresent() && regression.get().hasRegressions()) {
            return TestExecutionResult.failed(new RegressionFailure(regression.get().regressionLines()));
        }
        return TestExecutionResult.successful();
    }

    /** Every lens.* system property, then the explicit configuration parameters over them. */
    private RunOptions runOptions() {
        Properties p = new Properties();
        p.putAll(settings());
        return RunOptions.from(p);
    }

    /** Every lens.* system property, then the explicit configuration parameters over them. */
    private Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("lens."))
                .forEach(k -> settings.put(k, System.getProperty(k)));
        config.keySet().stream().filter(k -> k.startsWith("lens."))
                .forEach(k -> config.get(k).ifPresent(v -> settings.put(k, v)));
        return settings;
    }

    // ---- the test lifecycle: a class starts with its first benchmark and finishes with its last ----------------

    private final Set<TestDescriptor> started = new HashSet<>();
    private final Set<TestDescriptor> done = new HashSet<>();

    private void start(TestDescriptor test) {
        test.getParent().filter(started::add).ifPresent(listener::executionStarted);
        started.add(test);
        listener.executionStarted(test);
    }

    private void finish(TestDescriptor test, TestExecutionResult result) {
        listener.executionFinished(test, result);
        done.add(test);
        test.getParent().ifPresent(this::finishIfComplete);
    }

    private void finishIfComplete(TestDescriptor container) {
        if (started.contains(container) && !done.contains(container) && done.containsAll(container.getChildren())) {
            done.add(container);
            listener.executionFinished(container, TestExecutionResult.successful());
        }
    }

    /** Benchmarks the run never reached are reported skipped, with why; their classes are closed. */
    private void skipUnstarted(TestDescriptor root, Map<String, BenchmarkTestDescriptor> tests, String reason) {
        for (TestDescriptor container : root.getChildren()) {
            if (!started.contains(container)) {
                listener.executionSkipped(container, reason);
                continue;
            }
            for (TestDescriptor child : container.getChildren()) {
                if (!started.contains(child)) {
                    listener.executionSkipped(child, reason);
                    done.add(child);
                }
            }
            finishIfComplete(container);
        }
    }

    private static void collect(TestDescriptor d, Map<String, BenchmarkTestDescriptor> into) {
        if (d instanceof BenchmarkTestDescriptor b) {
            into.put(b.harness().descriptor().name(), b);
        }
        d.getChildren().forEach(c -> collect(c, into));
    }
}
