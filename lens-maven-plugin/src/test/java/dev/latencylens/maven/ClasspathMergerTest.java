package dev.latencylens.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.maven.ClasspathMerger.Dependency;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClasspathMergerTest {

    private static Dependency dep(String ga, String version) {
        return dep(ga, version, "dev.latencylens:lens-runtime");
    }

    /** A plugin artifact brought in by {@code via}, or a project artifact when {@code via} is empty. */
    private static Dependency dep(String ga, String version, String via) {
        String[] parts = ga.split(":");
        String classifier = parts.length > 2 ? parts[2] : null;
        return new Dependency(parts[0], parts[1], classifier, version,
                Path.of("repo", parts[1] + (classifier == null ? "" : "-" + classifier) + "-" + version + ".jar"),
                via);
    }

    private static Path file(Dependency d) {
        return d.file();
    }

    @Test
    void theProjectsClassPathComesFirstThenWhatOnlyThePluginHas() {
        Dependency runtime = dep("dev.latencylens:lens-runtime", "1.0");
        Dependency jackson = dep("com.fasterxml.jackson.core:jackson-databind", "2.21.3");
        List<Path> projectCp = List.of(Path.of("target", "test-classes"), Path.of("target", "classes"),
                file(runtime), file(jackson));
        Dependency launcher = dep("org.junit.platform:junit-platform-launcher", "6.0.3",
                "org.junit.platform:junit-platform-launcher");
        Dependency pluginJar = dep("dev.latencylens:lens-maven-plugin", "1.0", "dev.latencylens:lens-maven-plugin");
        Dependency injectedByMaven = dep("org.codehaus.plexus:plexus-utils", "1.1", "org.codehaus.plexus:plexus-utils");
        Dependency unknownOrigin = dep("org.example:mystery", "1", "");

        ClasspathMerger.Result r = ClasspathMerger.merge(projectCp, List.of(runtime, jackson),
                List.of(pluginJar, injectedByMaven, unknownOrigin, runtime, jackson, launcher));

        assertThat(r.classpath()).containsExactly(Path.of("target", "test-classes"), Path.of("target", "classes"),
                file(runtime), file(jackson), file(launcher));
        assertThat(r.added()).containsExactly(launcher);
        assertThat(r.skipped()).containsExactly(runtime, jackson);
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void lensExportJoinsTheForkOnlyWhenTheRunExports() {
        Dependency runtime = dep("dev.latencylens:lens-runtime", "1.0");
        Dependency export = dep("dev.latencylens:lens-export", "1.0", ClasspathMerger.EXPORT_ROOT);
        List<Dependency> plugin = List.of(runtime, export);

        assertThat(ClasspathMerger.forRun(plugin, java.util.Map.of("lens.simulate", "true")))
                .containsExactly(runtime);
        assertThat(ClasspathMerger.forRun(plugin, java.util.Map.of("lens.export.otlp", " ")))
                .containsExactly(runtime);
        assertThat(ClasspathMerger.forRun(plugin, java.util.Map.of("lens.export.pushgateway", "http://pg:9091")))
                .containsExactly(runtime, export);
        ClasspathMerger.Result r = ClasspathMerger.merge(List.of(Path.of("target", "classes")), List.of(),
                ClasspathMerger.forRun(plugin, java.util.Map.of("lens.export.influxdb", "http://i:8086/write?db=x")));
        assertThat(r.added()).containsExactly(runtime, export);
    }

    @Test
    void theProjectsVersionWins() {
        Dependency projectJackson = dep("com.fasterxml.jackson.core:jackson-databind", "2.17.0");
        Dependency pluginJackson = dep("com.fasterxml.jackson.core:jackson-databind", "2.21.3");

        ClasspathMerger.Result r = ClasspathMerger.merge(List.of(file(projectJackson)), List.of(projectJackson),
                List.of(pluginJackson));

        assertThat(r.classpath()).containsExactly(file(projectJackson));
        assertThat(r.skipped()).containsExactly(pluginJackson);
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void anotherLatencyLensVersionInTheProjectIsWorthAWarning() {
        Dependency projectRuntime = dep("dev.latencylens:lens-runtime", "0.9");

        ClasspathMerger.Result r = ClasspathMerger.merge(List.of(file(projectRuntime)), List.of(projectRuntime),
                List.of(dep("dev.latencylens:lens-runtime", "1.0")));

        assertThat(r.classpath()).containsExactly(file(projectRuntime));
        assertThat(r.warnings()).singleElement().asString()
                .contains("dev.latencylens:lens-runtime:0.9 runs, not 1.0");
    }

    @Test
    void aClassifierMakesADifferentArtifact() {
        Dependency plain = dep("io.netty:netty-transport-native-epoll", "4.1");
        Dependency nativeJar = dep("io.netty:netty-transport-native-epoll:linux-x86_64", "4.1");

        ClasspathMerger.Result r = ClasspathMerger.merge(List.of(file(plain)), List.of(plain),
                List.of(plain, nativeJar));

        assertThat(r.added()).containsExactly(nativeJar);
    }

    @Test
    void mixingJUnitPlatformVersionsIsWorthAWarningThatSaysWhatToAdd() {
        Dependency projectEngine = dep("org.junit.platform:junit-platform-engine", "1.11.4");
        Dependency pluginLauncher = dep("org.junit.platform:junit-platform-launcher", "6.0.3");

        ClasspathMerger.Result r = ClasspathMerger.merge(List.of(file(projectEngine)), List.of(projectEngine),
                List.of(dep("org.junit.platform:junit-platform-engine", "6.0.3"), pluginLauncher));

        assertThat(r.added()).containsExactly(pluginLauncher);
        assertThat(r.warnings()).singleElement().asString()
                .contains("JUnit Platform 1.11.4", "junit-platform-launcher:6.0.3",
                        "add org.junit.platform:junit-platform-launcher in version 1.11.4");
    }

    @Test
    void theDirectDependencyComesFromTheDependencyTrail() {
        assertThat(ClasspathMerger.directDependency(List.of("dev.latencylens:lens-maven-plugin:maven-plugin:1.0",
                "dev.latencylens:lens-runtime:jar:1.0", "com.squareup.okhttp3:okhttp-jvm:jar:5.3.2")))
                .isEqualTo("dev.latencylens:lens-runtime");
        assertThat(ClasspathMerger.directDependency(List.of("dev.latencylens:lens-maven-plugin:maven-plugin:1.0")))
                .isEmpty();
        assertThat(ClasspathMerger.directDependency(null)).isEmpty();
    }

    @Test
    void findsTheMainClassInADirectoryOrAJarWithoutLoadingIt(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("classes");
        Files.createDirectories(dir.resolve("dev/latencylens/internal/junit"));
        Files.write(dir.resolve("dev/latencylens/internal/junit/LensLauncherMain.class"), new byte[] {1});
        Path jar = tmp.resolve("lens-runtime.jar");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("dev/latencylens/internal/junit/LensLauncherMain.class"));
            zip.write(1);
            zip.closeEntry();
        }
        Path notAJar = Files.writeString(tmp.resolve("notes.txt"), "x");

        assertThat(ClasspathMerger.containsClass(List.of(notAJar, tmp.resolve("missing"), dir),
                ForkCommand.MAIN_CLASS)).isTrue();
        assertThat(ClasspathMerger.containsClass(List.of(notAJar, jar), ForkCommand.MAIN_CLASS)).isTrue();
        assertThat(ClasspathMerger.containsClass(List.of(notAJar, tmp.resolve("missing")), ForkCommand.MAIN_CLASS))
                .isFalse();
    }
}
