package dev.latencylens.internal.perf;

import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.LatencyLens;
import dev.latencylens.api.RunOptions;
import dev.latencylens.results.RunResult;
import dev.latencylens.internal.engine.RunEngine;
import dev.latencylens.spi.ProviderAdapter;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.spi.ProviderSettings;
import dev.latencylens.simulator.Dist;
import dev.latencylens.simulator.SimProfile;
import dev.latencylens.simulator.Simulator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Shared pieces of the performance benchmarks: workloads, engine runs, formatting, machine load. */
final class Perf {

    static final String SYSTEM_PROMPT = "You are terse.";

    private Perf() {
    }

    /** The user message of request {@code index}: the engine and the SDK send the same words. */
    static String userPrompt(int index) {
        return "Question " + index + ": why is the sky blue?";
    }

    /** Fixed timings, one token per event, no faults, no cold start, no prefill: a script the client can't blur. */
    static SimProfile scripted(double ttftMs, double itlMs, int tokens) {
        return SimProfile.builder().ttft(Dist.fixed(ttftMs)).interTokenDelay(Dist.fixed(itlMs)).outputTokens(tokens)
                .tokensPerEvent(1).prefillMicrosPerToken(0).coldStart(Dist.fixed(0)).noFaults().build();
    }

    /** The lens.sim.profile.* properties of {@link #scripted}, for a simulator in its own process. */
    static List<String> scriptedProperties(String model, double ttftMs, double itlMs, int tokens) {
        String p = "-Dlens.sim.profile." + model + ".";
        return List.of(p + "ttftMs=" + ttftMs, p + "itlMs=" + itlMs, p + "outputTokens=" + tokens,
                p + "tokensPerEvent=1", p + "prefillMicrosPerToken=0", p + "coldStartMs=0");
    }

    static BenchmarkDescriptor.Builder benchmark(String provider, String model) {
        return BenchmarkDescriptor.builder(provider, model).maxTokens(256);
    }

    static BenchmarkHarness harness(BenchmarkDescriptor d) {
        return LatencyLens.benchmark(d, it -> ChatRequest.builder().system(SYSTEM_PROMPT)
                .user(userPrompt(it.index())).build());
    }

    /** Runs {@code d} through the real engine with {@code adapter} as the only provider. */
    static RunResult run(RunOptions options, ProviderAdapter adapter, Simulator sim, BenchmarkDescriptor d) {
        ProviderRegistry registry = ProviderRegistry.of(List.of(() -> List.of(adapter)));
        return new RunEngine(options, registry, ProviderSettings.of(Map.of(), Map.of()), sim)
                .run(List.of(harness(d)));
    }

    /** The built-in adapter the simulator's own runs use. */
    static ProviderAdapter simulatedAdapter() {
        return ProviderRegistry.load(Perf.class.getClassLoader()).get("simulated");
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The 1-minute load average, as uptime prints it. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** CPU time this JVM has used, nanoseconds (-1 unknown). */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** This process's user and kernel CPU time so far, in clock ticks ({@code /proc/self/stat}); zeros elsewhere. */
    static long[] cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Fields after the command (which may hold spaces) start after its closing parenthesis: utime and stime
            // are the 14th and 15th fields of the line, the 12th and 13th after it.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    static Histogram histogram() {
        Histogram h = new Histogram(3);
        h.setAutoResize(true);
        return h;
    }

    static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
    }

    static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static void printf(String format, Object... args) {
        System.out.printf(Locale.ROOT, format, args);
        System.out.flush();
    }

    static void header(String title) {
        printf("%n== %s ==  (load %s, %d cores, %s)%n", title, load(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    }
}
