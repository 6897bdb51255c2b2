package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.results.ResultJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM shutdown (what Ctrl-C causes) mid-run still writes every result gathered so far, marked partial. */
class InterruptedRunTest {

    @Test
    void aShutdownWritesPartialResults(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                InterruptedRunMain.class.getName(), dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            Path log = dir.resolve(RequestLogWriter.FILE_NAME);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // Wait for a condition (three requests done), not for a time.
            while (lines(log) < 3 && child.isAlive() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            assertThat(lines(log)).as("child never got going: %s", Files.readString(dir.resolve("child.log")))
                    .isGreaterThanOrEqualTo(3);

            child.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

            JsonNode results = new ObjectMapper().readTree(dir.resolve(ResultJson.FILE_NAME).toFile());
            assertThat(results.get("partial").asBoolean()).isTrue();
            JsonNode endless = results.get("benchmarks").get(0);
            assertThat(endless.get("partial").asBoolean()).isTrue();
            long attempted = endless.at("/reliability/attempted").asLong();
            assertThat(attempted).isBetween(2L, 99_999L);
            assertThat(endless.at("/metrics/ttft/n").asLong()).isPositive();
            String console = Files.readString(dir.resolve("child.log"));
            assertThat(console).contains("stopping").contains("[lens] reports: " + dir.toAbsolutePath());
            // Every report is written and says the run was partial.
            assertThat(Files.readString(dir.resolve("summary.md"))).contains("**Partial run**");
            assertThat(Files.readString(dir.resolve("report.html"))).contains("Partial run.");
            assertThat(Files.readString(dir.resolve("results.csv"))).contains(",true");
            assertThat(Files.readString(dir.resolve("TEST-lens.xml")))
                    .contains("<property name=\"lens.partial\" value=\"true\"");
            assertThat(new ObjectMapper().readTree(dir.resolve("jmh-result.json").toFile()).get(0).get("partial")
                    .asBoolean()).isTrue();
            assertThat(console).contains("PARTIAL RUN");
        } finally {
            child.destroyForcibly();
        }
    }

    private static long lines(Path file) throws java.io.IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var l = Files.lines(file)) {
            return l.count();
        }
    }
}
