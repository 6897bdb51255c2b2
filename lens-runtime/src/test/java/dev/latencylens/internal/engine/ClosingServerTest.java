package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.results.Metric;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.ConnectionReuse;
import dev.latencylens.results.RunResult;
import dev.latencylens.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server that announces keep-alive and closes every connection after its response, as llama.cpp's
 * {@code llama-server} does: with retries off, no request may be lost, every request that found its pooled
 * connection closed says so in {@code requests.jsonl}, and the result says what the server does and what it cost.
 */
class ClosingServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Simulator sim;

    @BeforeAll
    static void start() {
        sim = Simulator.builder().seed(11).build().start();
        sim.register("closing", SimulatorRuns.scripted(2, 0.2, 8).closeAfterResponse(true).build());
        sim.register("keeping", SimulatorRuns.scripted(2, 0.2, 8).build());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @ParameterizedTest(name = "{0} stream(s)")
    @ValueSource(ints = {1, 8})
    void aServerThatClosesEveryConnectionLosesNoRequest(int streams, @TempDir Path dir) throws Exception {
        BenchmarkDescriptor d = SimulatorRuns.benchmark("closing").warmup(2).iterations(100).concurrency(streams)
                .pattern(streams == 1 ? LoadPattern.SEQUENTIAL : LoadPattern.CONCURRENT).build();

        RunResult run = SimulatorRuns.run(sim, SimulatorRuns.writingTo(dir), d);

        BenchmarkResult r = run.benchmarks().get(0);
        assertThat(r.reliability().succeeded()).as(r.reliability().errors().toString()).isEqualTo(100);
        ConnectionReuse c = r.connections();
        assertThat(c.requests()).isEqualTo(100);
        assertThat(c.reused()).as("a request that found its pooled connection closed ran on a new one").isZero();
        assertThat(c.reuseRate()).isZero();
        assertThat(c.staleRetries()).isPositive();
        assertThat(c.closesConnections()).isTrue();
        assertThat(c.finding()).hasValueSatisfying(f -> assertThat(f)
                .startsWith("the server closes keep-alive connections: every request paid for a new connection (+")
                .contains("ms p50 to open it"));
        assertThat(c.setupP50Ms()).isPresent();
        assertThat(r.metric(Metric.CONNECTION_SETUP).n()).isEqualTo(100);

        List<JsonNode> measured = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(RequestLogWriter.FILE_NAME))) {
            JsonNode n = JSON.readTree(line);
            if (n.path("phase").asText().equals("measured")) {
                measured.add(n);
            }
        }
        assertThat(measured).hasSize(100).allSatisfy(n -> {
            assertThat(n.path("success").asBoolean()).as(n.toString()).isTrue();
            assertThat(n.path("attempt").asInt()).as("not a lens.retries retry").isZero();
            assertThat(n.path("connection").path("reused").asBoolean()).isFalse();
            assertThat(n.path("connection").has("staleRetry")).isTrue();
        });
        List<JsonNode> stale = measured.stream()
                .filter(n -> n.path("connection").path("staleRetry").asBoolean()).toList();
        assertThat(stale).hasSize((int) c.staleRetries()).allSatisfy(n -> {
            assertThat(n.path("connection").path("staleError").asText()).isNotEmpty();
            assertThat(n.path("connection").path("connectMs").asDouble()).isGreaterThanOrEqualTo(0);
            // the new connection's cost is inside the request's latency: it was opened after t_send
            assertThat(n.path("offsetsMs").path("connectionAcquired").asDouble())
                    .isGreaterThanOrEqualTo(n.path("offsetsMs").path("send").asDouble());
        });
    }

    @Test
    void aServerThatKeepsItsConnectionsHasNoFinding(@TempDir Path dir) {
        BenchmarkDescriptor d = SimulatorRuns.benchmark("keeping").warmup(2).iterations(40).concurrency(4)
                .pattern(LoadPattern.CONCURRENT).build();

        BenchmarkResult r = SimulatorRuns.run(sim, SimulatorRuns.writingTo(dir), d).benchmarks().get(0);

        ConnectionReuse c = r.connections();
        assertThat(c.requests()).isEqualTo(40);
        assertThat(c.requests() - c.reused()).as("at most one new connection per worker").isLessThanOrEqualTo(4);
        assertThat(c.reuseRate()).isGreaterThanOrEqualTo(0.9);
        assertThat(c.staleRetries()).isZero();
        assertThat(c.closesConnections()).isFalse();
        assertThat(c.finding()).isEmpty();
    }
}
