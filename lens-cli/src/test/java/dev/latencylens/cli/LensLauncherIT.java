package dev.latencylens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.cli.LensJar.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code lens} launcher script's class-data sharing archive, end to end: made on the first call in the cache
 * directory, mapped by the JVM on the next (its {@code -Xlog:class+load} says where each class came from), and
 * never in the way when it cannot be made or is turned off.
 */
class LensLauncherIT {

    @TempDir
    Path dir;

    @Test
    void theFirstCallMakesTheArchiveAndTheNextRunMapsTheRunsClassesFromIt() throws Exception {
        Path cache = dir.resolve("cache");

        Result first = LensJar.launch(dir, Map.of("XDG_CACHE_HOME", cache.toString()), "--version");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("Latency Lens ").doesNotContain("[warning]");
        assertThat(first.err()).isEmpty();
        assertThat(archives(cache)).hasSize(1);

        // The archive was made by a run, not by --version: the engine's and the reports' classes come from it.
        Path config = Files.writeString(dir.resolve("lens.yaml"), """
                benchmarks:
                  - name: mapped
                    provider: simulated
                    model: sim-instant
                    iterations: 2
                    warmup: 0
                    maxTokens: 4
                    prompt: "Say hi."
                """);
        Path classes = dir.resolve("classes.txt");
        Result second = LensJar.launch(dir, Map.of("XDG_CACHE_HOME", cache.toString(),
                "JAVA_OPTS", "-Xlog:class+load=info:file=" + classes), "run", config.toString(), "--out", "out");

        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertThat(dir.resolve("out/report.html")).isNotEmptyFile();
        String mapped = " source: shared objects file (top)";
        assertThat(Files.readAllLines(classes))
                .anyMatch(l -> l.endsWith(" dev.latencylens.cli.LensCli" + mapped))
                .anyMatch(l -> l.endsWith(" dev.latencylens.internal.engine.RunEngine" + mapped))
                .anyMatch(l -> l.endsWith(" dev.latencylens.internal.report.HtmlReport" + mapped));
        assertThat(archives(cache)).hasSize(1);
    }

    @Test
    void aCacheThatCannotBeWrittenOnlyMeansNoArchive() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("cache"), "a file where the cache directory would be");

        Result r = LensJar.launch(dir, Map.of("XDG_CACHE_HOME", notADirectory.toString()), "--version");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Latency Lens ");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void lensCdsOffMakesNoArchive() throws Exception {
        Path cache = dir.resolve("cache");

        Result r = LensJar.launch(dir, Map.of("XDG_CACHE_HOME", cache.toString(), "LENS_CDS", "off"), "--version");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Latency Lens ");
        assertThat(cache).doesNotExist();
    }

    private static List<Path> archives(Path cache) throws IOException {
        try (Stream<Path> files = Files.list(cache.resolve("lens"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
        }
    }
}
