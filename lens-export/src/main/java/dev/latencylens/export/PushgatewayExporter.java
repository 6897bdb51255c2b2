package dev.latencylens.export;

import dev.latencylens.internal.report.ResultExporter;
import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code lens.export.pushgateway=http://host:9091}: pushes each benchmark's metrics ({@link PrometheusSnapshots}) to
 * a Prometheus Pushgateway, job {@code lens}, grouping key {@code benchmark=<name>}: a PUT, so a benchmark's group
 * always holds its last run. A user and password in the URL ({@code http://user:pass@host:9091}) are sent as basic
 * authentication.
 */
public final class PushgatewayExporter implements ResultExporter {

    public static final String PROPERTY = "lens.export.pushgateway";
    public static final String JOB = "lens";

    @Override
    public String name() {
        return "Prometheus Pushgateway";
    }

    @Override
    public String property() {
        return PROPERTY;
    }

    @Override
    public String export(Request request) throws Exception {
        List<BenchmarkValues> benchmarks = LensResults.of(request.run());
        for (BenchmarkValues b : benchmarks) {
            PrometheusRegistry registry = new PrometheusRegistry();
            registry.register(() -> PrometheusSnapshots.of(List.of(b)));
            gateway(request.target(), ExportTimeouts.of(request.settings()), b.benchmark(), registry).push();
        }
        return benchmarks.size() + " benchmark(s), job " + JOB;
    }

    static PushGateway gateway(URI target, ExportTimeouts timeouts, String benchmark, PrometheusRegistry registry) {
        PushGateway.Builder builder = PushGateway.builder()
                .scheme(target.getScheme().equalsIgnoreCase("https") ? Scheme.HTTPS : Scheme.HTTP)
                .address(target.getHost() + ":" + (target.getPort() < 0 ? 9091 : target.getPort()))
                .job(JOB)
                .groupingKey(ExportedMetric.BENCHMARK, benchmark)
                .registry(registry)
                .format(Format.PROMETHEUS_TEXT)
                .connectionTimeout(timeouts.connect())
                .readTimeout(timeouts.request())
                // The client encodes grouping-key values with URLEncoder, a space as '+', which the Pushgateway
                // takes literally in a path ("a+b"). A '+' of the value itself is %2B, so every '+' left is a space.
                .connectionFactory(url -> (HttpURLConnection) new URL(url.toString().replace("+", "%20"))
                        .openConnection());
        String userInfo = target.getRawUserInfo();
        if (userInfo != null && userInfo.contains(":")) {
            int colon = userInfo.indexOf(':');
            builder.basicAuth(decode(userInfo.substring(0, colon)), decode(userInfo.substring(colon + 1)));
        }
        return builder.build();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
