package dev.latencylens.results;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The summary of one distribution as every report shows it (docs/METRICS.md): n, mean, stddev, min, p50, p90, p95,
 * p99 (only from 100 samples), p99.9 (only from 1000), max, and the encoded histogram so results can be merged
 * and re-analysed later. Values are in {@link #unit()}.
 *
 * <p>The histogram is HdrHistogram's compressed encoding in base64 ({@code encodeIntoCompressedByteBuffer}): any
 * HdrHistogram 2.x reads it with {@code Histogram.decodeFromCompressedByteBuffer}.
 *
 * @param histogram the HdrHistogram in its compressed, base64 encoding (values in {@code scale} units per
 *                  {@code unit}, see {@link #scale()}), empty when n is 0
 */
public record Distribution(String unit, long n, double mean, double stddev, double min, double p50, double p90,
                           double p95, OptionalDouble p99, OptionalDouble p999, double max, double scale,
                           String histogram) {

    public static final long P99_MIN_SAMPLES = 100;
    public static final long P999_MIN_SAMPLES = 1000;
    /** The unit of token counts (scale 1). */
    public static final String TOKENS = "tokens";

    /** An empty distribution has one form, whatever it was built from: zeros, no percentiles, scale 1, no histogram
     *  (so a result read back from {@code results.json}, which writes only the unit and n of an empty one, equals
     *  the result written). */
    public Distribution {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(p99, "p99");
        Objects.requireNonNull(p999, "p999");
        Objects.requireNonNull(histogram, "histogram");
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, was " + n);
        }
        if (n == 0) {
            mean = stddev = min = p50 = p90 = p95 = max = 0;
            p99 = OptionalDouble.empty();
            p999 = OptionalDouble.empty();
            scale = 1;
            histogram = "";
        }
    }

    /** A distribution with no sample, in {@code unit}. */
    public static Distribution empty(String unit) {
        return new Distribution(unit, 0, 0, 0, 0, 0, 0, 0, OptionalDouble.empty(), OptionalDouble.empty(), 0, 1, "");
    }

    /** The value at {@code percentile}, or {@code fallback} when this distribution has too few samples for it. */
    public double percentileOr(double percentile, double fallback) {
        if (n == 0) {
            return fallback;
        }
        if (percentile <= 50) {
            return p50;
        }
        if (percentile <= 90) {
            return p90;
        }
        if (percentile <= 95) {
            return p95;
        }
        if (percentile <= 99) {
            return p99.orElse(fallback);
        }
        return p999.orElse(fallback);
    }
}
