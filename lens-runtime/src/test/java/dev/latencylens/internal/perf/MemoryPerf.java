package dev.latencylens.internal.perf;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Phase;
import dev.latencylens.api.RunListener;
import dev.latencylens.api.RunOptions;
import dev.latencylens.results.RequestLogWriter;
import dev.latencylens.simulator.SimPresets;
import dev.latencylens.simulator.Simulator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measurement 4: heap after a full GC as a long run goes on ({@code sim-instant}, 64 streams, {@code requests.jsonl}
 * on). A {@link RunListener} counts measured requests; at each checkpoint the thread that finished that request
 * calls {@code System.gc()} and reads the old generation's usage after that collection (G1 compacts everything live
 * into it), so the figure is the live set, not garbage. The in-process simulator keeps only 1,000 ground-truth
 * records so its own memory does not blur the client's.
 */
final class MemoryPerf {

    private MemoryPerf() {
    }

    private static final List<List<String>> ROWS = new java.util.ArrayList<>();
    private static final java.util.Map<Integer, Double> LIVE = new java.util.HashMap<>();

    static void run(int requests, Path out) throws Exception {
        List<Integer> checkpoints = List.of(1_000, 10_000, 25_000, 50_000, 75_000, 100_000, 250_000, 500_000,
                1_000_000).stream().filter(n -> n <= requests).toList();
        AtomicInteger measured = new AtomicInteger();
        long start = System.nanoTime();
        RunListener listener = new RunListener() {
            @Override
            public void requestFinished(BenchmarkDescriptor benchmark, RequestOutcome outcome) {
                if (outcome.phase() == Phase.MEASURED && checkpoints.contains(measured.incrementAndGet())) {
                    sample(measured.get(), start);
                }
            }
        };
        Path dir = Perf.tempDir("lens-memory");
        sample(0, start);
        try (Simulator sim = Simulator.builder().seed(4).groundTruthCapacity(1_000).build().start()) {
            BenchmarkDescriptor d = Perf.benchmark("simulated", SimPresets.INSTANT_NAME).name("memory")
                    .pattern(LoadPattern.CONCURRENT).concurrency(64).iterations(requests).warmup(64).build();
            RunOptions options = RunOptions.builder().outputDirectory(dir).listener(listener).build();
            BenchmarkResult r = Perf.run(options, CapturingAdapter.inProcess(false), sim, d).benchmarks().get(0);
            PerfSection s = new PerfSection("memory", "9. Memory over a long run").text(String.format(
                    java.util.Locale.ROOT, """
                    One run of %,d requests against the in-process simulator's `sim-instant` model (no model time,
                    64 tokens), 64 streams, `requests.jsonl` on; the simulator keeps only 1,000 ground-truth records.
                    At each checkpoint the thread that finished that request calls `System.gc()` and reads the old
                    generation after it: the live set. The run: %,d/%,d succeeded, %,.0f requests/s, %,.0f content
                    events/s, `requests.jsonl` %,d MB on disk, self-check %s.""", requests,
                    r.reliability().succeeded(), r.reliability().attempted(), r.throughput().requestsPerSecond(),
                    r.throughput().outputTokensPerSecond(), Files.size(dir.resolve(RequestLogWriter.FILE_NAME)) >> 20,
                    r.load().clientLimited() ? "client-limited " + r.load().reasons() : "green"));
            s.table(List.of("measured requests", "live heap after GC, MB", "heap in use, MB", "elapsed s", "load"),
                    ROWS);
            Double first = LIVE.get(10_000);
            Double last = LIVE.get(checkpoints.get(checkpoints.size() - 1));
            if (first != null && last != null) {
                s.figure("live heap growth from 10,000 to " + String.format("%,d", checkpoints.get(
                        checkpoints.size() - 1)) + " requests", "flat (≤ 10 %)", Perf.f1(first) + " → "
                        + Perf.f1(last) + " MB", "–", last <= first * 1.1);
            }
            s.endFigures().write(out);
        }
    }

    private static synchronized void sample(int requests, long start) {
        System.gc();
        long live = -1;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getName().contains("Old")
                    && pool.getCollectionUsage() != null) {
                live = pool.getCollectionUsage().getUsed();
            }
        }
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        Perf.printf("%10d %12.1f %12.1f %14.1f  %s%n", requests, live / 1048576.0, used / 1048576.0,
                (System.nanoTime() - start) / 1e9, Perf.load());
        LIVE.put(requests, live / 1048576.0);
        ROWS.add(List.of(String.format("%,d", requests), Perf.f1(live / 1048576.0), Perf.f1(used / 1048576.0),
                Perf.f1((System.nanoTime() - start) / 1e9), Perf.load()));
    }
}
