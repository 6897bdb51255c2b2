package dev.latencylens.api;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * This process's place among the shards of one run: shard {@code index} (0-based) of {@code count}. Each shard runs
 * every selected benchmark with its share of the load, and {@code lens:merge} puts their results together as one
 * run's (docs/SHARDS.md).
 *
 * <p>Where a shard learns its place, first found wins:
 * <ol>
 *   <li>{@code -Dlens.shard=INDEX/COUNT}, 0-based ({@code 2/3} is the third of three): a GitHub Actions matrix, or
 *       anything else;</li>
 *   <li>{@code JOB_COMPLETION_INDEX} and {@code JOB_COMPLETIONS}: a Kubernetes Indexed Job. Kubernetes sets the
 *       index; the count it does not, so the manifest sets {@code JOB_COMPLETIONS} to the Job's
 *       {@code completions} (the recipe does);</li>
 *   <li>{@code CI_NODE_INDEX} and {@code CI_NODE_TOTAL}: a GitLab CI {@code parallel:} job, whose index is
 *       <em>1-based</em>.</li>
 * </ol>
 *
 * <p>The share arithmetic: request {@code g} of a benchmark's measured phase belongs to shard {@code g mod count}.
 * For an open-loop pattern that deals one seeded arrival schedule among the shards at the full rate; for a closed
 * loop it gives each shard {@link #share} of the iterations, the remainder to the lowest indexes, and the same split
 * of the concurrency.
 *
 * @param index 0-based, below {@code count}
 * @param count how many shards run, at least 1
 */
public record ShardSpec(int index, int count) {

    /** The property naming the shard explicitly, {@code INDEX/COUNT}, 0-based. */
    public static final String PROPERTY = "lens.shard";

    public ShardSpec {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("a shard needs 0 <= index < count, was index " + index + " of "
                    + count);
        }
    }

    /**
     * The shard {@code properties} ({@value #PROPERTY}) or {@code environment} name, in the order of the class
     * comment; empty when neither names one.
     *
     * @throws IllegalArgumentException when a value is malformed or out of range, naming where it came from
     */
    public static Optional<ShardSpec> from(Properties properties, Map<String, String> environment) {
        String explicit = properties.getProperty(PROPERTY, "").trim();
        if (!explicit.isEmpty()) {
            String[] parts = explicit.split("/", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException(PROPERTY + " must be INDEX/COUNT, 0-based (e.g. 0/3 for the first"
                        + " of three shards), was '" + explicit + "'");
            }
            return Optional.of(of(PROPERTY, parts[0], parts[1], 0, "0-based, e.g. 0/3 for the first of three"));
        }
        String k8sIndex = environment.get("JOB_COMPLETION_INDEX");
        if (k8sIndex != null && !k8sIndex.isBlank()) {
            String completions = environment.get("JOB_COMPLETIONS");
            if (completions == null || completions.isBlank()) {
                throw new IllegalArgumentException("JOB_COMPLETION_INDEX=" + k8sIndex + " (a Kubernetes Indexed Job)"
                        + " but JOB_COMPLETIONS is not set: Kubernetes does not set it, so the Job's manifest must"
                        + " (env JOB_COMPLETIONS with the value of spec.completions; see docs/SHARDS.md), or pass"
                        + " -D" + PROPERTY + "=INDEX/COUNT");
            }
            return Optional.of(of("JOB_COMPLETION_INDEX/JOB_COMPLETIONS", k8sIndex, completions, 0,
                    "Kubernetes' index is 0-based"));
        }
        String gitlabIndex = environment.get("CI_NODE_INDEX");
        if (gitlabIndex != null && !gitlabIndex.isBlank()) {
            String total = environment.get("CI_NODE_TOTAL");
            if (total == null || total.isBlank()) {
                throw new IllegalArgumentException("CI_NODE_INDEX=" + gitlabIndex + " (GitLab CI parallel:) but"
                        + " CI_NODE_TOTAL is not set; pass -D" + PROPERTY + "=INDEX/COUNT instead");
            }
            return Optional.of(of("CI_NODE_INDEX/CI_NODE_TOTAL", gitlabIndex, total, 1,
                    "GitLab's index is 1-based: 1 to CI_NODE_TOTAL"));
        }
        return Optional.empty();
    }

    private static ShardSpec of(String source, String index, String count, int base, String rule) {
        int i;
        int n;
        try {
            i = Integer.parseInt(index.trim()) - base;
            n = Integer.parseInt(count.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " must be whole numbers, was '" + index + "' and '" + count
                    + "' (" + rule + ")", e);
        }
        if (n < 1 || i < 0 || i >= n) {
            throw new IllegalArgumentException(source + ": index " + index.trim() + " of " + count.trim()
                    + " shards is out of range (" + rule + ")");
        }
        return new ShardSpec(i, n);
    }

    /**
     * This shard's share of {@code total} dealt out round-robin: {@code total / count}, one more for the
     * {@code total mod count} lowest indexes. Equals the number of {@code g < total} with {@code g mod count ==
     * index}.
     */
    public int share(int total) {
        return total / count + (index < total % count ? 1 : 0);
    }

    /** The benchmark-wide index of this shard's {@code local}-th request: {@code local × count + index}. */
    public int globalIndex(int local) {
        return Math.addExact(Math.multiplyExact(local, count), index);
    }

    /** {@code index/count}, as {@value #PROPERTY} takes it. */
    @Override
    public String toString() {
        return index + "/" + count;
    }
}
