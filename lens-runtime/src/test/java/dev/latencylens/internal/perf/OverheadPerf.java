package dev.latencylens.internal.perf;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Phase;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.simulator.ServedRequest;
import dev.latencylens.simulator.Simulator;
import org.HdrHistogram.Histogram;

/**
 * Measurement 1 (and the latency half of 5): client overhead = measured TTFT − the simulator's wire TTFT (first
 * content event written − request arrival, {@link ServedRequest#wireTtftNanos()}), matched by {@code x-request-id},
 * at 1, 64 and 512 concurrent streams, through the real engine with {@code requests.jsonl} on, then the same
 * workload through the official OpenAI Java SDK in the same JVM against the same simulator.
 *
 * <p>Diagnostic split of the engine's overhead (all {@code System.nanoTime()} in one JVM):
 * send → connection acquired (OkHttp call setup up to a pooled connection), send → server arrival (call setup,
 * writing the request, loopback, the simulator's selector loop reading and parsing it), and first content written
 * → client stamp (loopback, the reading thread's wake-up, okio's read).
 * overhead = (send → arrival) + (write → stamp).
 */
final class OverheadPerf {

    static final String MODEL = "perf-overhead";
    static final double TTFT_MS = 10;
    static final double ITL_MS = 10;
    static final int TOKENS = 10;
    static final int JIT_WARMUP_CONCURRENCY = 64;
    static final int JIT_WARMUP_REQUESTS = 5_000;

    private OverheadPerf() {
    }

    static void run(int[] concurrencies, int minRequests) throws Exception {
        Perf.header("1. overhead: measured TTFT - simulator wire TTFT (ms); profile ttft " + TTFT_MS + " ms, "
                + ITL_MS + " ms/token, " + TOKENS + " tokens");
        Perf.printf("%-6s %-6s %7s %9s %9s %9s | %11s %11s %11s %11s | %s%n", "client", "conc", "n", "ovh p50",
                "ovh p99", "ovh max", "acq p50/99", "arr p50/99", "stamp p50/99", "ttft p50", "load");
        try (Simulator sim = Simulator.builder().seed(1).build().start()) {
            sim.register(MODEL, Perf.scripted(TTFT_MS, ITL_MS, TOKENS));
            // JIT warm-up of both clients' code paths (discarded), so the first, sequential row does not measure
            // interpreted code: the per-row warm-up below is too short for that at one stream.
            engine(sim, JIT_WARMUP_CONCURRENCY, JIT_WARMUP_REQUESTS, false);
            try (SdkDriver sdk = new SdkDriver(sim.baseUrl(), MODEL, JIT_WARMUP_CONCURRENCY)) {
                sdk.run(JIT_WARMUP_CONCURRENCY, JIT_WARMUP_REQUESTS, false);
            }
            for (int c : concurrencies) {
                int requests = Math.max(minRequests, c * 10);
                engine(sim, c, Math.max(c, requests / 10), false); // warm the JIT on this shape; discarded
                engine(sim, c, requests, true);
                try (SdkDriver sdk = new SdkDriver(sim.baseUrl(), MODEL, c)) {
                    sdk.run(c, Math.max(c, requests / 10), false); // warm-up, discarded
                    sdk(sim, sdk, c, requests);
                }
            }
        }
    }

    private static void engine(Simulator sim, int c, int requests, boolean print) {
        CapturingAdapter adapter = CapturingAdapter.inProcess(true);
        BenchmarkDescriptor d = Perf.benchmark("simulated", MODEL).name("overhead-" + c)
                .pattern(c == 1 ? LoadPattern.SEQUENTIAL : LoadPattern.CONCURRENT).concurrency(c)
                .iterations(requests).warmup(c).build();
        RunOptions options = RunOptions.builder().outputDirectory(Perf.tempDir("lens-overhead")).build();
        BenchmarkResult r = Perf.run(options, adapter, sim, d).benchmarks().get(0);
        if (r.reliability().succeeded() != requests) {
            throw new IllegalStateException("not every request succeeded: " + r.reliability());
        }
        if (!print) {
            return;
        }
        Histogram overhead = Perf.histogram();
        Histogram acquired = Perf.histogram();
        Histogram arrival = Perf.histogram();
        Histogram stamp = Perf.histogram();
        Histogram ttft = Perf.histogram();
        for (RequestTrace t : adapter.traces()) {
            if (t.phase() != Phase.MEASURED) {
                continue;
            }
            ServedRequest truth = sim.groundTruth().find(t.requestId()).orElseThrow();
            overhead.recordValue(Math.max(0, t.ttftNanos() - truth.wireTtftNanos()));
            acquired.recordValue(Math.max(0, t.connectionAcquiredNanos() - t.sendNanos()));
            arrival.recordValue(Math.max(0, truth.arrivalNanos() - t.sendNanos()));
            stamp.recordValue(Math.max(0, t.firstContentNanos() - truth.firstContentWrittenNanos()));
            ttft.recordValue(t.ttftNanos());
        }
        print("engine", c, overhead, acquired, arrival, stamp, ttft,
                r.load().clientLimited() ? " clientLimited " + r.load().reasons() : "");
    }

    private static void sdk(Simulator sim, SdkDriver sdk, int c, int requests) throws InterruptedException {
        SdkDriver.Run run = sdk.run(c, requests, true);
        if (run.failures() > 0) {
            throw new IllegalStateException(run.failures() + " SDK requests failed");
        }
        Histogram overhead = Perf.histogram();
        Histogram arrival = Perf.histogram();
        Histogram stamp = Perf.histogram();
        for (SdkDriver.Sample s : run.samples()) {
            ServedRequest truth = sim.groundTruth().find(s.requestId()).orElseThrow(
                    () -> new IllegalStateException("no ground truth for '" + s.requestId() + "'"));
            overhead.recordValue(Math.max(0, (s.firstContentNanos() - s.sendNanos()) - truth.wireTtftNanos()));
            arrival.recordValue(Math.max(0, truth.arrivalNanos() - s.sendNanos()));
            stamp.recordValue(Math.max(0, s.firstContentNanos() - truth.firstContentWrittenNanos()));
        }
        print("sdk", c, overhead, null, arrival, stamp, run.ttft(), "");
    }

    private static void print(String client, int c, Histogram overhead, Histogram acquired, Histogram arrival,
                              Histogram stamp, Histogram ttft, String note) {
        Perf.printf("%-6s %-6d %7d %9.3f %9.3f %9.3f | %11s %11s %11s %11.3f | %s%s%n", client, c,
                overhead.getTotalCount(), Perf.ms(overhead, 50), Perf.ms(overhead, 99), overhead.getMaxValue() / 1e6,
                acquired == null ? "-" : pair(acquired), pair(arrival), pair(stamp), Perf.ms(ttft, 50), Perf.load(),
                note);
    }

    private static String pair(Histogram h) {
        return Perf.f3(Perf.ms(h, 50)) + "/" + Perf.f3(Perf.ms(h, 99));
    }
}
