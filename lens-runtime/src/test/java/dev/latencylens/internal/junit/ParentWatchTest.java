package dev.latencylens.internal.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.LatencyLens;
import dev.latencylens.simulator.ServedRequest;
import dev.latencylens.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fork whose Maven was killed stops sending requests: a plugin-like parent JVM forks {@link LensLauncherMain} as
 * the plugin does, the parent is killed with SIGKILL mid-run, and the simulator's own record of arrivals shows that
 * no request arrived long after the kill; the fork exits and leaves its partial reports.
 */
class ParentWatchTest {

    /** Generous for a shared 2-core machine; without the watch the fork would send for minutes. */
    private static final Duration LAST_ARRIVAL_BOUND = Duration.ofSeconds(5);

    @Test
    void aForkWhoseParentWasKilledStopsSending(@TempDir Path dir) throws Exception {
        Path benchmarks = dir.resolve("classes");
        Files.createDirectories(benchmarks.resolve("META-INF/latencylens"));
        Files.writeString(benchmarks.resolve(LatencyLens.BENCHMARK_LIST), ParentWatchFixture.class.getName() + "\n");
        try (Simulator sim = Simulator.builder().seed(5).build().start()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process parent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    PluginLikeParentMain.class.getName(), PluginLikeParentMain.classPath(benchmarks),
                    sim.baseUrlFor("openai"), dir.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("parent.log").toFile()).start();
            try {
                // Wait for a condition (the fork is sending), not for a time.
                assertThat(sim.groundTruth().awaitRecorded(20, Duration.ofSeconds(90)))
                        .as("the fork never got going: %s", log(dir.resolve("fork.log"))).isTrue();
                ProcessHandle fork = ProcessHandle.of(Long.parseLong(Files.readString(dir.resolve("fork.pid"))))
                        .orElseThrow();

                parent.destroyForcibly(); // SIGKILL: no shutdown hook of the parent runs, as with kill -9
                long killed = System.nanoTime();
                assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();

                assertThat(fork.onExit().get(60, TimeUnit.SECONDS).isAlive()).as("the fork outlived its parent")
                        .isFalse();
                long lastArrival = sim.groundTruth().records().stream().mapToLong(ServedRequest::arrivalNanos)
                        .max().orElseThrow();
                assertThat(Duration.ofNanos(lastArrival - killed)).isLessThan(LAST_ARRIVAL_BOUND);
                assertThat(log(dir.resolve("fork.log"))).contains("the parent process is gone");
                assertThat(Files.readString(dir.resolve("lens/results.json"))).contains("\"partial\" : true");
            } finally {
                parent.destroyForcibly();
                Optional.ofNullable(readPid(dir)).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static Long readPid(Path dir) {
        try {
            return Long.parseLong(Files.readString(dir.resolve("fork.pid")));
        } catch (Exception e) {
            return null;
        }
    }

    private static String log(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readString(file) : "(no log)";
    }
}
