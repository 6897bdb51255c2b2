package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.results.ResultJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first benchmark of a run in a fresh JVM, against a fast server with no cold start, is not reported as a cold
 * start: the JVM's own first use of OkHttp, Jackson and the decoders is paid by the client warm-up, and the probe's
 * connection setup is reported apart from its server side. It runs in a child JVM because this one has long been
 * warmed by other tests. (Without the warm-up and the split, this probe's TTFT was 194–226 ms against a steady p50
 * of 52–53 ms and a max of 102–104 ms, and the previous rule called it a cold start.)
 */
class FirstBenchmarkColdStartTest {

    @Test
    void aFastServerWithoutColdStartIsNotReportedAsOneOnAFreshJvm(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                FirstBenchmarkOfARunMain.class.getName(), dir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child finished").isTrue();
            assertThat(child.exitValue()).as(Files.readString(log)).isZero();
        } finally {
            child.destroyForcibly();
        }
        JsonNode results = new ObjectMapper().readTree(dir.resolve(ResultJson.FILE_NAME).toFile());
        JsonNode warmUp = results.at("/lens/clientWarmUp");
        assertThat(warmUp.get("requests").asInt()).isEqualTo(ClientWarmUp.REQUESTS_PER_FORMAT); // one format
        assertThat(warmUp.get("ms").asDouble()).isPositive();

        JsonNode cold = results.at("/benchmarks/0/coldStart");
        assertThat(cold.get("probed").asBoolean()).isTrue();
        assertThat(cold.get("connectionReused").asBoolean()).as("the probe opened its own connection").isFalse();
        assertThat(cold.get("steadyN").asInt()).isEqualTo(30);
        assertThat(cold.get("detected").asBoolean()).as(cold.get("verdict").asText()).isFalse();
        assertThat(cold.get("verdict").asText()).startsWith("no cold start");
        double ttft = cold.get("ttftMs").asDouble();
        double setup = cold.get("connectionSetupMs").asDouble();
        assertThat(setup).isPositive();
        assertThat(cold.get("serverTtftMs").asDouble()).isCloseTo(ttft - setup,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(cold.get("serverTtftMs").asDouble()).isLessThanOrEqualTo(cold.get("thresholdMs").asDouble());
    }
}
