package dev.latencylens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.cli.LensJar.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What can be checked of the container image without building it (no registry holding the base image is reachable
 * here): the Containerfile copies the jar {@code mvn package} built, and its ENTRYPOINT, run on that jar, works.
 */
class ContainerfileIT {

    private static final Path CONTAINERFILE = Path.of(System.getProperty("lens.containerfile", "Containerfile"));

    @TempDir
    Path dir;

    @Test
    void copiesTheBuiltJarWhereTheEntrypointRunsIt() throws Exception {
        List<String> lines = Files.readAllLines(CONTAINERFILE);
        Matcher copy = instruction(lines, "COPY\\s+(\\S+)\\s+(\\S+)");
        Path source = CONTAINERFILE.toAbsolutePath().getParent().resolve(copy.group(1));
        assertThat(source).as("the COPY source, after mvn package").isRegularFile().isEqualTo(LensJar.JAR);

        List<String> entrypoint = jsonArray(instruction(lines, "ENTRYPOINT\\s+\\[(.*)]").group(1));
        assertThat(entrypoint).containsExactly("java", "-jar", copy.group(2));
        assertThat(instruction(lines, "FROM\\s+(\\S+)").group(1)).startsWith("eclipse-temurin:17");
        assertThat(instruction(lines, "USER\\s+(\\S+)").group(1)).isNotIn("root", "0");
        assertThat(instruction(lines, "EXPOSE\\s+(\\d+)").group(1)).isEqualTo("8089");

        // The ENTRYPOINT's command with the jar in place of its path in the image: java -jar <lens.jar> --version.
        Result r = LensJar.run(dir, "--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Latency Lens ");
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
