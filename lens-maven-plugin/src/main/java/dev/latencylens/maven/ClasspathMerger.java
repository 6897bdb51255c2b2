package dev.latencylens.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

/**
 * The forked JVM's class path: the project's test class path, in its order, then each of the plugin's own run-time
 * jars for the fork ({@link #FORK_ROOTS}: lens-runtime, junit-platform-launcher, lens-export when the run exports,
 * and what
 * they need; the JUnit Platform ones in the project's platform version, see {@link JUnitPlatformVersion}) that the
 * project does not already have. "Already has" compares {@code groupId:artifactId} (and the
 * classifier, when there is one), not the version: <b>the project's version wins</b>, as it does in the project's
 * own tests, and the plugin only fills in what is missing. The plugin's other artifacts (its own jar, the
 * {@code plexus-utils} Maven adds to every plugin) never reach the fork. Mixed versions that are likely to break are
 * reported as warnings.
 */
final class ClasspathMerger {

    /** lens-export: in the fork only when the run exports ({@link #forRun}). */
    static final String EXPORT_ROOT = "dev.latencylens:lens-export";

    /** The plugin's dependencies that exist for the fork; everything the fork gets from the plugin hangs off them. */
    static final Set<String> FORK_ROOTS = Set.of("dev.latencylens:lens-runtime",
            "org.junit.platform:junit-platform-launcher", EXPORT_ROOT);

    /**
     * The plugin's artifacts a run needs: lens-export (the Pushgateway, InfluxDB and OTLP exporters, one shaded jar)
     * only when a {@code lens.export.*} property is set, so a run that exports nothing carries no OpenTelemetry or
     * Prometheus client.
     */
    static List<Dependency> forRun(Collection<Dependency> pluginArtifacts, Map<String, String> forkProperties) {
        boolean exports = forkProperties.entrySet().stream().anyMatch(e -> e.getKey().startsWith("lens.export.")
                && e.getValue() != null && !e.getValue().isBlank());
        return pluginArtifacts.stream().filter(d -> exports || !d.via().equals(EXPORT_ROOT)).toList();
    }

    /**
     * One resolved artifact with its file.
     *
     * @param via for an artifact of the plugin, the {@code groupId:artifactId} of the plugin's direct dependency
     *            that brought it in (its own for a direct dependency); empty when unknown or for the project's
     */
    record Dependency(String groupId, String artifactId, String classifier, String version, Path file, String via) {

        Dependency {
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(artifactId, "artifactId");
            classifier = classifier == null ? "" : classifier;
            Objects.requireNonNull(version, "version");
            via = via == null ? "" : via;
        }

        Dependency(String groupId, String artifactId, String classifier, String version, Path file) {
            this(groupId, artifactId, classifier, version, file, "");
        }

        /** {@code groupId:artifactId}, plus {@code :classifier} when there is one. */
        String key() {
            return groupId + ":" + artifactId + (classifier.isEmpty() ? "" : ":" + classifier);
        }

        @Override
        public String toString() {
            return key() + ":" + version;
        }
    }

    /**
     * @param classpath the fork's class path
     * @param added     the plugin's artifacts appended to the project's class path
     * @param skipped   the plugin's artifacts left out because the project has them (the project's version runs)
     * @param warnings  version mixes worth telling the user about, each a complete sentence
     */
    record Result(List<Path> classpath, List<Dependency> added, List<Dependency> skipped, List<String> warnings) {

        Result {
            classpath = List.copyOf(classpath);
            added = List.copyOf(added);
            skipped = List.copyOf(skipped);
            warnings = List.copyOf(warnings);
        }
    }

    private static final String LENS_GROUP = "dev.latencylens";
    private static final String JUNIT_PLATFORM_GROUP = "org.junit.platform";

    private ClasspathMerger() {
    }

