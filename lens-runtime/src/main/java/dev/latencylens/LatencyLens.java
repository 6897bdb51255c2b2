package dev.latencylens;

import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.Iteration;
import dev.latencylens.api.RunOptions;

import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.RunResult;

import dev.latencylens.internal.engine.RunEngine;
import dev.latencylens.internal.report.ResultExports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The library API: find benchmarks, define one in code, run them, get a {@link RunResult} back.
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
     * Runs {@code harnesses} one after another. See {@link RunEngine#run} for the errors it throws. With
     * {@code lens-export} on the class path, the {@code lens.export.*} system properties send the result to a
     * Prometheus Pushgateway, InfluxDB or an OTLP receiver once it is complete (README, "Exporting"); an export that
     * fails is a warning on {@code System.out}, never an error.
     */
    public static RunResult run(List<BenchmarkHarness> harnesses, RunOptions options) {
        RunResult result = new RunEngine(options).run(harnesses);
        Map<String, String> settings = new HashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("lens."))
                .forEach(k -> settings.put(k, System.getProperty(k)));
        ResultExports.run(result, options.outputDirectory(), settings, System.getenv(), System.out);
        return result;
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

    /** A benchmark defined in code: {@code requests} builds the request of each iteration. */
    public static BenchmarkHarness benchmark(BenchmarkDescriptor descriptor, Function<Iteration, ChatRequest> requests) {
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(requests, "requests");
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
                return Objects.requireNonNull(requests.apply(iteration),
                        () -> descriptor.name() + ": the request function returned null");
            }

            @Override
            public void tearDown(Object instance) {
            }
        };
    }
}
