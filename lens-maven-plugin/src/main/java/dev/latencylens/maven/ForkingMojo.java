package dev.latencylens.maven;

import javax.inject.Inject;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
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
 * What {@code lens:bench} and {@code lens:monitor} share: finding the project's benchmarks, the selection
 * parameters, and running a main class in a forked JVM on the project's test class path plus the plugin's runtime
 * (its JUnit Platform aligned with the project's), with the {@code lens.*} properties, the JDK toolchain, and the
 * API keys of {@code settings.xml}. A goal says which main class, which of its parameters the fork reads, and what
 * the fork's exit means.
 *
 * <p><b>Why always a fork.</b> A run is configured through JVM-wide system properties, installs a shutdown hook
 * so a Ctrl-C still writes partial results, exits with a code that carries the verdict, and measures latency best
 * in a JVM whose heap and threads are not Maven's. None of that is safe inside Maven's JVM (and these goals are
 * thread-safe for parallel builds), so {@code fork=false} is refused with a message instead of being half
 * supported. To debug a benchmark, attach a debugger to the fork:
 * {@code -Dlens.jvmArgs=-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=5005}.
 */
abstract class ForkingMojo extends AbstractMojo {

    /** Regular expression on the benchmark name: only matching benchmarks run (all when unset). */
    @Parameter(property = "lens.includes")
    private String includes;

    /** Regular expression on the benchmark name: matching benchmarks do not run. */
    @Parameter(property = "lens.excludes")
    private String excludes;

    /** Comma-separated tags: only benchmarks with at least one of them run. */
    @Parameter(property = "lens.tags")
    private String tags;

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

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    PluginDescriptor plugin;

    private final ToolchainManager toolchainManager;

    private final RepositorySystem repositorySystem;

    private final SettingsDecrypter settingsDecrypter;

    @Inject
    ForkingMojo(ToolchainManager toolchainManager, RepositorySystem repositorySystem,
                SettingsDecrypter settingsDecrypter) {
        this.toolchainManager = toolchainManager;
        this.repositorySystem = repositorySystem;
        this.settingsDecrypter = settingsDecrypter;
    }

    /** The class the fork runs. */
    abstract String mainClass();

    /**
     * The goal's explicitly set parameters, as the {@code lens.*} properties the fork reads; unset ones are null.
     * The shared ones (selection, simulate, reports directory) are added by this class.
     */
    abstract Map<String, String> goalProperties(Path reports);

    /** Whether the fork needs lens-export (the exporters, the monitor). */
    abstract boolean needsExport(Map<String, String> forkProperties);

    /** Checks the goal's parameters before anything is resolved or forked. */
    abstract void checkParameters() throws MojoExecutionException;

    /** When the fork is stopped; empty: never. */
    abstract Optional<Duration> forkTimeout();

    /** What the fork's end means for the build. */
    abstract void forkEnded(ForkProcess.Outcome outcome, Path reports, Instant started)
            throws MojoExecutionException, MojoFailureException;

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
        checkParameters();

        Path reports = reportsDirectory.toPath().toAbsolutePath();
        Map<String, String> explicit = new LinkedHashMap<>();
        explicit.put("lens.reportsDirectory", reports.toString());
        explicit.put("lens.config", config == null ? null : config.getAbsolutePath());
        explicit.put("lens.includes", includes);
        explicit.put("lens.excludes", excludes);
        explicit.put("lens.tags", tags);
        explicit.put("lens.simulate", text(simulate));
        explicit.putAll(goalProperties(reports));
        Map<String, String> properties = ForkProperties.collect(project.getProperties(),
                session.getSystemProperties(), session.getUserProperties(), explicit);
        ClasspathMerger.Result classpath = classpath(properties);
        classpath.warnings().forEach(log::warn);
        if (!ClasspathMerger.containsClass(classpath.classpath(), mainClass())) {
            throw new MojoExecutionException("Latency Lens: " + mainClass() + " is not on the class path;"
                    + " the project's dev.latencylens:lens-runtime is older than this plugin (" + plugin.getVersion()
                    + "): use the same version for both");
        }

        ForkCommand command;
        try {
            command = new ForkCommand(javaExecutable(), properties, ForkCommand.splitJvmArgs(jvmArgs),
                    classpath.classpath(), mainClass());
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        Instant started = Instant.now();
        forkEnded(runFork(command, reports), reports, started);
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private ClasspathMerger.Result classpath(Map<String, String> forkProperties) throws MojoExecutionException {
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
        List<ClasspathMerger.Dependency> pluginArtifacts = ClasspathMerger.forRun(plugin.getArtifacts().stream()
                .map(a -> dependency(a, ClasspathMerger.directDependency(a.getDependencyTrail()))).toList(),
                needsExport(forkProperties));
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
            log.debug("fork environment, secret-bearing properties (values not shown): "
                    + command.environment().keySet());
        }
        try {
            Map<String, String> environment = new LinkedHashMap<>(credentials.environment());
            environment.putAll(command.environment());
            return ForkProcess.run(command.command(argFile), project.getBasedir().toPath(), forkTimeout(),
                    environment, log::info, log::warn);
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
}
