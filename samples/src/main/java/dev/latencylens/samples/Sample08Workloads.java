package dev.latencylens.samples;

import dev.latencylens.annotations.LlmBenchmark;
import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.annotations.SessionHistory;
import dev.latencylens.annotations.Workload;

/**
 * Sample 08: requests made from data instead of by a method: synthetic prompts of a chosen length, a dataset of
 * multi-turn conversations, and a production trace replayed at its own timestamps.
 *
 * <p>A benchmark with a {@link Workload} is a {@code void} method without parameters: the annotations say everything,
 * and the body is never called. Prompt length drives TTFT and cost, so a latency figure is only comparable at a known
 * input length; {@code requests.jsonl} records, per request, the lengths the workload asked for ({@code workload}).
 *
 * <p>All three run against the embedded simulator (provider {@code simulated}), which, like vLLM, can be told to
 * generate exactly the output length asked for. Against a real provider, change {@code provider} and {@code model}:
 * the files and lengths stay as they are (docs/WORKLOADS.md says which providers can force an output length).
 */
public class Sample08Workloads {

    /**
     * Synthetic prompts of 400 ± 40 tokens (each one different, so no prompt cache serves it), the first 100 of them
     * a system prompt shared by every request (what a prompt cache could serve), and answers of exactly 48 tokens.
     */
    @LlmBenchmark(provider = "simulated", model = "sim-fast", iterations = 16, warmup = 2,
            pattern = LoadPattern.CONCURRENT, concurrency = 4, name = "synthetic-400-tokens")
    @Workload(inputTokens = 400, inputStddev = 40, prefixTokens = 100, outputTokens = 48)
    public void syntheticPrompts() {
    }

    /**
     * A ShareGPT file of support conversations: each user turn is a request, sent with the model's own answers to
     * the earlier turns of its conversation; up to three conversations are under way at once.
     */
    @LlmBenchmark(provider = "simulated", model = "sim-fast", iterations = 10, warmup = 1,
            pattern = LoadPattern.CONCURRENT, concurrency = 3, maxTokens = 60, name = "support-conversations")
    @Workload(dataset = "classpath:workloads/support-chats.json", history = SessionHistory.MODEL)
    public void supportConversations() {
    }

    /**
     * A trace of 16 requests over 2.7 s, replayed twice as fast: each request goes at its timestamp (halved) with a
     * synthetic prompt of its input length and its output length, and its response time counts from that timestamp,
     * however long it had to wait for one of the 8 slots.
     */
    @LlmBenchmark(provider = "simulated", model = "sim-fast", warmup = 1, concurrency = 8,
            name = "monday-morning-replay")
    @Workload(trace = "classpath:workloads/monday-morning.jsonl", timeScale = 0.5)
    public void mondayMorning() {
    }
}
