package dev.latencylens.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Where a shard learns its place, and its share of a benchmark's requests. */
class ShardSpecTest {

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void noPropertyAndNoShardEnvironmentIsAWholeRun() {
        assertThat(ShardSpec.from(props(), Map.of("HOME", "/root"))).isEmpty();
    }

    @Test
    void theExplicitPropertyIsZeroBasedAndWinsOverTheEnvironment() {
        assertThat(ShardSpec.from(props("lens.shard", " 2/3 "), Map.of("JOB_COMPLETION_INDEX", "0",
                "JOB_COMPLETIONS", "5", "CI_NODE_INDEX", "1", "CI_NODE_TOTAL", "4")))
                .contains(new ShardSpec(2, 3));
    }

    @Test
    void aKubernetesIndexedJobNeedsTheCountFromItsManifest() {
        assertThat(ShardSpec.from(props(), Map.of("JOB_COMPLETION_INDEX", "4", "JOB_COMPLETIONS", "8")))
                .contains(new ShardSpec(4, 8));
        assertThatThrownBy(() -> ShardSpec.from(props(), Map.of("JOB_COMPLETION_INDEX", "4")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JOB_COMPLETIONS is not set").hasMessageContaining("spec.completions");
        assertThatThrownBy(() -> ShardSpec.from(props(), Map.of("JOB_COMPLETION_INDEX", "8",
                "JOB_COMPLETIONS", "8")))
                .hasMessageContaining("JOB_COMPLETION_INDEX/JOB_COMPLETIONS").hasMessageContaining("out of range");
    }

    @Test
    void gitLabsIndexIsOneBased() {
        assertThat(ShardSpec.from(props(), Map.of("CI_NODE_INDEX", "1", "CI_NODE_TOTAL", "3")))
                .contains(new ShardSpec(0, 3));
        assertThat(ShardSpec.from(props(), Map.of("CI_NODE_INDEX", "3", "CI_NODE_TOTAL", "3")))
                .contains(new ShardSpec(2, 3));
        assertThatThrownBy(() -> ShardSpec.from(props(), Map.of("CI_NODE_INDEX", "0", "CI_NODE_TOTAL", "3")))
                .hasMessageContaining("CI_NODE_INDEX/CI_NODE_TOTAL").hasMessageContaining("1-based");
        assertThatThrownBy(() -> ShardSpec.from(props(), Map.of("CI_NODE_INDEX", "2")))
                .hasMessageContaining("CI_NODE_TOTAL is not set");
    }

    @Test
    void badValuesNameTheirSource() {
        assertThatThrownBy(() -> ShardSpec.from(props("lens.shard", "3"), Map.of()))
                .hasMessageContaining("lens.shard must be INDEX/COUNT").hasMessageContaining("'3'");
        assertThatThrownBy(() -> ShardSpec.from(props("lens.shard", "3/3"), Map.of()))
                .hasMessageContaining("lens.shard: index 3 of 3 shards is out of range");
        assertThatThrownBy(() -> ShardSpec.from(props("lens.shard", "a/3"), Map.of()))
                .hasMessageContaining("lens.shard must be whole numbers");
        assertThatThrownBy(() -> ShardSpec.from(props("lens.shard", "0/0"), Map.of()))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> ShardSpec.from(props(), Map.of("JOB_COMPLETION_INDEX", "x",
                "JOB_COMPLETIONS", "2"))).hasMessageContaining("JOB_COMPLETION_INDEX/JOB_COMPLETIONS must be whole");
    }

    @Test
    void sharesAddUpWithTheRemainderOnTheLowestIndexes() {
        for (int count = 1; count <= 7; count++) {
            for (int total = 0; total <= 30; total++) {
                int sum = 0;
                for (int index = 0; index < count; index++) {
                    ShardSpec s = new ShardSpec(index, count);
                    int dealt = 0;
                    for (int g = 0; g < total; g++) {
                        dealt += g % count == index ? 1 : 0;
                    }
                    assertThat(s.share(total)).as("share of %d for %s", total, s).isEqualTo(dealt);
                    sum += s.share(total);
                }
                assertThat(sum).isEqualTo(total);
            }
        }
        assertThat(new ShardSpec(0, 3).share(10)).isEqualTo(4);
        assertThat(new ShardSpec(1, 3).share(10)).isEqualTo(3);
        assertThat(new ShardSpec(2, 3).share(10)).isEqualTo(3);
    }

    @Test
    void aShardsRequestsAreTheWholeBenchmarksRequestsDealtOut() {
        ShardSpec s = new ShardSpec(2, 3);
        assertThat(s.globalIndex(0)).isEqualTo(2);
        assertThat(s.globalIndex(4)).isEqualTo(14);
        assertThat(s.toString()).isEqualTo("2/3");
    }

    @Test
    void runOptionsReadTheShardAndTheStartInstant() {
        RunOptions o = RunOptions.from(props("lens.shard", "1/2", "lens.startAt", "2026-12-05T12:00:00Z"), Map.of());
        assertThat(o.shard()).contains(new ShardSpec(1, 2));
        assertThat(o.startAt()).hasValueSatisfying(at -> assertThat(at.toString()).isEqualTo("2026-12-05T12:00:00Z"));
        assertThat(o.toBuilder().build().shard()).contains(new ShardSpec(1, 2));
        assertThat(RunOptions.from(props(), Map.of()).shard()).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> RunOptions.from(props("lens.startAt", "noon"), Map.of()))
                .hasMessageContaining("lens.startAt must be an ISO-8601 instant").hasMessageContaining("'noon'");
    }
}
