package dev.latencylens.internal.perf;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.api.RunOptions;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.Metric;

/**
 * Measurement 3: how punctually the open-loop scheduler sends, and what that costs. POISSON arrivals at each rate
 * for {@value #SECONDS} s against a fast scripted profile (TTFT 1 ms, 1 ms per token, 10 tokens) served by a
 * simulator in its own JVM, with {@link #slots} slots so a request never waits for one. Reports the metric
 * {@code scheduleLag} ({@code t_send − t_sched}: dispatch, worker hand-off, building the request), the scheduler's
 * own dispatch lag p99 ({@code LoadCheck.dispatchLagP99Ms}), and the client's CPU during the measured phase as a
 * percentage of one core ({@code LoadCheck.processCpuPercent} is of all cores; the simulator's CPU is not in it).
 * Each rate runs twice in the same JVM and only the second run is printed: in the first the JIT is still compiling
 * the request path, which at 100 requests/s doubles the client's CPU.
 */
final class SchedulePerf {

    static final String MODEL = "perf-schedule";
    static final int SECONDS = 15;

    /** Slots per rate: about ten times the requests in flight (rate × ~12 ms), so no request waits for one. */
    static int slots(int rate) {
        return Math.max(32, rate / 8);
    }

    private SchedulePerf() {
    }

    static void run(int[] rates) throws Exception {
        Perf.header("3. schedule accuracy: POISSON, simulator in its own JVM; ttft 1 ms, 1 ms/token, 10 tokens");
        Perf.printf("%-8s %6s %7s %9s %9s %9s %9s %10s %9s %9s %8s  %s%n", "rate/s", "slots", "n", "achieved",
                "lag p50", "lag p99", "lag max", "dispatch99", "inflight", "ttft p50", "cpu/core", "load / self-check");
        try (ExternalSimulator sim = new ExternalSimulator(Perf.scriptedProperties(MODEL, 1, 1, 10))) {
            for (int rate : rates) {
                BenchmarkDescriptor d = Perf.benchmark("perf-external", MODEL).name("schedule-" + rate)
                        .pattern(LoadPattern.POISSON).rate(rate).concurrency(slots(rate)).iterations(rate * SECONDS)
                        .warmup(slots(rate)).build();
                run(sim, d); // warms the JIT up
                BenchmarkResult r = run(sim, d);
                Distribution lag = r.metric(Metric.SCHEDULE_LAG);
                double cpuOfOneCore = r.load().processCpuPercent() < 0 ? Double.NaN
                        : r.load().processCpuPercent() * Runtime.getRuntime().availableProcessors();
                Perf.printf("%-8d %6d %7d %9.1f %9.3f %9.3f %9.3f %10.3f %9.1f %9.3f %8.1f  %s%s%n", rate, slots(rate),
                        lag.n(), r.load().achievedRate(), lag.p50(), lag.p99().orElse(Double.NaN), lag.max(),
                        r.load().dispatchLagP99Ms().orElse(Double.NaN),
                        r.load().achievedRate() * r.metric(Metric.E2E).mean() / 1000, r.metric(Metric.TTFT).p50(),
                        cpuOfOneCore, Perf.load(),
                        r.load().clientLimited() ? " clientLimited " + r.load().reasons() : " self-check green");
            }
        }
    }

    private static BenchmarkResult run(ExternalSimulator sim, BenchmarkDescriptor d) {
        RunOptions options = RunOptions.builder().outputDirectory(Perf.tempDir("lens-schedule")).build();
        return Perf.run(options, CapturingAdapter.external(sim.baseUrl(), false), null, d).benchmarks().get(0);
    }
}
