package dev.latencylens.internal.merge;

import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.report.RunReporter;
import dev.latencylens.results.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code lens:merge}, {@code LatencyLens.merge} and {@code lens merge}: reads the shards' results
 * ({@link ShardInputs}), merges them ({@link ShardMerge}), concatenates their request logs into the output directory
 * ({@link RequestLogConcat}) and hands the merged run to the same {@link RunReporter} as any run: the regression
 * comparison with {@code options.baseline()}, every report file, the console table and the CI step summary.
 */
public final class Merger {

    private Merger() {
    }

    /**
     * @param inputs  the shards' output directories (or their {@code results.json})
     * @param options where the merged run goes ({@code outputDirectory}, required), its baseline and threshold
     * @throws IllegalArgumentException when the inputs are not every shard of one run, or no output directory is
     *                                  given, naming what is wrong
     * @throws UncheckedIOException     when a file cannot be read or written
     */
    public static RunResult merge(List<Path> inputs, RunOptions options) {
        Path out = options.outputDirectory().orElseThrow(() -> new IllegalArgumentException("merging needs an output"
                + " directory for the merged run (lens.reportsDirectory)"));
        List<ShardInputs.Input> shards = ShardInputs.read(inputs);
        for (ShardInputs.Input shard : shards) {
            if (shard.file().toAbsolutePath().normalize().getParent().equals(out.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("the merged run would overwrite shard " + shard.shard().index()
                        + "'s own files in " + out + ": give lens.reportsDirectory another directory");
            }
        }
        RunReporter reporter = RunReporter.of(options); // a baseline that cannot be read fails before anything
        RunResult merged = ShardMerge.merge(shards);
        try {
            Files.createDirectories(out);
            List<Path> missing = RequestLogConcat.write(shards, out);
            missing.forEach(m -> System.err.println("[lens] no request log " + m + ": its shard's requests are not in"
                    + " the merged requests.jsonl"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the merged request log to " + out, e);
        }
        reporter.report(merged);
        return merged;
    }
}
