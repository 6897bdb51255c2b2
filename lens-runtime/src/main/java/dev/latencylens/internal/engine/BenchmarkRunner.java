package dev.latencylens.internal.engine;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.LoadOptions;
import dev.latencylens.api.RunListener;
import dev.latencylens.internal.load.ArrivalSchedule;
import dev.latencylens.internal.load.ClosedLoopScheduler;
import dev.latencylens.internal.load.LoadScheduler;
import dev.latencylens.internal.load.OpenLoopScheduler;
import dev.latencylens.internal.metrics.BilledTokens;
import dev.latencylens.internal.metrics.GoodputObjectives;
import dev.latencylens.internal.metrics.MetricsRecorder;
import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.internal.workload.RequestSource;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.LoadCheck;
import dev.latencylens.results.Phase;
import dev.latencylens.results.SweepStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Runs one benchmark through its lifecycle: {@code @Setup}, the cold probe on a fresh connection, warmup, the measured
 * phase under its load pattern (plus any cool-down), {@code @TearDown}. Requests go out through the
 * {@link RequestSender}; each measured phase becomes a result through the {@link ResultSummary}. A {@code SWEEP} runs
 * the measured phase once per step ({@link Sweep}) and yields one result per step, each with a cold probe of its own.
 */
final class BenchmarkRunner {

    private final BenchmarkHarness harness;
    private final RequestSource requests;
    private final BenchmarkDescriptor benchmark;
    private final RequestSender sender;
    private final ResultSummary summary;
    private final BilledTokens billed;
    private final Runnable evictConnections;
    private final Settings settings;

    /**
     * What a benchmark's run needs beyond its requests: the load pattern's knobs, the seed of its Poisson arrivals,
     * the listener, and when to stop.
     */
    record Settings(LoadOptions load, long seed, RunListener listener, BooleanSupplier stopRequested) {
    }

    /**
     * @param requests         where the requests come from: the harness's method, or its workload
     * @param billed           the attempts {@code sender} counts as billed, taken by each result
     * @param evictConnections empties the connection pool, so the cold probe opens a new connection
     */
    BenchmarkRunner(BenchmarkHarness harness, RequestSource requests, RequestSender sender, ResultSummary summary,
                    BilledTokens billed, Runnable evictConnections, Settings settings) {
        this.harness = harness;
        this.requests = requests;
        this.benchmark = requests.descriptor();
        this.sender = sender;
        this.summary = summary;
        this.billed = billed;
        this.evictConnections = evictConnections;
        this.settings = settings;
    }

