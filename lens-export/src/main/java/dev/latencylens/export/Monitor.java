package dev.latencylens.export;

import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.engine.Prober;
import dev.latencylens.internal.regression.Baseline;
import dev.latencylens.results.ErrorClass;
import dev.latencylens.results.RequestRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * {@code lens monitor} and {@code mvn lens:monitor}: probes benchmarks on a schedule for as long as it runs, to see a
 * provider's latency drift during the week, not only at build time.
 *
 * <pre>{@code
 * Monitor.run(harnesses, RunOptions.fromSystemProperties(), MonitorOptions.fromSystemProperties());
 * // blocks until lens.monitor.duration has passed or the JVM is stopped (SIGTERM, Ctrl-C)
 * }</pre>
 *
 * <p>Every round ({@code lens.monitor.interval}, each start moved by a seeded jitter so many monitors do not probe in
 * step) sends {@code probes} requests per benchmark, one after another and never concurrently (a monitor must not
 * load the provider), through the runtime's own request path ({@link Prober}), so a probe is measured exactly as a
 * run's request. Then it closes the round: the round's TTFT and E2E histograms go to the interval log
 * ({@link IntervalLog}) and into each benchmark's rolling window, and the window is judged against the baseline
 * ({@link DriftRule}); an alert that starts or ends is logged once, POSTed to the webhook ({@link AlertWebhook}) and
 * shown by the {@code lens_alert} gauge. {@code /metrics} ({@link MetricsEndpoint}) serves everything since the start
 * under the exporters' names ({@link ExportedMetric}).
 *
 * <p>Failures never stop it: each is counted by outcome; a benchmark whose every probe of a round failed is probed
 * again after 2, 4, 8, then every 10 rounds until one succeeds (an outage is not hammered), and a refused connection
 * or a timeout ends that benchmark's round at once. A JVM shutdown stops probing, cancels the request in flight,
 * closes the interval log complete and stops {@code /metrics}.
 */
public final class Monitor implements AutoCloseable {

    /** The longest back-off of a failing benchmark, in rounds. */
    static final int MAX_BACKOFF_ROUNDS = 10;
    private static final long SHUTDOWN_WAIT_MS = 10_000;

    private final Prober prober;
    private final MonitorOptions options;
    private final Consumer<String> log;
    private final List<BenchmarkMonitor> benchmarks = new ArrayList<>();
    private final DriftRule rule;
    private final IntervalLog intervalLog;
    private final MetricsEndpoint endpoint;
    private final Optional<AlertWebhook> webhook;
    private final Random jitter;
    private final int[] failedRounds;
    private final long[] nextRound;
    private final int[] nextIndex;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean stopping;
    private long round;

    private Monitor(Prober prober, MonitorOptions options, Consumer<String> log) {
        this.prober = prober;
        this.options = options;
        this.log = log;
        this.rule = new DriftRule(options.margin(), options.errorMargin(), options.minSamples());
        this.jitter = new Random(options.seed());
        prober.benchmarks().forEach(d -> benchmarks.add(new BenchmarkMonitor(d, options.window())));
        this.failedRounds = new int[benchmarks.size()];
        this.nextRound = new long[benchmarks.size()];
        this.nextIndex = new int[benchmarks.size()];
        Optional<Baseline> file = options.baseline().map(Baseline::load); // a bad file fails before anything starts
        this.intervalLog = IntervalLog.create(options.hlog(), System.currentTimeMillis());
        MetricsEndpoint started = null;
        try {
            started = MetricsEndpoint.start(options.bind(), options.metricsPort(),
                    () -> benchmarks.stream().map(BenchmarkMonitor::values).toList());
        } finally {
            if (started == null) {
                intervalLog.close();
            }
        }
        this.endpoint = started;
        this.webhook = options.alertWebhook().map(uri -> new AlertWebhook(uri, log));
        for (BenchmarkMonitor b : benchmarks) {
            Optional<Baseline.Entry> entry = file.flatMap(f -> f.benchmark(b.id()));
            DriftBaseline given = entry.map(e -> DriftBaseline.of(e, "the baseline " + options.baseline().get()))
                    .filter(d -> d.ttft().n() >= options.minSamples()).orElse(null);
            if (given != null) {
                b.baseline(given);
                log.accept("[lens] monitor: '" + b.name() + "' is judged against " + given.describe());
            } else {
                log.accept("[lens] monitor: '" + b.name() + "' is judged against its own first " + options.window()
                        + " rounds (" + (file.isEmpty() ? "no lens.monitor.baseline given"
                        : entry.isEmpty() ? "benchmark " + b.id() + " is not in " + options.baseline().get()
                        : "fewer than " + options.minSamples() + " TTFT samples in " + options.baseline().get())
                        + ")");
            }
        }
    }

