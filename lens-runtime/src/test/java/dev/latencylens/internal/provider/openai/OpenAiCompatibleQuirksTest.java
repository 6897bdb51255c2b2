package dev.latencylens.internal.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.groups.Tuple.tuple;

import dev.latencylens.spi.ContentKind;
import dev.latencylens.internal.provider.ProviderStreams;
import dev.latencylens.internal.provider.ProviderStreams.Decoded;
import dev.latencylens.internal.provider.RecordingSink.Content;
import dev.latencylens.spi.ServerFigure;
import dev.latencylens.spi.Usage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dialects of the OpenAI-compatible family, through the framer and decoder the engine uses. */
class OpenAiCompatibleQuirksTest {

    private static String chunk(String delta, String finish, String extra) {
        return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"finish_reason\":" + finish + "}]" + extra + "}\n\n";
    }

    @Test
    void openRoutersProcessingCommentsAreNeverContent() {
        // OpenRouter's documentation ("Streaming", SSE comments): ": OPENROUTER PROCESSING" lines may arrive at any
        // time, before and between chunks, to keep the connection alive.
        String s = ": OPENROUTER PROCESSING\n\n"
                + ": OPENROUTER PROCESSING\n\n"
                + chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null", "")
                + ": OPENROUTER PROCESSING\n\n"
                + chunk("{\"content\":\"Hi\"}", "null", "")
                + chunk("{}", "\"stop\"", ",\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}")
                + "data: [DONE]\n\n";
        Decoded d = ProviderStreams.decodeAtEverySplit(OpenAiCompatibleProviders.openrouter(),
                s.getBytes(StandardCharsets.UTF_8));
        assertThat(d.sink().contents()).extracting(Content::kind, Content::text)
                .containsExactly(tuple(ContentKind.TEXT, "Hi"));
        assertThat(d.complete()).isTrue();
    }

    @Test
    void vllmsContinuousUsageStatsGiveTokensPerEvent() {
        // vLLM with stream_options {include_usage, continuous_usage_stats}: usage on every chunk.
        String s = chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null",
                ",\"usage\":{\"prompt_tokens\":6,\"total_tokens\":6,\"completion_tokens\":0}")
                + chunk("{\"content\":\"Hello\"}", "null",
                ",\"usage\":{\"prompt_tokens\":6,\"total_tokens\":7,\"completion_tokens\":1}")
                + chunk("{\"content\":\" big world\"}", "null",
                ",\"usage\":{\"prompt_tokens\":6,\"total_tokens\":9,\"completion_tokens\":3}")
                + chunk("{}", "\"stop\"", ",\"usage\":{\"prompt_tokens\":6,\"total_tokens\":9,\"completion_tokens\":3}")
                + "data: [DONE]\n\n";
        Decoded d = ProviderStreams.decodeAtEverySplit(OpenAiCompatibleProviders.vllm(),
                s.getBytes(StandardCharsets.UTF_8));
        assertThat(d.sink().contents()).extracting(Content::text, Content::tokens)
                .containsExactly(tuple("Hello", 1), tuple(" big world", 2));
        assertThat(d.sink().lastUsage()).isEqualTo(new Usage(6, 3, Usage.UNKNOWN, Usage.UNKNOWN, Usage.UNKNOWN));
    }

    @Test
    void llamaCppTimingsAreServerFigures() {
        // llama.cpp's server (tools/server) adds "timings" to the final chunk of a stream; the per-token and
        // per-second figures derive from the others and are not kept.
        String s = chunk("{\"content\":\"Hi\"}", "null", "")
                + chunk("{}", "\"stop\"", ",\"usage\":{\"completion_tokens\":2,\"prompt_tokens\":9,\"total_tokens\":11},"
                + "\"timings\":{\"cache_n\":3,\"prompt_n\":9,\"prompt_ms\":71.5,\"prompt_per_token_ms\":7.94,"
                + "\"prompt_per_second\":125.8,\"predicted_n\":2,\"predicted_ms\":24.5,\"predicted_per_token_ms\":24.5,"
                + "\"predicted_per_second\":81.6}")
                + "data: [DONE]\n\n";
        Decoded d = ProviderStreams.decodeAtEverySplit(OpenAiCompatibleProviders.llamacpp(),
                s.getBytes(StandardCharsets.UTF_8));
        assertThat(d.sink().server()).containsExactly(Map.entry(ServerFigure.PROMPT_MS, 71.5),
                Map.entry(ServerFigure.DECODE_MS, 24.5), Map.entry(ServerFigure.PROMPT_TOKENS, 9.0),
                Map.entry(ServerFigure.DECODE_TOKENS, 2.0), Map.entry(ServerFigure.CACHED_TOKENS, 3.0));
        assertThat(d.sink().finishes()).containsExactly("stop");
    }

    @Test
    void groqsQueuePromptAndCompletionTimesAreServerFiguresInMilliseconds() throws Exception {
        byte[] body;
        try (java.io.InputStream in = getClass().getResourceAsStream(
                "/streams/groq/tool-call-whole-x-groq-usage.sse")) {
            body = in.readAllBytes();
        }
        Decoded d = ProviderStreams.decodeAtEverySplit(OpenAiCompatibleProviders.groq(), body);
        assertThat(d.sink().server()).containsOnlyKeys(ServerFigure.QUEUE_MS, ServerFigure.PROMPT_MS,
                ServerFigure.DECODE_MS, ServerFigure.TOTAL_MS);
        assertThat(d.sink().server().get(ServerFigure.QUEUE_MS)).isCloseTo(41.520249, within(1e-9));
        assertThat(d.sink().server().get(ServerFigure.PROMPT_MS)).isCloseTo(10.407901, within(1e-9));
        assertThat(d.sink().server().get(ServerFigure.DECODE_MS)).isCloseTo(46.601227, within(1e-9));
        assertThat(d.sink().server().get(ServerFigure.TOTAL_MS)).isCloseTo(57.009128, within(1e-9));
    }

    @Test
    void cerebrasTimeInfoIsReadTheSameWay() {
        // Cerebras is no built-in provider, but any OpenAI-compatible server shares the one decoder
        String s = chunk("{\"content\":\"Hi\"}", "\"stop\"", ",\"usage\":{\"prompt_tokens\":3,"
                + "\"completion_tokens\":1},\"time_info\":{\"queue_time\":0.000131,\"prompt_time\":0.0021,"
                + "\"completion_time\":0.0005,"
                + "\"total_time\":0.0041,\"created\":1747000000}") + "data: [DONE]\n\n";
        Decoded d = ProviderStreams.decodeAtEverySplit(OpenAiCompatibleProviders.openai(),
                s.getBytes(StandardCharsets.UTF_8));
        assertThat(d.sink().server().get(ServerFigure.PROMPT_MS)).isCloseTo(2.1, within(1e-9));
        assertThat(d.sink().server().get(ServerFigure.TOTAL_MS)).isCloseTo(4.1, within(1e-9));
        assertThat(d.sink().server()).doesNotContainKey(ServerFigure.FIRST_BYTE_MS);
    }
}
