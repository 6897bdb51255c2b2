package dev.latencylens.maven;

import dev.latencylens.maven.ClasspathMerger.Dependency;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * Which JUnit Platform the fork runs on. The project's own platform wins on the fork's class path (as every
 * artifact of the project does), so the launcher jar the fork adds must be of that same version:
 * a launcher of another version than the engine API beside it fails with linkage errors. The plugin therefore adds
 * them in the project's platform version, and its own (the newest it was built with) only to a project without any
 * JUnit Platform. Latency Lens's engine runs on Platform 1.10 and later (JUnit 5.10 to 5.14) and on JUnit 6.
 */
final class JUnitPlatformVersion {

    static final String GROUP = "org.junit.platform";

    /**
     * What the fork needs besides the engine API: the launcher that drives the run. ({@code TEST-lens.xml} is written
     * by Lens from its results, so no reporting jar is needed.)
     */
    static final List<String> FORK_ARTIFACTS = List.of("junit-platform-launcher");

    /** The oldest platform the engine is built and tested for (an integration test runs it on 1.10). */
    static final String OLDEST_SUPPORTED = "1.10";

    private JUnitPlatformVersion() {
    }

    /**
     * The project's JUnit Platform version: that of its {@code junit-platform-engine} (the API the engine runs
     * on), else of any other {@code org.junit.platform} artifact; empty when it has none.
     */
    static Optional<String> of(Collection<Dependency> projectArtifacts) {
        List<Dependency> platform = projectArtifacts.stream().filter(d -> d.groupId().equals(GROUP)).toList();
        return platform.stream().filter(d -> d.artifactId().equals("junit-platform-engine")).findFirst()
                .or(() -> platform.stream().findFirst()).map(Dependency::version);
    }

    /** Whether the engine runs on {@code version}: 1.10 or later. */
    static boolean supported(String version) {
        return new ComparableVersion(version).compareTo(new ComparableVersion(OLDEST_SUPPORTED)) >= 0;
    }

    /** The error for a project whose platform is too old, saying what to use instead. */
    static String unsupportedMessage(String version) {
        return "Latency Lens needs JUnit Platform " + OLDEST_SUPPORTED + " or later (JUnit 5.10 or later, or JUnit 6);"
                + " the project's test class path has JUnit Platform " + version + ". Upgrade JUnit (for example,"
                + " import org.junit:junit-bom 5.10.5 or later in <dependencyManagement>).";
    }

    /** The {@link #FORK_ARTIFACTS} the project does not have, by artifactId. */
    static List<String> missingForkArtifacts(Collection<Dependency> projectArtifacts) {
        return FORK_ARTIFACTS.stream().filter(a -> projectArtifacts.stream()
                .noneMatch(d -> d.groupId().equals(GROUP) && d.artifactId().equals(a))).toList();
    }
}
