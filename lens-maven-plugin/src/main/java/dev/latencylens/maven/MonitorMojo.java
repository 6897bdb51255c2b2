package dev.latencylens.maven;

import javax.inject.Inject;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.toolchain.ToolchainManager;
import org.eclipse.aether.RepositorySystem;

/**
 * Monitors the project's benchmarks continuously: {@code mvn lens:monitor}.
 *
 * <p>Like {@code lens:bench} (the same compile, fork, class path, selection with {@code lens.includes},
 * {@code lens.excludes} and {@code lens.tags}, simulator and keys), but the fork runs the monitor
 * ({@code dev.latencylens.export.MonitorMain}, in lens-export, which joins the fork's class path): every
 * {@link #interval} each selected benchmark gets a few probe requests, one at a time; {@code /metrics} serves the
 * figures to Prometheus on {@link #metricsPort}; an {@code .hlog} interval log is written; a drift alert is
 * logged (and POSTed to {@link #alertWebhook}) when a rolling window leaves the baseline. It runs until stopped
 * (Ctrl-C: the interval log is closed complete) or for {@link #duration}. See the README, "Continuous monitoring".
 */
@Mojo(name = "monitor", requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
@Execute(phase = LifecyclePhase.TEST_COMPILE)
public class MonitorMojo extends ForkingMojo {

    static final String MAIN_CLASS = "dev.latencylens.export.MonitorMain";

    /** Time between two probe rounds: {@code 60s}, {@code 500ms}, {@code 5m}, {@code PT1M}. */
    @Parameter(property = "lens.monitor.interval")
    private String interval;

    /** Requests per benchmark and round, sent one after another (default 3). */
    @Parameter(property = "lens.monitor.probes")
    private Integer probes;

    /** The port of {@code /metrics} (default 9464; 0 picks a free one). */
    @Parameter(property = "lens.monitor.metricsPort")
    private Integer metricsPort;

    /** The relative margin a window's p50 or p95 may leave the baseline by (default 0.25 = 25 %). */
    @Parameter(property = "lens.monitor.margin")
    private Double margin;

    /** The rolling window judged, in rounds (default 10). */
    @Parameter(property = "lens.monitor.window")
    private Integer window;

    /** A URL every alert and its end are POSTed to as JSON with a Slack-compatible {@code text}. */
    @Parameter(property = "lens.monitor.alertWebhook")
    private String alertWebhook;

    /** A previous run's {@code results.json} or baseline directory; unset: the monitor's own first rounds. */
    @Parameter(property = "lens.monitor.baseline")
    private File baseline;

    /** The HdrHistogram interval log (default {@code <reportsDirectory>/monitor.hlog}). */
    @Parameter(property = "lens.monitor.hlog")
    private File hlog;

    /** Stops the monitor after this long ({@code PT10M}, {@code 10m}); unset: it runs until stopped (Ctrl-C). */
    @Parameter(property = "lens.monitor.duration")
    private String duration;

    @Inject
    public MonitorMojo(ToolchainManager toolchainManager, RepositorySystem repositorySystem,
                       SettingsDecrypter settingsDecrypter) {
        super(toolchainManager, repositorySystem, settingsDecrypter);
    }

    @Override
    String mainClass() {
        return MAIN_CLASS;
    }

    @Override
    void checkParameters() throws MojoExecutionException {
        if (baseline != null && !baseline.exists()) {
            throw new MojoExecutionException("lens.monitor.baseline: no such file or directory: " + baseline
                    + " (expected a previous run's results.json, or the directory holding it)");
        }
    }

    /** Only what is set: the monitor's own defaults ({@code MonitorOptions}) stay the one place they are stated. */
    @Override
    Map<String, String> goalProperties(Path reports) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("lens.monitor.interval", interval);
        p.put("lens.monitor.probes", text(probes));
        p.put("lens.monitor.metricsPort", text(metricsPort));
        p.put("lens.monitor.margin", text(margin));
        p.put("lens.monitor.window", text(window));
        p.put("lens.monitor.alertWebhook", alertWebhook);
        p.put("lens.monitor.baseline", baseline == null ? null : baseline.getAbsolutePath());
        p.put("lens.monitor.hlog", hlog == null ? null : hlog.getAbsolutePath());
        p.put("lens.monitor.duration", duration);
        // The monitor stops (its interval log flushed) when its standard input, which ForkProcess keeps open, ends.
        p.put("lens.stopWhenParentExits", "true");
        return p;
    }

    /** The monitor lives in lens-export. */
    @Override
    boolean needsExport(Map<String, String> forkProperties) {
        return true;
    }

    /** The fork stops itself after {@code lens.monitor.duration}, or runs until Maven is stopped. */
    @Override
    Optional<Duration> forkTimeout() {
        return Optional.empty();
    }

    @Override
    void forkEnded(ForkProcess.Outcome outcome, Path reports, Instant started) throws MojoExecutionException {
        if (outcome.exitCode() != 0) {
            throw new MojoExecutionException("Latency Lens: the monitor could not run (exit code "
                    + outcome.exitCode() + ")" + (outcome.errorTail().isEmpty() ? ""
                    : ": " + String.join(System.lineSeparator(), outcome.errorTail())));
        }
    }
}
