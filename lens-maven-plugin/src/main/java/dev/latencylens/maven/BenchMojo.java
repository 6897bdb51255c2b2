package dev.latencylens.maven;

import javax.inject.Inject;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProjectHelper;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.toolchain.ToolchainManager;
import org.eclipse.aether.RepositorySystem;

/**
 * Runs the project's Latency Lens benchmarks: {@code mvn lens:bench}.
 *
 * <p>Compiles first (the goal forks the lifecycle up to {@code test-compile}, so the annotation processor writes
 * the harnesses and {@code META-INF/latencylens/benchmarks}), then runs every listed benchmark in a forked JVM
 * ({@code dev.latencylens.internal.junit.LensLauncherMain}, through the JUnit Platform Launcher and the
 * {@code latency-lens} engine), streams its progress and table to the console, and leaves the reports in
 * {@link #reportsDirectory}: {@code results.json}, {@code requests.jsonl}, {@code results.csv},
 * {@code summary.md}, {@code report.html}, {@code jmh-result.json}, {@code TEST-lens.xml}, and
 * {@code regression.md}/{@code regression.json} with a {@link #baseline}. {@code results.json} (and
 * {@code regression.json}) are attached to the project, classifiers {@code lens-results} and
 * {@code lens-regression}, type {@code json}, so {@code install} and {@code deploy} publish them.
 *
 * <p><b>Configuration.</b> Every parameter is also a {@code lens.*} user property. Beyond them, every
 * {@code lens.*} property Maven knows (the project's {@code <properties>}, then Maven's system properties, then
 * {@code -D} on the command line) reaches the fork as a system property, e.g. {@code lens.seed},
 * {@code lens.captureText}, {@code lens.openai.baseUrl}, {@code lens.sim.profile.*}; a parameter set explicitly
 * in the POM wins over them. The fork inherits the environment, which is where API keys belong
 * ({@code OPENAI_API_KEY}, ...), plus the keys of {@code lens-<provider>} servers in {@code settings.xml}
 * ({@link ServerCredentials}) for variables the environment does not set; the plugin never logs a value.
 *
 * <p><b>The build fails</b> when an SLA is breached ({@link #failOnSlaViolation}, on by default) or a regression
 * against the baseline is found ({@link #failOnRegression}, off by default), as a
 * {@link MojoFailureException}; and when the run could not happen at all (bad configuration, unknown provider,
 * missing key, a crash), as a {@link MojoExecutionException}.
 *
 * <p>Benchmarks always run in a forked JVM ({@link ForkingMojo} says why).
 */
