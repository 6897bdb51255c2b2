package dev.latencylens.internal.metrics;

import java.util.Arrays;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * Says whether the first tenth of a measured phase was clearly slower than the rest: "not warmed up".
 *
 * <p>The test: with {@code k} = a tenth of the measured requests (at least {@value #MIN_FIRST_TENTH}), warn when the
 * median TTFT of the first {@code k} requests (by index) exceeds the 90th percentile of the others. Were the first
 * tenth drawn from the same distribution as the rest, at least half of its {@code k} samples would have to land in
 * the slowest 10 %: a binomial tail of {@code P(X >= k/2), X ~ B(k, 0.1)}, under 1 % for {@code k >= 5} and
 * falling fast. So a warning almost always means a real warm-up effect (connection pools, caches, JIT), not noise.
 *
 * <p>Memory: {@code k} longs (capped at {@value #MAX_FIRST_TENTH}) and one histogram.
 */
final class WarmupCheck {

    static final int MIN_FIRST_TENTH = 5;
    private static final int MAX_FIRST_TENTH = 10_000;

    private final int firstTenth;
    private final long[] first;
    private int firstCount;
    private final Histogram rest = new Histogram(3);

    WarmupCheck(int measuredRequests) {
        firstTenth = Math.min(MAX_FIRST_TENTH, measuredRequests / 10);
        first = new long[Math.max(0, firstTenth)];
        rest.setAutoResize(true);
    }

    void record(int index, long ttftNanos) {
        if (ttftNanos < 0) {
            return;
        }
        if (index < firstTenth) {
            first[firstCount++] = ttftNanos;
        } else {
            rest.recordValue(ttftNanos);
        }
    }

    Optional<String> verdict() {
        if (firstTenth < MIN_FIRST_TENTH || firstCount < MIN_FIRST_TENTH || rest.getTotalCount() < MIN_FIRST_TENTH) {
            return Optional.empty();
        }
        long[] sorted = Arrays.copyOf(first, firstCount);
        Arrays.sort(sorted);
        long median = sorted[(sorted.length - 1) / 2];
        long restP90 = rest.getValueAtPercentile(90);
        long restP50 = rest.getValueAtPercentile(50);
        if (median <= restP90) {
            return Optional.empty();
        }
        return Optional.of(String.format(java.util.Locale.ROOT,
                "not warmed up: raise warmup. The first %d measured requests had a median TTFT of %.1f ms, above the"
                        + " p90 of the rest (%.1f ms; their p50 %.1f ms)",
                firstCount, median / 1e6, restP90 / 1e6, restP50 / 1e6));
    }
}
