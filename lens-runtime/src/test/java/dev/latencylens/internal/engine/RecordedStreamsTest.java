package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.metrics.ModelOutput;
import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.Phase;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.ServerFigure;
import dev.latencylens.spi.StreamFormat;
import dev.latencylens.spi.Usage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * Every recorded provider stream of {@code src/test/resources/streams} (sources and quirks in its README), replayed
 * byte for byte over a real loopback socket through the engine's own path: {@link RequestExecutor}, OkHttp, the
 * framer, the provider's decoder and {@link RequestTrace}. The body goes out in HTTP chunks of 1, 3, 7 and 13 bytes
 * in turn, each flushed, so every event is split across reads somewhere (OkHttp never returns more than one chunk
 * per read). What the trace holds must be what the fixture's {@code expected.json} says: answer text, reasoning
 * text, tool calls, server-side tool calls, choices, finish reason, usage, success or the error's class, the
 * number of content events (one per wire event that carries generated content) and the figures the server reported
 * about itself ({@code server}, each one the sidecar gives).
 *
 * <p>Bedrock's {@code .events.jsonl} recordings are framed into binary event-stream messages with AWS's own encoder
 * first.
 */
class RecordedStreamsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[] PIECES = {1, 3, 7, 13};
    /** Which built-in provider reads each fixture directory's Chat Completions streams. */
    private static final Map<String, String> CHAT_PROVIDERS = Map.of("openai-chat", "openai", "azure",
            "azure-openai", "deepseek", "deepseek", "groq", "groq", "mistral", "mistral", "openrouter", "openrouter",
            "vllm", "vllm", "llamacpp", "llamacpp");
    private static final Map<String, String> PROVIDERS = Map.of("openai-responses", "openai-responses",
            "anthropic", "anthropic", "gemini", "gemini", "cohere", "cohere", "ollama", "ollama-native",
            "bedrock-converse", "bedrock", "bedrock-invoke", "bedrock-invoke");

    private static ExecutorService serverThread;
    private static OkHttpClient client;

    @BeforeAll
    static void start() {
        serverThread = Executors.newSingleThreadExecutor();
        client = new OkHttpClient.Builder().eventListenerFactory(TraceEventListener.FACTORY).build();
    }

    @AfterAll
    static void stop() {
        serverThread.shutdownNow();
        client.connectionPool().evictAll();
    }

    /** One fixture: its body file, relative name and sidecar. */
    record Fixture(String name, Path body, JsonNode expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Fixture> fixtures() throws IOException, URISyntaxException {
        Path root = Path.of(RecordedStreamsTest.class.getResource("/streams").toURI());
        List<Fixture> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path sidecar : files.filter(p -> p.toString().endsWith(".expected.json")).sorted().toList()) {
                JsonNode expected = JSON.readTree(sidecar.toFile());
                String base = sidecar.getFileName().toString().replace(".expected.json", "");
                try (Stream<Path> siblings = Files.list(sidecar.getParent())) {
                    Path body = siblings.filter(p -> p.getFileName().toString().startsWith(base + ".")
                            && !p.equals(sidecar)).findFirst().orElseThrow();
                    all.add(new Fixture(root.relativize(body).toString().replace('\\', '/'), body, expected));
                }
            }
        }
        assertThat(all).as("fixtures found").hasSizeGreaterThan(40);
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void decodesAsTheProviderMeantIt(Fixture fixture) throws Exception {
        JsonNode expected = fixture.expected();
        String wireFormat = expected.path("wireFormat").asText();
        String directory = fixture.name().substring(0, fixture.name().indexOf('/'));
        String providerId = wireFormat.equals("openai-chat") ? CHAT_PROVIDERS.get(directory)
                : PROVIDERS.get(wireFormat);
        assertThat(providerId).as("provider for %s", fixture.name()).isNotNull();
        ProviderAdapter adapter = ProviderRegistry.load(getClass().getClassLoader()).get(providerId);

        RequestTrace t = replay(adapter, model(fixture), body(fixture), fixture.name());

        String n = fixture.name();
        JsonNode error = expected.path("error");
        if (error.isNull()) {
            assertThat(t.errorClass()).as("%s: error (%s)", n, t.errorMessage()).isEmpty();
        } else {
            assertThat(t.errorClass()).as("%s: error class", n)
                    .contains(ErrorClass.valueOf(error.path("class").asText()));
            if (error.has("messageContains")) {
                assertThat(t.errorMessage()).as("%s: error message", n)
                        .contains(error.path("messageContains").asText());
            }
        }
        assertThat(t.succeeded()).as("%s: complete, no error", n).isEqualTo(expected.path("complete").asBoolean());
        ModelOutput out = t.output();
        assertThat(t.text()).as("%s: text", n).contains(expected.path("text").asText());
        assertThat(out.reasoningText()).as("%s: reasoning", n).isEqualTo(expected.path("reasoningText").asText(""));
        assertThat(out.toolCalls()).as("%s: tool calls", n).isEqualTo(toolCalls(expected.path("toolCalls")));
        assertThat(out.serverToolCalls()).as("%s: server tool calls", n)
                .isEqualTo(toolCalls(expected.path("serverToolCalls")));
        assertThat(out.choices()).as("%s: choices", n).isEqualTo(expected.path("choices").asInt());
        assertThat(t.finishReason()).as("%s: finish reason", n).isEqualTo(expected.path("finishReason").asText(""));
        assertThat(t.usage().orElse(null)).as("%s: usage", n).isEqualTo(usage(expected.path("usage"), wireFormat));
        // What the engine times follows from that: any content gives a TTFT, only answer text a TTFO.
        boolean generated = !out.text().isEmpty() || !out.reasoningText().isEmpty() || !out.toolCalls().isEmpty()
                || !out.serverToolCalls().isEmpty();
        assertThat(t.ttftNanos() != RequestTrace.NONE).as("%s: TTFT defined", n).isEqualTo(generated);
        assertThat(t.ttfoNanos() != RequestTrace.NONE).as("%s: TTFO defined", n).isEqualTo(!out.text().isEmpty());
        // The sidecar counts wire events with content of any choice; the trace times choice 0's.
        if (out.choices() == 1) {
            assertThat(t.contentEvents()).as("%s: content events", n).isEqualTo(expected.path("contentEvents").asInt());
        } else {
            assertThat(t.contentEvents()).as("%s: content events", n).isPositive()
                    .isLessThan(expected.path("contentEvents").asInt());
        }
        for (ServerFigure f : ServerFigure.values()) {
            JsonNode figure = expected.path("server").path(f.key());
            if (figure.isNumber()) {
                assertThat(t.server().get(f)).as("%s: server %s", n, f.key()).isNotNull()
                        .isCloseTo(figure.asDouble(), within(1e-6));
            }
        }
    }

    /**
     * The model to ask for: for Bedrock's invoke stream, whose request body depends on the model's family, the one
     * the file is named after ({@code anthropic-claude-3-5-sonnet.bin} → {@code anthropic.claude-3-5-sonnet}).
     */
    private static String model(Fixture fixture) {
        String file = fixture.body().getFileName().toString();
        return fixture.name().startsWith("bedrock-invoke/")
                ? file.substring(0, file.indexOf('.')).replaceFirst("-", ".") : "replayed-model";
    }

    /** The body as the provider sent it; Bedrock events recorded as JSON lines are framed as AWS frames them. */
    private static byte[] body(Fixture fixture) throws IOException {
        byte[] bytes = Files.readAllBytes(fixture.body());
        if (!fixture.name().endsWith(".events.jsonl")) {
            return bytes;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode message = JSON.readTree(line);
            Map<String, HeaderValue> headers = new LinkedHashMap<>();
            message.path("headers").properties().forEach(h -> headers.put(h.getKey(),
                    HeaderValue.fromString(h.getValue().asText())));
            ByteBuffer frame = new Message(headers, JSON.writeValueAsBytes(message.path("payload"))).toByteBuffer();
            out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
        }
        return out.toByteArray();
    }

    /** Sends one request with the adapter to a loopback server that answers with {@code body}, piece by piece. */
    private static RequestTrace replay(ProviderAdapter adapter, String model, byte[] body, String name)
            throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Future<?> served = serverThread.submit(() -> serve(server, contentType(adapter.streamFormat()), body));
            RequestExecutor executor = new RequestExecutor(client, adapter,
                    new Endpoint(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1"),
                            Optional.of("replay-key-not-a-real-one")),
                    BenchmarkDescriptor.builder(adapter.id(), model).timeoutMs(20_000).build());
            RequestTrace t = new RequestTrace(Phase.MEASURED, 0, System.nanoTime(), true);
            executor.execute(ChatRequest.ofUser("replay " + name), t);
            served.get(20, TimeUnit.SECONDS);
            return t;
        }
    }

    private static String contentType(StreamFormat format) {
        return format == StreamFormat.NDJSON ? "application/x-ndjson" : format.contentType();
    }

    /** Reads one request, answers 200 with {@code body} in chunked pieces of 1, 3, 7, 13 bytes, then closes. */
    private static Void serve(ServerSocket server, String contentType, byte[] body) throws IOException {
        try (Socket socket = server.accept()) {
            socket.setTcpNoDelay(true);
            readRequest(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int off = 0, i = 0; off < body.length; i++) {
                int n = Math.min(PIECES[i % PIECES.length], body.length - off);
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, off, n);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                off += n;
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        return null;
    }

    /** Consumes the head and the Content-Length body of one request. */
    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client closed before its request was complete");
            }
            head.append((char) b);
        }
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()));
            }
        }
    }

    private static List<ModelOutput.ToolCall> toolCalls(JsonNode calls) {
        List<ModelOutput.ToolCall> out = new ArrayList<>();
        for (JsonNode call : calls) {
            out.add(new ModelOutput.ToolCall(call.path("id").asText(""), call.path("name").asText(),
                    call.path("arguments").asText()));
        }
        return out;
    }

    /**
     * The sidecar's usage (the provider's own numbers) in Lens's terms ({@link Usage}: output includes reasoning,
     * input includes cache reads and writes). Gemini counts thoughts apart from {@code candidatesTokenCount}, so its
     * output is the two together; every other provider's output already includes reasoning.
     */
    private static Usage usage(JsonNode u, String wireFormat) {
        if (u.isNull()) {
            return null;
        }
        long output = count(u.path("output"));
        if (wireFormat.equals("gemini") && output >= 0 && count(u.path("reasoning")) >= 0) {
            output += count(u.path("reasoning"));
        }
        return new Usage(count(u.path("input")), output, count(u.path("cachedInput")), count(u.path("cacheWrite")),
                count(u.path("reasoning")));
    }

    private static long count(JsonNode n) {
        return n.isNumber() ? n.asLong() : Usage.UNKNOWN;
    }
}
