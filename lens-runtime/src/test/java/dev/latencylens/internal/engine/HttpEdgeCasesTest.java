package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.Phase;
import dev.latencylens.spi.Endpoint;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Byte-exact answers a real provider may give, over a real loopback socket. */
class HttpEdgeCasesTest {

    private static final String KEY = "fake-key-abcdefghijklmnopqrstuvwxyz";

    private MockWebServer server;
    private OkHttpClient client;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        client = new OkHttpClient.Builder().eventListenerFactory(TraceEventListener.FACTORY).build();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        client.connectionPool().evictAll();
    }

    private RequestTrace send() {
        RequestExecutor executor = new RequestExecutor(client,
                ProviderRegistry.load(getClass().getClassLoader()).get("openai"),
                new Endpoint(server.url("/v1").uri(), Optional.of(KEY)),
                BenchmarkDescriptor.builder("openai", "gpt-4o-mini").timeoutMs(5_000).build());
        RequestTrace t = new RequestTrace(Phase.MEASURED, 0, System.nanoTime(), false);
        executor.execute(ChatRequest.ofUser("hi"), t);
        return t;
    }

    @Test
    void anHttpErrorCarriesTheProvidersMessageButNeverTheKey() throws Exception {
        server.enqueue(new MockResponse.Builder().code(401).addHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"Incorrect API key provided: sk-test-***xyz.\","
                        + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}").build());

        RequestTrace t = send();

        assertThat(t.errorClass()).contains(ErrorClass.HTTP_4XX);
        assertThat(t.errorMessage()).contains("HTTP 401").contains("Incorrect API key provided")
                .doesNotContain(KEY);
        assertThat(t.httpStatus()).isEqualTo(401);
        RecordedRequest recorded = server.takeRequest();
        assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void aRateLimitIsCountedApartWithItsRetryAfter() {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7")
                .body("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}").build());

        RequestTrace t = send();

        assertThat(t.errorClass()).contains(ErrorClass.RATE_LIMITED);
        assertThat(t.errorMessage()).contains("Rate limit reached").contains("retry-after 7");
    }

    @Test
    void aTwoHundredThatIsNotAnEventStreamIsAProtocolError() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html")
                .body("<html><body><h1>Gateway says hello</h1></body></html>").build());

        RequestTrace t = send();

        assertThat(t.errorClass()).contains(ErrorClass.PROTOCOL);
        assertThat(t.errorMessage()).contains("text/html").contains("Gateway says hello");
    }

    @Test
    void aStreamThatEndsWithoutDoneIsTruncated() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body("data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
                        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n").build());

        RequestTrace t = send();

        assertThat(t.errorClass()).contains(ErrorClass.PROTOCOL);
        assertThat(t.errorMessage()).contains("ended before");
        assertThat(t.contentEvents()).isEqualTo(1);
    }

    @Test
    void anErrorInsideAStreamIsAProviderError() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body("data: {\"error\":{\"message\":\"The server is overloaded\",\"type\":\"server_error\"}}\n\n"
                        + "data: [DONE]\n\n").build());

        RequestTrace t = send();

        assertThat(t.errorClass()).contains(ErrorClass.PROVIDER_ERROR);
        assertThat(t.errorMessage()).contains("overloaded");
    }

    @Test
    void roleOnlyAndEmptyChunksDoNotCountAsTheFirstToken() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body("data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
                        + ": keep-alive\n\n"
                        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"}}]}\n\n"
                        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n"
                        + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                        + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}\n\n"
                        + "data: [DONE]\n\n").build());

        RequestTrace t = send();

        assertThat(t.succeeded()).as(t.errorMessage()).isTrue();
        assertThat(t.contentEvents()).isEqualTo(1);
        assertThat(t.outputTokens()).isEqualTo(1);
        assertThat(t.finishReason()).isEqualTo("stop");
        assertThat(t.tpotNanos()).isEqualTo(RequestTrace.NONE); // N_out < 2
    }

    @Test
    void aRefusedConnectionIsAConnectionError() throws Exception {
        server.close();

        RequestTrace t = send();

        assertThat(t.errorClass()).contains(ErrorClass.CONNECTION);
    }
}