    List<BenchmarkResult> run() {
        RunListener listener = settings.listener();
        RequestSender.notify(() -> listener.benchmarkStarted(benchmark));
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
                results.add(measure(target, benchmark, Optional.empty(), probe, warnings));
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
            results.add(summary.summarise(benchmark, Optional.empty(),
                    new MetricsRecorder(benchmark.iterations()).snapshot(), probe, LoadCheck.none(), billed.takeAll(),
                    warnings, true));
        }
        results.forEach(r -> RequestSender.notify(() -> listener.benchmarkFinished(r)));
        RequestSender.notify(() -> listener.benchmarkCompleted(benchmark, results));
        return results;
    }

    /**
     * The cold probe: one request on a new connection (the pool is emptied first), filed under {@code logName};
     * null when the run is stopping.
     */
    RequestTrace probe(Object target, String logName) {
        evictConnections.run();
        return stopped() ? null : sender.send(target, logName, Phase.COLD, 0, System.nanoTime(), t -> { });
    }

    private void warmup(Object target) throws InterruptedException {
        BooleanSupplier stop = settings.stopRequested();
        int count = benchmark.warmup();
        LoadOptions load = settings.load();
        if (load.warmupDuration().isPresent()) {
            long end = System.nanoTime() + load.warmupDuration().get().toNanos();
            stop = () -> stopped() || System.nanoTime() >= end;
            count = Integer.MAX_VALUE;
        }
        new ClosedLoopScheduler(benchmark.concurrency(), "lens-" + benchmark.name())
                .run(count, (i, sched) -> sender.send(target, benchmark.name(), Phase.WARMUP, i, sched, t -> { }),
                        stop);
    }

    /**
     * One measured phase of {@code d} (the benchmark, or one step of a sweep), with any cool-down after it.
     *
     * @param probe the cold probe judged against this phase's steady state
     */
    BenchmarkResult measure(Object target, BenchmarkDescriptor d, Optional<SweepStep> step, RequestTrace probe,
                            List<String> warnings) throws InterruptedException {
        LoadOptions load = settings.load();
        LoadScheduler scheduler = scheduler(d);
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
        BooleanSupplier stop = () -> stopped() || (!measuring.getAsBoolean() && (cooldownNanos >= 0
                ? System.nanoTime() - measuredUntil.get() >= cooldownNanos : unbounded && cooled.get() >= load.cooldown()));
        SelfMonitor monitor = new SelfMonitor();
        scheduler.run(count, (i, sched) -> {
            boolean isMeasured = byTime ? sched < deadline : i < d.iterations();
            if (isMeasured) {
                if (!byTime && i == d.iterations() - 1 || byTime) {
                    measuredUntil.set(sched);
                }
                sender.send(target, d.name(), Phase.MEASURED, i, sched, recorder::record);
                measured.incrementAndGet();
            } else {
                cooled.incrementAndGet();
                sender.send(target, d.name(), Phase.COOLDOWN, i, sched, t -> { });
            }
        }, stop);
        MetricsRecorder.Snapshot snapshot = recorder.snapshot();
        OptionalDouble targetRate = d.pattern().isOpenLoop() ? OptionalDouble.of(d.rate()) : OptionalDouble.empty();
        OpenLoopScheduler open = scheduler instanceof OpenLoopScheduler o ? o : null;
        // Requests a duration's open loop had due before its deadline but could not send: an interrupted run's
        // unsent requests are not dropped, only unsent.
        long dropped = open != null && byTime && !stopped() ? open.unsentBefore(deadline) : 0;
        LoadCheck check = monitor.finish(targetRate, snapshot.sendRate(), dropped,
                open != null ? open.dispatchLag() : null);
        boolean partial = !byTime && measured.get() < d.iterations() || byTime && stopped();
        return summary.summarise(d, step, snapshot, probe, check, billed.takeAll(), new ArrayList<>(warnings),
                partial);
    }

    private LoadScheduler scheduler(BenchmarkDescriptor d) {
        String threads = "lens-" + d.name();
        LoadOptions load = settings.load();
        return switch (d.pattern()) {
            case SEQUENTIAL, CONCURRENT, SWEEP -> new ClosedLoopScheduler(d.concurrency(), threads);
            case CONSTANT_RATE -> new OpenLoopScheduler(ArrivalSchedule.constantRate(d.rate()), d.concurrency(),
                    threads);
            case POISSON -> new OpenLoopScheduler(ArrivalSchedule.gamma(d.rate(), load.burstiness(),
                    settings.seed() ^ d.name().hashCode()), d.concurrency(), threads);
            case BURST -> new OpenLoopScheduler(ArrivalSchedule.burst(d.rate(), d.concurrency()), d.concurrency(),
                    threads);
            case RAMP -> new OpenLoopScheduler(ArrivalSchedule.ramp(load.rampStartRate().orElse(d.rate() / 10),
                    d.rate(), d.iterations(), ArrivalSchedule.RampShape.valueOf(load.rampShape()
                            .toUpperCase(Locale.ROOT)), load.rampStages()), d.concurrency(), threads);
            case TRACE -> new OpenLoopScheduler(requests.arrivals().orElseThrow(), d.concurrency(), threads);
        };
    }

    BenchmarkDescriptor descriptor() {
        return benchmark;
    }

    LoadOptions load() {
        return settings.load();
    }

    boolean stopped() {
        return settings.stopRequested().getAsBoolean();
    }
}
