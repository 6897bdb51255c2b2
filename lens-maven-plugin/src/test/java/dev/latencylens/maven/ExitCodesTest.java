package dev.latencylens.maven;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

class ExitCodesTest {

    private static final Path REPORTS = Path.of("target", "lens");

    @Test
    void zeroPasses() {
        assertThatCode(() -> ExitCodes.check(0, REPORTS, List.of("noise"))).doesNotThrowAnyException();
    }

    @Test
    void oneIsAFailedGateTheProjectsFaultLikeAFailingTest() {
        assertThatThrownBy(() -> ExitCodes.check(1, REPORTS, List.of()))
                .isExactlyInstanceOf(MojoFailureException.class)
                .hasMessageContaining("benchmark gate failed")
                .hasMessageContaining(REPORTS.resolve("summary.md").toString());
    }

    @Test
    void twoMeansTheToolCouldNotRunAndRepeatsWhatTheForkSaid() {
        assertThatThrownBy(() -> ExitCodes.check(2, REPORTS,
                List.of("[lens] no API key for openai: set OPENAI_API_KEY or run with -Dlens.simulate=true")))
                .isExactlyInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("Latency Lens could not run: see the message above")
                .hasMessageContaining("no API key for openai");
    }

    @Test
    void threeIsABenchmarkWithoutAnySuccessfulRequest() {
        assertThatThrownBy(() -> ExitCodes.check(3, REPORTS, List.of("[lens] FAILED a: all 2 requests failed")))
                .isExactlyInstanceOf(MojoFailureException.class)
                .hasMessageContaining("no successful request")
                .hasMessageContaining("all 2 requests failed");
    }

    @Test
    void anythingElseIsADeadJvm() {
        assertThatThrownBy(() -> ExitCodes.check(137, REPORTS, List.of()))
                .isExactlyInstanceOf(MojoExecutionException.class)
                .hasMessage("Latency Lens: the forked JVM died with exit code 137");
        assertThatThrownBy(() -> ExitCodes.check(-1, REPORTS, List.of()))
                .isExactlyInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("exit code -1");
    }
}
