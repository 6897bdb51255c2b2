package dev.latencylens.internal.regression;

import dev.latencylens.LatencyLens;
import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.api.BenchmarkHarness;
import dev.latencylens.api.ChatRequest;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.engine.RunEngine;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.results.BenchmarkDescriptor;
import dev.latencylens.results.ResultJson;
import dev.latencylens.simulator.Dist;
import dev.latencylens.simulator.SimProfile;
import dev.latencylens.simulator.Simulator;
import dev.latencylens.spi.ProviderSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How often the regression gate cries wolf, and how often it catches a real slowdown (a measurement, not a test:
 * it takes about twenty minutes; figures in docs/METRICS.md, "Regression false-positive rate").
 *
 * <pre>
 * mvn -B -q install -DskipTests -Dinvoker.skip=true
 * mvn -B -q -pl lens-runtime test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *     -Dexec.args="-Xmx1g -cp %classpath dev.latencylens.internal.regression.AaFalsePositiveMain 20 target/aa"
 * </pre>
 * Arguments: the number of pairs (default 20), a working directory (default {@code target/aa}), where every
 * run's {@code results.json} and the summary {@code aa-false-positives.md} are written, and {@code --reuse} to
 * compare the runs already in it instead of running them again (after a change of the rules).
 *
 * <p>Each pair is two runs of the same configuration against the embedded simulator, each with its own seed (so
 * each draws its own samples, as two days against one provider would), and the second is compared with the first
 * through their {@code results.json} files, as {@code -Dlens.baseline} does. Every metric verdict that says
 * REGRESSED is a false positive. Then a third run with a 20 % slower TTFT (the same profile, median ×1.2) is
 * compared with the pair's first: a TTFT percentile marked REGRESSED is a detection. As a bonus, the second run of
 * each pair from the third on is also compared with the first runs of the last three pairs merged (a rolling
 * baseline of k = 3).
 */
public final class AaFalsePositiveMain {

    /** The model name the price table knows, with a faster profile than the preset's. */
    static final String MODEL = "sim-fast";
    static final double TTFT_MEDIAN_MS = 60;
    static final double SLOWDOWN = 1.2;

    private AaFalsePositiveMain() {
    }

    /** Baseline median TTFT; log-normal σ 0.3; 2 ± 0.6 ms between tokens; 20 ± 4 output tokens. */
    static SimProfile profile(double ttftMedianMs) {
        return SimProfile.builder().ttft(Dist.logNormal(ttftMedianMs, 0.3)).interTokenDelay(Dist.normal(2, 0.6))
                .outputTokens(Dist.normal(20, 4)).tokensPerEvent(1).prefillMicrosPerToken(0)
                .coldStart(Dist.fixed(0)).noFaults().build();
    }

