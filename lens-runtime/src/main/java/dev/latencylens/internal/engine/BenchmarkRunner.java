package dev.latencylens.internal.engine;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.LoadOptions;
import dev.latencylens.api.RunListener;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.load.ArrivalSchedule;
import dev.latencylens.internal.load.ClosedLoopScheduler;
import dev.latencylens.internal.load.LoadScheduler;
import dev.latencylens.internal.load.OpenLoopScheduler;
import dev.latencylens.internal.load.RateLimiter;
import dev.latencylens.internal.metrics.GoodputObjectives;
import dev.latencylens.internal.metrics.MetricsRecorder;
import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.internal.pricing.CostSummaries;
import dev.latencylens.internal.pricing.PriceTable;
import dev.latencylens.internal.report.RequestLog;
import dev.latencylens.internal.workload.RequestSource;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.ConnectionReuse;
import dev.latencylens.results.CostSummary;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.Goodput;
import dev.latencylens.results.LoadCheck;
import dev.latencylens.results.Phase;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;

/**
 * Runs one benchmark: {@code @Setup}, the cold probe on a fresh connection, warmup, the measured phase under its
 * load pattern (plus any cool-down), {@code @TearDown}; then summarises the measured phase into a
 * {@link BenchmarkResult}. A {@code SWEEP} runs the measured phase once per step and yields one result per step,
 * each with a cold probe of its own.
 */
final class BenchmarkRunner {

    private final BenchmarkHarness harness;
    private final RequestSource requests;
    private final BenchmarkDescriptor benchmark;
    private final OkHttpClient client;
    private final RequestExecutor executor;
    private final RunOptions options;
    private final LoadOptions load;
    private final RequestLog log;
    private final BooleanSupplier stopRequested;
    private final Optional<RateLimiter> requestLimit;
    private final Optional<RateLimiter> tokenLimit;
    private final PriceTable prices;

    /**
     * @param requests     where the requests come from: the harness's method, or its workload
     * @param requestLimit the provider's client-side limit in requests per minute
     * @param tokenLimit   the provider's client-side limit in tokens per minute
     * @param prices       the price table the cost is computed from
     */
    BenchmarkRunner(BenchmarkHarness harness, RequestSource requests, OkHttpClient client, RequestExecutor executor,
                    RunOptions options, RequestLog log, BooleanSupplier stopRequested,
                    Optional<RateLimiter> requestLimit, Optional<RateLimiter> tokenLimit, PriceTable prices) {
        this.prices = prices;
        this.harness = harness;
        this.requests = requests;
        this.benchmark = requests.descriptor();
        this.client = client;
        this.executor = executor;
        this.options = options;
        this.load = options.load();
        this.log = log;
        this.stopRequested = stopRequested;
        this.requestLimit = requestLimit;
        this.tokenLimit = tokenLimit;
    }

