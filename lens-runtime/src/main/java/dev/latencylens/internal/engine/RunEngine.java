package dev.latencylens.internal.engine;

import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.LoadOptions;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.metrics.BilledTokens;
import dev.latencylens.internal.metrics.Redactor;
import dev.latencylens.internal.pricing.CostSummaries;
import dev.latencylens.internal.pricing.PriceTable;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.internal.workload.RequestSource;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.Shard;
import dev.latencylens.simulator.Simulator;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.spi.ProviderSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/**
 * Runs a list of benchmarks: resolves every provider first (an unknown id or a missing key fails before any
 * request is sent), starts the embedded simulator when it is needed, shares one set of OkHttp clients
 * ({@link PooledClients}), warms them on loopback ({@link ClientWarmUp}: the JVM's first use of it is not the
 * first benchmark's cold start) and runs the
 * benchmarks one after another, writing each request to {@code requests.jsonl} as it finishes. What becomes of the
 * {@link RunResult} (results.json and every report) is the caller's: {@code RunReporter}.
 *
 * <p>A JVM shutdown (Ctrl-C) stops sending, gives in-flight requests {@value #GRACE_MS} ms to finish, cancels the
 * rest, and still hands every result gathered so far, marked partial, to the caller's reporting, which the shutdown
 * waits for.
 */
public final class RunEngine {

    static final long GRACE_MS = 2_000;
    private static final long SHUTDOWN_WRITE_WAIT_MS = 10_000;

    private final RunOptions options;
    private final ProviderRegistry registry;
    private final ProviderSettings settings;
    private final Simulator externalSimulator;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Runnable cancelInFlight = () -> { };

    public RunEngine(RunOptions options) {
        this(options, ProviderRegistry.load(Thread.currentThread().getContextClassLoader()),
                ProviderSettings.fromSystem(), null);
    }

    /**
     * @param simulator a simulator the caller started and will close, used instead of starting one (tests and
     *                  benchmarks script it); null to start one when needed
     */
    public RunEngine(RunOptions options, ProviderRegistry registry, ProviderSettings settings, Simulator simulator) {
        this.options = options;
        this.registry = registry;
        this.settings = settings;
        this.externalSimulator = simulator;
    }

    /** Runs {@code harnesses} in order; see {@link #run(List, Consumer)}. */
    public RunResult run(List<BenchmarkHarness> harnesses) {
        return run(harnesses, run -> { });
    }

