package dev.latencylens.internal.engine;

import dev.latencylens.api.ChatRequest;
import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.Phase;
import dev.latencylens.simulator.SimPresets;
import dev.latencylens.simulator.Simulator;
import dev.latencylens.spi.Endpoint;
import dev.latencylens.spi.ProviderAdapter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import okhttp3.OkHttpClient;

/**
 * Pays the JVM's first use of the client before the first cold probe, so it is not counted as the provider's cold
 * start: class loading and static initialisation of OkHttp (and Kotlin underneath), the event listener, the stream
 * framers, Jackson and each adapter's decoder, the tokenizer, and the interpreter's first passes over all of it.
 * On a fresh JVM that is a few hundred milliseconds that would otherwise land in the first benchmark's probe
 * (docs/METRICS.md, "Cold start").
 *
 * <p>It sends {@value #REQUESTS_PER_FORMAT} requests in the wire format of each provider the run uses, through the
 * run's own OkHttp client and a {@link RequestExecutor} (the path every measured request takes), to a private
 * simulator on loopback — never to a provider, and never to the run's own simulator, whose seeded scripts and
 * ground truth stay untouched. The first request of each format opens a new connection and the others reuse it,
 * so both paths are warm. Nothing the probe measures on the provider is changed: the warm-up connections are
 * evicted afterwards (the probe still opens its own), the simulator is addressed by IP (no DNS lookup is cached),
 * and it speaks plain HTTP (the provider's TLS handshake is still the probe's). Failures are ignored: a request
 * that fails has warmed the client all the same, and a simulator that cannot start leaves the run unwarmed (its
 * {@code results.json} says how many warm-up requests were sent).
 */
final class ClientWarmUp {

    static final int REQUESTS_PER_FORMAT = 3;
    private static final int MAX_TOKENS = 8;
    private static final int TIMEOUT_MS = 5_000;

    private ClientWarmUp() {
    }

    /** What the warm-up did, for {@code results.json}. */
    record Summary(int requests, int formats, double millis) {
    }

    /** Warms {@code client} for each distinct adapter (by id) of {@code adapters}. */
    static Summary run(OkHttpClient client, List<ProviderAdapter> adapters) {
        long start = System.nanoTime();
        Map<String, ProviderAdapter> formats = new LinkedHashMap<>();
        adapters.forEach(a -> formats.putIfAbsent(a.id(), a));
        int sent = 0;
        try (Simulator sim = Simulator.builder().configuration(new Properties()).defaultProfile(SimPresets.INSTANT)
                .groundTruthCapacity(1).build().start()) {
            for (ProviderAdapter adapter : formats.values()) {
                BenchmarkDescriptor warmUp = BenchmarkDescriptor.builder(adapter.id(), SimPresets.INSTANT_NAME)
                        .name("lens-client-warm-up").iterations(1).warmup(0).maxTokens(MAX_TOKENS)
                        .timeoutMs(TIMEOUT_MS).build();
                Endpoint endpoint = new Endpoint(URI.create(sim.baseUrlFor(adapter.id())), Optional.empty());
                RequestExecutor executor = new RequestExecutor(client, adapter, endpoint, warmUp);
                for (int i = 0; i < REQUESTS_PER_FORMAT; i++) {
                    RequestTrace trace = new RequestTrace(Phase.WARMUP, i, System.nanoTime(), false);
                    executor.execute(ChatRequest.ofUser("Warm up " + i), trace);
                    trace.countTokens();
                    sent++;
                }
            }
        } catch (RuntimeException e) {
            // No loopback port, say: the run goes on unwarmed; results.json shows how many requests were sent.
        } finally {
            client.connectionPool().evictAll();
        }
        return new Summary(sent, formats.size(), (System.nanoTime() - start) / 1e6);
    }
}
