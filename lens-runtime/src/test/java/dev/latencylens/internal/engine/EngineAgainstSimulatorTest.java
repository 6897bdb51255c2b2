package dev.latencylens.internal.engine;

import static dev.latencylens.internal.engine.SimulatorRuns.benchmark;
import static dev.latencylens.internal.engine.SimulatorRuns.run;
import static dev.latencylens.internal.engine.SimulatorRuns.scripted;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.results.Metric;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Distribution;
import dev.latencylens.api.RunOptions;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.results.ResultJson;
import dev.latencylens.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole engine against the real simulator over loopback sockets, with scripted timings. */
class EngineAgainstSimulatorTest {

    private static Simulator sim;

    @BeforeAll
    static void start() {
        sim = Simulator.builder().seed(7).build().start();
        sim.register("scripted", scripted(50, 10, 100).build()); // the script
        sim.register("short", scripted(5, 1, 8).build());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void aScriptedRunMeasuresWhatTheScriptSays() {
        RunResult run = run(sim, RunOptions.defaults(), benchmark("scripted").iterations(6).warmup(1).build());

        BenchmarkResult r = run.benchmarks().get(0);
        assertThat(r.reliability().attempted()).isEqualTo(6);
        assertThat(r.reliability().succeeded()).isEqualTo(6);
        // Bounds loose enough for a shared, noisy machine; a broken clock or a counted role chunk falls outside.
        Distribution ttft = r.metric(Metric.TTFT);
        assertThat(ttft.n()).isEqualTo(6);
        assertThat(ttft.p50()).isBetween(49.0, 150.0);
        Distribution icl = r.metric(Metric.ICL);
        assertThat(icl.n()).isEqualTo(6 * 99);
        assertThat(icl.p50()).isBetween(8.0, 30.0);
        assertThat(r.metric(Metric.TPOT).p50()).isBetween(8.0, 30.0);
        assertThat(r.metric(Metric.E2E).p50()).isGreaterThanOrEqualTo(50 + 99 * 10.0 - 1);
        // OpenAI's stream does not say how many tokens an event carries: no ITL, never ICL relabelled.
        assertThat(r.metric(Metric.ITL).n()).isZero();
        assertThat(r.tokens().output()).isEqualTo(6 * 100); // exactly 100 tokens a request
        assertThat(r.tokens().source()).isEqualTo("provider");
        assertThat(r.throughput().windowSeconds()).isPositive();
        assertThat(run.partial()).isFalse();
        assertThat(r.partial()).isFalse();
    }

    @Test
    void concurrentWorkersSendEveryRequestOnce(@TempDir Path dir) throws Exception {
        RunResult run = run(sim, SimulatorRuns.writingTo(dir), SimulatorRuns.concurrent("short", 4, 40));

        BenchmarkResult r = run.benchmarks().get(0);
        assertThat(r.reliability().succeeded()).isEqualTo(40);
        assertThat(r.tokens().output()).isEqualTo(40 * 8);
        List<String> lines = Files.readAllLines(dir.resolve(RequestLogWriter.FILE_NAME));
        assertThat(lines).hasSize(1 + 1 + 40); // cold probe, warmup, measured
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> measured = lines.stream().map(l -> read(json, l))
                .filter(n -> n.get("phase").asText().equals("measured")).toList();
        assertThat(measured).extracting(n -> n.get("index").asInt()).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.range(0, 40).boxed().toList());
        assertThat(measured).allSatisfy(n -> {
            assertThat(n.get("success").asBoolean()).isTrue();
            assertThat(n.get("tokens").get("output").asInt()).isEqualTo(8);
            assertThat(n.get("offsetsMs").get("events")).hasSize(8);
            assertThat(n.get("requestId").asText()).isNotEmpty();
        });
        assertThat(Files.exists(dir.resolve(ResultJson.FILE_NAME))).isTrue();
    }

    @Test
    void capturedTextIsWrittenOnlyWhenAskedFor(@TempDir Path dir) throws Exception {
        run(sim, SimulatorRuns.writingTo(dir).toBuilder().captureText(true).build(), benchmark("short").iterations(1).build());
        String withText = Files.readAllLines(dir.resolve(RequestLogWriter.FILE_NAME)).get(0);
        assertThat(new ObjectMapper().readTree(withText).get("text").asText()).isNotBlank();

        run(sim, SimulatorRuns.writingTo(dir), benchmark("short").iterations(1).build());
        String withoutText = Files.readAllLines(dir.resolve(RequestLogWriter.FILE_NAME)).get(0);
        assertThat(new ObjectMapper().readTree(withoutText).has("text")).isFalse();
    }

    private static JsonNode read(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError(line, e);
        }
    }
}
