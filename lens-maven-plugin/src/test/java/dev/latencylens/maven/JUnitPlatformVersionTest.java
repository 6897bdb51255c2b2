package dev.latencylens.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.maven.ClasspathMerger.Dependency;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JUnitPlatformVersionTest {

    private static Dependency dep(String groupId, String artifactId, String version) {
        return new Dependency(groupId, artifactId, null, version, Path.of(artifactId + "-" + version + ".jar"));
    }

    @Test
    void theProjectsPlatformIsThatOfItsEngineApi() {
        List<Dependency> boot = List.of(dep("org.junit.jupiter", "junit-jupiter-api", "5.12.2"),
                dep("org.junit.platform", "junit-platform-commons", "1.12.1"),
                dep("org.junit.platform", "junit-platform-engine", "1.12.2"));
        assertThat(JUnitPlatformVersion.of(boot)).contains("1.12.2");

        assertThat(JUnitPlatformVersion.of(List.of(dep("org.junit.platform", "junit-platform-commons", "6.0.1"))))
                .contains("6.0.1");
        assertThat(JUnitPlatformVersion.of(List.of(dep("com.squareup.okhttp3", "okhttp", "4.12.0")))).isEmpty();
    }

    @Test
    void platformsFrom110OnAreSupported() {
        assertThat(JUnitPlatformVersion.supported("1.10.0")).isTrue();
        assertThat(JUnitPlatformVersion.supported("1.10.5")).isTrue();
        assertThat(JUnitPlatformVersion.supported("1.13.4")).isTrue();
        assertThat(JUnitPlatformVersion.supported("6.0.3")).isTrue();
        assertThat(JUnitPlatformVersion.supported("1.9.3")).isFalse();
        assertThat(JUnitPlatformVersion.supported("1.8.2")).isFalse();
        assertThat(JUnitPlatformVersion.unsupportedMessage("1.9.3")).contains("1.9.3").contains("1.10 or later")
                .contains("junit-bom");
    }

    @Test
    void theForkGetsOnlyTheLauncherWhenTheProjectLacksIt() {
        Dependency engine = dep("org.junit.platform", "junit-platform-engine", "1.12.2");
        Dependency launcher = dep("org.junit.platform", "junit-platform-launcher", "1.12.2");

        assertThat(JUnitPlatformVersion.missingForkArtifacts(List.of(engine)))
                .containsExactly("junit-platform-launcher");
        assertThat(JUnitPlatformVersion.missingForkArtifacts(List.of(engine, launcher))).isEmpty();
    }
}
