package dev.latencylens.internal.regression;

import dev.latencylens.internal.metrics.Histograms;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Distribution;
import dev.latencylens.results.Metric;
import dev.latencylens.results.ResultJson;
import dev.latencylens.results.RunResult;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * What a run is compared with: one previous run, or the last k runs merged into one (a rolling baseline), per
 * benchmark id: the metrics' summaries and histograms, throughput, reliability, per-request token counts and, when
 * the files have it, cost. Immutable.
 *
 * <p>{@link #load} takes a {@code results.json}, or a directory. A directory's runs are its own
 * {@code results.json}, the {@code results.json} of each immediate subdirectory ({@code DIR/<run>/results.json},
 * e.g. one downloaded CI artifact each) and every other {@code DIR/*.json} that is a results file
 * ({@code DIR/2025-06-01.json}); other JSON files there (a copied {@code regression.json} or {@code jmh-result.json})
 * are passed over and listed in {@link #ignored()}. Several runs are merged benchmark by benchmark
 * ({@link BaselineMerge}): histograms added, counts summed, rates pooled. Keep the last k runs in the directory: the
 * comparison merges whatever is there, and the report lists each run and its date.
 *
 * <p>Files are read by {@link ResultJson#read}, which names the file and the place of anything missing or malformed.
 * Within one run, when two benchmarks share an id, the first one counts.
 */
public final class Baseline {

    private final Optional<Path> path;
    private final List<Run> runs;
    private final List<Path> ignored;
    private final List<Entry> benchmarks;
    private final Map<String, Entry> byId;

    /** A run as read: its file (empty for a run in memory) and its results. */
    private record ReadRun(Optional<Path> path, RunResult run) {
        Run summary() {
            return new Run(path, run.started(), run.partial());
        }
    }

    private Baseline(Optional<Path> path, List<ReadRun> read, List<Path> ignored) {
        this.path = path;
        List<ReadRun> newestFirst = new ArrayList<>(read);
        newestFirst.sort(Comparator.comparing((ReadRun r) -> r.run().started()).reversed());
        this.runs = newestFirst.stream().map(ReadRun::summary).toList();
        this.ignored = List.copyOf(ignored);
        Map<String, List<Entry>> byRun = new LinkedHashMap<>();
        for (ReadRun r : newestFirst) {
            Map<String, Entry> firstOfId = new LinkedHashMap<>();
            r.run().benchmarks().forEach(b -> firstOfId.putIfAbsent(b.id(), Entry.of(b)));
            firstOfId.forEach((id, b) -> byRun.computeIfAbsent(id, k -> new ArrayList<>()).add(b));
        }
        Map<String, Entry> merged = new LinkedHashMap<>();
        byRun.forEach((id, entries) -> merged.put(id, BaselineMerge.merge(entries)));
        this.benchmarks = List.copyOf(merged.values());
        this.byId = Collections.unmodifiableMap(merged);
    }

    /**
     * Reads a previous run's {@code results.json}, or every run in a directory (see the class comment).
     *
     * @throws IllegalArgumentException naming the path when it does not exist, cannot be read, is not JSON, is not a
     *                                  Latency Lens results file, or is a directory holding none
     */
    public static Baseline load(Path fileOrDirectory) {
        if (!Files.exists(fileOrDirectory)) {
            throw new IllegalArgumentException("no baseline at " + fileOrDirectory + ": no such file or directory");
        }
        if (!Files.isDirectory(fileOrDirectory)) {
            return new Baseline(Optional.of(fileOrDirectory), List.of(read(fileOrDirectory)), List.of());
        }
        List<ReadRun> read = new ArrayList<>();
        List<Path> ignored = new ArrayList<>();
        for (Path file : candidates(fileOrDirectory)) {
            if (file.getFileName().toString().equals(ResultJson.FILE_NAME)) {
                read.add(read(file));
            } else {
                readIfResults(file).ifPresentOrElse(read::add, () -> ignored.add(file));
            }
        }
        if (read.isEmpty()) {
            throw new IllegalArgumentException("no baseline in " + fileOrDirectory + ": the directory holds no "
                    + ResultJson.FILE_NAME + " (expected a results file, the output directory of a previous run, e.g."
                    + " target/lens, or a directory of runs: <dir>/<run>/results.json or <dir>/<run>.json)");
        }
        return new Baseline(Optional.of(fileOrDirectory), read, ignored);
    }

    /** A run of this JVM as a baseline-shaped snapshot. */
    public static Baseline of(RunResult run) {
        return new Baseline(Optional.empty(), List.of(new ReadRun(Optional.empty(), run)), List.of());
    }

    /** DIR/results.json, DIR/&lt;sub&gt;/results.json and DIR/*.json, sorted by path. */
    private static List<Path> candidates(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            List<Path> files = new ArrayList<>();
            for (Path child : children.sorted().toList()) {
                if (Files.isDirectory(child)) {
                    Path inner = child.resolve(ResultJson.FILE_NAME);
                    if (Files.isRegularFile(inner)) {
                        files.add(inner);
                    }
                } else if (child.getFileName().toString().endsWith(".json") && Files.isRegularFile(child)) {
                    files.add(child);
                }
            }
            return files;
        } catch (IOException e) {
            throw new IllegalArgumentException("baseline directory " + dir + " could not be read: " + e, e);
        }
    }

    private static ReadRun read(Path file) {
        return readIfResults(file, true).orElseThrow();
    }

    private static Optional<ReadRun> readIfResults(Path file) {
        return readIfResults(file, false);
    }

    /** @param required a file that must be a results file, even in a directory scan (its name says it is) */
    private static Optional<ReadRun> readIfResults(Path file, boolean required) {
        try {
            Optional<RunResult> run = required ? Optional.of(ResultJson.read(file)) : ResultJson.readIfResults(file);
            return run.map(r -> new ReadRun(Optional.of(file), r));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("baseline " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("baseline " + file + " could not be read: " + e, e);
        }
    }

    /** What was given: the file or the directory; empty for {@link #of(RunResult) a run in memory}. */
    public Optional<Path> path() {
        return path;
    }

    /** Every run merged into this baseline, most recent first. */
    public List<Run> runs() {
        return runs;
    }

    /** JSON files in the baseline directory that are not results files, passed over. */
    public List<Path> ignored() {
        return ignored;
    }

    /** When the most recent run started ({@code lens.started}). */
    public Instant started() {
        return runs.get(0).started();
    }

    /** Some run was interrupted before every benchmark completed. */
    public boolean partial() {
        return runs.stream().anyMatch(Run::partial);
    }

    /** Every benchmark: the most recent run's, in its order, then those only older runs have. */
    public List<Entry> benchmarks() {
        return benchmarks;
    }

    public Optional<Entry> benchmark(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * One run of the baseline.
     *
     * @param path    its file; empty for a run in memory
     * @param started {@code lens.started}
     * @param partial it was interrupted
     */
    public record Run(Optional<Path> path, Instant started, boolean partial) {
    }

    /**
     * One benchmark of the baseline (of one run, or merged over several).
     *
     * @param metrics          as every report summarises them; histograms decode with {@link #histogram(Metric)}
     * @param cost             empty when a run carries no cost (unknown, not zero)
     * @param inputTokensPerRequest  per successful request; empty in files written before it was recorded
     * @param outputTokensPerRequest per successful request; empty in files written before it was recorded
     * @param runs             how many baseline runs have this benchmark
     * @param notes            what a reader should know about the merge (e.g. the runs measured other models)
     */
    public record Entry(String id, String name, String provider, String model, Map<Metric, Distribution> metrics,
                        BenchmarkResult.Throughput throughput, Reliability reliability, Optional<Cost> cost,
                        boolean partial, Distribution inputTokensPerRequest, Distribution outputTokensPerRequest,
                        int runs, List<String> notes) {

        public Entry {
            metrics = Map.copyOf(metrics);
            notes = List.copyOf(notes);
        }

        /** One result of a run, as an entry of one run. */
        static Entry of(BenchmarkResult b) {
            Optional<Cost> cost = b.cost().total().map(total -> new Cost(total, b.cost().perThousandSuccessful(),
                    b.cost().currency().orElse("USD")));
            return new Entry(b.id(), b.descriptor().name(), b.descriptor().provider(), b.descriptor().model(),
                    b.metrics(), b.throughput(), new Reliability(b.reliability().attempted(),
                    b.reliability().succeeded()), cost, b.partial(), b.tokens().inputPerRequest(),
                    b.tokens().outputPerRequest(), 1, List.of());
        }

        public Optional<Distribution> metric(Metric metric) {
            return Optional.ofNullable(metrics.get(metric));
        }

        /**
         * The metric's histogram, decoded afresh (the caller may change it), values in {@code 1/scale} of the unit
         * ({@link Distribution#scale()}); empty when the metric recorded nothing or is absent.
         */
        public Histogram histogram(Metric metric) {
            Distribution d = metrics.get(metric);
            if (d == null || d.n() == 0 || d.histogram().isEmpty()) {
                return new Histogram(3);
            }
            return Histograms.decode(d.histogram());
        }
    }

    /** Requests of the measured phase: attempted and succeeded. */
    public record Reliability(long attempted, long succeeded) {

        /** {@code 1 − succeeded/attempted}; NaN when nothing was attempted. */
        public double errorRate() {
            return attempted == 0 ? Double.NaN : (double) (attempted - succeeded) / attempted;
        }

        public long failed() {
            return attempted - succeeded;
        }
    }

    /**
     * What the run's requests cost ({@code cost} in {@code results.json}, when present).
     *
     * @param perThousandSuccessful empty when no request succeeded
     */
    public record Cost(BigDecimal total, Optional<BigDecimal> perThousandSuccessful, String currency) {
    }
}
