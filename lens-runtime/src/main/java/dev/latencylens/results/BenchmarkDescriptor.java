package dev.latencylens.results;

import dev.latencylens.annotations.LoadPattern;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything that defines one benchmark: where it comes from and every value of its {@code @LlmBenchmark} and
 * {@code @Sla}, defaults resolved. Generated harnesses hold one as a constant; a benchmark defined in code without
 * annotations builds one with {@link #builder}. Immutable; the constructor enforces the same rules the annotation
 * processor enforces at compile time, naming the offending key.
 *
 * @param name        unique name in reports, e.g. {@code SupportBotLatency.shortAnswer}
 * @param className   binary name of the benchmark class ({@code com.acme.Outer$Nested})
 * @param methodName  the benchmark method
 * @param provider    provider id, e.g. {@code openai}
 * @param model       model name as the provider spells it
 * @param iterations  measured requests, >= 1 ({@code Integer.MAX_VALUE} for a whole trace until it is read)
 * @param warmup      discarded requests before the measured phase, >= 0
 * @param pattern     load pattern
 * @param concurrency max requests in flight, >= 1 (1 for {@code SEQUENTIAL})
 * @param rate        requests per second for open-loop patterns (> 0 there), 0 = unset; for {@code TRACE} the
 *                    trace's mean rate once it is read
 * @param maxTokens   max output tokens per request, >= 1
 * @param temperature sampling temperature, empty = the provider's default
 * @param timeoutMs   per-request timeout in ms, > 0
 * @param tags        labels for selection and grouping
 * @param sla         service-level bounds, {@link SlaSpec#none()} when there are none
 * @param workload    where the requests come from when not from the benchmark's method: its {@code @Workload}
 */
public record BenchmarkDescriptor(
        String name,
        String className,
        String methodName,
        String provider,
        String model,
        int iterations,
        int warmup,
        LoadPattern pattern,
        int concurrency,
        double rate,
        int maxTokens,
        OptionalDouble temperature,
        long timeoutMs,
        List<String> tags,
        SlaSpec sla,
        Optional<Workload> workload) {

    public BenchmarkDescriptor {
        requireText("name", name);
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(methodName, "methodName");
        requireText("provider", provider);
        requireText("model", model);
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(sla, "sla");
        Objects.requireNonNull(workload, "workload");
        tags = List.copyOf(tags);
        require(iterations >= 1, "iterations", iterations, "at least 1");
        require(warmup >= 0, "warmup", warmup, "0 or more");
        require(concurrency >= 1, "concurrency", concurrency, "at least 1");
        require(pattern != LoadPattern.SEQUENTIAL || concurrency == 1, "concurrency", concurrency,
                "1 for SEQUENTIAL (use CONCURRENT for more requests in flight)");
        require(rate >= 0 && Double.isFinite(rate), "rate", rate, "0 (unset) or more");
        require(!pattern.needsRate() || rate > 0, "rate", rate, "above 0 for " + pattern);
        boolean trace = workload.map(w -> w.kind() == Workload.Kind.TRACE).orElse(false);
        require(trace == (pattern == LoadPattern.TRACE), "pattern", pattern, trace ? "TRACE with a trace workload"
                : "a pattern other than TRACE without a trace workload (TRACE replays a trace: give the workload one)");
        require(maxTokens >= 1, "maxTokens", maxTokens, "at least 1");
        require(temperature.isEmpty() || (temperature.getAsDouble() >= 0 && temperature.getAsDouble() <= 2),
                "temperature", temperature, "between 0 and 2");
        require(timeoutMs > 0, "timeoutMs", timeoutMs, "above 0");
    }

    /**
     * A builder with the annotation's defaults; the name defaults to {@code "<model>@<provider>"}. With a trace
     * workload the pattern defaults to {@code TRACE} and the iterations to the whole trace.
     */
    public static Builder builder(String provider, String model) {
        return new Builder(provider, model);
    }

    /** A builder holding this descriptor's values, e.g. to override iterations from the command line. */
    public Builder toBuilder() {
        return new Builder(provider, model).name(name).source(className, methodName).iterations(iterations)
                .warmup(warmup).pattern(pattern).concurrency(concurrency).rate(rate).maxTokens(maxTokens)
                .temperature(temperature).timeoutMs(timeoutMs).tags(tags).sla(sla).workload(workload);
    }

    private static void requireText(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must not be blank");
        }
    }

    private static void require(boolean ok, String key, Object value, String allowed) {
        if (!ok) {
            throw new IllegalArgumentException(key + " must be " + allowed + ", was " + value);
        }
    }

    /** Builds a {@link BenchmarkDescriptor}; defaults are those of {@code @LlmBenchmark}. Not thread-safe. */
    public static final class Builder {
        private String name;
        private String className = "";
        private String methodName = "";
        private final String provider;
        private final String model;
        private Integer iterations;
        private int warmup = 3;
        private LoadPattern pattern;
        private int concurrency = 1;
        private double rate;
        private int maxTokens = 256;
        private OptionalDouble temperature = OptionalDouble.empty();
        private long timeoutMs = 60_000;
        private List<String> tags = List.of();
        private SlaSpec sla = SlaSpec.none();
        private Optional<Workload> workload = Optional.empty();

        private Builder(String provider, String model) {
            this.provider = provider;
            this.model = model;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The class and method the benchmark comes from; empty for benchmarks defined in code. */
        public Builder source(String className, String methodName) {
            this.className = Objects.requireNonNull(className, "className");
            this.methodName = Objects.requireNonNull(methodName, "methodName");
            return this;
        }

        public Builder iterations(int iterations) {
            this.iterations = iterations;
            return this;
        }

        public Builder warmup(int warmup) {
            this.warmup = warmup;
            return this;
        }

        public Builder pattern(LoadPattern pattern) {
            this.pattern = pattern;
            return this;
        }

        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        public Builder rate(double requestsPerSecond) {
            this.rate = requestsPerSecond;
            return this;
        }

        public Builder maxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        /** {@code NaN} clears it, as in the annotation. */
        public Builder temperature(double temperature) {
            this.temperature = Double.isNaN(temperature) ? OptionalDouble.empty() : OptionalDouble.of(temperature);
            return this;
        }

        public Builder temperature(OptionalDouble temperature) {
            this.temperature = Objects.requireNonNull(temperature, "temperature");
            return this;
        }

        public Builder timeoutMs(long timeoutMs) {
            this.timeoutMs = timeoutMs;
            return this;
        }

        public Builder tags(String... tags) {
            return tags(List.of(tags));
        }

        public Builder tags(List<String> tags) {
            this.tags = List.copyOf(tags);
            return this;
        }

        public Builder sla(SlaSpec sla) {
            this.sla = Objects.requireNonNull(sla, "sla");
            return this;
        }

        /** Requests from this workload instead of from a method ({@code LatencyLens.benchmark(descriptor)}). */
        public Builder workload(Workload workload) {
            return workload(Optional.of(workload));
        }

        public Builder workload(Optional<Workload> workload) {
            this.workload = Objects.requireNonNull(workload, "workload");
            return this;
        }

        /** @throws IllegalArgumentException naming the key whose value is not allowed */
        public BenchmarkDescriptor build() {
            String resolvedName = name != null && !name.isBlank() ? name : model + "@" + provider;
            boolean trace = workload.map(w -> w.kind() == Workload.Kind.TRACE).orElse(false);
            // A trace decides when requests go, and how many there are unless fewer are asked for: the engine caps
            // the iterations at the trace's lines when it reads it.
            LoadPattern resolvedPattern = pattern != null ? pattern
                    : trace ? LoadPattern.TRACE : LoadPattern.SEQUENTIAL;
            int resolvedIterations = iterations != null ? iterations : trace ? Integer.MAX_VALUE : 100;
            return new BenchmarkDescriptor(resolvedName, className, methodName, provider, model, resolvedIterations,
                    warmup, resolvedPattern, concurrency, rate, maxTokens, temperature, timeoutMs, tags, sla, workload);
        }
    }
}
