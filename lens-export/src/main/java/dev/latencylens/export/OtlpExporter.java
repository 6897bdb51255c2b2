package dev.latencylens.export;

import dev.latencylens.internal.report.ResultExporter;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code lens.export.otlp=http://host:4318}: sends every benchmark's metrics ({@link OtlpMetrics}) as OTLP/HTTP
 * protobuf to {@code /v1/metrics} of that base URL, through the OpenTelemetry SDK's own OTLP exporter (JDK HTTP
 * client), cumulative temporality, resource {@code service.name=latency-lens}. A URL that already ends in
 * {@code /v1/metrics} is used as it is.
 */
public final class OtlpExporter implements ResultExporter {

    public static final String PROPERTY = "lens.export.otlp";
    public static final String SERVICE_NAME = "latency-lens";

    /**
     * The SDK logs a failed export itself, with a stack trace, through java.util.logging: silenced, since the one
     * warning Lens prints says it already. Held here: java.util.logging keeps only weak references to its loggers.
     */
    private static final Logger SDK_LOGGER = Logger.getLogger(packageRoot(OtlpHttpMetricExporter.class));

    @Override
    public String name() {
        return "OTLP";
    }

    @Override
    public String property() {
        return PROPERTY;
    }

    @Override
    public String export(Request request) throws Exception {
        SDK_LOGGER.setLevel(Level.OFF);
        ExportTimeouts timeouts = ExportTimeouts.of(request.settings());
        List<BenchmarkValues> benchmarks = LensResults.of(request.run());
        OtlpHttpMetricExporter exporter = OtlpHttpMetricExporter.builder()
                .setEndpoint(metricsEndpoint(request.target()))
                .setConnectTimeout(timeouts.connect())
                .setTimeout(timeouts.request())
                .build();
        SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.builder()
                        .put("service.name", SERVICE_NAME).build())))
                // Exports only when flushed below: a run's figures are final, there is nothing to sample.
                .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(Duration.ofDays(1)).build())
                .build();
        try {
            OtlpMetrics.record(provider.get(OtlpMetrics.SCOPE), benchmarks);
            CompletableResultCode flushed = provider.forceFlush()
                    .join(timeouts.request().toMillis() + timeouts.connect().toMillis(), TimeUnit.MILLISECONDS);
            if (!flushed.isSuccess()) {
                Throwable cause = flushed.getFailureThrowable();
                throw new IOException(cause == null
                        ? "the receiver refused the metrics or did not answer within the timeouts"
                        : cause.getClass().getSimpleName() + (cause.getMessage() == null ? ""
                        : ": " + cause.getMessage()));
            }
        } finally {
            // The exporter first: the reader's shutdown would otherwise send everything a second time.
            exporter.shutdown().join(1, TimeUnit.SECONDS);
            provider.shutdown().join(1, TimeUnit.SECONDS);
        }
        return benchmarks.size() + " benchmark(s) to /v1/metrics";
    }

    /** {@code base}/v1/metrics, unless {@code base} names that path already. */
    static String metricsEndpoint(URI base) {
        String s = base.toString();
        if (s.endsWith("/v1/metrics")) {
            return s;
        }
        return (s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + "/v1/metrics";
    }

    /** The first two segments of {@code c}'s package: {@code io.opentelemetry}, wherever shading moved it. */
    private static String packageRoot(Class<?> c) {
        String p = c.getPackageName();
        int shaded = p.indexOf(".opentelemetry");
        return shaded < 0 ? p : p.substring(0, shaded + ".opentelemetry".length());
    }
}
