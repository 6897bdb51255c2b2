package dev.latencylens.internal.engine;

import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.metrics.BilledTokens;
import dev.latencylens.internal.metrics.Redactor;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.Phase;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.results.RequestRecord;
import dev.latencylens.simulator.Simulator;
import dev.latencylens.spi.ProviderSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;

/**
 * Sends single requests of a list of benchmarks, on demand, through the same path as a run's measured requests
 * (the {@link RequestSender} and its {@link RequestExecutor}: the same client settings, adapters, stream decoding,
 * timing and error classification), and hands back each finished request as its {@link RequestRecord}. This is the
 * seam {@code lens monitor} probes through; a run goes through {@link RunEngine}.
 *
 * <pre>{@code
 * try (Prober prober = Prober.open(harnesses, RunOptions.fromSystemProperties())) {
 *     RequestRecord r = prober.send(0, 0); // benchmark 0, request index 0
 * }
 * }</pre>
 *
 * <p>Every benchmark's instance is created and set up when the prober opens and torn down when it closes. Requests
 * are numbered by the caller and sent as {@link Phase#MEASURED} requests (retried as {@code lens.retries} says,
 * the last attempt returned); nothing is written to {@code requests.jsonl}: a monitor runs for days. The simulator is
 * started when a benchmark needs it. Not thread-safe: one caller sends one request at a time, which is what a
 * monitor must do anyway (it must not load the provider).
 */
public final class Prober implements AutoCloseable {

    private final List<Probed> benchmarks;
    private final OkHttpClient client;
    private final Simulator ownSimulator;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** One benchmark ready to send: its set-up instance and its sender. */
    private record Probed(BenchmarkHarness harness, Object instance, RequestSender sender, BilledTokens billed) {
    }

    private Prober(List<Probed> benchmarks, OkHttpClient client, Simulator ownSimulator) {
        this.benchmarks = benchmarks;
        this.client = client;
        this.ownSimulator = ownSimulator;
    }

    /** A prober on the providers found on the class path and the system's settings (environment, properties). */
    public static Prober open(List<BenchmarkHarness> harnesses, RunOptions options) {
        return open(harnesses, options, ProviderRegistry.load(Thread.currentThread().getContextClassLoader()),
                ProviderSettings.fromSystem(), null);
    }

    /**
     * Resolves every benchmark's provider (failing as a run would, before any request), starts the simulator when
     * one is needed and {@code simulator} is null, and sets up every benchmark's instance.
     *
     * @param simulator a simulator the caller started and will close; null to start one when needed
     * @throws IllegalArgumentException for an unknown provider or an invalid base URL, naming it
     * @throws IllegalStateException    for a missing API key, naming the variable, or a failing {@code @Setup}
     */
    public static Prober open(List<BenchmarkHarness> harnesses, RunOptions options, ProviderRegistry registry,
                              ProviderSettings settings, Simulator simulator) {
        List<ResolvedBenchmark> resolved = ResolvedBenchmark.resolveAll(harnesses, options, registry, settings);
        boolean needsSimulator = resolved.stream().anyMatch(b -> b.realEndpoint().isEmpty());
        Simulator own = needsSimulator && simulator == null ? RunEngine.startSimulator(options) : null;
        Simulator sim = simulator != null ? simulator : own;
        OkHttpClient client = RunEngine.newClient(1, options.load());
        ClientLimits limits = ClientLimits.from(settings);
        Redactor redactor = ResolvedBenchmark.redactor(resolved);
        List<Probed> probed = new ArrayList<>();
        Prober prober = new Prober(probed, client, own);
        String current = "";
        try {
            for (ResolvedBenchmark b : resolved) {
                current = b.harness().descriptor().name();
                RequestExecutor executor = new RequestExecutor(PooledClients.single(client), b.adapter(),
                        b.endpoint(sim),
                        b.requests().descriptor(), options.load().ttftTimeoutMs(), redactor);
                BilledTokens billed = new BilledTokens();
                RequestSender sender = new RequestSender(b.requests(), executor, new RequestSender.Settings(false,
                        options.load(), options.listener(), limits.requests(b.adapter().id()),
                        limits.tokens(b.adapter().id()), prober.stopping::get, redactor), RequestLogWriter.disabled(),
                        billed);
                Object instance = b.harness().newInstance();
                probed.add(new Probed(b.harness(), instance, sender, billed));
                b.harness().setup(instance);
            }
        } catch (Exception e) {
            prober.close();
            throw new IllegalStateException("could not set up benchmark " + current + ": " + e, e);
        }
        return prober;
    }

    /** The benchmarks, in the order given; {@link #send} takes an index into this list. */
    public List<BenchmarkDescriptor> benchmarks() {
        return benchmarks.stream().map(b -> b.harness().descriptor()).toList();
    }

    /**
     * Sends request {@code index} of benchmark {@code benchmark} and returns it when it is over, whatever happened:
     * a failure (HTTP error, timeout, refused connection, ...) is a record with its error class, never an exception.
     */
    public RequestRecord send(int benchmark, int index) {
        Probed b = benchmarks.get(benchmark);
        String name = b.harness().descriptor().name();
        RequestRecord record = RequestRecords.of(name, b.sender().send(b.instance(), name, Phase.MEASURED, index,
                System.nanoTime(), t -> { }));
        b.billed().takeAll(); // a monitor's totals are the caller's: nothing accumulates here over days
        return record;
    }

    /**
     * Stops what is in flight, from any thread: the request being sent fails as cancelled (its record says so) and
     * no retry follows. For a shutdown that must not wait for a slow stream; the prober stays open.
     */
    public void cancel() {
        stopping.set(true);
        client.dispatcher().cancelAll();
    }

    /** Cancels any request in flight, tears every benchmark down, and stops the simulator this prober started. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        cancel();
        for (Probed b : benchmarks) {
            try {
                b.harness().tearDown(b.instance());
            } catch (Exception e) {
                System.err.println("[lens] teardown of " + b.harness().descriptor().name() + " failed: " + e);
            }
        }
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
        if (ownSimulator != null) {
            ownSimulator.close();
        }
    }
}
