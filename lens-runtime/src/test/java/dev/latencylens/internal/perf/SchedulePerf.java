package dev.latencylens.internal.perf;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.api.RunOptions;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.Metric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measurement 3: how punctually the open-loop scheduler sends, and what that costs. POISSON arrivals at each rate
 * for {@value #SECONDS} s against a fast scripted profile (TTFT 1 ms, 1 ms per token, 10 tokens) served by a
 * simulator in its own JVM, with {@link #slots} slots so a request never waits for one. Reports the metric
 * {@code scheduleLag} ({@code t_send − t_sched}: dispatch, worker hand-off, building the request), the scheduler's
 * own dispatch lag p99 ({@code LoadCheck.dispatchLagP99Ms}), and the client's CPU during the measured phase as a
 * percentage of one core ({@code LoadCheck.processCpuPercent} is of all cores; the simulator's CPU is not in it).
 * Each rate runs twice in the same JVM and only the second run is printed, and the rates run from the highest down:
 * at 100 requests/s alone, the request path's methods take minutes to reach the JIT's thresholds, and the same path
 * half compiled costs more than twice the CPU of the steady state a long run settles in.
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

    static void run(int[] rates, Path out) throws Exception {
        rates = java.util.Arrays.stream(rates).boxed().sorted(java.util.Comparator.reverseOrder())
                .mapToInt(Integer::intValue).toArray();
        List<List<String>> rows = new ArrayList<>();
        PerfSection s = new PerfSection("schedule", "6. Schedule accuracy and its cost").text(String.format(
                Locale.ROOT, """
                `POISSON` arrivals for %d s at each rate against a simulator in its own JVM (TTFT 1 ms, then 10 tokens
                1 ms apart), with max(32, rate / 8) slots, so no request waits for one. *Schedule lag* = `t_send −
                t_sched` per request (dispatch, hand-off, the wait for the instant; the request is built before it);
                *dispatch p99* is the scheduler's own lateness (`LoadCheck.dispatchLagP99Ms`); *client CPU* is the
                client JVM's CPU during the measured phase, as a percentage of one core (JIT and GC threads
                included; the simulator's is not). Each rate runs twice in the same JVM and the second run is
                reported, highest rate first: at 100 requests/s alone the JIT takes minutes to compile the request
                path, and until it has, the CPU is more than twice the steady state's.""", SECONDS));
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
                double p99 = lag.p99().orElse(Double.NaN);
                rows.add(List.of(String.valueOf(rate), String.valueOf(slots(rate)), String.valueOf(lag.n()),
                        Perf.f1(r.load().achievedRate()), Perf.f3(lag.p50()), Perf.f3(p99), Perf.f3(lag.max()),
                        Perf.f3(r.load().dispatchLagP99Ms().orElse(Double.NaN)), Perf.f1(cpuOfOneCore) + " %",
                        r.load().clientLimited() ? "client-limited " + r.load().reasons() : "green", Perf.load()));
                Perf.printf("%s%n", rows.get(rows.size() - 1));
                if (rate == 100) {
                    s.figure("schedule lag p99 at 100 requests/s, client CPU", "p99 ≤ 1 ms, CPU < 5 % of one core",
                            Perf.f3(p99) + " ms, " + Perf.f1(cpuOfOneCore) + " %", "–", p99 <= 1
                            && cpuOfOneCore < 5);
                } else if (rate == 1000) {
                    s.figure("schedule lag p99 at 1,000 requests/s", "≤ 2 ms", Perf.f3(p99) + " ms", "–", p99 <= 2);
                }
            }
        }
        s.endFigures().table(List.of("rate/s", "slots", "n", "achieved/s", "lag p50 ms", "lag p99 ms", "lag max ms",
                "dispatch p99 ms", "client CPU (one core)", "self-check", "load"), rows).write(out);
    }

    private static BenchmarkResult run(ExternalSimulator sim, BenchmarkDescriptor d) {
        RunOptions options = RunOptions.builder().outputDirectory(Perf.tempDir("lens-schedule")).build();
        return Perf.run(options, CapturingAdapter.external(sim.baseUrl(), false), null, d).benchmarks().get(0);
    }
}
