package dev.latencylens.export;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A recorded distribution in an exported unit: the distinct values of its HdrHistogram buckets (each bucket's
 * lowest value, so a value counts at or below a bound exactly when its bucket does, to HdrHistogram's 3 significant
 * digits) and how many samples each holds, with the count and sum of all samples.
 *
 * @param attributes beyond the benchmark's ({@code gen_ai.token.type} for token usage)
 * @param values     ascending bucket values, in the metric's unit (seconds, tokens)
 * @param counts     samples per value
 * @param sum        the sum of all samples (n × the recorded mean)
 */
public record HistogramValues(ExportedMetric metric, Map<String, String> attributes, double[] values, long[] counts,
                              long count, double sum) {

    public HistogramValues {
        Objects.requireNonNull(metric, "metric");
        attributes = Map.copyOf(attributes);
        values = values.clone();
        counts = counts.clone();
        if (values.length != counts.length) {
            throw new IllegalArgumentException("values and counts differ in length");
        }
    }

    /** The samples at or below {@code bound}. */
    public long countAtOrBelow(double bound) {
        long n = 0;
        for (int i = 0; i < values.length && values[i] <= bound; i++) {
            n += counts[i];
        }
        return n;
    }

    /** Cumulative counts at each of the metric's bucket bounds, then +Inf (the total). */
    public long[] cumulativeBucketCounts() {
        long[] cumulative = new long[metric.buckets().size() + 1];
        for (int i = 0; i < metric.buckets().size(); i++) {
            cumulative[i] = countAtOrBelow(metric.buckets().get(i));
        }
        cumulative[cumulative.length - 1] = count;
        return cumulative;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistogramValues h && metric == h.metric && attributes.equals(h.attributes)
                && Arrays.equals(values, h.values) && Arrays.equals(counts, h.counts) && count == h.count
                && Double.compare(sum, h.sum) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(metric, attributes, Arrays.hashCode(values), Arrays.hashCode(counts), count, sum);
    }

    @Override
    public String toString() {
        return metric + attributes.toString() + " n=" + count + " sum=" + sum;
    }
}