    /**
     * Runs {@code harnesses} in order, then hands the result to {@code report} before the run counts as finished:
     * a JVM shutdown during the run waits for it too, so an interrupted run still writes its reports.
     *
     * @throws IllegalArgumentException for an unknown provider or an invalid base URL, naming it
     * @throws IllegalStateException    for a missing API key, naming the variable
     * @throws UncheckedIOException     when the output directory cannot be written
     */
    public RunResult run(List<BenchmarkHarness> harnesses, Consumer<RunResult> report) {
        // Everything that can be wrong with the configuration fails here, before a request or a thread exists.
        List<ResolvedBenchmark> benchmarks = ResolvedBenchmark.resolveAll(harnesses, options, registry, settings);
        List<ProviderAdapter> adapters = benchmarks.stream().map(ResolvedBenchmark::adapter).toList();
        boolean needsSimulator = benchmarks.stream().anyMatch(b -> b.realEndpoint().isEmpty());
        // Every credential of the run, masked in whatever the run records (and those requests carry, as they go).
        Redactor redactor = ResolvedBenchmark.redactor(benchmarks);
        // A shard's share of each benchmark is checked now too: a share of nothing fails before any request.
        options.shard().ifPresent(s -> benchmarks.forEach(b -> ShardShares.check(b.requests().descriptor(), s,
                options.load())));
        ClientLimits limits = ClientLimits.from(settings);
        PriceTable prices = PriceTable.fromSystemProperties();
        double projectedRate = CostSummaries.projectedRate(System.getProperties()).orElse(0);

        Instant started = Instant.now();
        Thread hook = new Thread(this::onShutdown, "lens-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int maxConcurrency = harnesses.stream().mapToInt(h -> h.descriptor().concurrency()).max().orElse(1);
        PooledClients clients = PooledClients.forStreams(newClient(maxConcurrency, options.load(), needsSimulator
                && benchmarks.stream().allMatch(b -> b.realEndpoint().isEmpty())), maxConcurrency);
        OkHttpClient client = clients.first();
        cancelInFlight = client.dispatcher()::cancelAll;
        List<BenchmarkResult> results = new ArrayList<>();
        ClientWarmUp.Summary warmUp = new ClientWarmUp.Summary(0, 0, 0);
        Optional<Shard> shard = Optional.empty();
        URI firstBaseUrl = null;
        try {
            if (!harnesses.isEmpty() && !stop.get()) {
                warmUp = ClientWarmUp.run(client, adapters);
            }
            try (Simulator ownSimulator = needsSimulator && externalSimulator == null ? startSimulator(options) : null;
                 RequestLogWriter log = openLog()) {
                Simulator simulator = externalSimulator != null ? externalSimulator : ownSimulator;
                for (int i = 0; i < harnesses.size() && !stop.get(); i++) {
                    ResolvedBenchmark b = benchmarks.get(i);
                    ProviderAdapter adapter = b.adapter();
                    RequestSource requests = b.requests();
                    RequestExecutor executor = new RequestExecutor(clients, adapter, b.endpoint(simulator),
                            requests.descriptor(), options.load().ttftTimeoutMs(), redactor);
                    BilledTokens billed = new BilledTokens();
                    RequestSender sender = new RequestSender(requests, executor, new RequestSender.Settings(
                            options.captureText(), options.load(), options.listener(), limits.requests(adapter.id()),
                            limits.tokens(adapter.id()), stop::get, redactor), log, billed);
                    results.addAll(new BenchmarkRunner(b.harness(), requests, sender, new ResultSummary(prices,
                            adapter, projectedRate, b.realEndpoint().isEmpty(), redactor), billed,
                            clients::evictAll, new BenchmarkRunner.Settings(options.load(),
                            options.seed(), options.listener(), stop::get, options.shard(),
                            i == 0 ? options.startAt() : Optional.empty())).run());
                    if (i == 0) {
                        firstBaseUrl = b.endpoint(simulator).baseUrl(); // the shard's clock is read there, at the end
                    }
                }
                if (options.shard().isPresent()) {
                    URI clockSource = firstBaseUrl;
                    shard = options.shard().map(s -> new Shard(s.index(), s.count(),
                            RunResult.Environment.current().host(), clockSource == null ? OptionalDouble.empty()
                            : ClockOffset.measure(client, clockSource)));
                }
            } finally {
                client.dispatcher().executorService().shutdown();
                clients.evictAll();
            }
            boolean partial = stop.get() || results.size() < harnesses.size()
                    || results.stream().anyMatch(BenchmarkResult::partial);
            RunResult run = new RunResult(RunResult.Environment.current().withClientWarmUp(warmUp.requests(),
                    warmUp.millis()), started, Instant.now(), results, partial, shard);
            report.accept(run);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write to " + options.outputDirectory().orElse(null), e);
        } finally {
            finished.countDown();
            removeHook(hook);
        }
    }

    static Simulator startSimulator(RunOptions options) {
        return Simulator.builder().seed(options.seed()).build().start();
    }

    private RequestLogWriter openLog() throws IOException {
        return options.outputDirectory().isPresent() ? RequestLogWriter.in(options.outputDirectory().get())
                : RequestLogWriter.disabled();
    }

    /**
     * The client a run's clients are made from; {@code maxConcurrency} sizes its connection pool. One whose every
     * request goes to the simulator (plain HTTP on loopback, never redirected) gets no TLS: OkHttp would read the
     * JDK's trust store and set up its security providers for nothing, a tenth of the CPU of a short simulated run in
     * a fresh JVM (the command line's, CI's).
     */
    private static OkHttpClient newClient(int maxConcurrency, LoadOptions load, boolean simulatedOnly) {
        OkHttpClient.Builder client = builder(maxConcurrency, load);
        return (simulatedOnly ? client.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)) : client).build();
    }

    /** The client every request of a run goes through; {@code maxConcurrency} sizes its connection pool. */
    static OkHttpClient newClient(int maxConcurrency, LoadOptions load) {
        return builder(maxConcurrency, load).build();
    }

    private static OkHttpClient.Builder builder(int maxConcurrency, LoadOptions load) {
        return new OkHttpClient.Builder()
                // Enough idle connections that a concurrent phase never reconnects between requests.
                .connectionPool(new ConnectionPool(Math.max(5, maxConcurrency), 5, TimeUnit.MINUTES))
                // A silent retry would hide a failure and distort latency: every attempt must be seen.
                .retryOnConnectionFailure(false)
                .connectTimeout(load.connectTimeoutMs(), TimeUnit.MILLISECONDS)
                // The per-request timeoutMs (a call timeout) bounds each request; a read timeout only when asked
                // for (lens.idleTimeoutMs), so no default may cut a slow-but-alive stream.
                .readTimeout(load.idleTimeoutMs(), TimeUnit.MILLISECONDS)
                // No write timeout either: the request's deadline (Deadlines) covers a write that never ends, and
                // okio would otherwise queue a timeout, waking its watchdog thread, for every request's write.
                .writeTimeout(0, TimeUnit.SECONDS)
                .eventListenerFactory(TraceEventListener.FACTORY)
                // Counts each connection's bytes, so a pooled connection the server closed unanswered is told
                // from one that broke mid-answer: only the first is sent again (RequestExecutor.execute).
                .socketFactory(CountingSocketFactory.INSTANCE);
    }

    /** Stops sending, waits for in-flight requests briefly, then waits for the results to be written. */
    private void onShutdown() {
        if (finished.getCount() == 0) {
            return;
        }
        stop.set(true);
        System.err.println("[lens] stopping: no new requests; in-flight requests get " + GRACE_MS + " ms");
        try {
            if (!finished.await(GRACE_MS, TimeUnit.MILLISECONDS)) {
                cancelInFlight.run();
                finished.await(SHUTDOWN_WRITE_WAIT_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is running or has run.
        }
    }
}
