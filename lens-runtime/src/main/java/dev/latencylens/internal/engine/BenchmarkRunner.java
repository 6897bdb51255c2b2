package dev.latencylens.internal.engine;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.LoadOptions;
import dev.latencylens.api.RunListener;
import dev.latencylens.api.ShardSpec;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

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

    /** Past {@code lens.startAt} by more than this, a measured phase starts when it can instead of catching up. */
    static final Duration START_AT_TOLERANCE = Duration.ofSeconds(5);
    /** Later than {@code lens.startAt} by more than this is worth a warning (waking up takes a little). */
    private static final Duration LATE_START = Duration.ofMillis(10);

    /** When the first measured phase should start; taken by the first measured phase, empty after. */
    private Optional<Instant> startAt;

    /**
     * What a benchmark's run needs beyond its requests: the load pattern's knobs, the seed of its Poisson arrivals,
     * the listener, when to stop, this process's place among the shards and when its measured phase starts.
     */
    record Settings(LoadOptions load, long seed, RunListener listener, BooleanSupplier stopRequested,
                    Optional<ShardSpec> shard, Optional<Instant> startAt) {

        Settings(LoadOptions load, long seed, RunListener listener, BooleanSupplier stopRequested) {
            this(load, seed, listener, stopRequested, Optional.empty(), Optional.empty());
        }
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
        this.startAt = settings.startAt();
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
                .run(count, (i, sched) -> () -> sender.send(target, benchmark.name(), Phase.WARMUP, i, sched, t -> { }),
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
        Optional<ShardSpec> shard = settings.shard();
        // A shard sends its share: request i here is request shard.globalIndex(i) of the whole benchmark.
        BenchmarkDescriptor ran = shard.map(s -> ShardShares.descriptor(d, s)).orElse(d);
        IntUnaryOperator global = i -> shard.map(s -> s.globalIndex(i)).orElse(i);
        List<String> phaseWarnings = new ArrayList<>(warnings);
        shard.flatMap(s -> ShardShares.concurrencyWarning(d, s)).ifPresent(phaseWarnings::add);
        OptionalLong aligned = startAt.isPresent() ? OptionalLong.of(awaitStart(startAt.get(), phaseWarnings))
                : OptionalLong.empty();
        startAt = Optional.empty();
        LoadScheduler scheduler = scheduler(d, ran.concurrency(), aligned); // before the start: an open loop calibrates
        long start = aligned.orElseGet(System::nanoTime);
        MetricsRecorder recorder = new MetricsRecorder(ran.iterations(),
                GoodputObjectives.of(d.sla(), d.pattern().isOpenLoop()));
        AtomicInteger measured = new AtomicInteger();
        AtomicInteger cooled = new AtomicInteger();
        AtomicLong measuredUntil = new AtomicLong(Long.MAX_VALUE); // when the last measured request was scheduled
        long deadline = load.duration().map(dur -> start + dur.toNanos()).orElse(Long.MAX_VALUE);
        boolean byTime = load.duration().isPresent();
        long cooldownNanos = load.cooldownDuration().map(Duration::toNanos).orElse(-1L);
        boolean unbounded = byTime || cooldownNanos >= 0;
        int limit = requests.limit() == Integer.MAX_VALUE ? Integer.MAX_VALUE
                : shard.map(s -> s.share(requests.limit())).orElse(requests.limit());
        int count = Math.min(limit, unbounded ? Integer.MAX_VALUE : ran.iterations() + load.cooldown());
        BooleanSupplier measuring = () -> byTime ? System.nanoTime() < deadline : measured.get() < ran.iterations();
        BooleanSupplier stop = () -> stopped() || (!measuring.getAsBoolean() && (cooldownNanos >= 0
                ? System.nanoTime() - measuredUntil.get() >= cooldownNanos : unbounded && cooled.get() >= load.cooldown()));
        SelfMonitor monitor = new SelfMonitor();
        scheduler.run(count, (i, sched) -> {
            boolean isMeasured = byTime ? sched < deadline : i < ran.iterations();
            if (isMeasured) {
                Supplier<RequestTrace> request = sender.prepare(target, d.name(), Phase.MEASURED,
                        global.applyAsInt(i), sched, recorder::record);
                return () -> {
                    if (!byTime && i == ran.iterations() - 1 || byTime) {
                        measuredUntil.set(sched);
                    }
                    request.get();
                    measured.incrementAndGet();
                };
            }
            Supplier<RequestTrace> request = sender.prepare(target, d.name(), Phase.COOLDOWN, global.applyAsInt(i),
                    sched, t -> { });
            return () -> {
                cooled.incrementAndGet();
                request.get();
            };
        }, stop);
        MetricsRecorder.Snapshot snapshot = recorder.snapshot();
        OptionalDouble targetRate = d.pattern().isOpenLoop() ? OptionalDouble.of(d.rate()) : OptionalDouble.empty();
        OpenLoopScheduler open = scheduler instanceof OpenLoopScheduler o ? o : null;
        // Requests a duration's open loop had due before its deadline but could not send: an interrupted run's
        // unsent requests are not dropped, only unsent.
        long dropped = open != null && byTime && !stopped() ? open.unsentBefore(deadline) : 0;
        LoadCheck check = monitor.finish(targetRate, snapshot.sendRate(), dropped,
                open != null ? open.dispatchLag() : null);
        boolean partial = !byTime && measured.get() < ran.iterations() || byTime && stopped();
        return summary.summarise(ran, step, snapshot, probe, check, billed.takeAll(), phaseWarnings, partial);
    }

    /**
     * Waits for {@code lens.startAt} and returns the {@code nanoTime} the measured phase starts at: the instant, or,
     * when the shard got there late, still the instant (its requests then go late, and their schedule lag says by
     * how much), unless it is more than {@link #START_AT_TOLERANCE} past: then now, since catching up would send
     * every overdue request at once. Being late is a warning in the result.
     */
    private long awaitStart(Instant at, List<String> warnings) throws InterruptedException {
        Duration until = Duration.between(Instant.now(), at);
        long target = System.nanoTime() + until.toNanos();
        if (until.isNegative()) {
            Duration late = until.negated();
            if (late.compareTo(START_AT_TOLERANCE) > 0) {
                warnings.add(String.format(Locale.ROOT, "lens.startAt %s had passed by %.1f s when the measured phase"
                        + " was due: it started then instead, not together with the other shards", at,
                        late.toMillis() / 1e3));
                return System.nanoTime();
            }
            if (late.compareTo(LATE_START) > 0) {
                warnings.add(String.format(Locale.ROOT, "started %d ms after lens.startAt %s (its cold probe and"
                        + " warmup took longer): the first requests went late, as their schedule lag shows",
                        late.toMillis(), at));
            }
            return target;
        }
        // Waiting for an agreed instant is the point here, not a synchronisation shortcut.
        while (target - System.nanoTime() > 0 && !stopped()) {
            long left = target - System.nanoTime();
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
        return target;
    }

    /**
     * The scheduler of {@code d} (the whole benchmark's definition) with {@code concurrency} workers; a shard's
     * open loop keeps its dealt arrivals of the whole schedule, whose t = 0 is {@code start} when given
     * ({@code lens.startAt}), else when it starts.
     */
    private LoadScheduler scheduler(BenchmarkDescriptor d, int concurrency, OptionalLong start) {
        String threads = "lens-" + d.name();
        LoadOptions load = settings.load();
        ArrivalSchedule whole = switch (d.pattern()) {
            case SEQUENTIAL, CONCURRENT, SWEEP -> null;
            case CONSTANT_RATE -> ArrivalSchedule.constantRate(d.rate());
            case POISSON -> ArrivalSchedule.gamma(d.rate(), load.burstiness(), settings.seed() ^ d.name().hashCode());
            case BURST -> ArrivalSchedule.burst(d.rate(), d.concurrency());
            case RAMP -> ArrivalSchedule.ramp(load.rampStartRate().orElse(d.rate() / 10), d.rate(), d.iterations(),
                    ArrivalSchedule.RampShape.valueOf(load.rampShape().toUpperCase(Locale.ROOT)), load.rampStages());
            case TRACE -> requests.arrivals().orElseThrow();
        };
        if (whole == null) {
            return new ClosedLoopScheduler(concurrency, threads);
        }
        ArrivalSchedule mine = settings.shard().map(s -> ArrivalSchedule.dealt(whole, s.index(), s.count()))
                .orElse(whole);
        return new OpenLoopScheduler(mine, concurrency, threads, start);
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
