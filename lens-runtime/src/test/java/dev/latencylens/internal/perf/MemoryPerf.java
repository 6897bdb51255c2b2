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

    static void run(int requests) throws Exception {
        Perf.header("4. memory: heap live after System.gc(), sim-instant, 64 streams, requests.jsonl on");
        Perf.printf("%10s %12s %12s %14s  %s%n", "requests", "live MB", "heap used MB", "elapsed s", "load");
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
            Perf.printf("run: %d/%d succeeded, %.0f req/s, %.0f events/s, requests.jsonl %d MB%s%n",
                    r.reliability().succeeded(), r.reliability().attempted(), r.throughput().requestsPerSecond(),
                    r.throughput().outputTokensPerSecond(), Files.size(dir.resolve(RequestLogWriter.FILE_NAME)) >> 20,
                    r.load().clientLimited() ? ", clientLimited " + r.load().reasons() : ", self-check green");
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
    }
}
