package dev.latencylens.internal.junit;

import dev.latencylens.internal.metrics.Redactor;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
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
 * <p>Configuration: the {@code lens.*} system properties (the launcher reads configuration parameters from them),
 * plus those in {@value #SECRET_PROPERTIES_VARIABLE}. With {@code lens.stopWhenParentExits=true} (the plugin sets it)
 * end-of-file on standard input stops the run as Ctrl-C does ({@link ParentWatch}).
 * Exit codes: {@value #OK} every benchmark ran and every gate passed; {@value #GATE_FAILED} a gate failed (an SLA
 * breach with {@code lens.failOnSlaViolation}, on by default, or a regression with {@code lens.failOnRegression});
 * {@value #TOOL_FAILED} Latency Lens could not run (bad configuration, missing key, no benchmark, a crash);
 * {@value #NO_SUCCESS} a benchmark had no successful measured request (wrong host, bad key, provider down), which
 * no property excuses: it measured nothing.
 */
public final class LensLauncherMain {

    public static final int OK = 0;
    public static final int GATE_FAILED = 1;
    public static final int TOOL_FAILED = 2;
    public static final int NO_SUCCESS = 3;
    /** The parent (Maven) went away and the run was stopped as on Ctrl-C; nobody is left to read it. */
    public static final int PARENT_GONE = 130;

    /**
     * The environment variable holding {@code lens.*} properties that carry a secret, in {@link Properties} text:
     * the plugin keeps them out of the argument file it leaves on disk (its {@code ForkCommand} names it too).
     */
    static final String SECRET_PROPERTIES_VARIABLE = "LENS_FORK_SECRET_PROPERTIES";

    private LensLauncherMain() {
    }

    public static void main(String[] args) throws IOException {
        prepareFork();
        System.exit(run());
    }

    /**
     * What every JVM the plugin forks does first ({@code lens:bench} here, {@code lens:monitor}'s own main too): takes
     * the secret-bearing properties from {@value #SECRET_PROPERTIES_VARIABLE}, and with
     * {@code lens.stopWhenParentExits=true} exits as on Ctrl-C once the parent is gone, so the shutdown hooks stop
     * sending and write what was gathered.
     */
    public static void prepareFork() throws IOException {
        loadSecretProperties(System.getenv(SECRET_PROPERTIES_VARIABLE));
        if (Boolean.getBoolean("lens.stopWhenParentExits")) {
            ParentWatch.start(System.in, () -> {
                System.err.println("[lens] the parent process is gone (standard input closed): stopping as on"
                        + " Ctrl-C");
                System.exit(PARENT_GONE); // the shutdown hook stops sending and writes the partial reports
            });
        }
    }

    /** Sets the properties of {@code text} ({@link Properties} format; null for none) as system properties. */
    static void loadSecretProperties(String text) throws IOException {
        if (text == null || text.isBlank()) {
            return;
        }
        Properties secret = new Properties();
        secret.load(new StringReader(text));
        secret.stringPropertyNames().forEach(k -> System.setProperty(k, secret.getProperty(k)));
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
            System.err.println("[lens] Latency Lens could not run: " + Redactor.withoutUserInfo(e.toString()));
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
                if (t instanceof NoSuccessFailure) {
                    gates.add(t.getMessage());
                    code = code == TOOL_FAILED ? code : NO_SUCCESS;
                } else if (t instanceof SlaFailure) {
                    gates.add(t.getMessage() + (failOnSla ? "" : " (not failing the build: failOnSlaViolation=false)"));
                    if (failOnSla && code == OK) {
                        code = GATE_FAILED;
                    }
                } else if (t instanceof RegressionFailure) {
                    gates.add(t.getMessage());
                    code = code == OK ? GATE_FAILED : code;
                } else {
                    System.err.println("[lens] Latency Lens could not run: "
                            + Redactor.withoutUserInfo(t.getMessage() == null ? t.toString() : t.getMessage()));
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
