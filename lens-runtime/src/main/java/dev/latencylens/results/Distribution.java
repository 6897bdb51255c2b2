package dev.latencylens.results;

import java.util.Base64;
import java.nio.ByteBuffer;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;

/**
 * The summary of one distribution as every report shows it (DESIGN §4): n, mean, stddev, min, p50, p90, p95,
 * p99 (only from 100 samples), p99.9 (only from 1000), max, and the encoded histogram so results can be merged
 * and re-analysed later. Values are in {@link #unit()}.
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

    /**
     * Summarises {@code h}, whose values are in units of {@code 1 / scale} of {@code unit} (e.g. nanoseconds for
     * {@code unit = "ms"}, {@code scale = 1e6}). Percentiles are nearest-rank, to HdrHistogram's precision.
     */
    public static Distribution of(Histogram h, String unit, double scale) {
        long n = h.getTotalCount();
        if (n == 0) {
            return new Distribution(unit, 0, 0, 0, 0, 0, 0, 0, OptionalDouble.empty(), OptionalDouble.empty(), 0,
                    scale, "");
        }
        return new Distribution(unit, n, h.getMean() / scale, h.getStdDeviation() / scale, h.getMinValue() / scale,
                at(h, 50, scale), at(h, 90, scale), at(h, 95, scale),
                n >= P99_MIN_SAMPLES ? OptionalDouble.of(at(h, 99, scale)) : OptionalDouble.empty(),
                n >= P999_MIN_SAMPLES ? OptionalDouble.of(at(h, 99.9, scale)) : OptionalDouble.empty(),
                h.getMaxValue() / scale, scale, encode(h));
    }

    /** A distribution with no sample, in {@code unit} (scale 1). */
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

    private static double at(Histogram h, double percentile, double scale) {
        // HdrHistogram reports the highest value equivalent to the nearest-rank sample; report the bucket's
        // median instead so a constant input reads back as itself.
        return h.medianEquivalentValue(h.getValueAtPercentile(percentile)) / scale;
    }

    private static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    /** Decodes a histogram written by this class (for merging and re-analysis). */
    public static Histogram decode(String encoded) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(encoded)), 0);
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalArgumentException("not an encoded histogram: " + e.getMessage(), e);
        }
    }
}
