package dev.latencylens.maven;

import dev.latencylens.LatencyLens;
import dev.latencylens.api.RunOptions;
import dev.latencylens.results.RunResult;
import dev.latencylens.results.SlaCheck;
import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Merges the results of a sharded run into one run's: {@code mvn lens:merge -Dlens.merge.inputs=shard-0,shard-1,...}.
 *
 * <p>Each input is a shard's output directory ({@code results.json}, {@code requests.jsonl}), as
 * {@code mvn lens:bench -Dlens.shard=INDEX/COUNT} (or a Kubernetes Indexed Job, or a GitLab {@code parallel:} job)
 * left it. The merged run is written to {@link #reportsDirectory} with every report a run writes, each shard's own
 * figures beside the merged ones, and compared with {@link #baseline} when one is given ({@code LatencyLens.merge};
 * docs/SHARDS.md).
 *
 * <p><b>Why in Maven's JVM, not a fork.</b> {@code lens:bench} forks because it measures latency and runs the
 * project's code; a merge only reads and writes files. The plugin already depends on the runtime (for the fork's
 * class path), whose own libraries are relocated inside its jar, so calling it here clashes with nothing in Maven,
 * and the goal needs no project: it runs wherever the shards' artifacts were downloaded.
 */
@Mojo(name = "merge", requiresProject = false, threadSafe = true)
public class MergeMojo extends AbstractMojo {

    /** The shards' output directories (or their {@code results.json}), comma-separated. */
    @Parameter(property = "lens.merge.inputs", required = true)
    private String inputs;

    /** Where the merged run's files are written; not one of the inputs. */
    @Parameter(property = "lens.reportsDirectory", defaultValue = "${project.build.directory}/lens")
    private File reportsDirectory;

    /** A previous run's {@code results.json} (or directory, or a directory of runs) to compare the merged run with. */
    @Parameter(property = "lens.baseline")
    private File baseline;

    /** The relative change that counts as a regression. */
    @Parameter(property = "lens.regressionThreshold", defaultValue = "0.10")
    private double regressionThreshold;

    /** Fails the build when the merged run breaks an {@code @Sla} bound. */
    @Parameter(property = "lens.failOnSlaViolation", defaultValue = "true")
    private boolean failOnSlaViolation;

    /** Skips the goal. */
    @Parameter(property = "lens.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Latency Lens: merge skipped (lens.skip)");
            return;
        }
        List<Path> shards = paths(inputs);
        RunOptions options = RunOptions.builder().outputDirectory(reportsDirectory.toPath())
                .baseline(Optional.ofNullable(baseline).map(File::toPath)).regressionThreshold(regressionThreshold)
                .build();
        RunResult merged;
        try {
            merged = LatencyLens.merge(shards, options);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new MojoExecutionException("Latency Lens: cannot merge: " + e.getMessage(), e);
        }
        List<String> breaches = merged.benchmarks().stream() // a SWEEP is never sharded: one result per benchmark
                .flatMap(b -> SlaCheck.breaches(List.of(b)).stream().map(m -> b.id() + ": " + m)).toList();
        if (failOnSlaViolation && !breaches.isEmpty()) {
            throw new MojoFailureException("Latency Lens: the merged run breaks its SLA: " + String.join("; ",
                    breaches));
        }
    }

    /** The comma-separated paths of {@code list}, blanks passed over. */
    static List<Path> paths(String list) throws MojoExecutionException {
        List<Path> paths = new ArrayList<>();
        for (String p : list == null ? new String[0] : list.split(",")) {
            if (!p.isBlank()) {
                paths.add(Path.of(p.trim()));
            }
        }
        if (paths.isEmpty()) {
            throw new MojoExecutionException("Latency Lens: lens.merge.inputs names no shard directory; give them"
                    + " comma-separated, e.g. -Dlens.merge.inputs=shard-0,shard-1,shard-2");
        }
        return paths;
    }
}
