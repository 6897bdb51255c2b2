package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.LatencyLens;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.internal.report.RunReporter;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.Phase;
import dev.latencylens.results.RequestLogReader;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.results.RequestRecord;
import dev.latencylens.spi.ProviderSettings;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A redirect the client followed is recorded per request in requests.jsonl: how many, and the final URL without
 * user-info or query. A gateway on loopback moves {@code /v1} to {@code /v2} with a 307 (which keeps the POST).
 */
class RedirectsTest {

    @Test
    void followedRedirectsAreRecordedWithTheirFinalUrl(@TempDir Path dir) throws Exception {
        String stream;
        try (InputStream in = getClass().getResourceAsStream("/streams/openai-chat/done-single-newline.sse")) {
            stream = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (MockWebServer gateway = new MockWebServer()) {
            gateway.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    if (request.getUrl().encodedPath().startsWith("/v1/")) {
                        return new MockResponse.Builder().code(307)
                                .addHeader("Location", "/v2/chat/completions?sig=s3cr3tSignature").build();
                    }
                    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(stream)
                            .build();
                }
            });
            gateway.start();
            String base = "http://lens:pw0rd-secret@" + gateway.getHostName() + ":" + gateway.getPort() + "/v1";
            RunOptions options = RunOptions.builder().outputDirectory(dir).build();
            new RunEngine(options, ProviderRegistry.load(getClass().getClassLoader()),
                    ProviderSettings.of(Map.of("lens.openai.baseUrl", base), Map.of("OPENAI_API_KEY",
                            "sk-test-0123456789")), null)
                    .run(List.of(LatencyLens.benchmark(BenchmarkDescriptor.builder("openai", "gpt-4o-mini")
                            .name("moved").iterations(2).warmup(0).build(), it -> ChatRequest.ofUser("hi"))),
                            RunReporter.of(options)::report);

            List<RequestRecord> measured = new ArrayList<>();
            try (RequestLogReader log = RequestLogReader.open(dir.resolve(RequestLogWriter.FILE_NAME))) {
                for (Optional<RequestRecord> r = log.next(); r.isPresent(); r = log.next()) {
                    if (r.get().phase() == Phase.MEASURED) {
                        measured.add(r.get());
                    }
                }
            }
            assertThat(measured).hasSize(2).allSatisfy(r -> {
                assertThat(r.success()).isTrue();
                assertThat(r.redirects()).contains(new RequestRecord.Redirects(1,
                        "http://" + gateway.getHostName() + ":" + gateway.getPort() + "/v2/chat/completions"));
            });
            assertThat(Files.readString(dir.resolve(RequestLogWriter.FILE_NAME))).doesNotContain("pw0rd-secret")
                    .doesNotContain("s3cr3tSignature");
        }
    }
}
