package dev.latencylens.internal.metrics;

import dev.latencylens.results.Distribution;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.OptionalDouble;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * HdrHistograms to and from the {@link Distribution} of the results. Kept out of {@link Distribution} itself so that
 * the public results package names no HdrHistogram type: the runtime jar carries HdrHistogram relocated (shaded),
 * where no user can reach it.
 */
public final class Histograms {

    private Histograms() {
    }

    /**
     * Summarises {@code h}, whose values are in units of {@code 1 / scale} of {@code unit} (e.g. nanoseconds for
     * {@code unit = "ms"}, {@code scale = 1e6}). Percentiles are nearest-rank, to HdrHistogram's precision.
     */
    public static Distribution summarize(Histogram h, String unit, double scale) {
        long n = h.getTotalCount();
        if (n == 0) {
            return new Distribution(unit, 0, 0, 0, 0, 0, 0, 0, OptionalDouble.empty(), OptionalDouble.empty(), 0,
                    scale, "");
        }
        return new Distribution(unit, n, h.getMean() / scale, h.getStdDeviation() / scale, h.getMinValue() / scale,
                at(h, 50, scale), at(h, 90, scale), at(h, 95, scale),
                n >= Distribution.P99_MIN_SAMPLES ? OptionalDouble.of(at(h, 99, scale)) : OptionalDouble.empty(),
                n >= Distribution.P999_MIN_SAMPLES ? OptionalDouble.of(at(h, 99.9, scale)) : OptionalDouble.empty(),
                h.getMaxValue() / scale, scale, encode(h));
    }

    /** Decodes a histogram written by {@link #summarize} (for merging and re-analysis). */
    public static Histogram decode(String encoded) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(encoded)), 0);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not an encoded histogram: " + e.getMessage(), e);
        }
    }

    /**
     * The exact sum of {@code parts} ({@code Histogram.add}), at the first non-empty one's scale: what merging runs
     * or shards does to each distribution. Parts at another scale (results of another version) are added by their
     * buckets' median values.
     *
     * @param where names the distribution in the error, e.g. {@code "baseline: b metrics.ttft"}
     * @throws IllegalArgumentException when the parts are in different units
     */
    public static Distribution sum(List<Distribution> parts, String where) {
        List<Distribution> recorded = parts.stream().filter(d -> d.n() > 0).toList();
        if (recorded.isEmpty()) {
            return parts.isEmpty() ? Distribution.empty(Distribution.TOKENS) : parts.get(0);
        }
        Distribution first = recorded.get(0);
        Histogram sum = new Histogram(3);
        sum.setAutoResize(true);
        for (Distribution d : recorded) {
            if (!d.unit().equals(first.unit())) {
                throw new IllegalArgumentException(where + " is in " + first.unit() + " in one run and " + d.unit()
                        + " in another: runs of different versions cannot be merged");
            }
            Histogram h = decode(d.histogram());
            if (d.scale() == first.scale()) {
                sum.add(h);
            } else {
                double factor = first.scale() / d.scale();
                for (HistogramIterationValue v : h.recordedValues()) {
                    sum.recordValueWithCount(Math.round(h.medianEquivalentValue(v.getValueIteratedTo()) * factor),
                            v.getCountAtValueIteratedTo());
                }
            }
        }
        return summarize(sum, first.unit(), first.scale());
    }

    private static double at(Histogram h, double percentile, double scale) {
        // HdrHistogram reports the highest value equivalent to the nearest-rank sample; report the bucket's
        // median instead so a constant input reads back as itself.
        return h.medianEquivalentValue(h.getValueAtPercentile(percentile)) / scale;
    }

    private static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }
}
