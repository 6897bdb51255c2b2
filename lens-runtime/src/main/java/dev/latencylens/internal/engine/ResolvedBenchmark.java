package dev.latencylens.internal.engine;

import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.metrics.Redactor;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.internal.workload.RequestSource;
import dev.latencylens.internal.workload.RequestSources;
import dev.latencylens.simulator.Simulator;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.ProviderSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A benchmark with everything resolved before its first request: its provider's adapter, the provider's endpoint
 * (empty when the simulator serves it) and where its requests come from. Shared by a run ({@link RunEngine}) and a
 * monitor ({@link Prober}), so both fail the same way on the same bad configuration.
 *
 * @param realEndpoint the provider's endpoint; empty when the request goes to the simulator
 */
record ResolvedBenchmark(BenchmarkHarness harness, ProviderAdapter adapter, Optional<Endpoint> realEndpoint,
                         RequestSource requests) {

    /**
     * Resolves every harness: one endpoint per provider (its credentials, a role assumed or a token fetched, serve
     * all its benchmarks), a workload's dataset or trace read and checked now, so a bad line fails before any request.
     *
     * @throws IllegalArgumentException for an unknown provider or an invalid base URL, naming it
     * @throws IllegalStateException    for a missing API key, naming the variable
     */
    static List<ResolvedBenchmark> resolveAll(List<BenchmarkHarness> harnesses, RunOptions options,
                                              ProviderRegistry registry, ProviderSettings settings) {
        List<ResolvedBenchmark> resolved = new ArrayList<>();
        Map<String, Endpoint> endpoints = new HashMap<>();
        for (BenchmarkHarness h : harnesses) {
            ProviderAdapter adapter = registry.get(h.descriptor().provider());
            Optional<Endpoint> endpoint = simulated(options, adapter) ? Optional.empty()
                    : Optional.of(endpoints.computeIfAbsent(adapter.id(),
                            id -> ProviderRegistry.resolve(adapter, settings)));
            resolved.add(new ResolvedBenchmark(h, adapter, endpoint, RequestSources.of(h, adapter, options.seed(),
                    options.load(), Thread.currentThread().getContextClassLoader())));
        }
        return resolved;
    }

    static boolean simulated(RunOptions options, ProviderAdapter adapter) {
        return options.simulate() || adapter.id().equals("simulated");
    }

    /** The endpoint requests go to: the provider's, else {@code simulator}'s for this provider's wire format. */
    Endpoint endpoint(Simulator simulator) {
        return realEndpoint.orElseGet(() -> new Endpoint(URI.create(simulator.baseUrlFor(adapter.id())),
                Optional.empty()));
    }

    /** Every credential of these benchmarks' real endpoints, to mask in whatever the run records. */
    static Redactor redactor(List<ResolvedBenchmark> benchmarks) {
        return Redactor.of(benchmarks.stream().flatMap(b -> b.realEndpoint().stream()).toList());
    }
}
