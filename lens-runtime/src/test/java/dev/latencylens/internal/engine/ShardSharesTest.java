package dev.latencylens.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latencylens.annotations.LoadPattern;
import dev.latencylens.api.LoadOptions;
import dev.latencylens.api.ShardSpec;
import dev.latencylens.results.BenchmarkDescriptor;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a shard runs of a benchmark, and what cannot be sharded. */
class ShardSharesTest {

    private static final BenchmarkDescriptor POISSON = BenchmarkDescriptor.builder("simulated", "sim-fast")
            .name("p").pattern(LoadPattern.POISSON).rate(10).iterations(10).concurrency(8).build();

    @Test
    void aShardRunsItsShareOfTheIterationsAndConcurrency() {
        BenchmarkDescriptor first = ShardShares.descriptor(POISSON, new ShardSpec(0, 3));
        BenchmarkDescriptor last = ShardShares.descriptor(POISSON, new ShardSpec(2, 3));
        assertThat(first.iterations()).isEqualTo(4);
        assertThat(first.concurrency()).isEqualTo(3);
        assertThat(last.iterations()).isEqualTo(3);
        assertThat(last.concurrency()).isEqualTo(2);
        assertThat(last.rate()).isEqualTo(10); // dealt from the whole schedule, at the full rate
        assertThat(last.toBuilder().iterations(10).concurrency(8).build()).isEqualTo(POISSON);
        assertThat(ShardShares.concurrencyWarning(POISSON, new ShardSpec(0, 3))).isEmpty();
    }

    @Test
    void concurrencyBelowTheShardCountStillGivesEachShardAWorkerAndSaysSo() {
        BenchmarkDescriptor sequential = BenchmarkDescriptor.builder("simulated", "sim-fast").name("s")
                .iterations(9).build();
        assertThat(ShardShares.descriptor(sequential, new ShardSpec(2, 3)).concurrency()).isEqualTo(1);
        assertThat(ShardShares.concurrencyWarning(sequential, new ShardSpec(2, 3)))
                .hasValueSatisfying(w -> assertThat(w).contains("concurrency 1 over 3 shards").contains("up to 3"));
    }

    @Test
    void aShardWithNoIterationsIsAnErrorSayingToLowerTheShardCount() {
        BenchmarkDescriptor two = POISSON.toBuilder().name("two").iterations(2).build();
        assertThatThrownBy(() -> ShardShares.check(two, new ShardSpec(2, 3), LoadOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two has 2 iterations, fewer than the 3 shards")
                .hasMessageContaining("shard 2/3 would send none").hasMessageContaining("at most 2");
        ShardShares.check(two, new ShardSpec(1, 3), LoadOptions.defaults()); // shard 1 gets the second
        // Bounded by time, the iterations do not count.
        ShardShares.check(two, new ShardSpec(2, 3), LoadOptions.builder().duration(Duration.ofSeconds(5)).build());
    }

    @Test
    void aSweepCannotBeSharded() {
        BenchmarkDescriptor sweep = POISSON.toBuilder().name("sw").pattern(LoadPattern.SWEEP).build();
        assertThatThrownBy(() -> ShardShares.check(sweep, new ShardSpec(0, 2), LoadOptions.defaults()))
                .hasMessageContaining("sw: a SWEEP cannot be sharded");
    }
}
