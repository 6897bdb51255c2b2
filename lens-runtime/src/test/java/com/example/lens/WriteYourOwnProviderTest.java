package com.example.lens;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.latencylens.LatencyLens;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.RunOptions;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.Metric;
import dev.latencylens.results.ResultJson;
import dev.latencylens.results.RunResult;
import dev.latencylens.spi.ProviderCatalog;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "write your own provider" example of {@code docs/API.md}, compiled and run: {@link JsonLinesProvider} found
 * through its service file, run by {@link LatencyLens#run} against a JSON-lines server on a loopback socket, with
 * only the public API. The page shows the example's source as it is here (checked below).
 */
class WriteYourOwnProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TOKENS = List.of("Blue", " light", " scatters", " most", ".");

    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    /** The lines the server answers with: the tokens, then "done" with the usage. */
    private volatile Supplier<List<String>> answer = () -> {
        List<String> lines = new ArrayList<>(TOKENS.stream().map(t -> "{\"delta\":" + quote(t) + "}").toList());
        lines.add("{\"done\":\"stop\",\"usage\":{\"in\":12,\"out\":5}}");
        return lines;
    };
    private HttpServer server;

    @BeforeEach
    void startTheServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/stream", this::stream);
        server.start();
        System.setProperty("lens.lines.baseUrl", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stopTheServer() {
        System.clearProperty("lens.lines.baseUrl");
        server.stop(0);
    }

    /** The made-up protocol's server: each line its own chunk, flushed, as a streaming server sends them. */
    private void stream(HttpExchange exchange) throws IOException {
        received.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
        exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (String line : answer.get()) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    @Test
    void aCustomProviderRunsThroughTheLibraryApi(@TempDir Path dir) throws Exception {
        BenchmarkDescriptor d = BenchmarkDescriptor.builder("lines", "tiny-1").name("sky").iterations(6).warmup(1)
                .maxTokens(64).build();

        RunResult run = withTheServiceFile(dir, () -> LatencyLens.run(List.of(LatencyLens.benchmark(d,
                it -> ChatRequest.builder().system("Be brief.").user("Why is the sky blue? #" + it.index())
                        .build())), RunOptions.builder().outputDirectory(dir.resolve("lens")).build()));

        BenchmarkResult r = run.benchmarks().get(0);
        assertThat(r.reliability().succeeded()).isEqualTo(6);
        assertThat(r.metric(Metric.TTFT).n()).isEqualTo(6);
        assertThat(r.metric(Metric.ICL).n()).as("4 gaps between 5 content events, per request").isEqualTo(24);
        assertThat(r.tokens().output()).isEqualTo(30);
        assertThat(r.tokens().input()).isEqualTo(72);
        assertThat(r.tokens().source()).isEqualTo("provider");
        assertThat(received).as("cold probe, warmup, 6 measured").hasSize(8);
        JsonNode body = received.get(received.size() - 1);
        assertThat(body.get("model").asText()).isEqualTo("tiny-1");
        assertThat(body.get("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(body.at("/messages/1/text").asText()).startsWith("Why is the sky blue? #");
        assertThat(ResultJson.read(dir.resolve("lens").resolve(ResultJson.FILE_NAME))).isEqualTo(run);
    }

    @Test
    void itsErrorsAndCutStreamsAreClassified(@TempDir Path dir) throws Exception {
        BenchmarkDescriptor d = BenchmarkDescriptor.builder("lines", "tiny-1").name("failing").iterations(2)
                .warmup(0).build();
        answer = () -> List.of("{\"delta\":\"Hi\"}", "{\"error\":\"overloaded\"}");
        BenchmarkResult failed = withTheServiceFile(dir, () -> LatencyLens.run(List.of(LatencyLens.benchmark(d,
                it -> ChatRequest.ofUser("hi"))), RunOptions.builder().build())).benchmarks().get(0);
        assertThat(failed.reliability().errors()).containsOnlyKeys(ErrorClass.PROVIDER_ERROR);
        assertThat(failed.reliability().errors().get(ErrorClass.PROVIDER_ERROR).examples())
                .anySatisfy(e -> assertThat(e).contains("overloaded"));

        answer = () -> List.of("{\"delta\":\"Hi\"}"); // no "done": cut off
        BenchmarkResult cut = withTheServiceFile(dir, () -> LatencyLens.run(List.of(LatencyLens.benchmark(d,
                it -> ChatRequest.ofUser("hi"))), RunOptions.builder().build())).benchmarks().get(0);
        assertThat(cut.reliability().errors()).containsOnlyKeys(ErrorClass.PROTOCOL);
    }

    @Test
    void theApiPageShowsThisExampleAsItIs() throws Exception {
        Path source = Path.of("src/test/java/com/example/lens/JsonLinesProvider.java");
        String code = Files.readString(source);
        String page = Files.readString(Path.of("..", "docs", "API.md"));
        assertThat(page).as("docs/API.md shows %s verbatim", source).contains(code.strip());
    }

    /**
     * Runs {@code run} with {@code META-INF/services/dev.latencylens.spi.ProviderCatalog} naming the example on the
     * context class path, as a project's {@code src/main/resources} (or {@code src/test/resources}) would hold it.
     */
    private static <T> T withTheServiceFile(Path dir, Supplier<T> run) throws IOException {
        Path services = Files.createDirectories(dir.resolve("resources/META-INF/services"));
        Files.writeString(services.resolve(ProviderCatalog.class.getName()), JsonLinesProvider.class.getName() + "\n");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.resolve("resources").toUri().toURL()},
                previous)) {
            thread.setContextClassLoader(loader);
            return run.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
