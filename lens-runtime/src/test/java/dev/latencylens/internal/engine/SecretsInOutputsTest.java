package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.LatencyLens;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.internal.report.RunReporter;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.RunResult;
import dev.latencylens.spi.ProviderSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret reaches any output. Two providers fail every request: a gateway on loopback answers 401 with a body that
 * echoes the request's {@code Authorization} header (with an ESC and a BEL in it, as a hostile body could), and a base
 * URL with a password points at a closed port. Every file the run writes, and the console, are searched for the key,
 * the password, ESC and BEL.
 */
class SecretsInOutputsTest {

    private static final String OPENAI_KEY = "sk-proj-FAKE-SECRET-42";
    private static final String MISTRAL_KEY = "mistral-SECRETkey9876543210";
    private static final String PASSWORD = "s3cretpw";
    private static final String ESC = "\u001b";
    private static final String BEL = "\u0007";

    @Test
    void neitherKeysNorPasswordsNorControlCharactersReachAnyOutput(@TempDir Path dir) throws Exception {
        try (MockWebServer gateway = new MockWebServer()) {
            gateway.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    String echoed = request.getHeaders().get("Authorization");
                    return new MockResponse.Builder().code(401).addHeader("Content-Type", "application/json")
                            .body("{\"error\":{\"message\":\"invalid header Authorization: " + echoed + " " + ESC
                                    + "[2J" + BEL + "\",\"type\":\"invalid_request_error\"}}").build();
                }
            });
            gateway.start();
            Map<String, String> properties = Map.of(
                    "lens.openai.baseUrl", gateway.url("/v1").toString(),
                    "lens.mistral.baseUrl", "http://lens:" + PASSWORD + "@127.0.0.1:1/v1");
            Map<String, String> environment = Map.of("OPENAI_API_KEY", OPENAI_KEY, "MISTRAL_API_KEY", MISTRAL_KEY);
            RunOptions options = RunOptions.builder().outputDirectory(dir).captureText(true).build();
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
            RunReporter reporter = new RunReporter(Optional.of(dir), Optional.empty(), 0.1, out, Map.of(), Map.of());

            RunResult run = new RunEngine(options, ProviderRegistry.load(getClass().getClassLoader()),
                    ProviderSettings.of(properties, environment), null)
                    .run(List.of(harness("openai"), harness("mistral")), reporter::report);

            // The gateway saw the key: the test is about what came back.
            assertThat(gateway.getRequestCount()).isPositive();
            BenchmarkResult echoed = run.benchmarks().get(0);
            assertThat(echoed.reliability().errors().values().iterator().next().examples().get(0))
                    .contains("invalid header Authorization: ***");
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir)) {
                files = walk.filter(Files::isRegularFile).toList();
            }
            assertThat(files.stream().map(f -> f.getFileName().toString())).contains("results.json",
                    "requests.jsonl", "summary.md", "report.html", "results.csv", "jmh-result.json", "TEST-lens.xml");
            for (Path file : files) {
                assertClean(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
            assertClean("the console", console.toString(StandardCharsets.UTF_8));
            assertThat(console.toString(StandardCharsets.UTF_8)).contains("FAILED secrets.mistral: all 2 requests"
                    + " failed: 2 × connection failed");
            // The failure still says where it tried, without the password.
            assertThat(Files.readString(dir.resolve("results.json"))).contains("http://***@127.0.0.1:1/v1");
        }
    }

    private static void assertClean(String where, String text) {
        assertThat(text).as(where).doesNotContain(OPENAI_KEY).doesNotContain(MISTRAL_KEY).doesNotContain(PASSWORD)
                .doesNotContain(ESC).doesNotContain(BEL);
    }

    private static dev.latencylens.api.BenchmarkHarness harness(String provider) {
        return LatencyLens.benchmark(BenchmarkDescriptor.builder(provider, "gpt-4o-mini").name("secrets." + provider)
                .iterations(2).warmup(0).build(), it -> ChatRequest.ofUser("hi " + it.index()));
    }
}
