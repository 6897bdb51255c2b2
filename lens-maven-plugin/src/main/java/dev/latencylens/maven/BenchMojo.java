package dev.latencylens.maven;

import javax.inject.Inject;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.apache.maven.toolchain.Toolchain;
import org.apache.maven.toolchain.ToolchainManager;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;

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
 * <p><b>Why always a fork.</b> A run is configured through JVM-wide system properties, installs a shutdown hook
 * so a Ctrl-C still writes partial results, exits with a code that carries the verdict, and measures latency best
 * in a JVM whose heap and threads are not Maven's. None of that is safe inside Maven's JVM (and this goal is
 * thread-safe for parallel builds), so {@code fork=false} is refused with a message instead of being half
 * supported. To debug a benchmark, attach a debugger to the fork:
 * {@code -Dlens.jvmArgs=-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=5005}.
 */
@Mojo(name = "bench", requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
@Execute(phase = LifecyclePhase.TEST_COMPILE)
public class BenchMojo extends AbstractMojo {

    /** Regular expression on the benchmark name: only matching benchmarks run (all when unset). */
    @Parameter(property = "lens.includes")
    private String includes;

    /** Regular expression on the benchmark name: matching benchmarks do not run. */
    @Parameter(property = "lens.excludes")
    private String excludes;

    /** Comma-separated tags: only benchmarks with at least one of them run. */
    @Parameter(property = "lens.tags")
    private String tags;

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

    /** Sends every request to the embedded simulator instead of the provider: no key, no network, no cost. */
    @Parameter(property = "lens.simulate")
    private Boolean simulate;

    /**
     * A configuration file (YAML, JSON or TOML, docs/CONFIG.md) whose benchmarks run beside the project's annotated
     * ones, with the same selection and reports; relative to the project's directory. Its {@code run:} and
     * {@code providers:} settings apply where no property or parameter sets them.
     */
    @Parameter(property = "lens.config")
    private File config;

    /** Where the reports are written. */
    @Parameter(property = "lens.reportsDirectory", defaultValue = "${project.build.directory}/lens")
    private File reportsDirectory;

    /**
     * Extra options for the forked JVM, split on whitespace (quotes keep a value with spaces together), e.g.
     * {@code -Xmx1g} or a debugger agent. They come after the {@code lens.*} properties, so a {@code -Dlens.x}
     * here wins.
     */
    @Parameter(property = "lens.jvmArgs")
    private String jvmArgs;

    /**
     * Must stay {@code true}: benchmarks always run in a forked JVM (see the class documentation for why);
     * {@code false} fails the goal with an explanation.
     */
    @Parameter(property = "lens.fork", defaultValue = "true")
    private boolean fork;

    /** Skips the goal: nothing runs, nothing is attached. */
    @Parameter(property = "lens.skip", defaultValue = "false")
    private boolean skip;

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

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    private PluginDescriptor plugin;

    private final ToolchainManager toolchainManager;

    private final MavenProjectHelper projectHelper;

    private final RepositorySystem repositorySystem;

    private final SettingsDecrypter settingsDecrypter;

    @Inject
    public BenchMojo(ToolchainManager toolchainManager, MavenProjectHelper projectHelper,
                     RepositorySystem repositorySystem, SettingsDecrypter settingsDecrypter) {
        this.toolchainManager = toolchainManager;
        this.projectHelper = projectHelper;
        this.repositorySystem = repositorySystem;
        this.settingsDecrypter = settingsDecrypter;
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Log log = getLog();
        if (skip) {
            log.info("Latency Lens: skipped (lens.skip)");
            return;
        }
        BenchmarkListFinder.Findings findings = BenchmarkListFinder.find(List.of(
                Path.of(project.getBuild().getOutputDirectory()),
                Path.of(project.getBuild().getTestOutputDirectory())));
        findings.warnings().forEach(log::warn);
        switch (findings.kind()) {
            case PROCESSOR_OFF -> throw new MojoFailureException(BenchmarkListFinder.processorOffMessage(
                    findings.annotatedClasses(), plugin.getGroupId(), plugin.getVersion()));
            case NONE -> {
                if (config != null) {
                    break; // the configuration file's benchmarks alone
                }
                log.info("Latency Lens: no benchmarks found (no @LlmBenchmark method in " + project.getArtifactId()
                        + "); nothing to run");
                return;
            }
            case BENCHMARKS -> log.debug("benchmark lists: " + findings.lists());
        }
        if (!fork) {
            throw new MojoExecutionException("Latency Lens always runs benchmarks in a forked JVM; remove"
                    + " <fork>false</fork> (or -Dlens.fork=false). A run is configured by JVM-wide system properties,"
                    + " writes partial results from a shutdown hook and reports its verdict as an exit code, none of"
                    + " which is safe inside Maven's JVM. To debug a benchmark, attach a debugger to the fork with"
                    + " -Dlens.jvmArgs=-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=5005");
        }
        if (config != null && !config.isFile()) {
            throw new MojoExecutionException("lens.config: no such file: " + config
                    + " (a YAML, JSON or TOML configuration file, relative to the project's directory)");
        }
        if (baseline != null && !baseline.exists()) {
            throw new MojoExecutionException("lens.baseline: no such file or directory: " + baseline
                    + " (expected a previous run's results.json, or the directory holding it)");
        }
        if (failOnRegression && baseline == null) {
            log.warn("Latency Lens: failOnRegression has no effect without a baseline (-Dlens.baseline=...)");
        }

        ClasspathMerger.Result classpath = classpath();
        classpath.warnings().forEach(log::warn);
        if (!ClasspathMerger.containsClass(classpath.classpath(), ForkCommand.MAIN_CLASS)) {
            throw new MojoExecutionException("Latency Lens: " + ForkCommand.MAIN_CLASS + " is not on the class path;"
                    + " the project's dev.latencylens:lens-runtime is older than this plugin (" + plugin.getVersion()
                    + "): use the same version for both");
        }

        Path reports = reportsDirectory.toPath().toAbsolutePath();
        ForkCommand command;
        try {
            command = new ForkCommand(javaExecutable(), ForkProperties.collect(project.getProperties(),
                    session.getSystemProperties(), session.getUserProperties(), explicitProperties(reports)),
                    ForkCommand.splitJvmArgs(jvmArgs), classpath.classpath(), ForkCommand.MAIN_CLASS);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        Instant started = Instant.now();
        ForkProcess.Outcome outcome = runFork(command, reports);

        if (outcome.timedOut()) {
            throw new MojoExecutionException("Latency Lens: the forked JVM did not finish within " + timeoutSeconds
                    + " s (lens.timeoutSeconds) and was stopped; partial results, if any, are in " + reports);
        }
        ExitCodes.check(outcome.exitCode(), reports, outcome.errorTail());
        attachReports(reports, started);
    }

    /** The explicitly set parameters, as the {@code lens.*} properties the fork reads; unset ones are null. */
    private Map<String, String> explicitProperties(Path reports) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("lens.reportsDirectory", reports.toString());
        p.put("lens.config", config == null ? null : config.getAbsolutePath());
        p.put("lens.includes", includes);
        p.put("lens.excludes", excludes);
        p.put("lens.tags", tags);
        p.put("lens.iterations", text(iterations));
        p.put("lens.warmup", text(warmup));
        p.put("lens.concurrency", text(concurrency));
        p.put("lens.rate", text(rate));
        p.put("lens.simulate", text(simulate));
        p.put("lens.failOnSlaViolation", Boolean.toString(failOnSlaViolation));
        p.put("lens.baseline", baseline == null ? null : baseline.getAbsolutePath());
        p.put("lens.regressionThreshold", Double.toString(regressionThreshold));
        p.put("lens.failOnRegression", Boolean.toString(failOnRegression));
        return p;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private ClasspathMerger.Result classpath() throws MojoExecutionException {
        List<Path> projectClasspath = new ArrayList<>();
        try {
            for (String element : project.getTestClasspathElements()) {
                projectClasspath.add(Path.of(element));
            }
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("Latency Lens: the project's test class path is not resolved", e);
        }
        List<ClasspathMerger.Dependency> projectArtifacts = project.getArtifacts().stream()
                .map(a -> dependency(a, "")).toList();
        List<ClasspathMerger.Dependency> pluginArtifacts = plugin.getArtifacts().stream()
                .map(a -> dependency(a, ClasspathMerger.directDependency(a.getDependencyTrail()))).toList();
        ClasspathMerger.Result result = ClasspathMerger.merge(projectClasspath, projectArtifacts,
                onTheProjectsPlatform(projectArtifacts, pluginArtifacts));
        if (getLog().isDebugEnabled()) {
            getLog().debug("fork class path, added by the plugin: " + result.added());
            getLog().debug("fork class path, the project's version used instead of the plugin's: "
                    + result.skipped());
        }
        return result;
    }

    /**
     * The plugin's artifacts for the fork, its JUnit Platform launcher (and what it needs) replaced
     * by those of the project's platform version when the project has another one ({@link JUnitPlatformVersion}).
     */
    private List<ClasspathMerger.Dependency> onTheProjectsPlatform(List<ClasspathMerger.Dependency> project,
            List<ClasspathMerger.Dependency> plugin) throws MojoExecutionException {
        Optional<String> version = JUnitPlatformVersion.of(project);
        Optional<String> own = JUnitPlatformVersion.of(plugin);
        if (version.isEmpty() || version.equals(own)) {
            return plugin;
        }
        if (!JUnitPlatformVersion.supported(version.get())) {
            throw new MojoExecutionException(JUnitPlatformVersion.unsupportedMessage(version.get()));
        }
        List<ClasspathMerger.Dependency> aligned = new ArrayList<>(plugin.stream()
                .filter(d -> !d.via().startsWith(JUnitPlatformVersion.GROUP + ":")).toList());
        List<String> missing = JUnitPlatformVersion.missingForkArtifacts(project);
        if (!missing.isEmpty()) {
            getLog().info("Latency Lens: the fork runs on the project's JUnit Platform " + version.get() + " (adding "
                    + String.join(" and ", missing) + " " + version.get() + ")");
            aligned.addAll(resolvePlatform(missing, version.get()));
        }
        return aligned;
    }

    /** The JUnit Platform's {@code artifactIds} in {@code version}, and what they need, from the project's repos. */
    private List<ClasspathMerger.Dependency> resolvePlatform(List<String> artifactIds, String version)
            throws MojoExecutionException {
        CollectRequest collect = new CollectRequest();
        artifactIds.forEach(a -> collect.addDependency(
                new Dependency(new DefaultArtifact(JUnitPlatformVersion.GROUP, a, "jar", version), "runtime")));
        collect.setRepositories(project.getRemoteProjectRepositories());
        try {
            String via = JUnitPlatformVersion.GROUP + ":" + artifactIds.get(0);
            return repositorySystem.resolveDependencies(session.getRepositorySession(),
                            new DependencyRequest(collect, null)).getArtifactResults().stream()
                    .map(ArtifactResult::getArtifact)
                    .map(a -> new ClasspathMerger.Dependency(a.getGroupId(), a.getArtifactId(), a.getClassifier(),
                            a.getBaseVersion(), a.getFile().toPath(), via))
                    .toList();
        } catch (DependencyResolutionException e) {
            throw new MojoExecutionException("Latency Lens: cannot resolve " + String.join(" and ", artifactIds) + " "
                    + version + ", the project's JUnit Platform version, for the forked JVM: " + e.getMessage()
                    + ". Add them to the project's test dependencies, or make the repository that has them"
                    + " reachable.", e);
        }
    }

    private static ClasspathMerger.Dependency dependency(Artifact a, String via) {
        return new ClasspathMerger.Dependency(a.getGroupId(), a.getArtifactId(), a.getClassifier(),
                a.getBaseVersion(), a.getFile() == null ? null : a.getFile().toPath(), via);
    }

    /** {@code java} of the build's JDK toolchain when one is configured, else of the JDK running Maven. */
    private Path javaExecutable() {
        Toolchain toolchain = toolchainManager.getToolchainFromBuildContext("jdk", session);
        if (toolchain != null) {
            String java = toolchain.findTool("java");
            if (java != null) {
                getLog().info("Latency Lens: toolchain " + toolchain);
                return Path.of(java);
            }
            getLog().warn("Latency Lens: toolchain " + toolchain + " has no java executable; using "
                    + System.getProperty("java.home"));
        }
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
    }

    private ForkProcess.Outcome runFork(ForkCommand command, Path reports) throws MojoExecutionException {
        Path argFile = Path.of(project.getBuild().getDirectory(), "lens-fork", "java.args");
        try {
            Files.createDirectories(argFile.getParent());
            Files.createDirectories(reports);
            Files.writeString(argFile, command.argFileContent(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MojoExecutionException("Latency Lens: cannot write " + argFile + ": " + e.getMessage(), e);
        }
        Log log = getLog();
        // How many benchmarks run is the fork's to say ("running 1 of 17 benchmark(s)"): it applies includes,
        // excludes and tags to the benchmarks' names and tags, which only loading the harnesses reveals.
        log.info("Latency Lens: benchmarks run in a forked JVM, reports in " + reports);
        ServerCredentials.Result credentials = serverCredentials();
        credentials.notes().forEach(note -> log.info("Latency Lens: " + note));
        if (log.isDebugEnabled()) {
            log.debug("fork: " + command.describe());
            log.debug("fork arguments file: " + argFile);
            log.debug("fork environment, added from settings.xml (values not shown): "
                    + credentials.environment().keySet());
        }
        Optional<Duration> timeout = timeoutSeconds == null || timeoutSeconds <= 0 ? Optional.empty()
                : Optional.of(Duration.ofSeconds(timeoutSeconds));
        try {
            return ForkProcess.run(command.command(argFile), project.getBasedir().toPath(), timeout,
                    credentials.environment(), log::info, log::warn);
        } catch (IOException e) {
            throw new MojoExecutionException("Latency Lens: cannot start the forked JVM: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("Latency Lens: interrupted; the forked JVM was stopped", e);
        }
    }

    /** The API keys of the {@code lens-*} servers in settings.xml, decrypted, as the fork's variables. */
    private ServerCredentials.Result serverCredentials() {
        List<Server> lensServers = session.getSettings() == null ? List.of() : session.getSettings().getServers()
                .stream().filter(s -> s.getId() != null && s.getId().startsWith(ServerCredentials.PREFIX)).toList();
        if (lensServers.isEmpty()) {
            return ServerCredentials.resolve(List.of(), Map.of(), Map.of());
        }
        SettingsDecryptionResult decrypted = settingsDecrypter.decrypt(new DefaultSettingsDecryptionRequest()
                .setServers(lensServers));
        decrypted.getProblems().forEach(p -> getLog().warn("Latency Lens: settings.xml: " + p.getMessage()));
        List<ServerCredentials.Server> servers = decrypted.getServers().stream()
                .map(s -> new ServerCredentials.Server(s.getId(), s.getUsername(), s.getPassword())).toList();
        return ServerCredentials.resolve(servers, System.getenv(), ServerCredentials.keyVariables());
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
