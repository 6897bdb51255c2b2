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
        Buckets b = Buckets.of(h);
        return new Distribution(unit, n, b.mean() / scale, b.stdDeviation() / scale, h.getMinValue() / scale,
                b.at(50) / scale, b.at(90) / scale, b.at(95) / scale,
                n >= Distribution.P99_MIN_SAMPLES ? OptionalDouble.of(b.at(99) / scale) : OptionalDouble.empty(),
                n >= Distribution.P999_MIN_SAMPLES ? OptionalDouble.of(b.at(99.9) / scale) : OptionalDouble.empty(),
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

    /**
     * The non-empty buckets of a histogram, lowest first: each bucket's median value and count. The figures below
     * are HdrHistogram's own ({@code getMean}, {@code getStdDeviation}, {@code getValueAtPercentile}), computed the
     * same way to the last bit, but from one walk over the buckets between the lowest and the highest recorded value,
     * where each of those methods walks every bucket from zero: in nanoseconds that is some 15,000 buckets a call,
     * seven calls a distribution and twenty distributions a benchmark, which a fresh JVM (the command line's) runs
     * in the interpreter for a few hundred milliseconds.
     */
    private record Buckets(long[] medians, long[] counts, int size, long total) {

        static Buckets of(Histogram h) {
            long[] medians = new long[16];
            long[] counts = new long[16];
            int size = 0;
            long max = h.getMaxValue();
            for (long v = h.lowestEquivalentValue(h.getMinValue()); v <= max; v = h.nextNonEquivalentValue(v)) {
                long count = h.getCountAtValue(v);
                if (count > 0) {
                    if (size == counts.length) {
                        medians = Arrays.copyOf(medians, size * 2);
                        counts = Arrays.copyOf(counts, size * 2);
                    }
                    medians[size] = h.medianEquivalentValue(v);
                    counts[size++] = count;
                }
            }
            return new Buckets(medians, counts, size, h.getTotalCount());
        }

        double mean() {
            double sum = 0;
            for (int i = 0; i < size; i++) {
                sum += medians[i] * (double) counts[i];
            }
            return sum / total;
        }

        double stdDeviation() {
            double mean = mean();
            double sum = 0;
            for (int i = 0; i < size; i++) {
                double deviation = medians[i] - mean;
                sum += (deviation * deviation) * counts[i];
            }
            return Math.sqrt(sum / total);
        }

        /**
         * The nearest-rank percentile, as the median of its bucket: HdrHistogram reports the bucket's highest value,
         * the median reads a constant input back as itself.
         */
        double at(double percentile) {
            double p = Math.min(Math.max(Math.nextAfter(percentile, Double.NEGATIVE_INFINITY), 0), 100);
            long rank = Math.max((long) Math.ceil(p * total / 100.0), 1);
            long seen = 0;
            for (int i = 0; i < size; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return medians[i];
                }
            }
            return 0;
        }
    }

    private static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }
}
