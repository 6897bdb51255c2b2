package dev.latencylens.internal.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.internal.provider.RecordingSink;
import dev.latencylens.internal.stream.SseDecoder;
import dev.latencylens.spi.SseEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The plain-chunk reader and the tree reading report the same calls, for every chunk the plain reader accepts. */
class PlainChunkTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
            + "\"system_fingerprint\":\"fp\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" the\"},"
            + "\"logprobs\":null,\"finish_reason\":null}]}",
        "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":null}],\"usage\":null}",
        "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
            + "\"finish_reason\":null}]}",
        "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
        "{\"choices\":[{\"delta\":{\"reasoning_content\":\"hmm\",\"content\":null}}]}",
        "{\"choices\":[{\"delta\":{\"reasoning\":\"a\",\"reasoning_content\":\"b\",\"refusal\":\"no\"}}]}",
        "{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"x\"}},{\"index\":0,\"delta\":{\"content\":\"y\"},"
            + "\"finish_reason\":\"length\"}]}",
        "{\"choices\":[{\"delta\":{\"content\":\"first\"}},{\"delta\":{\"content\":\"second\"}}]}",
        "{\"choices\":[]}",
        "{\"id\":\"only-an-id\"}",
        "{\"choices\":[{\"index\":0,\"delta\":null,\"finish_reason\":\"stop\"}]}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\",\"content\":\"b\"}}]}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"caf\\u00e9 \\\"quoted\\\"\"}}]} trailing",
    })
    void plainChunksReadTheSameWithoutATree(String data) {
        assertThat(PlainChunk.read(data, (c, k, t) -> { }, (c, r) -> { })).as("plain").isTrue();
        assertThat(calls(data, true)).isEqualTo(calls(data, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5}}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"f\","
            + "\"arguments\":\"\"}}]}}]}",
        "{\"choices\":[{\"delta\":{\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}}]}",
        "{\"error\":{\"message\":\"overloaded\"}}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"logprobs\":{\"content\":[]}}]}",
        "{\"choices\":[{\"index\":\"0\",\"delta\":{\"content\":\"x\"}}]}",
        "{\"choices\":[{\"delta\":{\"content\":5}}]}",
        "{\"choices\":[{\"delta\":{\"content\":\"x\"}}],\"timings\":{\"prompt_ms\":1.5}}",
        "{\"prompt_filter_results\":[],\"choices\":[]}",
        "[1,2]",
        "{\"choices\":[{\"delta\":{\"content\":\"cut",
    })
    void everythingElseIsLeftToTheTree(String data) {
        assertThat(PlainChunk.read(data, (c, k, t) -> { }, (c, r) -> { })).as("plain").isFalse();
        assertThat(calls(data, true)).isEqualTo(calls(data, false));
    }

    /** Every event of every recorded Chat Completions stream (tests/resources/streams), both ways. */
    @ParameterizedTest
    @MethodSource("recordedChatStreams")
    void recordedStreamsReadTheSameBothWays(Path stream) throws IOException {
        List<String> events = new ArrayList<>();
        SseDecoder sse = new SseDecoder(e -> events.add(e.data()));
        sse.feed(Files.readAllBytes(stream), 0);
        sse.end();
        assertThat(events).isNotEmpty();
        for (String data : events) {
            assertThat(calls(data, true)).as(data).isEqualTo(calls(data, false));
        }
    }

    static Stream<Path> recordedChatStreams() throws IOException {
        Path root = Path.of("src/test/resources/streams");
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("openai-chat", "azure", "deepseek", "groq", "llamacpp", "mistral", "openrouter",
                "vllm")) {
            try (Stream<Path> s = Files.list(root.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".sse") && !p.getFileName().toString().startsWith("responses"))
                        .forEach(files::add);
            }
        }
        return files.stream().sorted();
    }

    private static List<RecordingSink.Call> calls(String data, boolean plainChunks) {
        RecordingSink sink = new RecordingSink();
        new OpenAiStreamDecoder(true, plainChunks).onEvent(new SseEvent("message", data, "", 7), sink);
        return sink.calls;
    }
}
