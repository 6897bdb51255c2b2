package dev.latencylens.internal.engine;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.api.LoadOptions;
import dev.latencylens.api.ShardSpec;
import dev.latencylens.results.BenchmarkDescriptor;
import java.util.Optional;

/**
 * What one shard runs of a benchmark: its share of the iterations and of the concurrency ({@link ShardSpec#share}),
 * checked before any request is sent. An open loop's arrivals are dealt in {@code BenchmarkRunner}, from the whole
 * schedule.
 */
final class ShardShares {

    private ShardShares() {
    }

    /**
     * Fails when {@code d} cannot be sharded as {@code shard}: a {@code SWEEP} (each step's rates follow from the
     * saturated throughput one process measured, which a shard's fraction would misstate), or fewer iterations than
     * shards (a shard with none; a {@code lens.duration} run is bounded by time, so it is not counted).
     *
     * @throws IllegalArgumentException naming the benchmark and what to change
     */
    static void check(BenchmarkDescriptor d, ShardSpec shard, LoadOptions load) {
        if (d.pattern() == LoadPattern.SWEEP && shard.count() > 1) {
            throw new IllegalArgumentException(d.name() + ": a SWEEP cannot be sharded (its steps' rates follow from"
                    + " the saturated throughput of one process); run it without lens.shard, or sweep by hand with"
                    + " POISSON benchmarks at the rates you want");
        }
        if (load.duration().isEmpty() && shard.share(d.iterations()) == 0) {
            throw new IllegalArgumentException(d.name() + " has " + d.iterations() + " iterations, fewer than the "
                    + shard.count() + " shards: shard " + shard + " would send none. Lower the shard count to at most "
                    + d.iterations() + ", or raise the iterations");
        }
    }

    /**
     * {@code d} as shard {@code shard} runs it: its share of the iterations and of the concurrency, at least one
     * worker; everything else as defined. The merge adds the shares back up.
     */
    static BenchmarkDescriptor descriptor(BenchmarkDescriptor d, ShardSpec shard) {
        return d.toBuilder().iterations(Math.max(1, shard.share(d.iterations())))
                .concurrency(concurrency(d, shard)).build();
    }

    /** When the concurrency is below the shard count, each shard still needs a worker: more in flight in all. */
    static Optional<String> concurrencyWarning(BenchmarkDescriptor d, ShardSpec shard) {
        return d.concurrency() >= shard.count() ? Optional.empty()
                : Optional.of("concurrency " + d.concurrency() + " over " + shard.count() + " shards: each shard runs"
                + " one worker, so up to " + shard.count() + " requests were in flight in all");
    }

    private static int concurrency(BenchmarkDescriptor d, ShardSpec shard) {
        return Math.max(1, shard.share(d.concurrency()));
    }
}
