package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.LatencyLens;
import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.internal.report.ConsoleTable;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.results.Metric;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.RunResult;
import dev.latencylens.simulator.Simulator;
import dev.latencylens.spi.ProviderSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What providers report about themselves, end to end: the simulator derives each provider's figures (llama.cpp's
 * {@code timings}, Ollama's durations, Bedrock's invocation metrics, the {@code openai-processing-ms} header) from
 * what it really did, the engine puts them into {@code requests.jsonl} in one vocabulary and splits the client's
 * latencies into the server's part and the path's. The client cannot see the first token before the server sent
 * it, so the path is never negative beyond the server's rounding.
 */
class ServerFiguresThroughTheEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** llama.cpp reports microseconds, the others whole milliseconds (floored) or nanoseconds. */
    private static final double ROUNDING_MS = 0.001;
    private static final double SCRIPTED_TTFT_MS = 30;
    private static Simulator sim;

    @BeforeAll
    static void start() {
        sim = Simulator.builder().configuration(new Properties()).seed(13).build().start();
        for (String model : List.of("timed", "anthropic.timed", "meta.llama3-timed", "mistral.timed",
                "amazon.titan-text-timed", "amazon.nova-timed", "cohere.command-r-timed")) {
            sim.register(model, SimulatorRuns.scripted(SCRIPTED_TTFT_MS, 2, 10).build());
        }
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static BenchmarkDescriptor bench(String provider, String model) {
        return BenchmarkDescriptor.builder(provider, model).name(provider + "/" + model).iterations(6).warmup(1)
                .build();
    }

    private static RunResult run(Path dir, BenchmarkDescriptor... benchmarks) {
        List<BenchmarkHarness> harnesses = Arrays.stream(benchmarks).map(d -> LatencyLens.benchmark(d,
                it -> ChatRequest.builder().system("Be terse.").user("hi #" + it.index()).build())).toList();
        return new RunEngine(RunOptions.builder().simulate(true).outputDirectory(dir).build(),
                ProviderRegistry.load(ServerFiguresThroughTheEngineTest.class.getClassLoader()),
                ProviderSettings.of(Map.of(), Map.of()), sim).run(harnesses);
    }

    private static List<JsonNode> measured(Path dir, String benchmark) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(RequestLogWriter.FILE_NAME))) {
            JsonNode n = JSON.readTree(line);
            if (n.path("benchmark").asText().equals(benchmark) && n.path("phase").asText().equals("measured")) {
                lines.add(n);
            }
        }
        return lines;
    }

    @Test
    void theTtftSplitsIntoTheServersPromptTimeAndThePath(@TempDir Path dir) throws Exception {
        RunResult run = run(dir, bench("llamacpp", "timed"), bench("ollama-native", "timed"),
                bench("bedrock-invoke", "anthropic.timed"), bench("bedrock-invoke", "meta.llama3-timed"),
                bench("bedrock-invoke", "mistral.timed"), bench("bedrock-invoke", "amazon.titan-text-timed"),
                bench("bedrock-invoke", "amazon.nova-timed"), bench("bedrock-invoke", "cohere.command-r-timed"));

        for (BenchmarkResult r : run.benchmarks()) {
            String name = r.descriptor().name();
            assertThat(r.reliability().succeeded()).as(name + ": " + r.reliability().errors()).isEqualTo(6);
            Distribution server = r.metric(Metric.SERVER_PROMPT);
            Distribution path = r.metric(Metric.CLIENT_OVER_SERVER_TTFT);
            assertThat(server.n()).as(name).isEqualTo(6);
            assertThat(path.n()).as(name).isEqualTo(6);
            assertThat(server.min()).as(name + ": the server cannot send before its script says")
                    .isGreaterThanOrEqualTo(SCRIPTED_TTFT_MS - 1);
            assertThat(r.metric(Metric.TPOT).n()).as(name).isEqualTo(6);
            for (JsonNode n : measured(dir, name)) {
                JsonNode s = n.path("server");
                double serverPrompt = s.has("firstByteMs") ? s.path("firstByteMs").asDouble()
                        : s.path("promptMs").asDouble() + s.path("loadMs").asDouble(0);
                assertThat(s.has("firstByteMs") || s.has("promptMs")).as(n.toString()).isTrue();
                assertThat(n.path("ttftMs").asDouble() - serverPrompt).as(name + ": path of " + n)
                        .isGreaterThanOrEqualTo(-ROUNDING_MS);
                assertThat(s.path("decodeTokens").asInt()).as(n.toString()).isEqualTo(10);
            }
        }
        assertThat(ConsoleTable.render(run)).contains("SERVER llamacpp/timed: TTFT p50 ")
                .contains(" ms = server ").contains(" ms + path ");
    }

    @Test
    void llamaCppAndOllamaReportTheirDecodeAndBedrockAndOpenAiTheirTotals(@TempDir Path dir) throws Exception {
        RunResult run = run(dir, bench("llamacpp", "timed"), bench("ollama-native", "timed"),
                bench("bedrock", "timed"), bench("openai", "timed"));

        BenchmarkResult llama = run.benchmarks().get(0);
        for (JsonNode n : measured(dir, "llamacpp/timed")) {
            JsonNode s = n.path("server");
            assertThat(s.path("promptTokens").asInt()).isPositive();
            assertThat(s.path("cachedTokens").asInt()).isZero();
            // causality: the server's arrival-to-last-token cannot exceed the client's send-to-last-token
            JsonNode offsets = n.path("offsetsMs");
            double clientToLastToken = offsets.path("events").get(9).asDouble() - offsets.path("send").asDouble();
            assertThat(s.path("promptMs").asDouble() + s.path("decodeMs").asDouble()).as(n.toString())
                    .isLessThanOrEqualTo(clientToLastToken + 2 * ROUNDING_MS);
        }
        assertThat(llama.metric(Metric.SERVER_DECODE).n()).isEqualTo(6);
        assertThat(run.benchmarks().get(1).metric(Metric.SERVER_TOTAL).n()).isEqualTo(6);
        assertThat(run.benchmarks().get(1).metric(Metric.CLIENT_OVER_SERVER_E2E).n()).isEqualTo(6);
        BenchmarkResult bedrock = run.benchmarks().get(2);
        assertThat(bedrock.metric(Metric.SERVER_TOTAL).n()).isEqualTo(6);
        assertThat(bedrock.metric(Metric.SERVER_PROMPT).n()).as("Converse reports no first byte").isZero();
        BenchmarkResult openai = run.benchmarks().get(3);
        assertThat(openai.metric(Metric.SERVER_PROCESSING).n()).isEqualTo(6);
        assertThat(openai.metric(Metric.CLIENT_OVER_SERVER_TTFB).n()).isEqualTo(6);
        assertThat(measured(dir, "openai/timed")).allSatisfy(n ->
                assertThat(n.path("server").has("processingMs")).as(n.toString()).isTrue());
    }
}
