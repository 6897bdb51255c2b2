package dev.latencylens.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the built {@code lens.jar} as a user would, in a directory of its own: {@code java -jar lens.jar ...}, or
 * through the {@code lens} launcher script beside it.
 */
final class LensJar {

    /** Built by {@code mvn package}; failsafe passes its path. */
    static final Path JAR = Path.of(System.getProperty("lens.jar", "target/lens.jar")).toAbsolutePath();
    /** The launcher script {@code mvn package} puts beside it. */
    static final Path LAUNCHER = JAR.resolveSibling("lens");

    private LensJar() {
    }

    /** What a finished command left. */
    record Result(int exitCode, String out, String err) {
    }

    static ProcessBuilder command(Path workingDirectory, Map<String, String> environment, String... args) {
        // UTF-8 output whatever the locale (file.encoding on Java 17, stdout/stderr.encoding from Java 19 on): the
        // messages hold non-ASCII characters (an em dash) that the tests compare.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8", "-jar",
                JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().remove("GITHUB_STEP_SUMMARY"); // no test appends to a CI job's summary
        builder.environment().putAll(environment);
        return builder;
    }

    /** Runs {@code lens args} to its end (two minutes at most) and returns its exit code and output. */
    static Result run(Path workingDirectory, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        return finish(command(workingDirectory, environment, args), workingDirectory, args);
    }

    /**
     * Runs {@code lens args} through the launcher script, with the test JVM's Java as {@code JAVA_HOME} and no
     * {@code JAVA_OPTS} or {@code LENS_CDS} but those in {@code environment}.
     */
    static Result launch(Path workingDirectory, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().keySet().removeAll(List.of("GITHUB_STEP_SUMMARY", "JAVA_OPTS", "LENS_CDS"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        return finish(builder, workingDirectory, args);
    }

    private static Result finish(ProcessBuilder command, Path workingDirectory, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(workingDirectory, "stdout", ".txt");
        Path err = Files.createTempFile(workingDirectory, "stderr", ".txt");
        Process p = command.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("lens " + String.join(" ", args) + " did not end within 2 minutes");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    static Result run(Path workingDirectory, String... args) throws IOException, InterruptedException {
        return run(workingDirectory, Map.of(), args);
    }
}
