package dev.latencylens.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latencylens.simulator.Dist;
import dev.latencylens.simulator.SimProfile;
import dev.latencylens.simulator.Simulator;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * On demand ({@code -Dlens.it.monitorSoak=true}): a monitor probing the simulator's instant model every 1 ms, one
 * probe a round, for 100,000 probes, its heap measured after GC at 10,000 and at 100,000 probes. A monitor runs for
 * days; what it keeps must not grow with the probes it sent. The figures go to docs/PERFORMANCE.md.
 */
@EnabledIfSystemProperty(named = "lens.it.monitorSoak", matches = "true")
class MonitorSoakTest {

    private static final int FIRST = 10_000;
    private static final int LAST = 100_000;

    @TempDir
    Path dir;

    @Test
    void heapStaysFlatOverAHundredThousandProbes() throws Exception {
        SimProfile instant = SimProfile.builder().ttft(Dist.fixed(0)).interTokenDelay(Dist.fixed(0)).outputTokens(8)
                .prefillMicrosPerToken(0).coldStart(Dist.fixed(0)).noFaults().build();
        Map<Integer, Long> heap = new ConcurrentHashMap<>();
        AtomicReference<Monitor> running = new AtomicReference<>();
        // Each round's log line comes once the round is closed: measure there, on the probing thread.
        Consumer<String> log = line -> {
            if (line.startsWith("[lens] round " + (FIRST - 1) + " ")) {
                heap.put(FIRST, heapAfterGc());
            } else if (line.startsWith("[lens] round " + (LAST - 1) + " ")) {
                heap.put(LAST, heapAfterGc());
                running.get().stop();
            }
        };
        long started = System.nanoTime();
        // The simulator shares this JVM: its ground truth is capped low, so only the monitor's memory is measured.
        try (Simulator sim = Simulator.builder().profile(MonitorHarness.MODEL, instant).groundTruthCapacity(1_000)
                .build().start();
             Monitor monitor = Monitor.start(MonitorHarness.prober(sim, List.of(MonitorHarness.benchmark(
                     "Monitor.soak", 1))), MonitorOptions.from(Map.of("lens.monitor.interval", "1ms",
                     "lens.monitor.probes", "1", "lens.monitor.metricsPort", "0",
                     "lens.monitor.hlog", dir.resolve("soak.hlog").toString())), log)) {
            running.set(monitor);
            monitor.runUntilStopped();
            assertThat(MonitorTest.value(MonitorTest.scrape(monitor), "lens_requests_total",
                    Map.of("outcome", "success"))).isEqualTo(LAST);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "monitor soak: heap after GC %.1f MB at %,d probes, %.1f MB at %,d probes"
                        + " (%+.1f %%), %.0f s%n", heap.get(FIRST) / 1e6, FIRST, heap.get(LAST) / 1e6, LAST,
                (heap.get(LAST) / (double) heap.get(FIRST) - 1) * 100, seconds);
        assertThat((double) heap.get(LAST)).isLessThanOrEqualTo(heap.get(FIRST) * 1.10);
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
