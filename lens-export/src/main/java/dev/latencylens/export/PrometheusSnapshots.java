package dev.latencylens.export;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Latency Lens's figures as Prometheus metrics, under {@link ExportedMetric}'s names: each distribution a classic
 * histogram with the semantic conventions' bucket bounds and exact counts, each counter and gauge one sample per
 * label set. The Pushgateway exporter pushes these; {@code lens monitor} serves the same on {@code /metrics}.
 *
 * <pre>{@code
 * MetricSnapshots snapshots = PrometheusSnapshots.of(LensResults.of(run));
 * String exposition = PrometheusSnapshots.text(snapshots); // text format 0.0.4
 * }</pre>
 */
public final class PrometheusSnapshots {

    private PrometheusSnapshots() {
    }

    /** Every benchmark's metrics, one snapshot per metric name, a data point per benchmark (and label set). */
    public static MetricSnapshots of(Collection<BenchmarkValues> benchmarks) {
        Map<ExportedMetric, List<Object>> points = new LinkedHashMap<>();
        for (BenchmarkValues b : benchmarks) {
            for (HistogramValues h : b.histograms()) {
                points.computeIfAbsent(h.metric(), m -> new ArrayList<>()).add(histogramPoint(b, h));
            }
            for (BenchmarkValues.Scalar s : b.scalars()) {
                Labels labels = labels(b, s.attributes());
                Object point = s.metric().kind() == ExportedMetric.Kind.COUNTER
                        ? CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(s.value()).build()
                        : GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(s.value()).build();
                points.computeIfAbsent(s.metric(), m -> new ArrayList<>()).add(point);
            }
        }
        List<MetricSnapshot> snapshots = new ArrayList<>();
        points.forEach((metric, list) -> snapshots.add(snapshot(metric, list)));
        return new MetricSnapshots(snapshots);
    }

    /** {@code snapshots} in Prometheus's text exposition format (0.0.4). */
    public static String text(MetricSnapshots snapshots) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, snapshots, EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static HistogramSnapshot.HistogramDataPointSnapshot histogramPoint(BenchmarkValues b, HistogramValues h) {
        List<Double> bounds = h.metric().buckets();
        double[] upper = new double[bounds.size() + 1];
        long[] perBucket = new long[bounds.size() + 1];
        long[] cumulative = h.cumulativeBucketCounts();
        for (int i = 0; i < upper.length; i++) {
            upper[i] = i < bounds.size() ? bounds.get(i) : Double.POSITIVE_INFINITY;
            perBucket[i] = cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
        }
        return HistogramSnapshot.HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(upper, perBucket))
                .labels(labels(b, h.attributes()))
                .sum(h.sum())
                .build();
    }

    @SuppressWarnings("unchecked")
    private static MetricSnapshot snapshot(ExportedMetric metric, List<Object> points) {
        // Prometheus's model names a counter without its _total, which the exposition adds.
        String name = metric.prometheusName().replaceFirst("_total$", "");
        return switch (metric.kind()) {
            case HISTOGRAM -> new HistogramSnapshot(HistogramSnapshot.builder().name(name)
                    .help(metric.description()).build().getMetadata(),
                    (List<HistogramSnapshot.HistogramDataPointSnapshot>) (List<?>) points);
            case COUNTER -> new CounterSnapshot(CounterSnapshot.builder().name(name).help(metric.description())
                    .build().getMetadata(), (List<CounterSnapshot.CounterDataPointSnapshot>) (List<?>) points);
            case GAUGE -> new GaugeSnapshot(GaugeSnapshot.builder().name(name).help(metric.description())
                    .build().getMetadata(), (List<GaugeSnapshot.GaugeDataPointSnapshot>) (List<?>) points);
        };
    }

    private static Labels labels(BenchmarkValues b, Map<String, String> extra) {
        Labels.Builder labels = Labels.builder();
        b.attributes().forEach((k, v) -> labels.label(ExportedMetric.prometheusLabel(k), v));
        extra.forEach((k, v) -> labels.label(ExportedMetric.prometheusLabel(k), v));
        return labels.build();
    }
}
