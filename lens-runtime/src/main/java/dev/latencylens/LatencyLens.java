package dev.latencylens;

import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.Iteration;
import dev.latencylens.api.RunOptions;
import dev.latencylens.api.Runner;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.RunResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The library API: find benchmarks, define one in code, run them, get a {@link RunResult} back. A run with an output
 * directory writes the same files as {@code mvn lens:bench}: {@code results.json}, {@code requests.jsonl}, the
 * reports, {@code TEST-lens.xml}, and the regression analysis when a baseline is given.
 *
 * <pre>{@code
 * RunResult result = LatencyLens.run(LatencyLens.discover(), RunOptions.fromSystemProperties());
 *
 * BenchmarkHarness inCode = LatencyLens.benchmark(
 *         BenchmarkDescriptor.builder("openai", "gpt-4o-mini").name("haiku").iterations(20).build(),
 *         it -> ChatRequest.ofUser("Write a haiku about latency #" + it.index()));
 * }</pre>
 */
public final class LatencyLens {

    /** The resource the annotation processor writes: one harness class name per line. */
    public static final String BENCHMARK_LIST = "META-INF/latencylens/benchmarks";

    private LatencyLens() {
    }

    /**
     * Runs {@code harnesses} one after another, prints the summary table, and writes the run's files into the
     * output directory of {@code options}, if it has one.
     *
     * @throws IllegalArgumentException for an unknown provider or an invalid base URL, naming it
     * @throws IllegalStateException    for a missing API key, naming the variable; or when the runtime is missing
     * @throws java.io.UncheckedIOException when the output directory cannot be written
     */
    public static RunResult run(List<BenchmarkHarness> harnesses, RunOptions options) {
        return runner().run(harnesses, options);
    }

    /**
     * Merges the results of a sharded run (docs/SHARDS.md) into one run's, as exactly as one process running the
     * whole load would have measured it: histograms added, counts, tokens and cost summed, rates over the union of the
     * shards' measured windows, the {@code @Sla} and goodput judged again, and every report written to the output
     * directory of {@code options} (with the regression analysis against its baseline), each shard's own figures
     * beside the merged ones. The shards' {@code requests.jsonl} are concatenated there, each line with its
     * {@code shard}.
     *
     * <pre>{@code
     * LatencyLens.merge(List.of(Path.of("shard-0"), Path.of("shard-1")),
     *         RunOptions.builder().outputDirectory(Path.of("target/lens")).build());
     * }</pre>
     *
     * @param shards every shard's output directory (or its {@code results.json}), in any order
     * @throws IllegalArgumentException when they are not every shard of one run, once each, with the same benchmark
     *                                  configuration, or {@code options} has no output directory; naming the files
     *                                  and the difference
     * @throws java.io.UncheckedIOException when a file cannot be read or written
     */
    public static RunResult merge(List<Path> shards, RunOptions options) {
        return runner().merge(shards, options);
    }

    /** {@link #merge(List, RunOptions)} into {@code outputDirectory}, with no baseline. */
    public static RunResult merge(List<Path> shards, Path outputDirectory) {
        return merge(shards, RunOptions.builder().outputDirectory(outputDirectory).build());
    }

    /**
     * The runtime, found on the class path. The facade lives in a public package and may not import the internal
     * engine; a service interface in {@code api} that the runtime jar implements is the simplest way to reach it
     * without that import (no reflection by class name, no public engine type), and the package test checks it.
     */
    private static Runner runner() {
        List<Runner> found = ServiceLoader.load(Runner.class, LatencyLens.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one " + Runner.class.getName() + " on the class path (the"
                    + " lens-runtime jar provides it), found " + found.size() + ": "
                    + found.stream().map(r -> r.getClass().getName()).toList());
        }
        return found.get(0);
    }

    /** Every generated harness listed on the thread's context class path. */
    public static List<BenchmarkHarness> discover() {
        return discover(Thread.currentThread().getContextClassLoader());
    }

    /**
     * Every harness listed in {@value #BENCHMARK_LIST} resources visible to {@code loader}, sorted by class name.
     *
     * @throws IllegalStateException when a listed class cannot be loaded or is not a harness (a stale list: rebuild)
     */
    public static List<BenchmarkHarness> discover(ClassLoader loader) {
        TreeSet<String> names = new TreeSet<>();
        try {
            Enumeration<URL> lists = loader.getResources(BENCHMARK_LIST);
            while (lists.hasMoreElements()) {
                URL url = lists.nextElement();
                try (BufferedReader r = new BufferedReader(new InputStreamReader(url.openStream(),
                        StandardCharsets.UTF_8))) {
                    r.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(names::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + BENCHMARK_LIST, e);
        }
        List<BenchmarkHarness> harnesses = new ArrayList<>();
        for (String name : names) {
            try {
                Class<?> type = Class.forName(name, true, loader);
                harnesses.add((BenchmarkHarness) type.getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
                throw new IllegalStateException(BENCHMARK_LIST + " lists " + name + ", which is not a loadable"
                        + " benchmark harness (" + e + "). The list is stale: rebuild the project (mvn clean"
                        + " test-compile).", e);
            }
        }
        return harnesses;
    }

    /**
     * A benchmark defined in code: {@code requests} builds the request of each iteration.
     *
     * @throws IllegalArgumentException when the descriptor has a workload, which would make the requests instead
     */
    public static BenchmarkHarness benchmark(BenchmarkDescriptor descriptor, Function<Iteration, ChatRequest> requests) {
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(requests, "requests");
        if (descriptor.workload().isPresent()) {
            throw new IllegalArgumentException(descriptor.name() + " has a workload, which makes its requests: call "
                    + "LatencyLens.benchmark(descriptor) without a request function");
        }
        return harness(descriptor, iteration -> Objects.requireNonNull(requests.apply(iteration),
                () -> descriptor.name() + ": the request function returned null"));
    }

    /**
     * A benchmark whose requests come from its descriptor's {@link dev.latencylens.results.Workload}: synthetic prompts,
     * a dataset or a trace.
     *
     * <pre>{@code
     * LatencyLens.benchmark(BenchmarkDescriptor.builder("openai", "gpt-4o-mini").iterations(200)
     *         .workload(Workload.builder().inputTokens(400).outputTokens(128).build()).build());
     * }</pre>
     *
     * @throws IllegalArgumentException when the descriptor has no workload
     */
    public static BenchmarkHarness benchmark(BenchmarkDescriptor descriptor) {
        Objects.requireNonNull(descriptor, "descriptor");
        if (descriptor.workload().isEmpty()) {
            throw new IllegalArgumentException(descriptor.name() + " has no workload: give the descriptor one "
                    + "(BenchmarkDescriptor.Builder.workload), or pass a function that builds each request");
        }
        return harness(descriptor, iteration -> {
            throw new IllegalStateException(descriptor.name() + " sends its workload; the engine never asks it for "
                    + "a request");
        });
    }

    private static BenchmarkHarness harness(BenchmarkDescriptor descriptor, Function<Iteration, ChatRequest> requests) {
        return new BenchmarkHarness() {
            @Override
            public BenchmarkDescriptor descriptor() {
                return descriptor;
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
                return requests.apply(iteration);
            }

            @Override
            public void tearDown(Object instance) {
            }
        };
    }
}
