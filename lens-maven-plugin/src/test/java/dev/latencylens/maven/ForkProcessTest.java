package dev.latencylens.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForkProcessTest {

    private static List<String> java(Class<?> main, String... args) throws Exception {
        Path classes = Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dstdout.encoding=UTF-8", "-Dsun.stdout.encoding=UTF-8", // as ForkCommand does
                "-cp", classes.toString(), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void streamsBothStreamsLineByLineAndReturnsTheExitCode(@TempDir Path dir) throws Exception {
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        List<String> err = Collections.synchronizedList(new ArrayList<>());

        ForkProcess.Outcome outcome = ForkProcess.run(java(Talker.class, "30", "3"), dir, Optional.empty(),
                Map.of(), out::add, err::add);

        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.timedOut()).isFalse();
        assertThat(out).hasSize(30).startsWith("out 0 ✓").endsWith("out 29 ✓");
        assertThat(err).hasSize(30);
        assertThat(outcome.errorTail()).hasSize(ForkProcess.ERROR_TAIL).startsWith("err 10").endsWith("err 29");
    }

    @Test
    void linesArriveWhileTheForkIsStillRunning(@TempDir Path dir) throws Exception {
        long[] firstLineAt = new long[1];
        ForkProcess.Outcome outcome = ForkProcess.run(java(Sleeper.class, "1500"), dir, Optional.empty(), Map.of(),
                line -> {
            if (line.equals("started")) {
                firstLineAt[0] = System.nanoTime();
            }
        }, line -> { });
        long endedAt = System.nanoTime();

        assertThat(outcome.exitCode()).isZero();
        assertThat(Duration.ofNanos(endedAt - firstLineAt[0])).isGreaterThan(Duration.ofMillis(1000));
    }

    @Test
    void aForkThatOutlivesItsTimeoutIsStoppedAndSaysSo(@TempDir Path dir) throws Exception {
        long start = System.nanoTime();
        ForkProcess.Outcome outcome = ForkProcess.run(java(Sleeper.class, "60000"), dir,
                Optional.of(Duration.ofMillis(500)), Map.of(), line -> { }, line -> { });

        assertThat(outcome.timedOut()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    /** Prints n lines to each stream, then exits with the given code. */
    @Test
    void variablesGivenReachTheChildsEnvironmentAndNotItsCommandLine(@TempDir Path dir) throws Exception {
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        List<String> command = java(EnvProbe.class);
        ForkProcess.Outcome outcome = ForkProcess.run(command, dir, Optional.empty(),
                Map.of("LENS_PROBE_KEY", "sk-from-settings-xml"), out::add, out::add);
        assertThat(outcome.exitCode()).as("output: %s", out).isZero();
        assertThat(out).containsExactly("LENS_PROBE_KEY has 20 characters, starts with sk-");
        assertThat(String.join(" ", command)).doesNotContain("sk-from-settings-xml");
    }

    /** Says how long {@code LENS_PROBE_KEY} is and how it starts, never the whole value. */
    @Test
    void theChildsStandardInputStaysOpenWhileItRuns(@TempDir Path dir) throws Exception {
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        ForkProcess.Outcome outcome = ForkProcess.run(java(StdinProbe.class), dir, Optional.empty(), Map.of(),
                out::add, line -> { });

        assertThat(outcome.exitCode()).isZero();
        assertThat(out).containsExactly("stdin open");
    }

    /** Says whether its standard input is still open after a read that returns within a second, or ends first. */
    public static final class StdinProbe {

        public static void main(String[] args) throws Exception {
            java.util.concurrent.CompletableFuture<Integer> read = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> {
                        try {
                            return System.in.read();
                        } catch (java.io.IOException e) {
                            return -1;
                        }
                    });
            try {
                System.out.println(read.get(1, java.util.concurrent.TimeUnit.SECONDS) == -1 ? "stdin closed"
                        : "stdin had data");
            } catch (java.util.concurrent.TimeoutException stillOpen) {
                System.out.println("stdin open");
            }
            System.exit(0);
        }
    }

    public static final class EnvProbe {

        public static void main(String[] args) {
            String key = System.getenv("LENS_PROBE_KEY");
            System.out.println(key == null ? "LENS_PROBE_KEY unset" : "LENS_PROBE_KEY has " + key.length()
                    + " characters, starts with " + key.substring(0, 3));
        }
    }

    public static final class Talker {

        public static void main(String[] args) {
            int n = Integer.parseInt(args[0]);
            for (int i = 0; i < n; i++) {
                System.out.println("out " + i + " ✓");
                System.err.println("err " + i);
            }
            System.exit(Integer.parseInt(args[1]));
        }
    }

    /** Says "started", then sleeps. */
    public static final class Sleeper {

        public static void main(String[] args) throws InterruptedException {
            System.out.println("started");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[0]));
        }
    }
}