    /**
     * @param projectClasspath the project's test class path elements (output directories and jars), in order
     * @param projectArtifacts the project's resolved dependencies, to know which plugin artifacts it has
     * @param pluginArtifacts  the plugin's resolved run-time artifacts; only those {@link Dependency#via() brought
     *                         in} by one of {@link #FORK_ROOTS} are candidates
     */
    static Result merge(List<Path> projectClasspath, Collection<Dependency> projectArtifacts,
                        Collection<Dependency> pluginArtifacts) {
        Map<String, Dependency> projectByKey = new TreeMap<>();
        projectArtifacts.forEach(d -> projectByKey.putIfAbsent(d.key(), d));

        Set<Path> classpath = new LinkedHashSet<>(projectClasspath);
        List<Dependency> added = new ArrayList<>();
        List<Dependency> skipped = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Dependency d : pluginArtifacts) {
            if (d.file() == null || !FORK_ROOTS.contains(d.via())) {
                continue;
            }
            Dependency own = projectByKey.get(d.key());
            if (own != null) {
                skipped.add(d);
                if (d.groupId().equals(LENS_GROUP) && !own.version().equals(d.version())) {
                    warnings.add("The project's " + own + " runs, not " + d.version() + " of this plugin: use the "
                            + "same Latency Lens version for the plugin and the project's dependencies.");
                }
            } else if (classpath.add(d.file())) {
                added.add(d);
            }
        }
        junitPlatformMix(projectArtifacts, added).ifPresent(warnings::add);
        return new Result(new ArrayList<>(classpath), added, skipped, warnings);
    }

    /** A warning when the project has JUnit Platform artifacts in a version other than the ones the plugin adds. */
    private static Optional<String> junitPlatformMix(Collection<Dependency> project, List<Dependency> added) {
        Set<String> projectVersions = project.stream().filter(d -> d.groupId().equals(JUNIT_PLATFORM_GROUP))
                .map(Dependency::version).collect(Collectors.toCollection(TreeSet::new));
        List<Dependency> addedPlatform = added.stream().filter(d -> d.groupId().equals(JUNIT_PLATFORM_GROUP))
                .filter(d -> !projectVersions.contains(d.version())).toList();
        if (projectVersions.isEmpty() || addedPlatform.isEmpty()) {
            return Optional.empty();
        }
        String projectVersion = String.join(", ", projectVersions);
        return Optional.of("The fork mixes the project's JUnit Platform " + projectVersion + " with "
                + addedPlatform.stream().map(Dependency::toString).collect(Collectors.joining(", "))
                + " added by this plugin. If the run fails with a NoSuchMethodError or an engine discovery error, "
                + "add " + addedPlatform.stream().map(d -> d.groupId() + ":" + d.artifactId())
                .collect(Collectors.joining(" and ")) + " in version " + projectVersion
                + " to the project's test dependencies.");
    }

    /**
     * The {@code groupId:artifactId} of the plugin's direct dependency in a Maven dependency trail (the plugin
     * first, then each artifact down to the one it belongs to, each {@code groupId:artifactId:type[:classifier]:
     * version}); empty when the trail is too short to say.
     */
    static String directDependency(List<String> trail) {
        if (trail == null || trail.size() < 2) {
            return "";
        }
        String[] parts = trail.get(1).split(":");
        return parts.length < 2 ? "" : parts[0] + ":" + parts[1];
    }

    /** Whether a class path holds {@code className} (a directory or a jar entry); no class is loaded. */
    static boolean containsClass(List<Path> classpath, String className) {
        String entry = className.replace('.', '/') + ".class";
        for (Path element : classpath) {
            if (Files.isDirectory(element)) {
                if (Files.isRegularFile(element.resolve(entry))) {
                    return true;
                }
            } else if (Files.isRegularFile(element)) {
                try (ZipFile zip = new ZipFile(element.toFile())) {
                    if (zip.getEntry(entry) != null) {
                        return true;
                    }
                } catch (IOException e) {
                    // not a jar (or unreadable): it cannot hold the class either
                }
            }
        }
        return false;
    }
}