@Mojo(name = "bench", requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
@Execute(phase = LifecyclePhase.TEST_COMPILE)
public class BenchMojo extends ForkingMojo {

    /** Overrides every benchmark's measured request count. */
    @Parameter(property = "lens.iterations")
    private Integer iterations;

    /** Overrides every benchmark's warmup request count. */
    @Parameter(property = "lens.warmup")
    private Integer warmup;

    /** Overrides every benchmark's concurrency. */
    @Parameter(property = "lens.concurrency")
    private Integer concurrency;

    /** Overrides every open-loop benchmark's rate, requests per second. */
    @Parameter(property = "lens.rate")
    private Double rate;

    /** Fails the build when a benchmark breaks one of its {@code @Sla} bounds. */
    @Parameter(property = "lens.failOnSlaViolation", defaultValue = "true")
    private boolean failOnSlaViolation;

    /**
     * A previous run to compare with: its {@code results.json}, or the directory holding it; or a directory of the
     * last runs ({@code DIR/<run>/results.json}, {@code DIR/<run>.json}), merged into one rolling baseline. The
     * comparison is written to {@code regression.md} and {@code regression.json}.
     */
    @Parameter(property = "lens.baseline")
    private File baseline;

    /** The relative slowdown against the baseline that counts as a regression (0.10 = 10 % slower). */
    @Parameter(property = "lens.regressionThreshold", defaultValue = "0.10")
    private double regressionThreshold;

    /**
     * Fails the build when the comparison with {@link #baseline} finds a regression, listing them. Off by
     * default: latency of a remote API drifts for reasons outside the project, so a baseline comparison informs
     * (in {@code regression.md} and the console) unless a CI job opts in to gating on it. SLAs, which the
     * project states explicitly, gate by default.
     */
    @Parameter(property = "lens.failOnRegression", defaultValue = "false")
    private boolean failOnRegression;

    /**
     * Stops the forked JVM after this many seconds (it writes partial results) and fails the build. Unset or
     * {@code 0}: no limit.
     */
    @Parameter(property = "lens.timeoutSeconds")
    private Integer timeoutSeconds;

    private final MavenProjectHelper projectHelper;

    @Inject
    public BenchMojo(ToolchainManager toolchainManager, MavenProjectHelper projectHelper,
                     RepositorySystem repositorySystem, SettingsDecrypter settingsDecrypter) {
        super(toolchainManager, repositorySystem, settingsDecrypter);
        this.projectHelper = projectHelper;
    }

    @Override
    String mainClass() {
        return ForkCommand.MAIN_CLASS;
    }

    @Override
    void checkParameters() throws MojoExecutionException {
        if (baseline != null && !baseline.exists()) {
            throw new MojoExecutionException("lens.baseline: no such file or directory: " + baseline
                    + " (expected a previous run's results.json, or the directory holding it)");
        }
        if (failOnRegression && baseline == null) {
            getLog().warn("Latency Lens: failOnRegression has no effect without a baseline (-Dlens.baseline=...)");
        }
    }

    @Override
    Map<String, String> goalProperties(Path reports) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("lens.iterations", text(iterations));
        p.put("lens.warmup", text(warmup));
        p.put("lens.concurrency", text(concurrency));
        p.put("lens.rate", text(rate));
        p.put("lens.failOnSlaViolation", Boolean.toString(failOnSlaViolation));
        p.put("lens.baseline", baseline == null ? null : baseline.getAbsolutePath());
        p.put("lens.regressionThreshold", Double.toString(regressionThreshold));
        p.put("lens.failOnRegression", Boolean.toString(failOnRegression));
        // The fork stops as on Ctrl-C when its standard input, which ForkProcess keeps open, reaches end-of-file.
        p.put("lens.stopWhenParentExits", "true");
        return p;
    }

    /** lens-export joins the fork only when a {@code lens.export.*} property is set. */
    @Override
    boolean needsExport(Map<String, String> forkProperties) {
        return ClasspathMerger.exports(forkProperties);
    }

    @Override
    Optional<Duration> forkTimeout() {
        return timeoutSeconds == null || timeoutSeconds <= 0 ? Optional.empty()
                : Optional.of(Duration.ofSeconds(timeoutSeconds));
    }

    @Override
    void forkEnded(ForkProcess.Outcome outcome, Path reports, Instant started) throws MojoExecutionException,
            MojoFailureException {
        if (outcome.timedOut()) {
            throw new MojoExecutionException("Latency Lens: the forked JVM did not finish within " + timeoutSeconds
                    + " s (lens.timeoutSeconds) and was stopped; partial results, if any, are in " + reports);
        }
        ExitCodes.check(outcome.exitCode(), reports, outcome.errorTail());
        attachReports(reports, started);
    }

    /** Attaches the reports this run wrote (a file left from an earlier run is not attached). */
    private void attachReports(Path reports, Instant started) {
        attach(reports.resolve("results.json"), "lens-results", started, true);
        if (baseline != null) {
            attach(reports.resolve("regression.json"), "lens-regression", started, false);
        }
    }

    private void attach(Path file, String classifier, Instant started, boolean expected) {
        if (Files.isRegularFile(file) && writtenSince(file, started)) {
            projectHelper.attachArtifact(project, "json", classifier, file.toFile());
            getLog().debug("attached " + file + " as " + classifier);
        } else if (expected) {
            getLog().warn("Latency Lens: the run wrote no " + file + "; nothing attached");
        }
    }

    private static boolean writtenSince(Path file, Instant started) {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            return !modified.toInstant().isBefore(started.minusSeconds(2)); // coarse file-system clocks
        } catch (IOException e) {
            return false;
        }
    }
}
