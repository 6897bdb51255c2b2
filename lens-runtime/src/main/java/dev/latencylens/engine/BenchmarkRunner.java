package dev.latencylens.engine;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.api.BenchmarkDescriptor;
import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.BenchmarkResult;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.ColdStart;
import dev.latencylens.api.ErrorClass;
import dev.latencylens.api.Iteration;
import dev.latencylens.api.Phase;
import dev.latencylens.api.RunListener;
import dev.latencylens.api.RunOptions;
import dev.latencylens.load.ClosedLoopScheduler;
import dev.latencylens.load.LoadScheduler;
import dev.latencylens.metrics.MetricsRecorder;
import dev.latencylens.metrics.RequestTrace;
import dev.latencylens.report.RequestLog;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;

/**
 * Runs one benchmark: {@code @Setup}, the cold probe on a fresh connection, warmup, the measured phase under its
 * load pattern, {@code @TearDown}; then summarises the measured phase into a {@link BenchmarkResult}.
 */
final class BenchmarkRunner {

    private final BenchmarkHarness harness;
    private final BenchmarkDescriptor benchmark;
    private final OkHttpClient client;
    private final RequestExecutor executor;
    private final RunOptions options;
    private final RequestLog log;
    private final BooleanSupplier stopRequested;

    BenchmarkRunner(BenchmarkHarness harness, OkHttpClient client, RequestExecutor executor, RunOptions options,
                    RequestLog log, BooleanSupplier stopRequested) {
        this.harness = harness;
        this.benchmark = harness.descriptor();
        this.client = client;
        this.executor = executor;
        this.options = options;
        this.log = log;
        this.stopRequested = stopRequested;
    }

    BenchmarkResult run() {
        RunListener listener = options.listener();
        notify(() -> listener.benchmarkStarted(benchmark));
        MetricsRecorder recorder = new MetricsRecorder(benchmark.iterations());
        List<String> warnings = new ArrayList<>();
        RequestTrace[] probe = new RequestTrace[1];
        AtomicInteger measuredDone = new AtomicInteger();
        Object instance = null;
        boolean setUp = false;
        try {
            instance = harness.newInstance();
            harness.setup(instance);
            setUp = true;
            Object target = instance;
            // The cold probe: the first request, on a new connection.
            client.connectionPool().evictAll();
            if (!stopRequested.getAsBoolean()) {
                probe[0] = send(target, Phase.COLD, 0, System.nanoTime(), t -> { });
            }
            scheduler(benchmark.concurrency()).run(benchmark.warmup(),
                    (i, sched) -> send(target, Phase.WARMUP, i, sched, t -> { }), stopRequested);
            measuredScheduler().run(benchmark.iterations(), (i, sched) -> {
                send(target, Phase.MEASURED, i, sched, recorder::record);
                measuredDone.incrementAndGet();
            }, stopRequested);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            warnings.add("interrupted: the measured phase did not complete");
        } catch (Exception e) {
            warnings.add((setUp ? "the benchmark failed: " : "setup failed, no request was sent: ") + e);
        } finally {
            if (setUp || instance != null) {
                try {
                    harness.tearDown(instance);
                } catch (Exception e) {
                    warnings.add("teardown failed: " + e);
                }
            }
        }
        MetricsRecorder.Snapshot s = recorder.snapshot();
        s.warmupWarning().ifPresent(warnings::add);
        boolean partial = measuredDone.get() < benchmark.iterations();
        BenchmarkResult result = new BenchmarkResult(id(benchmark.name()), benchmark, s.metrics(),
                new BenchmarkResult.Tokens(s.inputTokens(), s.outputTokens(), s.cachedInputTokens(),
                        s.reasoningTokens(), s.tokenSource()),
                throughput(s),
                reliability(s),
                probe[0] == null && !setUp ? ColdStart.notProbed("setup failed") :
                        ColdStartAnalysis.analyse(probe[0], s.metrics().get("ttft")),
                warnings, partial);
        notify(() -> listener.benchmarkFinished(result));
        return result;
    }

    private LoadScheduler measuredScheduler() {
        LoadPattern pattern = benchmark.pattern();
        if (pattern == LoadPattern.SEQUENTIAL || pattern == LoadPattern.CONCURRENT) {
            return scheduler(benchmark.concurrency());
        }
        throw new UnsupportedOperationException("load pattern " + pattern + " is not available yet in this"
                + " version of Latency Lens; use SEQUENTIAL or CONCURRENT");
    }

    private LoadScheduler scheduler(int workers) {
        return new ClosedLoopScheduler(workers, "lens-" + benchmark.name());
    }

    private RequestTrace send(Object instance, Phase phase, int index, long scheduledNanos,
                              Consumer<RequestTrace> record) {
        RequestTrace trace = new RequestTrace(phase, index, scheduledNanos, options.captureText());
        ChatRequest request = null;
        try {
            request = harness.request(instance, Iteration.seeded(options.seed(), phase, index));
        } catch (Exception e) {
            trace.sent(System.nanoTime());
            trace.fail(ErrorClass.CLIENT, benchmark.name() + " threw " + e);
            trace.end(System.nanoTime());
        }
        if (request != null) {
            executor.execute(request, trace);
        }
        record.accept(trace);
        log.write(benchmark.name(), trace);
        RunListener.RequestOutcome outcome = new RunListener.RequestOutcome(phase, index, trace.errorClass(),
                trace.ttftNanos() == RequestTrace.NONE ? OptionalDouble.empty()
                        : OptionalDouble.of(trace.ttftNanos() / 1e6));
        notify(() -> options.listener().requestFinished(benchmark, outcome));
        return trace;
    }

    private static BenchmarkResult.Throughput throughput(MetricsRecorder.Snapshot s) {
        double w = s.windowSeconds();
        if (w <= 0) {
            return new BenchmarkResult.Throughput(0, 0, 0, 0);
        }
        return new BenchmarkResult.Throughput(s.succeeded() / w, s.outputTokens() / w,
                (s.inputTokens() + s.outputTokens()) / w, w);
    }

    private static BenchmarkResult.Reliability reliability(MetricsRecorder.Snapshot s) {
        Map<ErrorClass, BenchmarkResult.Errors> errors = new EnumMap<>(ErrorClass.class);
        s.errorCounts().forEach((c, n) -> errors.put(c, new BenchmarkResult.Errors(n, s.errorExamples().get(c))));
        double rate = s.attempted() == 0 ? 0 : (double) s.succeeded() / s.attempted();
        return new BenchmarkResult.Reliability(s.attempted(), s.succeeded(), rate, errors);
    }

    static String id(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "-");
    }

    private static void notify(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            System.err.println("[lens] a RunListener threw, ignored: " + e);
        }
    }
}
