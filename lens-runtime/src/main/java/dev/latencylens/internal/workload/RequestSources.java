package dev.latencylens.internal.workload;

import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.LoadOptions;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.Workload;
import dev.latencylens.spi.ProviderAdapter;
import java.util.Optional;

/** Makes each benchmark's {@link RequestSource}, reading its workload's files before anything is sent. */
public final class RequestSources {

    private RequestSources() {
    }

    /**
     * The requests of {@code harness}: what its method returns, or what its workload makes, its dataset or trace read
     * and checked now.
     *
     * @param adapter the provider the requests go to: its tokenizer counts the lengths, its parameters force them
     * @param loader  where {@code classpath:} files are looked for
     * @throws IllegalArgumentException naming the benchmark, the file, the line and what is wrong
     */
    public static RequestSource of(BenchmarkHarness harness, ProviderAdapter adapter, long seed, LoadOptions load,
                                   ClassLoader loader) {
        BenchmarkDescriptor d = harness.descriptor();
        if (d.workload().isEmpty()) {
            return new MethodRequests(harness, seed);
        }
        Workload w = d.workload().get();
        try {
            PromptParts parts = new PromptParts(w, adapter, d.model(), seed);
            return switch (w.kind()) {
                case SYNTHETIC -> new SyntheticRequests(d, parts, Lengths.input(w), Optional.empty(), seed);
                case TRACE -> trace(d, w, parts, seed, load, loader);
                case DATASET -> new DatasetRequests(d, parts, Datasets.read(w, loader), w.order(), w.history(), seed,
                        w.dataset());
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("benchmark " + d.name() + ": " + e.getMessage(), e);
        }
    }

    /** A trace replay: its iterations capped at the trace's lines, its rate the trace's own. */
    private static RequestSource trace(BenchmarkDescriptor d, Workload w, PromptParts parts, long seed,
                                       LoadOptions load, ClassLoader loader) {
        if (load.duration().isPresent()) {
            throw new IllegalArgumentException("lens.duration does not apply to a trace replay, which lasts as long as "
                    + "its trace (set iterations to replay fewer of its lines)");
        }
        Trace trace = Trace.read(w, loader);
        int iterations = Math.min(d.iterations(), trace.lines().size());
        BenchmarkDescriptor resolved = d.toBuilder().iterations(iterations).rate(trace.meanRate(iterations)).build();
        return new SyntheticRequests(resolved, parts, Optional.empty(), Optional.of(trace), seed);
    }
}
