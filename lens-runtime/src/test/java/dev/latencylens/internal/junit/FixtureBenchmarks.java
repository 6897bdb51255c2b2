package dev.latencylens.internal.junit;

import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.Iteration;
import dev.latencylens.results.SlaSpec;

/**
 * Two benchmarks written by hand the way the processor generates them, listed in the test class path's
 * {@code META-INF/latencylens/benchmarks}: one that meets its SLA, one that cannot.
 */
final class FixtureBenchmarks {

    private FixtureBenchmarks() {
    }

    /** Fast, no SLA: always passes. */
    public static final class Fast implements BenchmarkHarness {
        @Override
        public BenchmarkDescriptor descriptor() {
            return BenchmarkDescriptor.builder("simulated", "sim-instant").name("fixture.fast")
                    .source("dev.latencylens.internal.junit.FixtureBenchmarks", "fast").iterations(5).warmup(1)
                    .tags("smoke").build();
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
            return ChatRequest.ofUser("fast " + iteration.index());
        }

        @Override
        public void tearDown(Object instance) {
        }
    }

    /** A TTFT bound no real request meets: always breaches. */
    public static final class ImpossibleSla implements BenchmarkHarness {
        @Override
        public BenchmarkDescriptor descriptor() {
            return BenchmarkDescriptor.builder("simulated", "sim-fast").name("fixture.impossibleSla")
                    .source("dev.latencylens.internal.junit.FixtureBenchmarks", "impossibleSla").iterations(3).warmup(0)
                    .maxTokens(5).sla(SlaSpec.none().withTtftP50Ms(0.001)).build();
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
            return ChatRequest.ofUser("slow " + iteration.index());
        }

        @Override
        public void tearDown(Object instance) {
        }
    }
}
