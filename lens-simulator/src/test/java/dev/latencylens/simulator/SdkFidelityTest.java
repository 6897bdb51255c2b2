package dev.latencylens.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator's fidelity, proved with the providers' own clients: the official OpenAI and Anthropic Java SDKs,
 * pointed at it with nothing but their {@code baseUrl} option, stream from it and parse the same text and usage the
 * simulator's ground truth says it sent.
 */
class SdkFidelityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Simulator sim;

    @BeforeAll
    static void start() {
        SimProfile sdk = SimProfile.builder().ttft(Dist.fixed(5)).interTokenDelay(Dist.fixed(1))
                .outputTokens(24).tokensPerEvent(2).prefillMicrosPerToken(0).build();
        sim = Simulator.builder().configuration(new Properties())
                .profile("t-sdk", sdk)
                .profile("t-agent", sdk.toBuilder().outputTokens(4).reasoningTokens(5).hiddenReasoningTokens(3)
                        .toolCalls(2).build())
                .build().start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void theOpenAiJavaSdkStreamsChatCompletions() throws Exception {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(sim.baseUrlFor("openai")).apiKey("sk-sim")
                .maxRetries(0).build();
        try {
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("t-sdk")
                    .addUserMessage("Why is the sky blue? Answer in a few words.").maxCompletionTokens(100)
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
            StringBuilder text = new StringBuilder();
            AtomicReference<CompletionUsage> usage = new AtomicReference<>();
            AtomicReference<String> id = new AtomicReference<>();
            AtomicReference<String> finish = new AtomicReference<>();
            try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream =
                         client.chat().completions().createStreaming(params)) {
                stream.stream().forEach(chunk -> {
                    id.set(chunk.id());
                    chunk.choices().forEach(c -> {
                        c.delta().content().ifPresent(text::append);
                        c.finishReason().ifPresent(f -> finish.set(f.asString()));
                    });
                    chunk.usage().ifPresent(usage::set);
                });
            }
            ServedRequest truth = sim.groundTruth().await(id.get().substring("chatcmpl-".length()),
                    Duration.ofSeconds(10)).orElseThrow();
            assertThat(truth.completed()).isTrue();
            assertThat(text.toString()).isEqualTo(truth.text()).isNotBlank();
            assertThat(usage.get().completionTokens()).isEqualTo(truth.outputTokens()).isEqualTo(24);
            assertThat(usage.get().promptTokens()).isEqualTo(truth.promptTokens());
            assertThat(finish.get()).isEqualTo(truth.finishReason());
        } finally {
            client.close();
        }
    }

    @Test
    void theAnthropicJavaSdkStreamsMessages() throws Exception {
        // The SDKs' base URL is the API root: they add /v1/messages themselves.
        String root = sim.baseUrlFor("anthropic").replaceFirst("/v1$", "");
        AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(root).apiKey("sk-ant-sim").maxRetries(0)
                .build();
        try {
            MessageCreateParams params = MessageCreateParams.builder().model("t-sdk").maxTokens(10)
                    .system("Be terse.").addUserMessage("Why is the sky blue?").build();
            MessageAccumulator accumulator = MessageAccumulator.create();
            StringBuilder deltas = new StringBuilder();
            try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
                stream.stream().forEach(event -> {
                    accumulator.accumulate(event);
                    event.contentBlockDelta().flatMap(d -> d.delta().text()).ifPresent(t -> deltas.append(t.text()));
                });
            }
            Message message = accumulator.message();
            ServedRequest truth = sim.groundTruth().await(message.id().substring("msg_".length()),
                    Duration.ofSeconds(10)).orElseThrow();
            String text = message.content().stream().flatMap(b -> b.text().stream()).map(t -> t.text())
                    .collect(Collectors.joining());
            assertThat(text).isEqualTo(deltas.toString()).isEqualTo(truth.text()).isNotBlank();
            assertThat(message.usage().outputTokens()).isEqualTo(truth.outputTokens()).isEqualTo(10);
            assertThat(message.usage().inputTokens()).isEqualTo(truth.promptTokens());
            assertThat(message.stopReason().map(r -> r.asString())).contains("max_tokens"); // capped at 10 of 24
            assertThat(message.content()).allMatch(ContentBlock::isText);
        } finally {
            client.close();
        }
    }

    @Test
    void theOpenAiJavaSdkAccumulatesEveryChoiceAndItsToolCalls() throws Exception {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(sim.baseUrlFor("openai")).apiKey("sk-sim")
                .maxRetries(0).build();
        try {
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("t-agent").n(2)
                    .addUserMessage("What is the weather in Oslo?")
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
            ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
            try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream =
                         client.chat().completions().createStreaming(params)) {
                stream.stream().forEach(accumulator::accumulate);
            }
            ChatCompletion completion = accumulator.chatCompletion();
            ServedRequest truth = sim.groundTruth().await(completion.id().substring("chatcmpl-".length()),
                    Duration.ofSeconds(10)).orElseThrow();
            assertThat(truth.choices()).isEqualTo(2);
            assertThat(completion.choices()).hasSize(2);
            ChatCompletion.Choice first = completion.choices().get(0);
            assertThat(first.message().content()).contains(truth.text());
            assertThat(first.finishReason().asString()).isEqualTo("tool_calls").isEqualTo(truth.finishReason());
            List<ServedRequest.ToolCall> calls = first.message().toolCalls().orElseThrow().stream()
                    .map(c -> c.asFunction()).map(f -> new ServedRequest.ToolCall(f.id(), f.function().name(),
                            f.function().arguments())).toList();
            assertThat(calls).isEqualTo(truth.toolCalls()).hasSize(2);
            assertThat(completion.choices().get(1).message().content().orElseThrow()).isNotEqualTo(truth.text());
            CompletionUsage usage = completion.usage().orElseThrow();
            assertThat(usage.completionTokens()).isEqualTo(truth.outputTokens()).isEqualTo(2 * (3 + 5 + 4 + 2 * 7));
            assertThat(usage.completionTokensDetails().orElseThrow().reasoningTokens()).contains(2L * (3 + 5));
        } finally {
            client.close();
        }
    }

    @Test
    void theAnthropicJavaSdkAccumulatesThinkingAndToolUse() throws Exception {
        AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(sim.baseUrlFor("anthropic")
                .replaceFirst("/v1$", "")).apiKey("sk-ant-sim").maxRetries(0).build();
        try {
            MessageCreateParams params = MessageCreateParams.builder().model("t-agent").maxTokens(500)
                    .addUserMessage("What is the weather in Oslo?").build();
            MessageAccumulator accumulator = MessageAccumulator.create();
            try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
                stream.stream().forEach(accumulator::accumulate);
            }
            Message message = accumulator.message();
            ServedRequest truth = sim.groundTruth().await(message.id().substring("msg_".length()),
                    Duration.ofSeconds(10)).orElseThrow();
            List<ContentBlock> blocks = message.content();
            assertThat(blocks).hasSize(4);
            assertThat(blocks.get(0).thinking().orElseThrow().thinking()).isEqualTo(truth.reasoningText()).isNotBlank();
            assertThat(blocks.get(1).text().orElseThrow().text()).isEqualTo(truth.text());
            for (int i = 0; i < 2; i++) {
                var toolUse = blocks.get(2 + i).toolUse().orElseThrow();
                ServedRequest.ToolCall sent = truth.toolCalls().get(i);
                assertThat(toolUse.id()).isEqualTo(sent.id());
                assertThat(toolUse.name()).isEqualTo(sent.name());
                assertThat(toolUse._input().convert(Map.class)).isEqualTo(JSON.readValue(sent.arguments(), Map.class));
            }
            assertThat(message.stopReason().map(r -> r.asString())).contains("tool_use");
            assertThat(message.usage().outputTokens()).isEqualTo(truth.outputTokens());
        } finally {
            client.close();
        }
    }
}
