package dev.latencylens.cli;

import dev.latencylens.LatencyLens;
import dev.latencylens.api.RunOptions;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.SlaViolation;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lens merge DIR... --out DIR}: a sharded run's shards made one run's ({@link LatencyLens#merge}), as
 * {@code mvn lens:merge} does: every report written, the SLAs judged again on the merged data.
 */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Merge the results of a sharded run (docs/SHARDS.md) into one run's: histograms added, "
                + "counts, tokens and cost summed, throughput over the union of the windows, SLAs judged again, "
                + "every report written, per-shard rows in summary.md and report.html."},
        footer = {"", "Example: lens merge shard-0 shard-1 shard-2 --out merged",
            "Exit codes: 0 ok, 1 the merged run breached an SLA, 2 usage error or shards that do not belong "
                + "together."})
final class MergeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Each shard's reports directory (its results.json "
            + "and requests.jsonl).")
    List<Path> shards;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Where the merged reports "
            + "go; not a shard's own directory.")
    Path out;

    @Option(names = "--baseline", paramLabel = "PATH", description = "Compare the merged run with this results.json, "
            + "its directory, or a directory of runs.")
    Path baseline;

    @Override
    public Integer call() {
        RunResult merged = LatencyLens.merge(shards, RunOptions.builder().outputDirectory(out)
                .baseline(Optional.ofNullable(baseline)).build());
        int breaches = 0;
        for (BenchmarkResult b : merged.benchmarks()) {
            for (SlaViolation v : b.slaViolations()) {
                System.err.println("[lens] FAILED " + b.id() + ": " + v.message());
                breaches++;
            }
        }
        return breaches == 0 ? LensCli.OK : LensCli.GATE_FAILED;
    }
}
