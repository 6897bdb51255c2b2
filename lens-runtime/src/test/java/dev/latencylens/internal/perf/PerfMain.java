package dev.latencylens.internal.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The performance benchmark of Latency Lens (a benchmark, not a test): the figures of docs/PERFORMANCE.md, which
 * {@code scripts/performance.sh} regenerates by running every measurement and then {@code document}.
 *
 * <pre>
 * mvn -B -q install -DskipTests -Dinvoker.skip=true
 * mvn -B -q -pl lens-runtime test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *     -Dexec.args="-Xmx2g -cp %classpath dev.latencylens.internal.perf.PerfMain overhead --out target/perf"
 * </pre>
 * Measurements: {@code machine}, {@code overhead} [streams…] (in-process and own-JVM simulator), {@code capacity}
 * [streams…] (with its CPU profile), {@code floor} [streams…] (a bare client), {@code schedule} [rates…], {@code memory} [requests], {@code reports} [requests] (every report after a
 * 100,000-request run; run it with {@code -Xmx512m}). With {@code --out DIR}
 * each writes its section there; {@code document DIR FILE} assembles the sections into FILE.
 */
public final class PerfMain {

    private PerfMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        Path out = null;
        int at = rest.indexOf("--out");
        if (at >= 0 && at + 1 < rest.size()) {
            out = Path.of(rest.get(at + 1));
            rest.subList(at, at + 2).clear();
        }
        if (rest.isEmpty()) {
            System.err.println("usage: PerfMain machine|overhead|capacity|floor|schedule|memory|reports [numbers…] [--out DIR]"
                    + " | document DIR FILE");
            System.exit(2);
        }
        String what = rest.remove(0).toLowerCase(Locale.ROOT);
        Perf.printf("machine: %d cores, max heap %d MB, %s %s, load %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Perf.load());
        switch (what) {
            case "machine" -> machine().write(out);
            case "overhead" -> OverheadPerf.run(ints(rest, new int[] {1, 64, 512}), 800, out);
            case "capacity" -> CapacityPerf.run(ints(rest, new int[] {500, 1000, 1500, 2000, 2500}), out);
            case "floor" -> FloorPerf.run(ints(rest, new int[] {500, 1000, 2000, 2500}), out);
            case "schedule" -> SchedulePerf.run(ints(rest, new int[] {1000, 100}), out);
            case "memory" -> MemoryPerf.run(rest.isEmpty() ? 100_000 : Integer.parseInt(rest.get(0)), out);
            case "document" -> PerfDocument.assemble(Path.of(rest.get(0)), Path.of(rest.get(1)));
            case "reports" -> ReportsPerf.run(rest.isEmpty() ? 100_000 : Integer.parseInt(rest.get(0)), out);
            default -> {
                System.err.println("unknown measurement: " + what);
                System.exit(2);
            }
        }
        System.exit(0); // OkHttp's and the SDK's idle threads must not keep the JVM up
    }

    private static PerfSection machine() throws IOException {
        String memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .findFirst().map(l -> String.format(Locale.ROOT, "%.1f GiB",
                        Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0)).orElse("?");
        return new PerfSection("machine", "Machine and method").text(String.format(Locale.ROOT, """
                * %d cores, %s RAM, %s %s, %s %s (G1, `-Xmx2g` unless a section says otherwise), measured %s.
                * Load average (1, 5, 15 min) when the run started: %s. Every table gives the load beside its rows: on
                  2 cores a tail (p99) mostly shows how long a runnable thread waited for a core. The load average
                  counts runnable threads and trails by minutes: a capacity step with thousands of streams raises it
                  itself, and it is still high in the measurements that follow that one.
                * Client figures come from the real engine (`RunEngine`, OkHttp, the SSE decoder, `RequestTrace`,
                  HdrHistograms, `requests.jsonl` written), through the built-in `simulated` adapter wrapped so each
                  request's trace can be compared with the simulator's ground truth; the wrapper acts after the
                  read's stamp, never inside a measured interval. The SDK is `com.openai:openai-java` (test scope),
                  driven from the same JVM against the same simulator.""",
                Runtime.getRuntime().availableProcessors(), memory, System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), java.time.LocalDate.now(), Perf.load()));
    }

    private static int[] ints(List<String> args, int[] fallback) {
        return args.isEmpty() ? fallback : args.stream().mapToInt(Integer::parseInt).toArray();
    }
}
