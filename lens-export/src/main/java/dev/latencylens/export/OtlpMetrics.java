package dev.latencylens.export;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/**
 * Latency Lens's figures recorded through the OpenTelemetry metrics API, under {@link ExportedMetric}'s names, units
 * and advised bucket boundaries: each distribution a histogram (every recorded value once per sample, at its
 * HdrHistogram bucket's lowest value, so bucket counts equal Prometheus's), each counter and gauge one value per
 * attribute set. Any {@link Meter} will do: the OTLP exporter's, or a test's in-memory reader.
 *
 * <pre>{@code
 * OtlpMetrics.record(meterProvider.get(OtlpMetrics.SCOPE), LensResults.of(run));
 * }</pre>
 */
public final class OtlpMetrics {

    /** The instrumentation scope of every metric. */
    public static final String SCOPE = "dev.latencylens";

    private OtlpMetrics() {
    }

    /** Records every benchmark's figures with {@code meter}. */
    public static void record(Meter meter, Collection<BenchmarkValues> benchmarks) {
        Map<ExportedMetric, DoubleHistogram> histograms = new EnumMap<>(ExportedMetric.class);
        for (BenchmarkValues b : benchmarks) {
            for (HistogramValues h : b.histograms()) {
                DoubleHistogram histogram = histograms.computeIfAbsent(h.metric(), m -> meter
                        .histogramBuilder(m.openTelemetryName()).setUnit(m.unit()).setDescription(m.description())
                        .setExplicitBucketBoundariesAdvice(m.buckets()).build());
                Attributes attributes = attributes(b, h.attributes());
                for (int i = 0; i < h.values().length; i++) {
                    for (long n = 0; n < h.counts()[i]; n++) {
                        histogram.record(h.values()[i], attributes);
                    }
                }
            }
            for (BenchmarkValues.Scalar s : b.scalars()) {
                ExportedMetric m = s.metric();
                Attributes attributes = attributes(b, s.attributes());
                if (m.kind() == ExportedMetric.Kind.COUNTER) {
                    meter.counterBuilder(m.openTelemetryName()).setUnit(m.unit()).setDescription(m.description())
                            .ofDoubles().build().add(s.value(), attributes);
                } else {
                    meter.gaugeBuilder(m.openTelemetryName()).setUnit(m.unit()).setDescription(m.description())
                            .build().set(s.value(), attributes);
                }
            }
        }
    }

    private static Attributes attributes(BenchmarkValues b, Map<String, String> extra) {
        AttributesBuilder a = Attributes.builder();
        b.attributes().forEach(a::put);
        extra.forEach(a::put);
        return a.build();
    }
}
