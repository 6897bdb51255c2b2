package dev.latencylens.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.api.BenchmarkDescriptor;
import dev.latencylens.api.RunOptions;
import dev.latencylens.api.RunResult;
import dev.latencylens.report.RequestLog;
import dev.latencylens.sim.ServedRequest;
import dev.latencylens.sim.Simulator;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The client-side overhead benchmark (a benchmark, not a test): measured TTFT minus the simulator's ground truth
 * (first content event written minus request arrival), per request, at 1, 64 and 512 concurrent streams, through
 * the real engine. The difference is what the harness adds: writing the request, the loopback hop both ways,
 * reading and decoding up to the stamp.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl lens-runtime test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *     -Dexec.args="-cp %classpath dev.latencylens.engine.OverheadBenchmark"
 * </pre>
 */
public final class OverheadBenchmark {

    private OverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] concurrencies = {1, 64, 512};
        System.out.printf(Locale.ROOT, "%-12s %8s %12s %12s %12s %12s%n", "concurrency", "requests",
                "overhead p50", "overhead p99", "overhead max", "TTFT p50");
        try (Simulator sim = Simulator.builder().seed(1).build().start()) {
            sim.register("overhead", SimulatorRuns.scripted(50, 5, 20).build());
            for (int c : concurrencies) {
                int requests = Math.max(500, c * 10);
                measure(sim, c, requests / 10, true); // warm the JIT on this shape first; discarded
                Histogram overhead = measure(sim, c, requests, false);
                System.out.printf(Locale.ROOT, "%-12d %8d %10.3f ms %10.3f ms %10.3f ms%n", c,
                        overhead.getTotalCount(), overhead.getValueAtPercentile(50) / 1e6,
                        overhead.getValueAtPercentile(99) / 1e6, overhead.getMaxValue() / 1e6);
            }
        }
    }

    private static Histogram measure(Simulator sim, int concurrency, int requests, boolean discard) throws Exception {
        Path dir = Files.createTempDirectory("lens-overhead");
        BenchmarkDescriptor d = SimulatorRuns.benchmark("overhead").name("overhead-" + concurrency)
                .pattern(concurrency == 1 ? LoadPattern.SEQUENTIAL : LoadPattern.CONCURRENT)
                .concurrency(concurrency).iterations(requests).warmup(concurrency).build();
        RunResult run = SimulatorRuns.run(sim, SimulatorRuns.writingTo(dir), d);
        if (run.benchmarks().get(0).reliability().succeeded() != requests) {
            throw new IllegalStateException("not every request succeeded: " + run.benchmarks().get(0).reliability());
        }
        Histogram overhead = new Histogram(3);
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader lines = Files.newBufferedReader(dir.resolve(RequestLog.FILE_NAME))) {
            String line;
            while ((line = lines.readLine()) != null) {
                JsonNode n = json.readTree(line);
                if (!n.get("phase").asText().equals("measured")) {
                    continue;
                }
                ServedRequest truth = sim.groundTruth().find(n.get("requestId").asText()).orElseThrow();
                long measuredNanos = Math.round(n.get("ttftMs").asDouble() * 1e6);
                overhead.recordValue(Math.max(0, measuredNanos - truth.wireTtftNanos()));
            }
        }
        return overhead;
    }
}
