package dev.latencylens.samples;

import dev.latencylens.annotations.LlmBenchmark;
import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.annotations.Sla;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.Iteration;
import java.util.List;

/**
 * Sample 02: several requests in flight, varied prompts, and a service-level bound.
 *
 * <p>{@link LoadPattern#CONCURRENT} keeps {@code concurrency} requests in flight: each of 4 workers sends its next
 * request when its previous one is over (a closed loop). Taking an {@link Iteration} lets the method vary the
 * prompt with {@link Iteration#random()}, seeded per request, so the run repeats exactly with the same
 * {@code lens.seed}, and a provider's prompt cache cannot make the numbers look better than a user would see.
 *
 * <p>{@link Sla} states what "fast enough" means; the results say whether each bound held.
 *
 * <p>{@code simulated} is the embedded simulator; {@code sim-fast} is its preset of a small fast model.
 */
public class Sample02ConcurrentWithSla {

    private static final List<String> TOPICS = List.of("a delayed parcel", "a double charge", "a login loop",
            "a broken zipper", "a missing invoice");

    @LlmBenchmark(provider = "simulated", model = "sim-fast", iterations = 60, warmup = 4,
            pattern = LoadPattern.CONCURRENT, concurrency = 4, maxTokens = 120, tags = "smoke")
    @Sla(ttftP95Ms = 2_000, maxErrorRate = 0.05)
    public ChatRequest ticketTriage(Iteration it) {
        String topic = TOPICS.get(it.random().nextInt(TOPICS.size()));
        return ChatRequest.builder()
                .system("You triage support tickets: answer with a queue name and one sentence.")
                .user("Customer #" + it.random().nextInt(100_000) + " writes about " + topic + ".")
                .build();
    }
}
