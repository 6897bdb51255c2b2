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

/**
 * Measurement 3: the most concurrent streams and content events per second the client sustains with full recording
 * ({@code requests.jsonl} on). The simulator runs in its own JVM with a fixed script (TTFT {@value #TTFT_MS} ms,
 * {@value #ITL_MS} ms per token, one token per event, {@value #TOKENS} tokens: about 2 s per stream), so the engine's
 * self-check measures the client alone; both JVMs share the machine's cores.
 *
 * <p>Each step runs {@code c} streams closed-loop ({@code CONCURRENT}, {@code c} workers) for {@value #ROUNDS}
 * rounds after a one-round warm-up. A step is <em>sustained</em> when every request succeeded, content events/s reach
 * 90 % of the script's ideal {@code c × tokens / stream duration}, and, for the engine, its own self-check is green.
 * The same rules judge the OpenAI SDK driven by {@code c} threads. Then the engine runs the largest step once more
 * under Java Flight Recorder ({@link CpuProfile}), and the summary of where its CPU went is a section of its own.
 */
final class CapacityPerf {

    static final String MODEL = "perf-capacity";
    static final double TTFT_MS = 20;
    static final double ITL_MS = 20;
    static final int TOKENS = 100;
    static final int ROUNDS = 5;
    static final double STREAM_SECONDS = (TTFT_MS + (TOKENS - 1) * ITL_MS) / 1000;

    /** One client at one step. */
    private record Step(String client, int streams, long ok, long attempted, double events, double iclP50,
                        double iclP99, double cpuPercent, double kernelShare, double simCpuPercent, boolean green,
                        String load) {

        double ideal() {
            return streams * TOKENS / STREAM_SECONDS;
        }

        boolean sustained() {
            return ok == attempted && events >= 0.9 * ideal() && green;
        }

        double usPerEvent() {
            return cpuPercent / 100 * cores() / events * 1e6;
        }

        List<String> row() {
            return List.of(client, String.valueOf(streams), ok + "/" + attempted, String.format("%,.0f", events),
                    Perf.f1(events / ideal() * 100) + " %", Perf.f1(iclP50) + " / " + Perf.f1(iclP99),
                    Perf.f1(cpuPercent), Perf.f1(kernelShare * 100) + " %", Perf.f1(usPerEvent()),
                    Perf.f1(simCpuPercent), sustained() ? "yes" : "no", client.equals("engine")
                    ? (green ? "green" : "client-limited") : "–", load);
        }
    }

    private CapacityPerf() {
    }

    static void run(int[] steps, Path out) throws Exception {
        List<Step> results = new ArrayList<>();
        try (ExternalSimulator sim = new ExternalSimulator(
                Perf.scriptedProperties(MODEL, TTFT_MS, ITL_MS, TOKENS))) {
            for (int c : steps) {
                results.add(engine(sim, c, null));
                if (!Boolean.getBoolean("perf.engineOnly")) {
                    results.add(sdk(sim, c));
                }
            }
            int top = steps[steps.length - 1];
            CpuProfile profile = new CpuProfile();
            profile.start();
            engine(sim, top, profile);
            profile.section(top).write(out);
        }
        PerfSection s = new PerfSection("capacity", "3. Capacity: concurrent streams and content events/s")
                .text(String.format(java.util.Locale.ROOT, """
                        The simulator runs in its own JVM (TTFT %s ms, then %d tokens %s ms apart, one per event:
                        %s s per stream). Each step runs *c* streams closed-loop for %d rounds after one round of
                        warm-up, with `requests.jsonl` on. events/s = content events / measured window; the ideal is
                        c × %d / %s s. **Sustained** = every request succeeded, ≥ 90 %% of the ideal, and (engine) its
                        self-check green; the SDK (one thread per stream) is judged by the same rule. cpu %% is the
                        client JVM's CPU over the whole machine (%d cores), kernel its share spent in the kernel
                        (`/proc/self/stat`), µs/event client CPU per content event, sim %% the simulator JVM's CPU.""",
                        Perf.f1(TTFT_MS), TOKENS, Perf.f1(ITL_MS), Perf.f1(STREAM_SECONDS), ROUNDS, TOKENS,
                        Perf.f1(STREAM_SECONDS), cores()))
                .table(List.of("client", "streams", "ok", "events/s", "of ideal", "ICL p50 / p99 ms", "cpu %",
                        "kernel", "µs/event", "sim %", "sustained", "self-check", "load"),
                        results.stream().map(Step::row).toList());
        s.figure("sustained concurrent streams", "≥ 2,000 and ≥ 2× SDK", sustained(results, "engine"),
                sustained(results, "SDK"), best(results, "engine") >= 2000
                && best(results, "engine") >= 2 * best(results, "SDK"));
        s.figure("sustained content events/s", "≥ 100,000", events(results, "engine"), events(results, "SDK"),
                bestEvents(results, "engine") >= 100_000);
        s.endFigures().write(out);
    }

    private static int best(List<Step> steps, String client) {
        return steps.stream().filter(s -> s.client().equals(client) && s.sustained()).mapToInt(Step::streams).max()
                .orElse(0);
    }