    /**
     * Starts monitoring through {@code prober} (which it closes when it closes): opens the interval log, serves
     * {@code /metrics}, reads the baseline. Nothing is probed until {@link #runUntilStopped} (or a test's
     * {@link #round}).
     *
     * @param log where each line of the monitor's log goes
     * @throws IllegalArgumentException when the baseline cannot be read, naming it
     * @throws java.io.UncheckedIOException when the interval log cannot be written or the port not bound
     */
    public static Monitor start(Prober prober, MonitorOptions options, Consumer<String> log) {
        try {
            return new Monitor(prober, options, log);
        } catch (RuntimeException e) {
            prober.close();
            throw e;
        }
    }

    /**
     * Monitors {@code harnesses} until {@code options.duration()} has passed or the JVM shuts down (SIGTERM,
     * Ctrl-C), logging to standard output, alerts and warnings to standard error (so {@code lens:monitor} shows
     * them as Maven warnings). The entry point of {@code lens monitor} and {@code mvn lens:monitor}.
     *
     * @throws IllegalArgumentException for bad configuration (provider, baseline), naming what is wrong
     * @throws IllegalStateException    for a missing API key, naming the variable
     */
    public static void run(List<BenchmarkHarness> harnesses, RunOptions run, MonitorOptions options) {
        if (harnesses.isEmpty()) {
            throw new IllegalArgumentException("no benchmark to monitor");
        }
        try (Monitor monitor = start(Prober.open(harnesses, run), options, Monitor::print)) {
            Thread hook = new Thread(monitor::shutDown, "lens-monitor-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                monitor.runUntilStopped();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down: the hook is running
                }
            }
        }
    }

    /** The port {@code /metrics} listens on. */
    public int metricsPort() {
        return endpoint.port();
    }

    /** The interval log's file. */
    public Path intervalLog() {
        return intervalLog.file();
    }

    /**
     * Probes round after round, each started on schedule ({@code interval} apart, jittered), until {@link #stop},
     * a shutdown, or {@code duration}. A round that takes longer than the interval is followed at once.
     */
    public void runUntilStopped() {
        long intervalNanos = options.interval().toNanos();
        long start = System.nanoTime();
        long deadline = options.duration().map(d -> start + d.toNanos()).orElse(Long.MAX_VALUE);
        log.accept("[lens] monitoring " + benchmarks.size() + " benchmark(s) every " + describe(options.interval())
                + " (" + options.probes() + " probe(s) each, one at a time, ±" + Math.round(options.jitter() * 100)
                + " % jitter" + options.duration().map(d -> ", for " + describe(d)).orElse(", until stopped")
                + "); /metrics on http://" + options.bind() + ":" + metricsPort() + "/metrics; interval log "
                + intervalLog.file() + webhook.map(w -> "; alerts to " + w.where()).orElse(""));
        try {
            for (long k = 0; !stopping; k++) {
                long offset = k == 0 ? 0 : Math.round((jitter.nextDouble() * 2 - 1) * options.jitter() * intervalNanos);
                long planned = start + k * intervalNanos + offset;
                if (planned >= deadline) {
                    stopRequested.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    break;
                }
                long wait = planned - System.nanoTime();
                if (wait > 0 && stopRequested.await(wait, TimeUnit.NANOSECONDS)) {
                    break;
                }
                round();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.accept("[lens] monitor stopped after " + round + " round(s)");
    }

    /**
     * One round now: probes every benchmark that is due, closes the round (interval log, windows, alerts) and
     * flushes the interval log. Package-private so tests drive the monitor round by round, without a clock.
     */
    void round() {
        long startMillis = System.currentTimeMillis();
        for (int i = 0; i < benchmarks.size() && !stopping; i++) {
            if (round >= nextRound[i]) {
                probe(i, startMillis);
            }
        }
        intervalLog.flush();
        round++;
    }

    private void probe(int i, long startMillis) {
        BenchmarkMonitor b = benchmarks.get(i);
        int sent = 0;
        int succeeded = 0;
        Optional<ErrorClass> lastError = Optional.empty();
        for (int p = 0; p < options.probes() && !stopping; p++) {
            RequestRecord r = prober.send(i, nextIndex[i]);
            nextIndex[i] = nextIndex[i] == Integer.MAX_VALUE ? 0 : nextIndex[i] + 1;
            b.record(r);
            sent++;
            if (r.success()) {
                succeeded++;
            } else {
                lastError = r.errorClass();
                if (lastError.filter(c -> c == ErrorClass.CONNECTION || c == ErrorClass.TIMEOUT).isPresent()) {
                    break; // an outage: the round's other probes would only wait for it too
                }
            }
        }
        if (sent == 0) {
            return; // stopping: the round is not closed half-probed
        }
        List<Histogram> closedRound = b.closeRound(startMillis, System.currentTimeMillis());
        closedRound.forEach(intervalLog::write);
        backOff(i, succeeded, lastError);
        log.accept(String.format(Locale.ROOT, "[lens] round %d '%s': %d/%d probe(s) succeeded%s", round, b.name(),
                succeeded, sent, succeeded == 0 ? "" : String.format(Locale.ROOT, ", TTFT p50 %.1f ms, E2E p50 %.1f ms",
                        DriftRule.Percentiles.of(closedRound.get(0)).p50(),
                        DriftRule.Percentiles.of(closedRound.get(1)).p50())));
        judge(b);
    }

    /** After a round whose every probe failed, waits 2, 4, 8, then 10 rounds; one success resets it. */
    private void backOff(int i, int succeeded, Optional<ErrorClass> error) {
        String name = benchmarks.get(i).name();
        if (succeeded > 0) {
            if (failedRounds[i] > 0) {
                log.accept("[lens] '" + name + "' answers again after " + failedRounds[i] + " failed round(s)");
            }
            failedRounds[i] = 0;
            nextRound[i] = round + 1;
            return;
        }
        failedRounds[i]++;
        long wait = Math.min(1L << Math.min(failedRounds[i], 4), MAX_BACKOFF_ROUNDS);
        nextRound[i] = round + wait;
        log.accept("[lens] WARNING '" + name + "': every probe failed ("
                + error.map(c -> c.name().toLowerCase(Locale.ROOT)).orElse("error") + "), "
                + failedRounds[i] + " round(s) in a row; next probe in " + wait + " round(s)");
    }

    private void judge(BenchmarkMonitor b) {
        if (b.baseline().isEmpty() && b.rounds() >= options.window()) {
            DriftBaseline own = b.windowAsBaseline("its first " + options.window() + " rounds");
            if (own.ttft().n() >= options.minSamples()) {
                b.baseline(own);
                log.accept("[lens] monitor: '" + b.name() + "' baseline set from " + own.describe());
            }
            return;
        }
        b.judge(rule).forEach((judged, verdict) -> {
            if (b.firing(judged, verdict.drifted())) {
                alert(b, judged, verdict);
            }
        });
    }

    private void alert(BenchmarkMonitor b, BenchmarkMonitor.Judged judged, DriftRule.Verdict v) {
        int rounds = Math.min(b.rounds(), options.window());
        String text = (v.drifted() ? "[lens] ALERT " : "[lens] RESOLVED ") + "'" + b.name() + "' "
                + judged.label() + ": " + v.reason() + ", last " + rounds + " round(s), n=" + v.samples();
        log.accept(text);
        webhook.ifPresent(w -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("text", text.substring("[lens] ".length()));
            body.put("status", v.drifted() ? "firing" : "resolved");
            body.put(ExportedMetric.BENCHMARK, b.name());
            body.put(ExportedMetric.ALERTED_METRIC, judged.label());
            body.put("statistic", v.statistic());
            body.put("value", v.value());
            body.put("baseline", v.baseline());
            body.put("unit", judged == BenchmarkMonitor.Judged.ERROR_RATE ? "ratio" : "ms");
            body.put("margin", judged == BenchmarkMonitor.Judged.ERROR_RATE ? options.errorMargin() : options.margin());
            body.put("window_rounds", rounds);
            body.put("samples", v.samples());
            w.post(body);
        });
    }

    /** Asks the loop to stop after the probe in flight; returns at once. */
    public void stop() {
        stopping = true;
        stopRequested.countDown();
    }

    /**
     * The shutdown hook's work: stop probing, cancel the request in flight (a slow stream must not hold the JVM),
     * and wait for the loop to close everything; close it here if it does not within 10 s.
     */
    void shutDown() {
        stop();
        prober.cancel();
        try {
            if (!closed.await(SHUTDOWN_WAIT_MS, TimeUnit.MILLISECONDS)) {
                close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops probing, closes the interval log (complete), stops {@code /metrics}, the webhook and the prober. */
    @Override
    public void close() {
        stop();
        synchronized (this) {
            if (closed.getCount() == 0) {
                return;
            }
            intervalLog.close();
            endpoint.close();
            webhook.ifPresent(AlertWebhook::close);
            prober.close();
            closed.countDown();
        }
    }

    private static void print(String line) {
        (line.startsWith("[lens] ALERT") || line.startsWith("[lens] WARNING") ? System.err : System.out)
                .println(line);
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 != 0 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }
}
