package dev.latencylens.internal.tokens;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.tokens.TokenEstimator.Encoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/** Token counts checked against the values tiktoken gives (OpenAI cookbook, "How to count tokens with tiktoken"). */
class TokenEstimatorTest {

    private static final TokenEstimator O200K = TokenEstimator.of(Encoding.O200K_BASE);
    private static final TokenEstimator CL100K = TokenEstimator.of(Encoding.CL100K_BASE);

    @ParameterizedTest(name = "{0}: o200k {1}, cl100k {2}")
    @CsvSource(delimiter = '|', value = {
            "hello world                   | 2 | 2",
            "tiktoken is great!            | 6 | 6",
            "antidisestablishmentarianism  | 6 | 6",
            "2 + 2 = 4                     | 7 | 7",
            "お誕生日おめでとう               | 8 | 9",
    })
    void countsMatchTiktoken(String text, long o200k, long cl100k) {
        assertThat(O200K.count(text)).isEqualTo(o200k);
        assertThat(CL100K.count(text)).isEqualTo(cl100k);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"gpt-4o-mini, true", "gpt-4, true", "openai/gpt-4.1, true", "o3, true", "o4-mini, true",
            "o1-2024-12-17, true", "chatgpt-4o-latest, true", "text-embedding-3-small, true", "gpt-oss-20b, true",
            "claude-sonnet-4-5, false", "gemini-2.5-flash, false", "meta-llama/Llama-3.1-8B-Instruct, false",
            "omni-moderation, false", "sim-fast, false"})
    void onlyOpenAisModelsAreCountedExactly(String model, boolean exact) {
        assertThat(TokenEstimator.isExactFor(model)).isEqualTo(exact);
    }

    @Test
    void emptyTextIsZeroTokens() {
        assertThat(O200K.count("")).isZero();
    }

    @Test
    void specialTokenTextIsOrdinaryText() {
        // "<|endoftext|>" in user content is 7 ordinary tokens, not the special token (and never an exception)
        assertThat(O200K.count("<|endoftext|>")).isEqualTo(7);
        assertThat(CL100K.count("<|endoftext|>")).isEqualTo(7);
    }

    @Test
    void nullTextIsRejected() {
        assertThatNullPointerException().isThrownBy(() -> O200K.count(null));
    }

    @ParameterizedTest(name = "{0}/{1} -> {2}")
    @CsvSource({
            "openai, gpt-4o, O200K_BASE",
            "openai, gpt-4o-mini-2024-07-18, O200K_BASE",
            "openai, gpt-4.1-nano, O200K_BASE",
            "openai, gpt-5, O200K_BASE",
            "openai, o3-mini, O200K_BASE",
            "openai, gpt-4, CL100K_BASE",
            "openai, gpt-4-0613, CL100K_BASE",
            "openai, gpt-4-turbo, CL100K_BASE",
            "openai, gpt-3.5-turbo, CL100K_BASE",
            "azure-openai, gpt-35-turbo, CL100K_BASE",
            "openrouter, openai/gpt-4-turbo, CL100K_BASE",
            "openrouter, openai/gpt-4o, O200K_BASE",
            "anthropic, claude-sonnet-4-5, O200K_BASE",
            "gemini, gemini-2.5-flash, O200K_BASE",
            "groq, llama-3.3-70b-versatile, O200K_BASE",
    })
    void encodingPerModel(String provider, String model, Encoding expected) {
        assertThat(TokenEstimator.forModel(provider, model).encoding()).isEqualTo(expected);
    }

    @Test
    void defaultIsO200k() {
        assertThat(TokenEstimator.defaultEstimator().encoding()).isEqualTo(Encoding.O200K_BASE);
        assertThat(TokenEstimator.defaultEstimator().encoding().id()).isEqualTo("o200k_base");
    }

    @Test
    void chatCountAddsOpenAiFraming() {
        ChatRequest r = ChatRequest.builder().system("You are helpful.").user("hello world").build();
        // reply priming 3; system: 3 + "system" 1 + "You are helpful." 4; user: 3 + "user" 1 + "hello world" 2
        assertThat(O200K.count("You are helpful.")).isEqualTo(4);
        assertThat(O200K.countChat(r)).isEqualTo(3 + (3 + 1 + 4) + (3 + 1 + 2));
    }

    @Test
    void threadSafe() {
        List<String> texts = List.of("hello world", "antidisestablishmentarianism", "2 + 2 = 4", "お誕生日おめでとう");
        long expected = texts.stream().mapToLong(O200K::count).sum() * 500;
        long counted = IntStream.range(0, 2000).parallel().mapToLong(i -> O200K.count(texts.get(i % 4))).sum();
        assertThat(counted).isEqualTo(expected);
    }

    @Test
    void fastEnough() {
        String text = "The quick brown fox jumps over the lazy dog. ".repeat(2_000).strip();   // 90 kB
        O200K.count(text);                                                             // table loaded
        long t0 = System.nanoTime();
        long n = O200K.count(text);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(n).isEqualTo(20_000);
        assertThat(ms).as("ms to count 90 kB").isLessThan(2_000);
    }
}
