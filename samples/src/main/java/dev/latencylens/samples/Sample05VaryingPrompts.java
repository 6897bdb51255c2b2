package dev.latencylens.samples;

import dev.latencylens.annotations.LlmBenchmark;
import dev.latencylens.annotations.Setup;
import dev.latencylens.annotations.TearDown;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.Iteration;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Sample 05: vary the prompts, reproducibly, from a data set loaded once.
 *
 * <p>A provider caches prompts it has seen, so one prompt repeated a hundred times measures the cache, not what your
 * users get. Taking an {@link Iteration} gives the method the request's index and a random generator seeded from
 * the run's seed ({@code -Dlens.seed}), the phase and the index: the same seed gives the same prompts, whatever the
 * thread or order.
 *
 * <p>A {@link Setup} method runs once per benchmark before the cold probe, a {@link TearDown} method once after the
 * measured phase; neither is timed. Returning a {@link ChatRequest} (instead of a String) adds a system prompt.
 */
public class Sample05VaryingPrompts {

    private List<String> questions = List.of();

    @Setup
    public void loadQuestions() {
        try (var in = getClass().getResourceAsStream("/questions.txt")) {
            if (in == null) {
                throw new IllegalStateException("questions.txt is missing from the class path");
            }
            questions = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LlmBenchmark(provider = "simulated", model = "sim-fast", iterations = 12, warmup = 2, maxTokens = 40,
            name = "faq-varied-prompts")
    public ChatRequest answerFaq(Iteration it) {
        String question = questions.get(it.random().nextInt(questions.size()));
        return ChatRequest.builder()
                .system("Answer customer questions in two sentences.")
                .user("Customer #" + it.random().nextInt(100_000) + " asks: " + question)
                .build();
    }

    @TearDown
    public void forget() {
        questions = List.of();
    }
}
