package dev.latencylens.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.platform.commons.annotation.Testable;

/**
 * Marks a method whose return value is the request of an LLM benchmark (or whose {@link Workload} makes them).
 *
 * <p>The method must be {@code public} and not abstract, static or not; it returns either a {@code String} (sent
 * as the single user message) or a {@code dev.latencylens.api.ChatRequest}, and takes no parameter or one
 * {@code dev.latencylens.api.Iteration} (its index, phase and a seeded random generator, so prompts can vary
 * reproducibly and defeat provider-side caches). Or it has a {@link Workload} (synthetic prompts of a chosen
 * length, a dataset, a trace), which makes the requests: then it returns {@code void}, takes no parameter and its
 * body is never called. Its class must be public, top-level or static nested, not abstract, and have a public
 * no-argument constructor when the method is an instance method.
 *
 * <p>At compile time the Latency Lens annotation processor checks all of this and generates a harness class per
 * benchmark; a misuse is a compile error on the offending element. The method is called once per request, on
 * the thread that sends the request, before the request is timed: its own cost never shows in the latencies.
 *
 * <pre>{@code
 * @LlmBenchmark(provider = "openai", model = "gpt-4o-mini", iterations = 50)
 * public String shortAnswer() {
 *     return "In one sentence: why is the sky blue?";
 * }
 * }</pre>
 *
 * <p><b>In an IDE.</b> The annotation is meta-annotated with JUnit's {@code @Testable}, so IDEs that honour it
 * (IntelliJ IDEA) show a run icon beside the method; it runs the benchmark through the Latency Lens JUnit engine,
 * which runs nothing unless {@code lens.enabled=true} is set (add {@code -Dlens.enabled=true}, and
 * {@code -Dlens.simulate=true} to stay offline, to the run configuration's VM options). Without JUnit on the class
 * path the meta-annotation is simply absent, at run time and at compile time: this module depends on JUnit only to
 * compile.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Testable
public @interface LlmBenchmark {

    /**
     * The provider id: {@code openai}, {@code anthropic}, {@code gemini}, {@code bedrock}, {@code azure-openai},
     * {@code cohere}, an OpenAI-compatible one such as {@code mistral}, {@code groq} or {@code vllm}, or
     * {@code simulated} for the embedded simulator. Custom providers plug in through a service loader, so an
     * unknown id is only a compile warning; the run fails if no provider with that id is found.
     */
    String provider();

    /** The model as the provider names it, e.g. {@code gpt-4o-mini}; sent verbatim. */
    String model();

    /**
     * Number of measured requests, at least 1. Percentiles need samples: p99 is reported only from 100
     * requests on, p99.9 from 1000. Each request is billed by the provider. A {@code @Workload(trace = ...)}
     * replays its whole trace unless {@code iterations} is set, and at most the trace's lines when it is.
     */
    int iterations() default 100;

    /**
     * Number of requests sent and discarded before the measured phase, at least 0. They warm the connection
     * pool, TLS sessions and the provider's caches; the cold probe (the very first request, on a new connection)
     * is sent before them and reported apart. Too few, and the first measured requests are slower than the rest:
     * the report then warns "not warmed up".
     */
    int warmup() default 3;

    /** How requests are sent; see {@link LoadPattern} for what each pattern does with {@link #rate()} and
     *  {@link #concurrency()}. */
    LoadPattern pattern() default LoadPattern.SEQUENTIAL;

    /**
     * Maximum number of requests in flight, at least 1. {@link LoadPattern#SEQUENTIAL} requires 1; with
     * {@link LoadPattern#CONCURRENT} it is the number of workers; open-loop patterns queue a request that finds
     * every slot busy and count its wait in its response time.
     */
    int concurrency() default 1;

    /**
     * Target requests per second for the open-loop patterns ({@code CONSTANT_RATE}, {@code POISSON},
     * {@code BURST} bursts per second, {@code RAMP} end rate); must be above 0 for them. 0 means unset and is
     * the only sensible value for closed-loop patterns, which ignore it.
     */
    double rate() default 0;

    /** Maximum output tokens per request, at least 1. Bounds cost and E2E latency; a request's own
     *  {@code ChatRequest.maxTokens} wins over it. */
    int maxTokens() default 256;

    /**
     * Sampling temperature, 0 to 2. {@code NaN} (the default) sends none, so the provider's default applies.
     * Higher temperatures change output length and therefore E2E latency, so keep it fixed across runs that
     * you compare.
     */
    double temperature() default Double.NaN;

    /**
     * Per-request timeout in milliseconds, above 0, from sending to the end of the stream. A request that takes
     * longer is cancelled and counted as a timeout error; the run goes on.
     */
    long timeoutMs() default 60_000;

    /** The benchmark's name in reports and for {@code includes}/{@code excludes}; unique in a compilation.
     *  Empty (the default) means {@code SimpleClassName.method}. */
    String name() default "";

    /** Free-form labels for selecting benchmarks ({@code -Dlens.tags=smoke}) and grouping them in reports. */
    String[] tags() default {};
}
