package dev.latencylens.export;

import dev.latencylens.LatencyLens;
import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.config.LensConfig;
import dev.latencylens.internal.junit.BenchmarkSelection;
import dev.latencylens.internal.junit.LensLauncherMain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The entry point of the JVM that {@code mvn lens:monitor} forks: finds the benchmarks listed on the class path
 * ({@code META-INF/latencylens/benchmarks}), keeps those {@code lens.includes}, {@code lens.excludes} and
 * {@code lens.tags} select (as {@code lens:bench} does, overrides included), and runs the {@link Monitor} on them
 * with the {@code lens.*} system properties. Exits 0 when stopped or when {@code lens.monitor.duration} has passed,
 * 2 when it cannot monitor (bad configuration, missing key, no benchmark), naming why.
 */
public final class MonitorMain {

    static final int OK = 0;
    static final int TOOL_FAILED = 2;

    private MonitorMain() {
    }

    public static void main(String[] args) throws IOException {
        // The plugin's secret-bearing properties, and a stop (flushing the interval log) once Maven is gone.
        LensLauncherMain.prepareFork();
        int code = run();
        if (code != OK) {
            System.exit(code); // a clean end returns from main, so the shutdown hooks' order stays the JVM's
        }
    }

    static int run() {
        try {
            // lens.config: the file's benchmarks are monitored beside the annotated ones, its settings apply where no
            // property sets them (as in lens:bench).
            List<BenchmarkHarness> found = new ArrayList<>(LatencyLens.discover());
            Optional.ofNullable(System.getProperty(LensConfig.PROPERTY)).filter(v -> !v.isBlank())
                    .map(v -> LensConfig.read(Path.of(v), System.getenv())).ifPresent(c -> {
                        c.applyTo(System.getProperties());
                        found.addAll(c.benchmarks());
                    });
            BenchmarkSelection selection = new BenchmarkSelection(key -> Optional.ofNullable(System.getProperty(key)));
            List<BenchmarkHarness> harnesses = found.stream()
                    .filter(h -> selection.selects(h.descriptor())).map(selection::apply).toList();
            if (harnesses.isEmpty()) {
                System.err.println("[lens] nothing to monitor: no benchmark listed in " + LatencyLens.BENCHMARK_LIST
                        + " on the class path" + (selection.toString().isEmpty() ? "" : " matches " + selection));
                return TOOL_FAILED;
            }
            Monitor.run(harnesses, RunOptions.fromSystemProperties(), MonitorOptions.fromSystemProperties());
            return OK;
        } catch (RuntimeException e) {
            System.err.println("[lens] Latency Lens could not monitor: " + e.getMessage());
            return TOOL_FAILED;
        }
    }
}
