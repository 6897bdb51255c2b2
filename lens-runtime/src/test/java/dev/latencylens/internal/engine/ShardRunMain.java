package dev.latencylens.internal.engine;

import dev.latencylens.LatencyLens;
import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.RunOptions;
import dev.latencylens.results.BenchmarkDescriptor;
import java.util.List;

/**
 * One process of {@link ShardedRunTest}: runs {@link #BENCHMARK} as the {@code lens.*} system properties say
 * ({@code lens.shard}, {@code lens.startAt}, {@code lens.reportsDirectory}, {@code lens.vllm.baseUrl} pointing at
 * the test's simulator), as {@code mvn lens:bench} would in a shard's pod.
 */
public final class ShardRunMain {

    /** One seeded Poisson schedule of 60 arrivals at 20 req/s, up to 6 in flight, after 10 warmup requests. */
    static final BenchmarkDescriptor BENCHMARK = BenchmarkDescriptor.builder("vllm", ShardedRunTest.MODEL)
            .name("sharded.poisson").pattern(LoadPattern.POISSON).rate(20).iterations(60).concurrency(6).warmup(10)
            .build();

    private ShardRunMain() {
    }

    public static void main(String[] args) {
        LatencyLens.run(List.of(LatencyLens.benchmark(BENCHMARK, it -> ChatRequest.ofUser("Question " + it.index()))),
                RunOptions.fromSystemProperties());
    }
}