    /**
     * The configuration: 100 sequential requests (the fewest with a p99), 500 from 8 closed-loop workers, and 200
     * Poisson arrivals at 40/s: the sizes a CI job runs, and enough spread to show how power grows with n.
     */
    static List<BenchmarkDescriptor> benchmarks() {
        return List.of(
                BenchmarkDescriptor.builder("simulated", MODEL).name("aa.sequential").iterations(100).warmup(3)
                        .maxTokens(64).build(),
                BenchmarkDescriptor.builder("simulated", MODEL).name("aa.concurrent").pattern(LoadPattern.CONCURRENT)
                        .concurrency(8).iterations(500).warmup(8).maxTokens(64).build(),
                BenchmarkDescriptor.builder("simulated", MODEL).name("aa.poisson").pattern(LoadPattern.POISSON)
                        .rate(40).concurrency(16).iterations(200).warmup(3).maxTokens(64).build());
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path dir = Path.of(args.length > 1 ? args[1] : "target/aa");
        boolean reuse = args.length > 2 && args[2].equals("--reuse");
        Files.createDirectories(dir);
        Instant started = Instant.now();
        Counts aa = new Counts();
        Counts rolling = new Counts();
        Map<String, int[]> detected = new LinkedHashMap<>(); // "benchmark statistic" -> {regressed, compared}
        Map<String, int[]> detectedRolling = new LinkedHashMap<>();
        List<Path> firsts = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            Path first = run(dir.resolve("pair-" + p + "-a"), 1000L * p + 1, TTFT_MEDIAN_MS, reuse);
            Path second = run(dir.resolve("pair-" + p + "-b"), 1000L * p + 2, TTFT_MEDIAN_MS, reuse);
            Path slower = run(dir.resolve("pair-" + p + "-slower"), 1000L * p + 3, TTFT_MEDIAN_MS * SLOWDOWN, reuse);
            firsts.add(first.getParent());
            aa.add(compare(second, Baseline.load(first)));
            countTtft(compare(slower, Baseline.load(first)), detected);
            if (firsts.size() >= 3) {
                Baseline lastThree = merged(dir.resolve("rolling-" + p), firsts.subList(p - 2, p + 1));
                rolling.add(compare(second, lastThree));
                countTtft(compare(slower, lastThree), detectedRolling);
            }
            System.out.printf(Locale.ROOT, "pair %d/%d: A/A %d regressed of %d verdicts so far; load %s%n", p + 1,
                    pairs, aa.regressed, aa.verdicts, load());
        }
        String summary = summary(pairs, aa, rolling, detected, detectedRolling,
                Duration.between(started, Instant.now()));
        System.out.println(summary);
        Files.writeString(dir.resolve("aa-false-positives.md"), summary);
        System.exit(0);
    }

    /** One run of the configuration in its own simulator, seeded; returns its results.json. */
    private static Path run(Path out, long seed, double ttftMedianMs, boolean reuse) throws IOException {
        if (reuse && Files.isRegularFile(out.resolve(ResultJson.FILE_NAME))) {
            return out.resolve(ResultJson.FILE_NAME);
        }
        try (Simulator sim = Simulator.builder().seed(seed).build().start()) {
            sim.register(MODEL, profile(ttftMedianMs));
            List<BenchmarkHarness> harnesses = benchmarks().stream().map(d -> LatencyLens.benchmark(d,
                    it -> ChatRequest.ofUser("Question " + it.index() + ": why is the sky blue?"))).toList();
            RunOptions options = RunOptions.builder().seed(seed).outputDirectory(out).listener(dev.latencylens.api.RunListener.NONE).build();
            new RunEngine(options, ProviderRegistry.load(AaFalsePositiveMain.class.getClassLoader()),
                    ProviderSettings.of(Map.of(), Map.of()), sim).run(harnesses);
        }
        return out.resolve(ResultJson.FILE_NAME);
    }

    /** Per benchmark and TTFT percentile: {REGRESSED, compared}. */
    private static void countTtft(RegressionReport r, Map<String, int[]> counts) {
        for (BenchmarkComparison b : r.benchmarks()) {
            b.metrics().stream().filter(m -> m.metric().equals("ttft")).forEach(m -> {
                int[] c = counts.computeIfAbsent(b.id() + " ttft " + m.statistic(), k -> new int[2]);
                c[0] += m.verdict() == Verdict.REGRESSED ? 1 : 0;
                c[1]++;
            });
        }
    }

    private static RegressionReport compare(Path current, Baseline baseline) {
        return RegressionAnalysis.compare(Baseline.load(current), baseline, RegressionAnalysis.DEFAULT_THRESHOLD);
    }

    /** A directory of the given runs, as a CI job would download them: one subdirectory each. */
    private static Baseline merged(Path dir, List<Path> runs) throws IOException {
        for (Path run : runs) {
            Path target = Files.createDirectories(dir.resolve(run.getFileName()));
            Files.copy(run.resolve(ResultJson.FILE_NAME), target.resolve(ResultJson.FILE_NAME),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return Baseline.load(dir);
    }

    /** Metric verdicts and how many said REGRESSED, by metric label. */
    private static final class Counts {
        int verdicts;
        int regressed;
        final Map<String, Integer> regressedBy = new LinkedHashMap<>();

        void add(RegressionReport r) {
            for (BenchmarkComparison b : r.benchmarks()) {
                for (MetricComparison m : b.metrics()) {
                    verdicts++;
                    if (m.verdict() == Verdict.REGRESSED) {
                        regressed++;
                        regressedBy.merge(b.id() + " " + m.label(), 1, Integer::sum);
                    }
                }
            }
        }

        String rate() {
            return verdicts == 0 ? "-" : String.format(Locale.ROOT, "%d of %d (%.2f %%)", regressed, verdicts,
                    100.0 * regressed / verdicts);
        }
    }

    private static String summary(int pairs, Counts aa, Counts rolling, Map<String, int[]> detected,
                                  Map<String, int[]> detectedRolling, Duration took) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "A/A false positives, %d pairs (%s, %d cores, load %s, %d min)%n%n",
                pairs, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), load(),
                took.toMinutes()));
        s.append("| comparison | metric verdicts REGRESSED |\n|---|---|\n");
        s.append("| second run vs first (one-run baseline) | ").append(aa.rate()).append(" |\n");
        s.append("| second run vs the last 3 first runs merged | ").append(rolling.rate()).append(" |\n");
        if (!aa.regressedBy.isEmpty() || !rolling.regressedBy.isEmpty()) {
            s.append("\nFalse positives by metric: one-run ").append(aa.regressedBy).append(", rolling ")
                    .append(rolling.regressedBy).append('\n');
        }
        s.append(String.format(Locale.ROOT, "%nPower: TTFT %.0f %% slower (median %.0f -> %.0f ms)%n%n",
                (SLOWDOWN - 1) * 100, TTFT_MEDIAN_MS, TTFT_MEDIAN_MS * SLOWDOWN));
        s.append("| benchmark statistic | REGRESSED vs the pair's first run | vs the last 3 first runs merged |\n");
        s.append("|---|---|---|\n");
        detected.forEach((k, c) -> s.append("| ").append(k).append(" | ").append(share(c)).append(" | ")
                .append(share(detectedRolling.getOrDefault(k, new int[2]))).append(" |\n"));
        return s.toString();
    }

    private static String share(int[] c) {
        return c[1] == 0 ? "-" : String.format(Locale.ROOT, "%d of %d (%.0f %%)", c[0], c[1], 100.0 * c[0] / c[1]);
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
