package dev.latencylens.api;

import dev.latencylens.results.BenchmarkDescriptor;

/**
 * One benchmark, ready to run: its descriptor and direct (reflection-free) calls to the user's methods.
 *
 * <p>The annotation processor generates one implementation per {@code @LlmBenchmark} method, named
 * {@code <package>.<Outer>_<Nested>_<method>_LensHarness}, and lists it in {@code META-INF/latencylens/benchmarks}.
 * A benchmark written in code implements it by hand. The runtime calls, per benchmark:
 * {@link #newInstance()} once, {@link #setup} once, {@link #request} once per request (cold probe, warmup and
 * measured alike, possibly from several threads at once), and {@link #tearDown} once.
 */
public interface BenchmarkHarness {

    /** Returned by {@link #newInstance()} when every method the harness calls is static and the class has no
     *  public no-argument constructor. */
    Object STATIC_ONLY = new Object() {
        @Override
        public String toString() {
            return "STATIC_ONLY";
        }
    };

    BenchmarkDescriptor descriptor();

    /** A new instance of the benchmark class, or {@link #STATIC_ONLY}. */
    Object newInstance() throws Exception;

    /** Runs the class's {@code @Setup} methods, in source order. */
    void setup(Object instance) throws Exception;

    /**
     * The request to send for {@code iteration}: what the user's method returns, a {@code String} return wrapped as
     * {@link ChatRequest#ofUser(String)}. Called before the request's timing starts. Never called when the
     * descriptor has a {@link dev.latencylens.results.Workload}, which makes the requests.
     */
    ChatRequest request(Object instance, Iteration iteration) throws Exception;

    /** Runs the class's {@code @TearDown} methods, in source order. */
    void tearDown(Object instance) throws Exception;
}
