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
 * Sample 03: load a prompt data set once, before the benchmark, and never time it.
 *
 * <p>A {@link Setup} method runs once per benchmark of its class, before the cold probe; a {@link TearDown} method
 * once after the measured phase. Neither is timed. Iterating over a real data set by {@link Iteration#index()}
 * measures the prompt lengths your users send, not one short prompt repeated: prompt length changes TTFT
 * (prefill) and so the numbers.
 */
public class Sample03SetupAndData {

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

    @LlmBenchmark(provider = "simulated", model = "sim-slow", iterations = 8, warmup = 1, maxTokens = 30,
            name = "faq-slow-model")
    public ChatRequest answerFaq(Iteration it) {
        return ChatRequest.builder()
                .system("Answer customer questions in two sentences.")
                .user(questions.get(it.index() % questions.size()))
                .build();
    }

    @TearDown
    public void forget() {
        questions = List.of();
    }
}
