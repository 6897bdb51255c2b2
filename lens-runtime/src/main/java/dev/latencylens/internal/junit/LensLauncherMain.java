package dev.latencylens.internal.junit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The entry point of the JVM that {@code mvn lens:bench} forks: runs the {@link LensTestEngine} through the JUnit
 * Platform Launcher (and only it: the project's own unit tests stay out), which writes every report (through the
 * same {@code RunReporter} as a library run, {@code TEST-lens.xml} included), and exits with a code the plugin maps
 * to the build's outcome.
 *
 * <p>Configuration: the {@code lens.*} system properties (the launcher reads configuration parameters from them).
 * Exit codes: {@value #OK} every benchmark ran and every gate passed; {@value #GATE_FAILED} a gate failed (an SLA
 * breach with {@code lens.failOnSlaViolation}, on by default, or a regression with {@code lens.failOnRegression});
 * {@value #TOOL_FAILED} Latency Lens could not run (bad configuration, missing key, no benchmark, a crash).
 */
public final class LensLauncherMain {

    public static final int OK = 0;
    public static final int GATE_FAILED = 1;
    public static final int TOOL_FAILED = 2;

    private LensLauncherMain() {
    }

    public static void main(String[] args) {
        System.exit(run());
    }

    /** Runs and returns the exit code; never throws. */
    static int run() {
        try {
            Path reports = Path.of(System.getProperty("lens.reportsDirectory", "target/lens"));
            Files.createDirectories(reports);
            boolean failOnSla = Boolean.parseBoolean(System.getProperty("lens.failOnSlaViolation", "true"));
            Outcomes outcomes = new Outcomes();
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(DiscoverySelectors.selectUniqueId(UniqueId.forEngine(LensTestEngine.ID)))
                    .filters(EngineFilter.includeEngines(LensTestEngine.ID))
                    .configurationParameter(LensTestEngine.ENABLED, "true")
                    .configurationParameter("lens.reportsDirectory", reports.toString())
                    .build();
            Launcher launcher = LauncherFactory.create();
            launcher.execute(request, outcomes);
            return outcomes.exitCode(failOnSla);
        } catch (IOException | RuntimeException e) {
            System.err.println("[lens] Latency Lens could not run: " + e);
            return TOOL_FAILED;
        }
    }

    /** Classifies every failure the launcher reports: a broken gate or a broken tool. */
    static final class Outcomes implements TestExecutionListener {
        private final Map<String, Throwable> failures = new ConcurrentHashMap<>();
        private volatile boolean anyBenchmark;

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            anyBenchmark |= id.isTest();
            Optional<Throwable> t = result.getThrowable();
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                failures.put(id.getDisplayName(), t.orElse(new IllegalStateException(result.getStatus().name())));
            }
        }

        int exitCode(boolean failOnSla) {
            List<String> gates = new ArrayList<>();
            int code = OK;
            for (Map.Entry<String, Throwable> f : failures.entrySet()) {
                Throwable t = f.getValue();
                if (t instanceof SlaFailure) {
                    gates.add(t.getMessage() + (failOnSla ? "" : " (not failing the build: failOnSlaViolation=false)"));
                    if (failOnSla) {
                        code = Math.max(code, GATE_FAILED);
                    }
                } else if (t instanceof RegressionFailure) {
                    gates.add(t.getMessage());
                    code = Math.max(code, GATE_FAILED);
                } else {
                    System.err.println("[lens] Latency Lens could not run: " + (t.getMessage() == null ? t : t.getMessage()));
                    code = TOOL_FAILED;
                }
            }
            gates.forEach(g -> System.err.println("[lens] FAILED " + g));
            if (!anyBenchmark && code == OK) {
                System.err.println("[lens] no benchmark ran: none is listed in META-INF/latencylens/benchmarks on the"
                        + " class path, or lens.includes/excludes/tags selected none");
                return TOOL_FAILED;
            }
            return code;
        }
    }
}
