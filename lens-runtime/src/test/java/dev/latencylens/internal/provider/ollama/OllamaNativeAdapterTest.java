package dev.latencylens.internal.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.groups.Tuple.tuple;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.internal.provider.ProviderStreams.Decoded;
import dev.latencylens.internal.provider.ProviderStreams;
import dev.latencylens.internal.provider.RecordingSink.Content;
import dev.latencylens.internal.provider.RecordingSink.ToolCall;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.spi.ContentKind;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ProviderSettings;
import dev.latencylens.spi.ServerFigure;
import dev.latencylens.spi.StreamFormat;
import dev.latencylens.spi.ToolCallDelta;
import dev.latencylens.spi.Usage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OllamaNativeAdapterTest {

    private final OllamaNativeAdapter adapter = new OllamaNativeAdapter();
    private final BenchmarkDescriptor bench = BenchmarkDescriptor.builder("ollama-native", "llama3.2").build();

    /** Byte for byte the streaming example of Ollama's API documentation (docs/api.md, "Chat request
     *  (Streaming)"), shortened to two tokens, with a thinking line as thinking models stream it. */
    static final String STREAM = ""
            + "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T08:52:19.385406455-07:00\",\"message\":{\"role\":"
            + "\"assistant\",\"content\":\"\",\"thinking\":\"Sky colour\"},\"done\":false}\n"
            + "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T08:52:19.385406455-07:00\",\"message\":{\"role\":"
            + "\"assistant\",\"content\":\"The\"},\"done\":false}\n"
            + "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T08:52:19.385406455-07:00\",\"message\":{\"role\":"
            + "\"assistant\",\"content\":\" sky\"},\"done\":false}\n"
            + "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T19:22:45.499127Z\",\"message\":{\"role\":\"assistant\","
            + "\"content\":\"\"},\"done_reason\":\"stop\",\"done\":true,\"total_duration\":4883583458,\"load_duration\":"
            + "1334875,\"prompt_eval_count\":26,\"prompt_eval_duration\":342546000,\"eval_count\":282,"
            + "\"eval_duration\":4535599000}\n";

    @Test
    void decodesTheNdjsonStreamWithTheServersDurations() {
        Decoded d = ProviderStreams.decodeAtEverySplit(adapter, STREAM.getBytes(StandardCharsets.UTF_8));
        assertThat(d.sink().contents()).extracting(Content::kind, Content::text).containsExactly(
                tuple(ContentKind.REASONING, "Sky colour"), tuple(ContentKind.TEXT, "The"),
                tuple(ContentKind.TEXT, " sky"));
        assertThat(d.sink().finishes()).containsExactly("stop");
        assertThat(d.sink().lastUsage()).isEqualTo(Usage.of(26, 282));
        assertThat(d.sink().server()).containsOnly(entry(ServerFigure.TOTAL_MS, 4883.583458),
                entry(ServerFigure.LOAD_MS, 1.334875), entry(ServerFigure.PROMPT_MS, 342.546),
                entry(ServerFigure.DECODE_MS, 4535.599), entry(ServerFigure.PROMPT_TOKENS, 26.0),
                entry(ServerFigure.DECODE_TOKENS, 282.0));
        assertThat(d.complete()).isTrue();
    }

    @Test
    void eachToolCallIsAWholeCallNumberedInOrderOfArrival() {
        String stream = "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
                + "{\"function\":{\"name\":\"a\",\"arguments\":{\"x\":1}}}]},\"done\":false}\n"
                + "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
                + "{\"id\":\"call_9\",\"function\":{\"index\":1,\"name\":\"b\",\"arguments\":\"{}\"}}]},"
                + "\"done\":false}\n"
                + "{\"model\":\"qwen3\",\"done\":true,\"eval_count\":7}";
        Decoded d = ProviderStreams.decodeAtEverySplit(adapter, stream.getBytes(StandardCharsets.UTF_8));
        assertThat(d.sink().toolCalls()).extracting(ToolCall::delta).containsExactly(
                new ToolCallDelta(0, "", "a", "{\"x\":1}", false), new ToolCallDelta(1, "call_9", "b", "{}", false));
        assertThat(d.sink().finishes()).as("no done_reason: none invented").isEmpty();
        assertThat(d.complete()).isTrue();
    }

    @Test
    void anErrorLineIsAProviderErrorAndACutLineIsMalformed() {
        Decoded error = ProviderStreams.decode(adapter, "{\"error\":\"an error was encountered while running the model\"}\n"
                .getBytes(StandardCharsets.UTF_8), 5);
        assertThat(error.sink().failures()).extracting(f -> f.errorClass(), f -> f.message()).containsExactly(
                tuple(ErrorClass.PROVIDER_ERROR, "an error was encountered while running the model"));
        Decoded cut = ProviderStreams.decode(adapter, STREAM.substring(0, 150).getBytes(StandardCharsets.UTF_8), 64);
        assertThat(cut.sink().failures()).extracting(f -> f.errorClass()).containsExactly(ErrorClass.PROTOCOL);
        assertThat(cut.complete()).isFalse();
        assertThat(cut.partial()).isTrue();
    }

    @Test
    void theRequestIsANativeChatWithOptions() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            ChatRequest chat = ChatRequest.builder().system("Be terse.").user("Hi").temperature(0.1).stop("END")
                    .extra("options", Map.of("num_ctx", 8192)).extra("think", true).build();
            ProviderStreams.Exchange x = ProviderStreams.call(server, adapter,
                    new Endpoint(server.url("/").uri(), Optional.empty()), chat, bench,
                    new MockResponse.Builder().setHeader("Content-Type", "application/x-ndjson").body(STREAM).build());
            assertThat(x.request().getUrl().encodedPath()).isEqualTo("/api/chat");
            assertThat(x.request().getBody().utf8()).isEqualTo("{\"model\":\"llama3.2\",\"messages\":[{\"role\":"
                    + "\"system\",\"content\":\"Be terse.\"},{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true,"
                    + "\"options\":{\"num_predict\":256,\"temperature\":0.1,\"stop\":[\"END\"],\"num_ctx\":8192},"
                    + "\"think\":true}");
            assertThat(x.decoded().complete()).isTrue();
            assertThat(adapter.streamFormat()).isEqualTo(StreamFormat.NDJSON);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "0.0.0.0:11434, http://0.0.0.0:11434",
        "0.0.0.0, http://0.0.0.0:11434",
        "myhost:8080, http://myhost:8080",
        "http://myhost, http://myhost:80",
        "https://ollama.example.com, https://ollama.example.com:443",
        "https://ollama.example.com/prefix, https://ollama.example.com:443/prefix",
        ":11435, http://127.0.0.1:11435",
        "[::1]:11434, http://[::1]:11434",
        "myhost:notaport, http://myhost:11434",
    })
    void ollamaHostIsReadAsTheOllamaClientReadsIt(String host, String url) {
        assertThat(OllamaNativeAdapter.hostUrl(host)).isEqualTo(url);
    }

    @Test
    void theHostComesFromOllamaHost() {
        assertThat(ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(), Map.of("OLLAMA_HOST", "0.0.0.0")))
                .resolve("api/chat").toString()).isEqualTo("http://0.0.0.0:11434/api/chat");
        assertThat(ProviderRegistry.resolve(adapter, ProviderSettings.of(Map.of(), Map.of())).baseUrl().toString())
                .isEqualTo("http://localhost:11434");
    }
}
