package dev.latencylens.internal.junit;

import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.Iteration;
import dev.latencylens.results.BenchmarkDescriptor;

/**
 * A benchmark that would run for many minutes, against the OpenAI wire of a simulator the test owns. Listed only in
 * a benchmark list {@link ParentWatchTest} writes for its child JVM, never in the test class path's own.
 */
public final class ParentWatchFixture implements BenchmarkHarness {

    @Override
    public BenchmarkDescriptor descriptor() {
        return BenchmarkDescriptor.builder("openai", "sim-fast").name("parentwatch.endless")
                .source(ParentWatchFixture.class.getName(), "endless").iterations(100_000).warmup(0).maxTokens(20)
                .build();
    }

    @Override
    public Object newInstance() {
        return STATIC_ONLY;
    }

    @Override
    public void setup(Object instance) {
    }

    @Override
    public ChatRequest request(Object instance, Iteration iteration) {
        return ChatRequest.ofUser("endless " + iteration.index());
    }

    @Override
    public void tearDown(Object instance) {
    }
}
