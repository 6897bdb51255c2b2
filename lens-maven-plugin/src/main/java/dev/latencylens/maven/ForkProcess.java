package dev.latencylens.maven;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the forked JVM and streams its output, line by line as it comes, to the given consumers (the Maven log),
 * so progress lines appear while the benchmarks run. The child inherits the environment (API keys, base URLs),
 * plus the variables it is given (keys from settings.xml, {@link ServerCredentials}, and the secret-bearing
 * properties, {@link ForkCommand#environment()}).
 *
 * <p>The child's standard input stays open and silent while it runs: it is the child's lifeline. When Maven's JVM
 * dies without a word (kill -9, an OOM kill, a CI runner cancelling the job), the operating system closes the pipe,
 * the child reads end-of-file and stops as on Ctrl-C ({@code lens.stopWhenParentExits}), instead of spending credits
 * until its benchmarks end.
 *
 * <p>Stopping: when {@code timeout} passes, or when Maven's JVM shuts down (Ctrl-C, a kill), the child is asked to
 * stop ({@link Process#destroy()}: SIGTERM on Unix, so its shutdown hook writes the partial results), and killed
 * {@value #GRACE_SECONDS} s later if it is still alive.
 */
final class ForkProcess {

    /** How long a child asked to stop may take to write its partial results. */
    static final long GRACE_SECONDS = 15;

    /** Lines of standard error kept for the failure message. */
    static final int ERROR_TAIL = 20;

    /**
     * How it ended.
     *
     * @param exitCode  the child's exit code; meaningless when {@code timedOut}
     * @param timedOut  the timeout passed and the child was stopped
     * @param errorTail the last lines of standard error, oldest first, at most {@value #ERROR_TAIL}
     */
    record Outcome(int exitCode, boolean timedOut, List<String> errorTail) {

        Outcome {
            errorTail = List.copyOf(errorTail);
        }
    }

    private ForkProcess() {
    }

    /**
     * Starts {@code command} in {@code workingDirectory} and waits for it.
     *
     * @param timeout     empty: wait as long as it takes
     * @param environment variables added to the inherited environment (they never appear in the command)
     * @param out         receives each line of standard output
     * @param err     receives each line of standard error
     * @throws IOException          when the process cannot be started
     * @throws InterruptedException when this thread is interrupted; the child is stopped first
     */
    static Outcome run(List<String> command, Path workingDirectory, Optional<Duration> timeout,
                       Map<String, String> environment, Consumer<String> out, Consumer<String> err)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        // Not closed until the child has ended: end-of-file on its standard input means "Maven is gone".
        OutputStream lifeline = process.getOutputStream();

        Deque<String> tail = new ArrayDeque<>();
        Consumer<String> errAndTail = line -> {
            synchronized (tail) {
                tail.addLast(line);
                if (tail.size() > ERROR_TAIL) {
                    tail.removeFirst();
                }
            }
            err.accept(line);
        };
        Thread outPump = pump(process.getInputStream(), out, "lens-fork-stdout");
        Thread errPump = pump(process.getErrorStream(), errAndTail, "lens-fork-stderr");
        Thread stopOnExit = new Thread(() -> stop(process), "lens-fork-stop");
        boolean hooked = addShutdownHook(stopOnExit);
        boolean timedOut = false;
        try {
            if (timeout.isPresent()) {
                if (!process.waitFor(timeout.get().toMillis(), TimeUnit.MILLISECONDS)) {
                    timedOut = true;
                    stop(process);
                }
            } else {
                process.waitFor();
            }
            outPump.join();
            errPump.join();
        } catch (InterruptedException e) {
            stop(process);
            throw e;
        } finally {
            if (hooked) {
                removeShutdownHook(stopOnExit);
            }
            closeQuietly(lifeline);
        }
        synchronized (tail) {
            return new Outcome(timedOut ? -1 : process.exitValue(), timedOut, new ArrayList<>(tail));
        }
    }

    /** Asks the child (and anything it started) to stop, then kills what is left after the grace period. */
    static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // the child is gone and the pipe with it
        }
    }

    private static Thread pump(InputStream stream, Consumer<String> lines, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    try {
                        lines.accept(line);
                    } catch (RuntimeException e) {
                        // keep draining: a child blocked on a full pipe would never finish
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // the stream closed under us (the child was killed): nothing more to read
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static boolean addShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException e) {
            return false; // already shutting down
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook runs and stops an already finished process, which is harmless
        }
    }
}
