package dev.latencylens.samples;

import dev.latencylens.annotations.LlmBenchmark;
import dev.latencylens.annotations.LoadPattern;

/**
 * Sample 02: several requests in flight.
 *
 * <p>{@link LoadPattern#CONCURRENT} runs {@code concurrency} workers, each sending its next request as soon as its
 * previous one is over: a closed loop with a fixed number of requests in flight. Compare its TTFT with sample 01's:
 * a real provider under concurrent load often answers more slowly, and output tokens per second (the throughput
 * column) grow with the number of streams until the provider saturates.
 *
 * <p>A closed loop slows down with the provider, so it never measures what a user arriving at a fixed rate would
 * wait: sample 03 does that.
 */
public class Sample02Concurrent {

    @LlmBenchmark(provider = "simulated", model = "sim-fast", iterations = 40, warmup = 4,
            pattern = LoadPattern.CONCURRENT, concurrency = 4, maxTokens = 60)
    public String summarise() {
        return "Summarise the plot of Hamlet in three sentences.";
    }
}
