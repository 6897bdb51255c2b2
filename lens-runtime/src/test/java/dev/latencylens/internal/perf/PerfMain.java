package dev.latencylens.internal.perf;

import java.util.Arrays;
import java.util.Locale;

/**
 * The performance benchmark of Latency Lens (a benchmark, not a test): figures for docs/PERFORMANCE.md.
 *
 * <pre>
 * mvn -B -q install -DskipTests -Dinvoker.skip=true
 * mvn -B -q -pl lens-runtime test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *     -Dexec.args="-Xmx2g -cp %classpath dev.latencylens.internal.perf.PerfMain overhead"
 * </pre>
 * Arguments: {@code overhead} (1 and 5: overhead vs ground truth, engine and OpenAI SDK), {@code capacity} (2 and
 * 5: streams and content events/s, engine and SDK, simulator in its own JVM), {@code schedule} (3), {@code memory}
 * (4), {@code reports} (big runs: every report after 100,000 requests; run it with {@code -Xmx512m}), or {@code all}.
 * Each prints a table with the load average next to every row.
 */
public final class PerfMain {

    private PerfMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: PerfMain overhead|capacity|schedule|memory|reports|all [options]");
            System.exit(2);
        }
        String what = args[0].toLowerCase(Locale.ROOT);
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        Perf.printf("machine: %d cores, max heap %d MB, %s %s, load %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Perf.load());
        switch (what) {
            case "overhead" -> OverheadPerf.run(ints(rest, new int[] {1, 64, 512}), 600);
            case "capacity" -> CapacityPerf.run(ints(rest, new int[] {250, 500, 1000, 1250, 1500, 2000}));
            case "schedule" -> SchedulePerf.run(ints(rest, new int[] {100, 1000}));
            case "memory" -> MemoryPerf.run(rest.length > 0 ? Integer.parseInt(rest[0]) : 100_000);
            case "reports" -> ReportsPerf.run(rest.length > 0 ? Integer.parseInt(rest[0]) : 100_000);
            case "all" -> {
                OverheadPerf.run(new int[] {1, 64, 512}, 600);
                CapacityPerf.run(new int[] {250, 500, 1000, 1250, 1500, 2000});
                SchedulePerf.run(new int[] {100, 1000});
                MemoryPerf.run(100_000);
            }
            default -> {
                System.err.println("unknown measurement: " + what);
                System.exit(2);
            }
        }
        System.exit(0); // OkHttp's and the SDK's idle threads must not keep the JVM up
    }

    private static int[] ints(String[] args, int[] fallback) {
        return args.length == 0 ? fallback : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    }
}
