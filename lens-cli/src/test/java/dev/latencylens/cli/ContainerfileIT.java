package dev.latencylens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.cli.LensJar.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What can be checked of the container image without building it (no registry holding the base image is reachable
 * here): the Containerfile copies the jar and the launcher {@code mvn package} built, side by side, and its ENTRYPOINT,
 * the launcher, works on that jar and leaves the class-data sharing archive where the image keeps it.
 */
class ContainerfileIT {

    private static final Path CONTAINERFILE = Path.of(System.getProperty("lens.containerfile", "Containerfile"));

    @TempDir
    Path dir;

    @Test
    void copiesTheBuiltJarAndLauncherWhereTheEntrypointRunsThem() throws Exception {
        List<String> lines = Files.readAllLines(CONTAINERFILE);
        Matcher copyJar = instruction(lines, "COPY\\s+(\\S+lens\\.jar)\\s+(\\S+)");
        Matcher copyLauncher = instruction(lines, "COPY\\s+(\\S+/lens)\\s+(\\S+)");
        Path here = CONTAINERFILE.toAbsolutePath().getParent();
        assertThat(here.resolve(copyJar.group(1))).as("the COPY source, after mvn package").isRegularFile()
                .isEqualTo(LensJar.JAR);
        assertThat(here.resolve(copyLauncher.group(1))).isRegularFile().isEqualTo(LensJar.LAUNCHER);
        assertThat(Path.of(copyLauncher.group(2)).resolveSibling("lens.jar")).as("the launcher runs the jar beside it")
                .isEqualTo(Path.of(copyJar.group(2)));

        List<String> entrypoint = jsonArray(instruction(lines, "ENTRYPOINT\\s+\\[(.*)]").group(1));
        assertThat(entrypoint).containsExactly(copyLauncher.group(2));
        assertThat(instruction(lines, "RUN\\s+(\\S+)\\s+--version").group(1)).as("the archive made at build time")
                .isEqualTo(copyLauncher.group(2));
        assertThat(instruction(lines, "FROM\\s+(\\S+)").group(1)).startsWith("eclipse-temurin:17");
        assertThat(instruction(lines, "USER\\s+(\\S+)").group(1)).isNotIn("root", "0");
        assertThat(instruction(lines, "EXPOSE\\s+(\\d+)").group(1)).isEqualTo("8089");

        // The RUN step with the built launcher in place of its path in the image, and the cache where ENV puts it.
        Path cache = dir.resolve("cache");
        assertThat(instruction(lines, "ENV\\s+XDG_CACHE_HOME=(\\S+)").group(1)).startsWith("/opt/lens/");
        Result r = LensJar.launch(dir, Map.of("XDG_CACHE_HOME", cache.toString()), "--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Latency Lens ");
        try (Stream<Path> archives = Files.list(cache.resolve("lens"))) {
            assertThat(archives.map(Path::toString)).anyMatch(f -> f.endsWith(".jsa"));
        }
    }

    @Test
    void theJarCarriesTheConfigurationSchema() throws Exception {
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(LensJar.JAR.toFile())) {
            assertThat(jar.getEntry("lens.schema.json")).isNotNull();
            assertThat(new String(jar.getInputStream(jar.getEntry("lens.schema.json")).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(Files.readString(CONTAINERFILE
                    .toAbsolutePath().getParent().resolve("../docs/lens.schema.json")));
        }
    }

    private static Matcher instruction(List<String> lines, String regex) {
        Pattern p = Pattern.compile("^" + regex + "$");
        return lines.stream().map(String::strip).map(p::matcher).filter(Matcher::matches).findFirst()
                .orElseThrow(() -> new AssertionError("no line matching " + regex + " in " + CONTAINERFILE));
    }

    private static List<String> jsonArray(String items) {
        return Arrays.stream(items.split(",")).map(String::strip).map(s -> s.substring(1, s.length() - 1)).toList();
    }
}
