package dev.latencylens.maven;

import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * What the forked JVM's exit code means for the build. The fork ({@code dev.latencylens.internal.junit.LensLauncherMain})
 * prints its own explanation before it exits; the exception here points at it and repeats the last lines the fork
 * wrote to standard error, so the BUILD FAILURE summary says why without scrolling.
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><th>code</th><th>meaning</th><th>build</th></tr>
 *   <tr><td>0</td><td>ran, every gate passed</td><td>continues</td></tr>
 *   <tr><td>1</td><td>a gate failed: an SLA breach ({@code failOnSlaViolation}) or a regression
 *       ({@code failOnRegression})</td><td>{@link MojoFailureException}: the project's fault, like a failing
 *       test</td></tr>
 *   <tr><td>2</td><td>the tool could not run: bad configuration, unknown provider, missing API key, crash</td>
 *       <td>{@link MojoExecutionException}</td></tr>
 *   <tr><td>3</td><td>a benchmark had no successful measured request (wrong host, closed port, bad key, provider
 *       down): it measured nothing; the fork named the likely cause and the setting to check</td>
 *       <td>{@link MojoFailureException}</td></tr>
 *   <tr><td>other</td><td>the JVM died (killed, out of memory, no such main class, ...)</td>
 *       <td>{@link MojoExecutionException}</td></tr>
 * </table>
 */
final class ExitCodes {

    static final int OK = 0;
    static final int GATE_FAILED = 1;
    static final int COULD_NOT_RUN = 2;
    static final int NO_SUCCESS = 3;

    private ExitCodes() {
    }

    /**
     * Returns normally for {@link #OK}; throws otherwise.
     *
     * @param reportsDirectory where the fork wrote its reports ({@code summary.md} lists the failed gates)
     * @param errorTail        the last lines the fork wrote to standard error, oldest first; may be empty
     */
    static void check(int exitCode, Path reportsDirectory, List<String> errorTail)
            throws MojoFailureException, MojoExecutionException {
        switch (exitCode) {
            case OK -> {
                // every gate passed
            }
            case GATE_FAILED -> throw new MojoFailureException("Latency Lens: a benchmark gate failed (SLA breach or"
                    + " regression): see the failures above and " + reportsDirectory.resolve("summary.md")
                    + tail(errorTail));
            case NO_SUCCESS -> throw new MojoFailureException("Latency Lens: a benchmark had no successful request, so"
                    + " it measured nothing: see the cause and the setting to check above, and "
                    + reportsDirectory.resolve("summary.md") + tail(errorTail));
            case COULD_NOT_RUN -> throw new MojoExecutionException("Latency Lens could not run: see the message"
                    + " above" + tail(errorTail));
            default -> throw new MojoExecutionException("Latency Lens: the forked JVM died with exit code " + exitCode
                    + tail(errorTail));
        }
    }

    private static String tail(List<String> lines) {
        if (lines.isEmpty()) {
            return "";
        }
        return System.lineSeparator() + String.join(System.lineSeparator(), lines);
    }
}
