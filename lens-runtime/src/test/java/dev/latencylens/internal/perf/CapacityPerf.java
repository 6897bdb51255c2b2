package dev.latencylens.internal.perf;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.results.Metric;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Distribution;
import dev.latencylens.api.RunOptions;

/**
 * Measurement 2 (and the capacity half of 5): the most concurrent streams and content events per second the
 * client sustains with full recording ({@code requests.jsonl} on). The simulator runs in its own JVM with a fixed
 * script (TTFT {@value #TTFT_MS} ms, {@value #ITL_MS} ms per token, one token per event, {@value #TOKENS} tokens:
 * about 2 s per stream), so the engine's self-check measures the client alone; both JVMs share the cores.
 *
 * <p>Each step runs {@code c} streams closed-loop ({@code CONCURRENT}, {@code c} workers) for {@value #ROUNDS}
 * rounds, after a one-round warm-up. A step is <em>sustained</em> when every request succeeded, content events/s
 * reach 90 % of the script's ideal {@code c × tokens / stream duration}, and, for the engine, its own self-check is
 * green ({@code clientLimited} false). The same rules judge the OpenAI SDK driven by {@code c} threads. The
 * inter-chunk latency p99 is printed beside it (on a shared, oversubscribed machine it shows the machine's
 * contention at every step, so it is not part of the verdict).
 */
final class CapacityPerf {

    static final String MODEL = "perf-capacity";
    static final double TTFT_MS = 20;
    static final double ITL_MS = 20;
    static final int TOKENS = 100;
    static final int ROUNDS = 6;
    static final double STREAM_SECONDS = (TTFT_MS + (TOKENS - 1) * ITL_MS) / 1000;

    private CapacityPerf() {
    }

    static void run(int[] steps) throws Exception {
        Perf.header("2. capacity: simulator in its own JVM; ttft " + TTFT_MS + " ms, " + ITL_MS + " ms/token, "
                + TOKENS + " tokens, 1 token/event");
        Perf.printf("%-6s %6s %7s %9s %9s %7s %8s %8s %8s %8s %6s %6s %7s %-9s %s%n", "client", "conc", "ok",
                "events/s", "ideal", "ratio", "icl p50", "icl p99", "ttft p99", "lag p99", "cpu%", "simCpu%",
                "us/evt", "verdict", "load / self-check");
        try (ExternalSimulator sim = new ExternalSimulator(
                Perf.scriptedProperties(MODEL, TTFT_MS, ITL_MS, TOKENS))) {
            for (int c : steps) {
                engine(sim, c);
                if (!Boolean.getBoolean("perf.engineOnly")) {
                    sdk(sim, c);
                }
            }
        }
    }

    private static void engine(ExternalSimulator sim, int c) {
        CapturingAdapter adapter = CapturingAdapter.external(sim.baseUrl(), false);
        BenchmarkDescriptor d = Perf.benchmark("perf-external", MODEL).name("capacity-" + c)
                .pattern(LoadPattern.CONCURRENT).concurrency(c).iterations(c * ROUNDS).warmup(c).build();
        RunOptions options = RunOptions.builder().outputDirectory(Perf.tempDir("lens-capacity")).build();
        double simCpu0 = sim.cpuSeconds();
        long t0 = System.nanoTime();
        BenchmarkResult r = Perf.run(options, adapter, null, d).benchmarks().get(0);
        double simCpuPercent = 100 * (sim.cpuSeconds() - simCpu0) / ((System.nanoTime() - t0) / 1e9) / cores();
        double window = r.throughput().windowSeconds();
        double events = r.throughput().outputTokensPerSecond(); // one token per event
        double ideal = c * TOKENS / STREAM_SECONDS;
        Distribution icl = r.metric(Metric.ICL);
        boolean ok = r.reliability().succeeded() == r.reliability().attempted();
        double cpu = r.load().processCpuPercent();
        double usPerEvent = cpu / 100 * cores() / events * 1e6; // CPU seconds per second / events per second
        boolean sustained = ok && events >= 0.9 * ideal && !r.load().clientLimited();
        Perf.printf("%-6s %6d %7s %9.0f %9.0f %7.2f %8.2f %8.2f %8.2f %8.3f %6.0f %6.0f %7.1f %-9s %s%s%n",
                "engine", c, r.reliability().succeeded() + "/" + r.reliability().attempted(), events, ideal,
                events / ideal, icl.p50(), icl.p99().orElse(Double.NaN), r.metric(Metric.TTFT).p99().orElse(Double.NaN),
                r.metric(Metric.SCHEDULE_LAG).p99().orElse(Double.NaN), cpu, simCpuPercent, usPerEvent,
                sustained ? "sustained" : "NOT", Perf.load(),
                r.load().clientLimited() ? " clientLimited " + r.load().reasons() : " self-check green");
    }

    private static void sdk(ExternalSimulator sim, int c) throws InterruptedException {
        try (SdkDriver sdk = new SdkDriver(sim.baseUrl(), MODEL, c)) {
            sdk.run(c, c, false); // one round of warm-up (and connections), discarded
            double simCpu0 = sim.cpuSeconds();
            long t0 = System.nanoTime();
            SdkDriver.Run run = sdk.run(c, c * ROUNDS, false);
            double simCpuPercent = 100 * (sim.cpuSeconds() - simCpu0) / ((System.nanoTime() - t0) / 1e9) / cores();
            double events = run.contentChunks() / run.windowSeconds();
            double ideal = c * TOKENS / STREAM_SECONDS;
            double cpu = 100 * run.cpuSeconds() / run.windowSeconds() / cores();
            double iclP99 = Perf.ms(run.icl(), 99);
            boolean sustained = run.failures() == 0 && events >= 0.9 * ideal;
            Perf.printf("%-6s %6d %7s %9.0f %9.0f %7.2f %8.2f %8.2f %8.2f %8s %6.0f %6.0f %7.1f %-9s %s%n", "sdk",
                    c, (c * ROUNDS - run.failures()) + "/" + c * ROUNDS, events, ideal, events / ideal,
                    Perf.ms(run.icl(), 50), iclP99, Perf.ms(run.ttft(), 99), "-", cpu, simCpuPercent,
                    run.cpuSeconds() / run.contentChunks() * 1e6, sustained ? "sustained" : "NOT", Perf.load());
        }
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
