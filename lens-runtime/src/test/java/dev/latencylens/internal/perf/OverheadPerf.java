package dev.latencylens.internal.perf;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.metrics.RequestTrace;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Phase;
import dev.latencylens.simulator.ServedRequest;
import dev.latencylens.simulator.Simulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Measurement 1: client overhead = the client's TTFT − the simulator's wire TTFT (first content event written −
 * request read, {@link ServedRequest#wireTtftNanos()}), matched by request id, at each concurrency, for the engine
 * (with {@code requests.jsonl} on) and for the official OpenAI Java SDK timed as a user would time it. Twice: with
 * the simulator in the client's JVM, and in its own JVM ({@link TruthSimulatorMain}; both JVMs stamp with
 * {@code CLOCK_MONOTONIC}).
 *
 * <p>The two clients take turns in {@value #BLOCKS} blocks each (engine, SDK, engine, SDK, …), so a change in the
 * machine's load during a row falls on both. The engine's overhead is split for diagnosis: send → connection
 * acquired (OkHttp call setup), send → the simulator read the request (call setup, request write, loopback, the
 * simulator's wake-up), and first content written → the client's stamp (loopback, the reading thread's wake-up,
 * okio's read); overhead = arrival + stamp.
 */
final class OverheadPerf {

    static final String MODEL = "perf-overhead";
    /** The profile of the earlier figures and of the issue's: 110 ms a request, so 64 streams are ~580 requests/s. */
    static final double TTFT_MS = 10;
    static final double ITL_MS = 10;
    static final int TOKENS = 10;
    static final int BLOCKS = 4;
    static final int JIT_WARMUP_REQUESTS = 5_000;

    /** Where the simulator's ground truth comes from, drained block by block. */
    private interface TruthSource {
        Map<String, ExternalSimulator.Truth> drain() throws Exception;
    }

    /** One client's figures at one concurrency. */
    private static final class Figures {
        final Histogram overhead = Perf.histogram();
        final Histogram acquired = Perf.histogram();
        final Histogram written = Perf.histogram();
        final Histogram arrival = Perf.histogram();
        final Histogram stamp = Perf.histogram();

        void add(long send, long acquiredAt, long writtenAt, long firstContent, ExternalSimulator.Truth truth) {
            overhead.recordValue(Math.max(0, (firstContent - send) - truth.wireTtftNanos()));
            if (acquiredAt != RequestTrace.NONE) {
                acquired.recordValue(Math.max(0, acquiredAt - send));
            }
            if (writtenAt != RequestTrace.NONE) {
                written.recordValue(Math.max(0, writtenAt - send));
            }
            arrival.recordValue(Math.max(0, truth.arrivalNanos() - send));
            stamp.recordValue(Math.max(0, firstContent - truth.firstContentWrittenNanos()));
        }
    }

    private OverheadPerf() {
    }

    static void run(int[] concurrencies, int minRequests, Path out) throws Exception {
        try (Simulator sim = Simulator.builder().seed(1).groundTruthCapacity(200_000).build().start()) {
            sim.register(MODEL, Perf.scripted(TTFT_MS, ITL_MS, TOKENS));
            TruthSource truth = () -> {
                Map<String, ExternalSimulator.Truth> map = new HashMap<>();
                synchronized (sim.groundTruth()) {
                    for (ServedRequest s : sim.groundTruth().records()) {
                        map.put(s.requestId(), new ExternalSimulator.Truth(s.arrivalNanos(),
                                s.firstContentWrittenNanos(), s.wireTtftNanos()));
                    }
                    sim.groundTruth().clear();
                }
                return map;
            };
            section("overhead-in-process", "1. Overhead, simulator in the client's JVM", "in-process",
                    concurrencies, minRequests, sim, sim.baseUrl(), truth).write(out);
        }
        try (ExternalSimulator sim = ExternalSimulator.withTruth(MODEL, TTFT_MS, ITL_MS, TOKENS)) {
            section("overhead-own-jvm", "2. Overhead, simulator in its own JVM", "own JVM", concurrencies,
                    minRequests, null, sim.baseUrl(), sim::drainTruth).write(out);
        }
    }

    private static PerfSection section(String id, String title, String where, int[] concurrencies, int minRequests,
                                       Simulator inProcess, String baseUrl, TruthSource truth) throws Exception {
        PerfSection s = new PerfSection(id, title).text(String.format(java.util.Locale.ROOT, """
                Overhead = the client's TTFT − the simulator's wire TTFT (first content event written − request read),
                request by request, in ms. Profile: TTFT %s ms, then %d tokens %s ms apart, one per event. The engine
                runs `SEQUENTIAL` at 1 stream and `CONCURRENT` above, with `requests.jsonl` on; the SDK
                (`com.openai:openai-java`, no retries, a pool as large as the engine's) is timed as a user would time
                it (`nanoTime()` before `createStreaming`, TTFT at the first chunk with content), one thread per
                stream. The clients take turns in %d blocks each, after %,d requests of JIT warm-up per client. Split
                of the overhead: *arr* send → the simulator read the request, *stamp* first content written → the
                client's stamp (overhead = arr + stamp); for the engine also *acq* send → connection acquired and
                *write* send → the request's last byte handed to the socket buffer (OkHttp's `requestBodyEnd`).""", Perf.f1(TTFT_MS), TOKENS,
                Perf.f1(ITL_MS), BLOCKS, JIT_WARMUP_REQUESTS));
        // JIT warm-up of both clients' code paths, discarded.
        engineBlock(inProcess, baseUrl, 64, JIT_WARMUP_REQUESTS, null, null);
        try (SdkDriver sdk = new SdkDriver(baseUrl, MODEL, 64)) {
            sdk.run(64, JIT_WARMUP_REQUESTS, false);
        }
        truth.drain();
        List<List<String>> rows = new ArrayList<>();
        List<String[]> verdicts = new ArrayList<>();
        for (int c : concurrencies) {
            int requests = Math.max(minRequests, c * 10);
            int perBlock = Math.max(c, requests / BLOCKS);
            Figures engine = new Figures();
            Figures sdkFigures = new Figures();
            String loadBefore = Perf.load();
            try (SdkDriver sdk = new SdkDriver(baseUrl, MODEL, c)) {
                sdk.run(c, c, false); // its connections, discarded
                for (int b = 0; b < BLOCKS; b++) {
                    engineBlock(inProcess, baseUrl, c, perBlock, truth, engine);
                    sdkBlock(sdk, c, perBlock, truth, sdkFigures);
                }
            }
            String load = loadBefore + " → " + Perf.load();
            rows.add(row("engine", c, engine, load));
            rows.add(row("SDK", c, sdkFigures, load));
            double lp50 = Perf.ms(engine.overhead, 50);
            double lp99 = Perf.ms(engine.overhead, 99);
            double sp50 = Perf.ms(sdkFigures.overhead, 50);
            double sp99 = Perf.ms(sdkFigures.overhead, 99);
            verdicts.add(new String[] {String.valueOf(c), Perf.f3(lp50) + " / " + Perf.f3(lp99),
                Perf.f3(sp50) + " / " + Perf.f3(sp99), String.valueOf(lp50 <= 0.5 * sp50 && lp99 <= sp99),
                String.format(java.util.Locale.ROOT, "%.2f× / %.2f×", lp50 / sp50, lp99 / sp99)});
        }
        s.table(List.of("client", "streams", "n", "p50", "p90", "p99", "max", "acq p50/p99", "arr p50/p99",
                "stamp p50/p99", "write p50/p99", "load (1 min, before → after)"), rows);
        for (String[] v : verdicts) {
            s.figure("overhead at " + v[0] + (v[0].equals("1") ? " stream" : " streams") + ", simulator " + where
                    + " (p50 / p99 ms; ratio to SDK " + v[4] + ")", "p50 ≤ 0.5× SDK, p99 ≤ SDK", v[1], v[2],
                    Boolean.parseBoolean(v[3]));
        }
        return s.endFigures();
    }

    private static void engineBlock(Simulator sim, String baseUrl, int c, int requests, TruthSource truth,
                                    Figures into) throws Exception {
        CapturingAdapter adapter = sim != null ? CapturingAdapter.inProcess(into != null)
                : CapturingAdapter.external(baseUrl, into != null);
        BenchmarkDescriptor d = Perf.benchmark(adapter.id(), MODEL).name("overhead-" + c)
                .pattern(c == 1 ? LoadPattern.SEQUENTIAL : LoadPattern.CONCURRENT).concurrency(c)
                .iterations(requests).warmup(c).build();
        RunOptions options = RunOptions.builder().outputDirectory(Perf.tempDir("lens-overhead")).build();
        BenchmarkResult r = Perf.run(options, adapter, sim, d).benchmarks().get(0);
        if (r.reliability().succeeded() != requests) {
            throw new IllegalStateException("not every request succeeded: " + r.reliability());
        }
        if (into == null) {
            return;
        }
        Map<String, ExternalSimulator.Truth> served = truth.drain();
        for (RequestTrace t : adapter.traces()) {
            if (t.phase() == Phase.MEASURED) {
                ExternalSimulator.Truth s = served.get(t.requestId());
                if (s == null) {
                    throw new IllegalStateException("no ground truth for " + t.requestId());
                }
                into.add(t.sendNanos(), t.connectionAcquiredNanos(), t.requestWrittenNanos(), t.firstContentNanos(), s);
            }
        }
    }

    private static void sdkBlock(SdkDriver sdk, int c, int requests, TruthSource truth, Figures into)
            throws Exception {
        SdkDriver.Run run = sdk.run(c, requests, true);
        if (run.failures() > 0) {
            throw new IllegalStateException(run.failures() + " SDK requests failed");
        }
        Map<String, ExternalSimulator.Truth> served = truth.drain();
        for (SdkDriver.Sample s : run.samples()) {
            ExternalSimulator.Truth t = served.get(s.requestId());
            if (t == null) {
                throw new IllegalStateException("no ground truth for '" + s.requestId() + "'");
            }
            into.add(s.sendNanos(), RequestTrace.NONE, RequestTrace.NONE, s.firstContentNanos(), t);
        }
    }

    private static List<String> row(String client, int c, Figures f, String load) {
        Perf.printf("%-6s %5d n=%d p50 %.3f p99 %.3f max %.3f | load %s%n", client, c, f.overhead.getTotalCount(),
                Perf.ms(f.overhead, 50), Perf.ms(f.overhead, 99), f.overhead.getMaxValue() / 1e6, load);
        return List.of(client, String.valueOf(c), String.valueOf(f.overhead.getTotalCount()),
                Perf.f3(Perf.ms(f.overhead, 50)), Perf.f3(Perf.ms(f.overhead, 90)), Perf.f3(Perf.ms(f.overhead, 99)),
                Perf.f3(f.overhead.getMaxValue() / 1e6),
                f.acquired.getTotalCount() == 0 ? "–" : pair(f.acquired), pair(f.arrival), pair(f.stamp),
                f.written.getTotalCount() == 0 ? "–" : pair(f.written), load);
    }

    private static String pair(Histogram h) {
        return Perf.f3(Perf.ms(h, 50)) + " / " + Perf.f3(Perf.ms(h, 99));
    }
}
