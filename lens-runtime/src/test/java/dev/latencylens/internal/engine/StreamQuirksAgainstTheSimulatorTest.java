package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.metrics.ModelOutput;
import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.Phase;
import dev.latencylens.simulator.ServedRequest;
import dev.latencylens.simulator.SimProfile;
import dev.latencylens.simulator.Simulator;
import dev.latencylens.simulator.StreamEnd;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.Usage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every stream quirk the simulator can produce, end to end against a real server: the engine's request path
 * ({@link RequestExecutor}, OkHttp, framer, each provider's decoder, {@link RequestTrace}) on one side, the
 * simulator's record of what it wrote ({@link ServedRequest}) on the other. Bodies that end without a blank line,
 * {@code n} choices, reasoning and tool calls in every wire format, reasoning billed but never streamed, Mistral's
 * content parts.
 */
class StreamQuirksAgainstTheSimulatorTest {

    /**
     * Every wire format the simulator speaks, by the provider that reads it; Bedrock's invoke stream, whose format
     * is the model family's, has a test of its own.
     */
    static final List<String> FORMATS = List.of("openai", "azure-openai", "llamacpp", "openai-responses", "anthropic",
            "gemini", "bedrock", "cohere", "ollama-native");

    private static Simulator sim;
    private static OkHttpClient client;

    @BeforeAll
    static void start() {
        SimProfile quick = SimulatorRuns.scripted(2, 0.2, 5).build();
        SimProfile agent = quick.toBuilder().reasoningTokens(4).outputTokens(3).toolCalls(2).build();
        sim = Simulator.builder().configuration(new Properties()).seed(11)
                .profile("q-lf", quick.toBuilder().streamEnd(StreamEnd.LF).build())
                .profile("q-crlf", quick.toBuilder().streamEnd(StreamEnd.CRLF).build())
                .profile("q-none", quick.toBuilder().streamEnd(StreamEnd.NONE).build())
                .profile("q-agent", agent)
                .profile("anthropic.q-agent", agent).profile("amazon.nova-q-agent", agent)
                .profile("meta.llama3-q-agent", agent)
                .profile("q-tools-only", quick.toBuilder().outputTokens(0).toolCalls(1).build())
                .profile("q-parts", quick.toBuilder().reasoningTokens(3).outputTokens(4).contentParts(true).build())
                // 200 reasoning tokens never streamed, then 40 streamed at 5 ms each; usage bills all 240.
                .profile("q-hidden", SimulatorRuns.scripted(1, 5, 40).hiddenReasoningTokens(200).build())
                .build().start();
        client = new OkHttpClient.Builder().eventListenerFactory(TraceEventListener.FACTORY).build();
    }

    @AfterAll
    static void stop() {
        sim.close();
        client.connectionPool().evictAll();
    }

    /** One request with {@code provider}'s adapter against the simulator; the trace keeps the text. */
    private static RequestTrace send(String provider, String model, ChatRequest request) {
        RequestExecutor executor = new RequestExecutor(client,
                ProviderRegistry.load(StreamQuirksAgainstTheSimulatorTest.class.getClassLoader()).get(provider),
                new Endpoint(URI.create(sim.baseUrlFor(provider)), Optional.of("sim-key-not-a-real-one")),
                BenchmarkDescriptor.builder(provider, model).maxTokens(1000).timeoutMs(20_000).build());
        RequestTrace t = new RequestTrace(Phase.MEASURED, 0, System.nanoTime(), true);
        executor.execute(request, t);
        return t;
    }

    private static RequestTrace send(String provider, String model) {
        return send(provider, model, ChatRequest.ofUser("What is the weather in Oslo?"));
    }

    private static ServedRequest truth(RequestTrace t) throws InterruptedException {
        return sim.groundTruth().await(t.requestId(), Duration.ofSeconds(10)).orElseThrow();
    }

    private static List<ModelOutput.ToolCall> sent(ServedRequest truth) {
        return truth.toolCalls().stream().map(c -> new ModelOutput.ToolCall(c.id(), c.name(), c.arguments())).toList();
    }

    static Stream<Arguments> textFormatsAndEnds() {
        return Stream.of("openai", "azure-openai", "openai-responses", "anthropic", "gemini", "cohere", "ollama-native")
                .flatMap(p -> Stream.of("q-lf", "q-crlf", "q-none").map(m -> Arguments.of(p, m)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("textFormatsAndEnds")
    void aBodyWhoseLastEventHasNoBlankLineIsReadToItsEnd(String provider, String model) throws Exception {
        RequestTrace t = send(provider, model);
        ServedRequest truth = truth(t);
        assertThat(t.succeeded()).as("%s %s: %s", provider, model, t.errorMessage()).isTrue();
        assertThat(t.text()).contains(truth.text());
        assertThat(t.contentEvents()).isEqualTo(truth.contentEvents()).isEqualTo(5);
        assertThat(t.outputTokens()).isEqualTo(truth.outputTokens());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void reasoningAndToolCallsAreReadApartFromTheAnswerInEveryFormat(String provider) throws Exception {
        RequestTrace t = send(provider, "q-agent");
        ServedRequest truth = truth(t);
        assertThat(t.succeeded()).as("%s: %s", provider, t.errorMessage()).isTrue();
        ModelOutput out = t.output();
        assertThat(t.text()).contains(truth.text());
        assertThat(out.reasoningText()).isEqualTo(truth.reasoningText()).isNotBlank();
        assertThat(out.toolCalls()).isEqualTo(sent(truth)).hasSize(2);
        assertThat(out.serverToolCalls()).isEmpty();
        assertThat(t.contentEvents()).isEqualTo(truth.contentEvents());
        assertThat(t.outputTokens()).isEqualTo(truth.outputTokens()).isEqualTo(4 + 3 + 2 * 7);
        // TTFT at the first reasoning event, TTFO at the first answer text, which came later.
        assertThat(t.firstContentNanos()).isEqualTo(t.contentStamp(0));
        assertThat(t.firstTextNanos()).isEqualTo(t.contentStamp(4));
    }

    static Stream<String> formats() {
        return FORMATS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void aResponseOfToolCallsAloneSucceedsWithATtftAndNoTtfo(String provider) throws Exception {
        RequestTrace t = send(provider, "q-tools-only");
        ServedRequest truth = truth(t);
        assertThat(t.succeeded()).as("%s: %s", provider, t.errorMessage()).isTrue();
        assertThat(t.output().toolCalls()).isEqualTo(sent(truth)).hasSize(1);
        assertThat(t.text()).hasValue("");
        assertThat(t.ttftNanos()).isNotEqualTo(RequestTrace.NONE);
        assertThat(t.ttfoNanos()).isEqualTo(RequestTrace.NONE);
    }

    /**
     * Bedrock's invoke stream says reasoning and tool calls in the native events of Anthropic and Nova models, read
     * by the Anthropic and ConverseStream decoders; a family whose native stream is text only (Llama) says neither.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"anthropic.q-agent", "amazon.nova-q-agent", "meta.llama3-q-agent"})
    void bedrockInvokeSaysReasoningAndToolCallsWhereTheModelFamilyCan(String model) throws Exception {
        RequestTrace t = send("bedrock-invoke", model);
        ServedRequest truth = truth(t);
        assertThat(t.succeeded()).as("%s: %s", model, t.errorMessage()).isTrue();
        ModelOutput out = t.output();
        assertThat(t.text()).contains(truth.text());
        assertThat(out.reasoningText()).isEqualTo(truth.reasoningText());
        assertThat(out.toolCalls()).isEqualTo(sent(truth));
        assertThat(t.contentEvents()).isEqualTo(truth.contentEvents());
        assertThat(t.outputTokens()).isEqualTo(truth.outputTokens());
        if (model.startsWith("meta.")) {
            assertThat(out.reasoningText()).isEmpty();
            assertThat(out.toolCalls()).isEmpty();
            assertThat(t.outputTokens()).isEqualTo(3);
            assertThat(t.finishReason()).isEqualTo("stop");
        } else {
            assertThat(out.reasoningText()).isNotBlank();
            assertThat(out.toolCalls()).hasSize(2);
            assertThat(t.outputTokens()).isEqualTo(4 + 3 + 2 * 7);
            assertThat(t.finishReason()).isEqualTo("tool_use");
            assertThat(t.firstTextNanos()).isEqualTo(t.contentStamp(4));
        }
    }

    @Test
    void nChoicesAreCountedAndOnlyChoiceZeroIsTimedAndKept() throws Exception {
        RequestTrace t = send("openai", "q-lf", ChatRequest.builder().user("Name a colour.").extra("n", 3).build());
        ServedRequest truth = truth(t);
        assertThat(t.succeeded()).as(t.errorMessage()).isTrue();
        assertThat(t.output().choices()).isEqualTo(3).isEqualTo(truth.choices());
        assertThat(t.text()).contains(truth.text());
        assertThat(t.contentEvents()).isEqualTo(truth.contentEvents());
        assertThat(t.outputTokens()).as("usage counts every choice").isEqualTo(truth.outputTokens()).isEqualTo(15);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"openai", "openai-responses", "gemini"})
    void reasoningBilledButNeverStreamedIsLeftOutOfTheStreamedPace(String provider) throws Exception {
        RequestTrace t = send(provider, "q-hidden");
        ServedRequest truth = truth(t);
        assertThat(t.succeeded()).as("%s: %s", provider, t.errorMessage()).isTrue();
        assertThat(t.usage().map(Usage::reasoningTokens)).contains(200L);
        assertThat(t.outputTokens()).isEqualTo(truth.outputTokens()).isEqualTo(240);
        assertThat(t.contentEvents()).isEqualTo(40);
        assertThat(t.streamedOutputTokens()).isEqualTo(40);
        assertThat(t.tpotNanos()).isEqualTo((t.contentStamp(39) - t.contentStamp(0)) / 39);
    }

    @Test
    void mistralsContentPartsCarryReasoningAndText() throws Exception {
        RequestTrace t = send("mistral", "q-parts");
        ServedRequest truth = truth(t);
        assertThat(t.succeeded()).as(t.errorMessage()).isTrue();
        assertThat(t.output().reasoningText()).isEqualTo(truth.reasoningText()).isNotBlank();
        assertThat(t.text()).contains(truth.text());
        assertThat(t.contentEvents()).isEqualTo(7);
    }

    @Test
    void requestsJsonlShowsTheAnswerReasoningAndToolCallsApart(@TempDir Path dir) throws Exception {
        SimulatorRuns.run(sim, SimulatorRuns.writingTo(dir).toBuilder().captureText(true).simulate(true).build(),
                BenchmarkDescriptor.builder("anthropic", "q-agent").name("agent").warmup(0).iterations(1).build());
        JsonNode line = new ObjectMapper().readTree(Files.readAllLines(dir.resolve(RequestLogWriter.FILE_NAME)).get(0));
        ServedRequest truth = truth(line.path("requestId").asText());
        assertThat(line.path("text").asText()).isEqualTo(truth.text());
        assertThat(line.path("reasoningText").asText()).isEqualTo(truth.reasoningText());
        assertThat(line.path("toolCalls")).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode call = line.path("toolCalls").get(i);
            assertThat(new ModelOutput.ToolCall(call.path("id").asText(), call.path("name").asText(),
                    call.path("arguments").asText())).isEqualTo(sent(truth).get(i));
        }
        assertThat(line.path("choices").asInt()).isEqualTo(1);
        assertThat(line.path("ttftMs").asDouble()).isLessThan(line.path("ttfoMs").asDouble());
    }

    private static ServedRequest truth(String requestId) throws InterruptedException {
        return sim.groundTruth().await(requestId, Duration.ofSeconds(10)).orElseThrow();
    }
}
