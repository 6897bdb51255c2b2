package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.LatencyLens;
import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.internal.report.ConsoleTable;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.results.Metric;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.RunResult;
import dev.latencylens.spi.ProviderSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Latency Lens against a real llama.cpp {@code llama-server}, as a new user would run it ({@code provider =
 * "llamacpp"}, retries off). Opt-in: runs only with {@code -Dlens.it.llamaServer=/path/to/llama-server}; the model
 * is {@code -Dlens.it.llamaModel=/path/to/model.gguf}, else a tiny random one written by
 * {@code llamacpp/make_tiny_model.py} with llama.cpp's {@code gguf-py} ({@code -Dlens.it.ggufPy}, by default the
 * {@code gguf-py} of the source tree the server was built in). How to build the server: docs/LLAMACPP.md.
 *
 * <p>What it proves, at 1 and at 8 streams, 100 measured requests each: none is lost although the server closes
 * every connection after its stream; the output tokens are the server's own count for every request; every token
 * arrives as a content event of its own, so TTFT is taken at the first content chunk; and the client's TPOT agrees
 * with the server's {@code predicted_per_token_ms} (which divides its generation time by {@code n − 1}, checked
 * here against the server itself) to ±0.2 % at the median.
 */
@EnabledIfSystemProperty(named = "lens.it.llamaServer", matches = ".+")
class LlamaServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TOKENS = 500;
    private static Process server;
    private static String baseUrl;

    @BeforeAll
    static void startServer(@TempDir Path dir) throws Exception {
        Path binary = Path.of(System.getProperty("lens.it.llamaServer"));
        Path model = System.getProperty("lens.it.llamaModel") != null
                ? Path.of(System.getProperty("lens.it.llamaModel")) : tinyModel(binary, dir);
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        server = new ProcessBuilder(binary.toString(), "-m", model.toString(), "--host", "127.0.0.1",
                "--port", Integer.toString(port), "-c", "16384", "-np", "8")
                .redirectErrorStream(true).start();
        CountDownLatch listening = new CountDownLatch(1);
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    log.add(line);
                    if (line.contains("listening on")) {
                        listening.countDown();
                    }
                }
            } catch (IOException e) {
                // the server ended
            }
        }, "llama-server-log");
        reader.setDaemon(true);
        reader.start();
        if (!listening.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("llama-server did not start listening within 120 s:\n"
                    + String.join("\n", log));
        }
        baseUrl = "http://127.0.0.1:" + port + "/v1";
    }

    /** The tiny random model, written by the committed script with the gguf-py of the server's source tree. */
    private static Path tinyModel(Path binary, Path dir) throws Exception {
        Path ggufPy = System.getProperty("lens.it.ggufPy") != null ? Path.of(System.getProperty("lens.it.ggufPy"))
                : binary.toAbsolutePath().getParent().getParent().getParent().resolve("gguf-py");
        if (!Files.isDirectory(ggufPy.resolve("gguf"))) {
            throw new IllegalStateException("no gguf-py at " + ggufPy + ": set -Dlens.it.ggufPy=<llama.cpp>/gguf-py"
                    + " or give a model with -Dlens.it.llamaModel=/path/to/model.gguf");
        }
        Path script = dir.resolve("make_tiny_model.py");
        try (InputStream in = LlamaServerTest.class.getResourceAsStream("/llamacpp/make_tiny_model.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Path model = dir.resolve("tiny.gguf");
        ProcessBuilder python = new ProcessBuilder("python3", script.toString(), model.toString(), "42")
                .redirectErrorStream(true);
        python.environment().put("PYTHONPATH", ggufPy.toString());
        Process p = python.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("make_tiny_model.py failed:\n" + output);
        }
        return model;
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** What this build's {@code predicted_per_token_ms} is: {@code predicted_ms / (predicted_n − 1)}. */
    @Test
    void theServersPerTokenTimeDividesItsGenerationTimeByNMinusOne() throws IOException {
        OkHttpClient client = new OkHttpClient();
        String body = "{\"model\":\"tiny\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
        JsonNode timings = null;
        try (Response r = client.newCall(new Request.Builder().url(baseUrl + "/chat/completions")
                .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute()) {
            for (String line : r.body().string().split("\n")) {
                if (line.startsWith("data: {") && line.contains("\"timings\"")) {
                    timings = JSON.readTree(line.substring(6)).path("timings");
                }
            }
        } finally {
            client.connectionPool().evictAll();
        }
        assertThat(timings).as("a final chunk with timings").isNotNull();
        int n = timings.path("predicted_n").asInt();
        assertThat(n).isEqualTo(20);
        assertThat(timings.path("predicted_per_token_ms").asDouble())
                .isCloseTo(timings.path("predicted_ms").asDouble() / (n - 1), within(1e-9));
    }

    @ParameterizedTest(name = "{0} stream(s)")
    @ValueSource(ints = {1, 8})
    void aRealLlamaServerLosesNoRequestAndAgreesTokenForToken(int streams, @TempDir Path dir) throws Exception {
        BenchmarkDescriptor d = BenchmarkDescriptor.builder("llamacpp", "tiny").name("llama-server x" + streams)
                .iterations(100).warmup(3).concurrency(streams).maxTokens(MAX_TOKENS)
                .pattern(streams == 1 ? LoadPattern.SEQUENTIAL : LoadPattern.CONCURRENT).build();
        RunResult run = new RunEngine(RunOptions.builder().outputDirectory(dir).build(),
                ProviderRegistry.load(getClass().getClassLoader()),
                ProviderSettings.of(Map.of("lens.llamacpp.baseUrl", baseUrl), Map.of()), null)
                .run(List.of(LatencyLens.benchmark(d, it -> ChatRequest.builder().system("You are terse.")
                        .user("Question " + it.index() + ": why is the sky blue?").build())));

        BenchmarkResult r = run.benchmarks().get(0);
        assertThat(r.reliability().succeeded()).as(r.reliability().errors().toString()).isEqualTo(100);
        List<Double> ratios = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(RequestLogWriter.FILE_NAME))) {
            JsonNode n = JSON.readTree(line);
            if (!n.path("phase").asText().equals("measured")) {
                continue;
            }
            JsonNode server = n.path("server");
            int decoded = server.path("decodeTokens").asInt();
            assertThat(decoded).as(line).isEqualTo(MAX_TOKENS);
            assertThat(n.path("tokens").path("output").asInt()).as("the server's own count").isEqualTo(decoded);
            JsonNode events = n.path("offsetsMs").path("events");
            assertThat(events.size()).as("one content event per token").isEqualTo(decoded);
            assertThat(n.path("offsetsMs").path("firstToken").asDouble()).as("TTFT at the first content chunk")
                    .isEqualTo(events.get(0).asDouble());
            ratios.add(n.path("tpotMs").asDouble() / (server.path("decodeMs").asDouble() / (decoded - 1)));
        }
        assertThat(ratios).hasSize(100);
        ratios.sort(null);
        double p50 = ratios.get(49);
        System.out.printf(Locale.ROOT, "[llama-server, %d stream(s)] TPOT / server TPOT: p50 %.5f, p10 %.5f,"
                        + " p90 %.5f, min %.5f, max %.5f; stale retries %d, reuse rate %.2f; %s%n%s", streams, p50,
                ratios.get(9), ratios.get(89), ratios.get(0), ratios.get(99), r.connections().staleRetries(),
                r.connections().reuseRate(), r.connections().finding().orElse("no finding"),
                ConsoleTable.render(run));
        assertThat(p50).isBetween(0.998, 1.002);
        assertThat(r.connections().staleRetries()).as("llama-server closes every connection after its stream")
                .isPositive();
        assertThat(r.connections().closesConnections()).isTrue();
        assertThat(r.metric(Metric.SERVER_PROMPT).n()).isEqualTo(100);
    }
}