    /** The most streams sustained, or, when none was, the step closest to its ideal. */
    private static String sustained(List<Step> steps, String client) {
        int best = best(steps, client);
        if (best > 0) {
            return String.format("%,d", best);
        }
        return steps.stream().filter(s -> s.client().equals(client)).max(java.util.Comparator.comparingDouble(
                s -> s.events() / s.ideal())).map(s -> String.format(java.util.Locale.ROOT,
                "none (closest: %,d at %s %% of ideal)", s.streams(), Perf.f1(s.events() / s.ideal() * 100)))
                .orElse("not measured");
    }

    /** The most events/s of a sustained step, and the peak of any step beside it. */
    private static String events(List<Step> steps, String client) {
        double sustained = bestEvents(steps, client);
        Step peak = steps.stream().filter(s -> s.client().equals(client)).max(java.util.Comparator.comparingDouble(
                Step::events)).orElse(null);
        String peakText = peak == null ? "" : String.format(java.util.Locale.ROOT, "peak %,.0f at %,d streams",
                peak.events(), peak.streams());
        return sustained > 0 ? String.format(java.util.Locale.ROOT, "%,.0f (%s)", sustained, peakText)
                : "none sustained (" + peakText + ")";
    }

    private static double bestEvents(List<Step> steps, String client) {
        return steps.stream().filter(s -> s.client().equals(client) && s.sustained()).mapToDouble(Step::events)
                .max().orElse(0);
    }

    private static Step engine(ExternalSimulator sim, int c, CpuProfile profile) {
        CapturingAdapter adapter = CapturingAdapter.external(sim.baseUrl(), false);
        BenchmarkDescriptor d = Perf.benchmark("perf-external", MODEL).name("capacity-" + c)
                .pattern(LoadPattern.CONCURRENT).concurrency(c).iterations(c * ROUNDS).warmup(c).build();
        RunOptions options = RunOptions.builder().outputDirectory(Perf.tempDir("lens-capacity")).build();
        double simCpu0 = sim.cpuSeconds();
        long[] ticks0 = Perf.cpuTicks();
        long t0 = System.nanoTime();
        BenchmarkResult r = Perf.run(options, adapter, null, d).benchmarks().get(0);
        double simCpuPercent = 100 * (sim.cpuSeconds() - simCpu0) / ((System.nanoTime() - t0) / 1e9) / cores();
        long[] ticks = Perf.cpuTicks();
        double kernel = (double) (ticks[1] - ticks0[1]) / Math.max(1, ticks[0] - ticks0[0] + ticks[1] - ticks0[1]);
        Distribution icl = r.metric(Metric.ICL);
        Step step = new Step("engine", c, r.reliability().succeeded(), r.reliability().attempted(),
                r.throughput().outputTokensPerSecond(), icl.p50(), icl.p99().orElse(Double.NaN),
                r.load().processCpuPercent(), kernel, simCpuPercent, !r.load().clientLimited(), Perf.load());
        if (profile == null) {
            Perf.printf("%s%s%n", step.row(), r.load().clientLimited() ? " " + r.load().reasons() : "");
        } else {
            profile.stop(step);
        }
        return step;
    }

    private static Step sdk(ExternalSimulator sim, int c) throws InterruptedException {
        try (SdkDriver sdk = new SdkDriver(sim.baseUrl(), MODEL, c)) {
            sdk.run(c, c, false); // one round of warm-up (and connections), discarded
            double simCpu0 = sim.cpuSeconds();
            long[] ticks0 = Perf.cpuTicks();
            long t0 = System.nanoTime();
            SdkDriver.Run run = sdk.run(c, c * ROUNDS, false);
            double simCpuPercent = 100 * (sim.cpuSeconds() - simCpu0) / ((System.nanoTime() - t0) / 1e9) / cores();
            long[] ticks = Perf.cpuTicks();
            double kernel = (double) (ticks[1] - ticks0[1])
                    / Math.max(1, ticks[0] - ticks0[0] + ticks[1] - ticks0[1]);
            Step step = new Step("SDK", c, c * ROUNDS - run.failures(), c * ROUNDS,
                    run.contentChunks() / run.windowSeconds(), Perf.ms(run.icl(), 50), Perf.ms(run.icl(), 99),
                    100 * run.cpuSeconds() / run.windowSeconds() / cores(), kernel, simCpuPercent, true, Perf.load());
            Perf.printf("%s%n", step.row());
            return step;
        }
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The figures the profile section quotes for the profiled run. */
    static String describe(Object step) {
        Step s = (Step) step;
        return String.format(java.util.Locale.ROOT, "%,d streams, %,.0f content events/s (%s %% of ideal), client CPU "
                + "%s %% of the machine, %s %% of it in the kernel, %s µs/event", s.streams(), s.events(),
                Perf.f1(s.events() / s.ideal() * 100), Perf.f1(s.cpuPercent()), Perf.f1(s.kernelShare() * 100),
                Perf.f1(s.usPerEvent()));
    }
}