    List<BenchmarkResult> run() {
        RunListener listener = options.listener();
        notify(() -> listener.benchmarkStarted(benchmark));
        List<String> warnings = new ArrayList<>(requests.warnings());
        List<BenchmarkResult> results = new ArrayList<>();
        RequestTrace probe = null;
        Object instance = null;
        boolean setUp = false;
        try {
            instance = harness.newInstance();
            harness.setup(instance);
            setUp = true;
            Object target = instance;
            probe = probe(target, benchmark.name());
            warmup(target);
            if (benchmark.pattern() == LoadPattern.SWEEP) {
                results.addAll(new Sweep(this, target).run(probe, warnings));
            } else {
                results.add(measure(target, benchmark, scheduler(benchmark), probe, warnings));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            warnings.add("interrupted: the measured phase did not complete");
        } catch (Exception e) {
            warnings.add((setUp ? "the benchmark failed: " : "setup failed, no request was sent: ") + e);
        } finally {
            if (instance != null) {
                try {
                    harness.tearDown(instance);
                } catch (Exception e) {
                    warnings.add("teardown failed: " + e);
                }
            }
        }
        if (results.isEmpty()) {
            results.add(summarise(benchmark, new MetricsRecorder(benchmark.iterations()), probe, warnings, true,
                    LoadCheck.none()));
        }
        results.forEach(r -> notify(() -> listener.benchmarkFinished(r)));
        notify(() -> listener.benchmarkCompleted(benchmark, results));
        return results;
    }

    /**
     * The cold probe: one request on a new connection (the pool is emptied first), logged under {@code logName};
     * null when the run is stopping.
     */
    RequestTrace probe(Object target, String logName) {
        client.connectionPool().evictAll();
        return stopRequested.getAsBoolean() ? null
                : send(target, logName, Phase.COLD, 0, System.nanoTime(), t -> { });
    }

    private void warmup(Object target) throws InterruptedException {
        BooleanSupplier stop = stopRequested;
        int count = benchmark.warmup();
        if (load.warmupDuration().isPresent()) {
            long end = System.nanoTime() + load.warmupDuration().get().toNanos();
            stop = () -> stopRequested.getAsBoolean() || System.nanoTime() >= end;
            count = Integer.MAX_VALUE;
        }
        new ClosedLoopScheduler(benchmark.concurrency(), "lens-" + benchmark.name())
                .run(count, (i, sched) -> send(target, Phase.WARMUP, i, sched, t -> { }), stop);
    }

    /** One measured phase of {@code d} (the benchmark, or one step of a sweep). */
    BenchmarkResult measure(Object target, BenchmarkDescriptor d, LoadScheduler scheduler, RequestTrace probe,
                            List<String> warnings) throws InterruptedException {
        MetricsRecorder recorder = new MetricsRecorder(d.iterations(),
                GoodputObjectives.of(d.sla(), d.pattern().isOpenLoop()));
        AtomicInteger measured = new AtomicInteger();
        AtomicInteger cooled = new AtomicInteger();
        AtomicLong measuredUntil = new AtomicLong(Long.MAX_VALUE); // when the last measured request was scheduled
        long start = System.nanoTime();
        long deadline = load.duration().map(dur -> start + dur.toNanos()).orElse(Long.MAX_VALUE);
        boolean byTime = load.duration().isPresent();
        long cooldownNanos = load.cooldownDuration().map(java.time.Duration::toNanos).orElse(-1L);
        boolean unbounded = byTime || cooldownNanos >= 0;
        int count = Math.min(requests.limit(), unbounded ? Integer.MAX_VALUE : d.iterations() + load.cooldown());
        BooleanSupplier measuring = () -> byTime ? System.nanoTime() < deadline : measured.get() < d.iterations();
        BooleanSupplier stop = () -> stopRequested.getAsBoolean() || (!measuring.getAsBoolean() && (cooldownNanos >= 0
                ? System.nanoTime() - measuredUntil.get() >= cooldownNanos : unbounded && cooled.get() >= load.cooldown()));
        SelfMonitor monitor = new SelfMonitor();
        scheduler.run(count, (i, sched) -> {
            boolean isMeasured = byTime ? sched < deadline : i < d.iterations();
            if (isMeasured) {
                if (!byTime && i == d.iterations() - 1 || byTime) {
                    measuredUntil.set(sched);
                }
                send(target, d.name(), Phase.MEASURED, i, sched, recorder::record);
                measured.incrementAndGet();
            } else {
                cooled.incrementAndGet();
                send(target, d.name(), Phase.COOLDOWN, i, sched, t -> { });
            }
        }, stop);
        OptionalDouble targetRate = d.pattern().isOpenLoop() ? OptionalDouble.of(d.rate()) : OptionalDouble.empty();
        LoadCheck check = monitor.finish(targetRate, measured.get(),
                scheduler instanceof OpenLoopScheduler open ? open.dispatchLag() : null);
        boolean partial = !byTime && measured.get() < d.iterations() || byTime && stopRequested.getAsBoolean();
        return summarise(d, recorder, probe, new ArrayList<>(warnings), partial, check);
    }

    LoadScheduler scheduler(BenchmarkDescriptor d) {
        String threads = "lens-" + d.name();
        return switch (d.pattern()) {
            case SEQUENTIAL, CONCURRENT, SWEEP -> new ClosedLoopScheduler(d.concurrency(), threads);
            case CONSTANT_RATE -> new OpenLoopScheduler(ArrivalSchedule.constantRate(d.rate()), d.concurrency(),
                    threads);
            case POISSON -> new OpenLoopScheduler(ArrivalSchedule.gamma(d.rate(), load.burstiness(),
                    options.seed() ^ d.name().hashCode()), d.concurrency(), threads);
            case BURST -> new OpenLoopScheduler(ArrivalSchedule.burst(d.rate(), d.concurrency()), d.concurrency(),
                    threads);
            case RAMP -> new OpenLoopScheduler(ArrivalSchedule.ramp(load.rampStartRate().orElse(d.rate() / 10),
                    d.rate(), d.iterations(), ArrivalSchedule.RampShape.valueOf(load.rampShape()
                            .toUpperCase(Locale.ROOT)), load.rampStages()), d.concurrency(), threads);
            case TRACE -> new OpenLoopScheduler(requests.arrivals().orElseThrow(), d.concurrency(), threads);
        };
    }

    /** Sends one request (retrying when asked to) and returns its final trace. */
    RequestTrace send(Object instance, Phase phase, int index, long scheduledNanos, Consumer<RequestTrace> record) {
        return send(instance, benchmark.name(), phase, index, scheduledNanos, record);
    }

    /** @param logName the name in requests.jsonl: the benchmark's, or a sweep step's */
    private RequestTrace send(Object instance, String logName, Phase phase, int index, long scheduledNanos,
                              Consumer<RequestTrace> record) {
        RequestSource.Planned planned = null;
        RequestTrace trace;
        try {
            planned = requests.next(instance, phase, index);
            trace = attempt(planned, phase, index, scheduledNanos, 0);
        } catch (Exception e) {
            trace = failed(new RequestTrace(phase, index, scheduledNanos, options.captureText(), 0),
                    benchmark.name() + " threw " + e);
        }
        for (int attempt = 1; planned != null && attempt <= load.retries() && retryable(trace)
                && !stopRequested.getAsBoolean(); attempt++) {
            log.write(logName, trace);
            if (!backOff(trace, attempt)) {
                break;
            }
            trace = attempt(planned, phase, index, scheduledNanos, attempt);
        }
        trace.countTokens();
        record.accept(trace);
        log.write(logName, trace);
        if (planned != null) {
            planned.done().accept(trace);
        }
        RequestTrace done = trace;
        RunListener.RequestOutcome outcome = new RunListener.RequestOutcome(phase, index, done.errorClass(),
                done.ttftNanos() == RequestTrace.NONE ? OptionalDouble.empty()
                        : OptionalDouble.of(done.ttftNanos() / 1e6));
        notify(() -> options.listener().requestFinished(benchmark, outcome));
        return trace;
    }

    private RequestTrace attempt(RequestSource.Planned planned, Phase phase, int index, long scheduledNanos,
                                 int attempt) {
        RequestTrace trace = new RequestTrace(phase, index, scheduledNanos, options.captureText(), attempt);
        planned.shape().ifPresent(trace::workload);
        try {
            acquireLimits(planned.request());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(trace, "interrupted while waiting for the client-side rate limit");
        }
        executor.execute(planned.request(), trace);
        return trace;
    }

    private static RequestTrace failed(RequestTrace trace, String message) {
        trace.sent(System.nanoTime());
        trace.fail(ErrorClass.CLIENT, message);
        trace.end(System.nanoTime());
        return trace;
    }

    private void acquireLimits(ChatRequest request) throws InterruptedException {
        if (requestLimit.isPresent()) {
            requestLimit.get().acquire(1);
        }
        if (tokenLimit.isPresent()) {
            long chars = request.system().map(String::length).orElse(0)
                    + request.messages().stream().mapToLong(m -> m.content().length()).sum();
            tokenLimit.get().acquire(RequestTrace.estimateTokens(chars)
                    + request.maxTokens().orElse(benchmark.maxTokens()));
        }
    }

    private static boolean retryable(RequestTrace t) {
        return t.errorClass().map(c -> c == ErrorClass.RATE_LIMITED || c == ErrorClass.HTTP_5XX
                || c == ErrorClass.CONNECTION || c == ErrorClass.TIMEOUT).orElse(false);
    }

    /** Waits before attempt {@code attempt}: the provider's stated wait, else exponential backoff with full jitter. */
    private boolean backOff(RequestTrace failed, int attempt) {
        long cap = load.retryMaxBackoffMs();
        long wait = failed.retryAfterMillis() >= 0 ? Math.min(cap, failed.retryAfterMillis())
                : ThreadLocalRandom.current().nextLong(
                        Math.min(cap, load.retryBackoffMs() << Math.min(20, attempt - 1)) + 1);
        try {
            TimeUnit.MILLISECONDS.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    BenchmarkResult summarise(BenchmarkDescriptor d, MetricsRecorder recorder, RequestTrace probe,
                              List<String> warnings, boolean partial, LoadCheck check) {
        MetricsRecorder.Snapshot s = recorder.snapshot();
        s.warmupWarning().ifPresent(warnings::add);
        check.reasons().forEach(r -> warnings.add("client-limited: " + r));
        double w = s.windowSeconds();
        CostSummary cost = CostSummaries.lookup(prices, executor.providerId(), d.model(), s.billedTokens(),
                s.billedRequests(), s.succeeded(), CostSummaries.projectedRate(System.getProperties()).orElse(0));
        cost.warning().ifPresent(warnings::add);
        Goodput goodput = !s.goodputDefined() ? Goodput.undefined() : new Goodput(true, s.good(),
                s.attempted() == 0 ? 0 : (double) s.good() / s.attempted(), w <= 0 ? 0 : s.good() / w);
        return new BenchmarkResult(id(d.name()), d, s.metrics(),
                new BenchmarkResult.Tokens(s.inputTokens(), s.outputTokens(), s.cachedInputTokens(),
                        s.reasoningTokens(), s.tokenSource(), s.inputTokensPerRequest(), s.outputTokensPerRequest()),
                throughput(s), reliability(s), ColdStartAnalysis.analyse(probe, s.metrics().get("ttft")),
                warnings, partial, goodput, check, cost, connections(s, d));
    }

    BenchmarkDescriptor descriptor() {
        return benchmark;
    }

    RunOptions options() {
        return options;
    }

    boolean stopped() {
        return stopRequested.getAsBoolean();
    }

    private static BenchmarkResult.Throughput throughput(MetricsRecorder.Snapshot s) {
        double w = s.windowSeconds();
        if (w <= 0) {
            return new BenchmarkResult.Throughput(0, 0, 0, 0);
        }
        return new BenchmarkResult.Throughput(s.succeeded() / w, s.outputTokens() / w,
                (s.inputTokens() + s.outputTokens()) / w, w);
    }

    private static ConnectionReuse connections(MetricsRecorder.Snapshot s, BenchmarkDescriptor d) {
        Distribution setup = s.metrics().get("connectionSetup");
        return ConnectionReuse.of(s.connected(), s.reused(), s.staleRetries(),
                setup.n() == 0 ? OptionalDouble.empty() : OptionalDouble.of(setup.p50()), d.concurrency());
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
