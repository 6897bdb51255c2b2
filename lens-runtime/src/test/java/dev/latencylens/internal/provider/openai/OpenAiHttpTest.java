package dev.latencylens.internal.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.engine.HttpRequests;
import dev.latencylens.internal.provider.RecordingSink.Finish;
import dev.latencylens.internal.provider.RecordingSink.UsageReport;
import dev.latencylens.internal.provider.RecordingSink;
import dev.latencylens.internal.stream.SseDecoder;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.spi.ContentKind;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.Usage;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter and the decoders over a real loopback socket, the way the engine uses them. */
class OpenAiHttpTest {

    private static final String STREAM = ""
            + ": OPENROUTER PROCESSING\n\n"
            + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
            + "{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}],\"usage\":null}\n\n"
            + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
            + "{\"content\":\"The sky \"},\"finish_reason\":null}],\"usage\":null}\n\n"
            + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
            + "{\"content\":\"scatters blue light — ☀️.\"},\"finish_reason\":null}],\"usage\":null}\n\n"
            + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
            + "\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
            + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":"
            + "14,\"completion_tokens\":9,\"total_tokens\":23,\"prompt_tokens_details\":{\"cached_tokens\":0},"
            + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}\n\n"
            + "data: [DONE]\n\n";

    private final MockWebServer server = new MockWebServer();
    private final OkHttpClient client = new OkHttpClient();
    private final ProviderAdapter adapter = OpenAiCompatibleProviders.openai();
    private final BenchmarkDescriptor bench = BenchmarkDescriptor.builder("openai", "gpt-4o-mini").build();

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private Response call() throws IOException {
        Endpoint endpoint = new Endpoint(server.url("/v1").uri(), Optional.of("sk-test"));
        return client.newCall(HttpRequests.toOkHttp(adapter.buildRequest(endpoint, ChatRequest.ofUser("Why is the sky blue?"), bench)))
                .execute();
    }

    /** The engine's loop in miniature: read, stamp, feed; nothing between the read and the stamp. */
    static void readAll(BufferedSource source, SseDecoder decoder) throws IOException {
        byte[] buf = new byte[8192];
        int n;
        while ((n = source.read(buf, 0, buf.length)) != -1) {
            long now = System.nanoTime();
            decoder.feed(buf, 0, n, now);
        }
        decoder.end();
    }

    @Test
    void decodesAFullStreamEndToEnd() throws Exception {
        server.enqueue(new MockResponse.Builder()
                .setHeader("Content-Type", "text/event-stream; charset=utf-8")
                .setHeader("x-request-id", "req_123")
                .chunkedBody(STREAM, 7)
                .build());
        RecordingSink sink = new RecordingSink();
        ProviderAdapter.StreamDecoder streamDecoder = adapter.newDecoder();
        SseDecoder sse = new SseDecoder(event -> streamDecoder.onEvent(event, sink));
        long before = System.nanoTime();
        try (Response response = call()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().contentType().subtype()).isEqualTo("event-stream");
            assertThat(response.header("x-request-id")).isEqualTo("req_123");
            readAll(response.body().source(), sse);
        }
        long after = System.nanoTime();

        assertThat(sink.text(ContentKind.TEXT)).isEqualTo("The sky scatters blue light — ☀️.");
        assertThat(sink.contents()).hasSize(2);
        assertThat(sink.calls).filteredOn(Finish.class::isInstance).extracting(c -> ((Finish) c).reason())
                .containsExactly("stop");
        assertThat(sink.calls.get(sink.calls.size() - 1)).isInstanceOfSatisfying(UsageReport.class,
                u -> assertThat(u.usage()).isEqualTo(new Usage(14, 9, 0, Usage.UNKNOWN, 0)));
        assertThat(streamDecoder.complete()).isTrue();
        assertThat(sse.hasPartialEvent()).isFalse();
        assertThat(sse.commentCount()).isEqualTo(1);
        assertThat(sse.eventCount()).isEqualTo(6);
        List<Long> stamps = sink.calls.stream().map(RecordingSink.Call::t).toList();
        assertThat(stamps).isSorted().allSatisfy(t -> assertThat(t).isBetween(before, after));

        RecordedRequest recorded = server.takeRequest();
        assertThat(recorded.getMethod()).isEqualTo("POST");
        assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer sk-test");
        assertThat(recorded.getHeaders().get("Accept")).isEqualTo("text/event-stream");
        assertThat(recorded.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(recorded.getBody().utf8()).startsWith("{\"model\":\"gpt-4o-mini\",\"messages\":")
                .contains("\"stream\":true");
    }

    @Test
    void aStreamCutOffMidEventIsIncompleteAndPartial() throws Exception {
        String cut = STREAM.substring(0, STREAM.indexOf("scatters") + 4);
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(cut).build());
        RecordingSink sink = new RecordingSink();
        ProviderAdapter.StreamDecoder streamDecoder = adapter.newDecoder();
        SseDecoder sse = new SseDecoder(event -> streamDecoder.onEvent(event, sink));
        try (Response response = call()) {
            readAll(response.body().source(), sse);
        }
        assertThat(sink.text(ContentKind.TEXT)).isEqualTo("The sky ");
        assertThat(sse.hasPartialEvent()).isTrue();
        assertThat(streamDecoder.complete()).isFalse();
    }

    @Test
    void a200WithAnHtmlBodyIsRecognisableAndYieldsNoEvents() throws Exception {
        server.enqueue(new MockResponse.Builder()
                .setHeader("Content-Type", "text/html; charset=UTF-8")
                .body("<!DOCTYPE html>\n<html><body>\n<h1>Please sign in</h1>\n</body></html>\n")
                .build());
        RecordingSink sink = new RecordingSink();
        ProviderAdapter.StreamDecoder streamDecoder = adapter.newDecoder();
        SseDecoder sse = new SseDecoder(event -> streamDecoder.onEvent(event, sink));
        try (Response response = call()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().contentType().type()).isEqualTo("text");
            assertThat(response.body().contentType().subtype()).isEqualTo("html");
            readAll(response.body().source(), sse);
        }
        assertThat(sse.eventCount()).isZero();
        assertThat(sink.calls).isEmpty();
        assertThat(streamDecoder.complete()).isFalse();
    }

    @Test
    void a429JsonErrorGivesTheProvidersMessage() throws Exception {
        server.enqueue(new MockResponse.Builder()
                .code(429)
                .setHeader("Content-Type", "application/json")
                .setHeader("retry-after", "20")
                .setHeader("x-ratelimit-remaining-requests", "0")
                .body("{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini in organization org-x on "
                        + "requests per min (RPM): Limit 3, Used 3, Requested 1.\",\"type\":\"requests\","
                        + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}")
                .build());
        try (Response response = call()) {
            assertThat(response.code()).isEqualTo(429);
            String message = adapter.errorMessage(response.code(), response.body().string()).orElseThrow();
            assertThat(message).isEqualTo("Rate limit reached for gpt-4o-mini in organization org-x on requests per "
                    + "min (RPM): Limit 3, Used 3, Requested 1. [requests/rate_limit_exceeded]");
            assertThat(message).doesNotContain("sk-test");
            assertThat(adapter.interestingHeaders())
                    .filteredOn(h -> response.header(h) != null)
                    .containsExactlyInAnyOrder("retry-after", "x-ratelimit-remaining-requests");
        }
    }
}
