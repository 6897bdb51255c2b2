package dev.latencylens.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A monitor in a JVM of its own, stopped as a service manager stops it (SIGTERM): the shutdown hook stops probing and
 * closes the interval log complete, so every line of it reads back with HdrHistogram's own reader.
 */
class MonitorShutdownTest {

    @TempDir
    Path dir;

    @Test
    void sigtermLeavesACompleteIntervalLog() throws Exception {
        Path hlog = dir.resolve("child.hlog");
        Path output = dir.resolve("child.log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dlens.monitor.interval=20ms", "-Dlens.monitor.metricsPort=0", "-Dlens.monitor.probes=2",
                "-Dlens.monitor.hlog=" + hlog, MonitorChild.class.getName())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            // Wait (with a deadline) until it has flushed at least 5 rounds: 2 tagged histograms each.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (intervalLines(hlog) < 10) {
                assertThat(child.isAlive()).as("the monitor runs: " + read(output)).isTrue();
                assertThat(System.nanoTime()).as("5 rounds within 60 s: " + read(output)).isLessThan(deadline);
                child.waitFor(20, TimeUnit.MILLISECONDS); // paces the poll; wakes early if it dies
            }
            int seen = intervalLines(hlog);
            child.destroy(); // SIGTERM
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
            assertThat(child.exitValue()).isEqualTo(143); // 128 + SIGTERM: the JVM ran its hooks and exited

            String text = Files.readString(hlog);
            assertThat(text).endsWith("\n");
            List<EncodableHistogram> intervals = new ArrayList<>();
            try (HistogramLogReader reader = new HistogramLogReader(hlog.toFile())) {
                for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null;
                     h = reader.nextIntervalHistogram()) {
                    intervals.add(h);
                }
            }
            assertThat(intervals.size()).isGreaterThanOrEqualTo(seen).isEqualTo(intervalLines(hlog)).isEven();
            assertThat(intervals).allSatisfy(h -> assertThat(((Histogram) h).getTotalCount()).isBetween(0L, 2L));
            assertThat(intervals).extracting(EncodableHistogram::getTag).containsOnly("Child.probe/ttft",
                    "Child.probe/e2e");
            assertThat(read(output)).contains("[lens] monitor stopped after");
        } finally {
            child.destroyForcibly();
        }
    }

    private static int intervalLines(Path hlog) throws Exception {
        if (!Files.exists(hlog)) {
            return 0;
        }
        // Only whole lines: a line the writer has not finished does not count.
        String text = Files.readString(hlog);
        return (int) text.substring(0, text.lastIndexOf('\n') + 1).lines().filter(l -> l.startsWith("Tag=")).count();
    }

    private static String read(Path file) throws Exception {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
