package dev.latencylens.internal.regression;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.internal.metrics.Histograms;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Distribution;
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
 * <p>Reading is lenient about what it does not use and strict about what it does: a missing or malformed value it
 * needs fails loading with the file and the benchmark named. Within one run, when two benchmarks share an id, the
 * first one counts.
 */
public final class Baseline {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<Path> path;
    private final List<Run> runs;
    private final List<Path> ignored;
    private final List<Entry> benchmarks;
    private final Map<String, Entry> byId;

    private Baseline(Optional<Path> path, List<ResultsFileReader.ParsedRun> parsed, List<Path> ignored) {
        this.path = path;
        List<ResultsFileReader.ParsedRun> newestFirst = new ArrayList<>(parsed);
        newestFirst.sort(Comparator.comparing((ResultsFileReader.ParsedRun p) -> p.run().started()).reversed());
        this.runs = newestFirst.stream().map(ResultsFileReader.ParsedRun::run).toList();
        this.ignored = List.copyOf(ignored);
        Map<String, List<Entry>> byRun = new LinkedHashMap<>();
        for (ResultsFileReader.ParsedRun p : newestFirst) {
            Map<String, Entry> firstOfId = new LinkedHashMap<>();
            p.benchmarks().forEach(b -> firstOfId.putIfAbsent(b.id(), b));
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
            return new Baseline(Optional.of(fileOrDirectory), List.of(ResultsFileReader.read(json(fileOrDirectory),
                    fileOrDirectory)), List.of());
        }
        List<ResultsFileReader.ParsedRun> parsed = new ArrayList<>();
        List<Path> ignored = new ArrayList<>();
        for (Path file : candidates(fileOrDirectory)) {
            JsonNode root = json(file);
            boolean named = file.getFileName().toString().equals(ResultJson.FILE_NAME);
            if (named || ResultsFileReader.looksLikeResults(root)) {
                parsed.add(ResultsFileReader.read(root, file));
            } else {
                ignored.add(file);
            }
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("no baseline in " + fileOrDirectory + ": the directory holds no "
                    + ResultJson.FILE_NAME + " (expected a results file, the output directory of a previous run, e.g."
                    + " target/lens, or a directory of runs: <dir>/<run>/results.json or <dir>/<run>.json)");
        }
        return new Baseline(Optional.of(fileOrDirectory), parsed, ignored);
    }

    /** A run of this JVM as a baseline-shaped snapshot (read back through its {@code results.json} form). */
    public static Baseline of(RunResult run) {
        JsonNode root;
        try {
            root = JSON.readTree(ResultJson.toString(run));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("results.json of this run does not read back: " + e.getMessage(), e);
        }
        return new Baseline(Optional.empty(), List.of(ResultsFileReader.read(root, null)), List.of());
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

    private static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("baseline " + file + " is not a Latency Lens results file: not JSON ("
                    + firstLine(e.getOriginalMessage()) + ")", e);
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
     * @param metrics          by the keys of {@code results.json} (ttft, icl, tpot, e2e, ...), as every report
     *                         summarises them; histograms decode with {@link #histogram(String)}
     * @param cost             empty when a run carries no cost (unknown, not zero)
     * @param inputTokensPerRequest  per successful request; empty in files written before it was recorded
     * @param outputTokensPerRequest per successful request; empty in files written before it was recorded
     * @param runs             how many baseline runs have this benchmark
     * @param notes            what a reader should know about the merge (e.g. the runs measured other models)
     */
    public record Entry(String id, String name, String provider, String model, Map<String, Distribution> metrics,
                        BenchmarkResult.Throughput throughput, Reliability reliability, Optional<Cost> cost,
                        boolean partial, Distribution inputTokensPerRequest, Distribution outputTokensPerRequest,
                        int runs, List<String> notes) {

        public Entry {
            metrics = Map.copyOf(metrics);
            notes = List.copyOf(notes);
        }

        public Optional<Distribution> metric(String name) {
            return Optional.ofNullable(metrics.get(name));
        }

        /**
         * The metric's histogram, decoded afresh (the caller may change it), values in {@code 1/scale} of the unit
         * ({@link Distribution#scale()}); empty when the metric recorded nothing or is absent.
         */
        public Histogram histogram(String name) {
            Distribution d = metrics.get(name);
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

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
