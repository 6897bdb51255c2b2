package dev.latencylens.results;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Which shard of a sharded run produced a result ({@code shard} in {@code results.json}): its place, the machine, and
 * how far that machine's clock was from the provider's.
 *
 * @param index         0-based
 * @param count         how many shards the run had
 * @param host          the machine the shard ran on
 * @param clockOffsetMs the provider's clock minus this machine's, from the HTTP {@code Date} header of one response
 *                      (whole seconds, so ±0.5 s at best): enough to see a shard whose clock is seconds off, which
 *                      would misplace its measured window and its {@code lens.startAt}, not to align requests.
 *                      Empty when no response carried a readable {@code Date}
 */
public record Shard(int index, int count, String host, OptionalDouble clockOffsetMs) {

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("a shard needs 0 <= index < count, was index " + index + " of "
                    + count);
        }
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(clockOffsetMs, "clockOffsetMs");
    }
}
