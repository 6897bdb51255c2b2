package dev.latencylens.results;

import java.util.Objects;

/**
 * One shard's part of a merged benchmark result: what it measured on its own, for the per-shard rows of the reports
 * and for telling a shard that disagrees with the others. The merged result's figures come from the shards' exact
 * histograms and counts, not from these.
 *
 * @param shard     which shard, its host and clock offset
 * @param attempted its measured requests
 * @param succeeded those that succeeded
 * @param ttftP50Ms its TTFT p50 (0 when it has none)
 * @param ttftP95Ms its TTFT p95
 * @param e2eP50Ms  its E2E p50
 * @param e2eP95Ms  its E2E p95
 * @param coldStart its cold probe and verdict: a cold start is judged per shard, against that shard's steady state
 */
public record ShardSummary(Shard shard, long attempted, long succeeded, double ttftP50Ms, double ttftP95Ms,
                           double e2eP50Ms, double e2eP95Ms, ColdStart coldStart) {

    public ShardSummary {
        Objects.requireNonNull(shard, "shard");
        Objects.requireNonNull(coldStart, "coldStart");
    }

    /** Its failed measured requests. */
    public long errors() {
        return attempted - succeeded;
    }
}
