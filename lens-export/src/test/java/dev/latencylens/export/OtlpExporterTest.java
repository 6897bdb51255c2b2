package dev.latencylens.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.latencylens.internal.report.ResultExporter;
import dev.latencylens.results.BenchmarkResult;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The OTLP metrics: recorded through the SDK (checked with its InMemoryMetricReader), and posted by the OTLP
 * exporter to a loopback receiver that decodes the protobuf with OpenTelemetry's own generated classes.
 */
class OtlpExporterTest {

    @Test
    void theSdkSeesEveryMetricWithItsNameUnitBoundsAndCounts() {
        SimulatedRun sim = SimulatedRun.get();
        BenchmarkValues values = LensResults.of(sim.run).get(0);
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
            OtlpMetrics.record(provider.get(OtlpMetrics.SCOPE), List.of(values));
            Collection<MetricData> metrics = reader.collectAllMetrics();

            MetricData ttft = metrics.stream().filter(m -> m.getName().equals("gen_ai.server.time_to_first_token"))
                    .findFirst().orElseThrow();
            assertThat(ttft.getUnit()).isEqualTo("s");
            HistogramPointData point = ttft.getHistogramData().getPoints().iterator().next();
            assertThat(point.getBoundaries()).isEqualTo(ExportedMetric.TIME_TO_FIRST_TOKEN.buckets());
            assertThat(cumulative(point.getCounts())).isEqualTo(
                    values.histograms(ExportedMetric.TIME_TO_FIRST_TOKEN).get(0).cumulativeBucketCounts());
            assertThat(point.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("openai");
            assertThat(point.getAttributes().get(AttributeKey.stringKey("benchmark")))
                    .isEqualTo(SimulatedRun.BENCHMARK);

            assertThat(metrics).extracting(MetricData::getName).contains("gen_ai.client.operation.duration",
                    "gen_ai.server.time_per_output_token", "gen_ai.client.token.usage", "gen_ai.client.operation.time_per_output_chunk",
                    "lens.schedule_lag", "lens.requests", "lens.tokens", "lens.cost", "lens.throughput.requests",
                    "lens.throughput.output_tokens");
            MetricData usage = metrics.stream().filter(m -> m.getName().equals("gen_ai.client.token.usage"))
                    .findFirst().orElseThrow();
            assertThat(usage.getUnit()).isEqualTo("{token}");
            assertThat(usage.getHistogramData().getPoints()).extracting(p -> p.getAttributes()
                    .get(AttributeKey.stringKey("gen_ai.token.type"))).containsExactlyInAnyOrder("input", "output");
        }
    }

    @Test
    void theReceiverGetsNamesUnitsAttributesAndBucketCounts() throws Exception {
        List<ExportMetricsServiceRequest> received = new CopyOnWriteArrayList<>();
        List<String> contentTypes = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/metrics", exchange -> {
            received.add(ExportMetricsServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes()));
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            exchange.sendResponseHeaders(200, 0);
            exchange.close();
        });
        server.start();
        try {
            SimulatedRun sim = SimulatedRun.get();
            BenchmarkResult result = sim.run.benchmarks().get(0);
            BenchmarkValues values = LensResults.of(sim.run).get(0);
            String answer = new OtlpExporter().export(new ResultExporter.Request(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort()), sim.run, sim.requestLog(),
                    Map.of(), Map.of()));
            assertThat(answer).isEqualTo("1 benchmark(s) to /v1/metrics");

            assertThat(contentTypes).containsOnly("application/x-protobuf");
            List<Metric> metrics = new ArrayList<>();
            received.forEach(r -> r.getResourceMetricsList().forEach(rm -> {
                assertThat(rm.getResource().getAttributesList()).contains(KeyValue.newBuilder().setKey("service.name")
                        .setValue(io.opentelemetry.proto.common.v1.AnyValue.newBuilder()
                                .setStringValue("latency-lens")).build());
                rm.getScopeMetricsList().forEach(sm -> metrics.addAll(sm.getMetricsList()));
            }));
            Map<String, Metric> byName = metrics.stream().collect(Collectors.toMap(Metric::getName, m -> m));
            for (HistogramValues h : values.histograms()) {
                Metric m = byName.get(h.metric().openTelemetryName());
                assertThat(m.getUnit()).isEqualTo(h.metric().unit());
                HistogramDataPoint point = m.getHistogram().getDataPointsList().stream()
                        .filter(p -> h.attributes().entrySet().stream().allMatch(e -> attributes(p.getAttributesList())
                                .get(e.getKey()).equals(e.getValue()))).findFirst().orElseThrow();
                assertThat(point.getExplicitBoundsList()).isEqualTo(h.metric().buckets());
                assertThat(cumulative(point.getBucketCountsList())).as(h.toString())
                        .isEqualTo(h.cumulativeBucketCounts());
                assertThat(attributes(point.getAttributesList())).containsAllEntriesOf(Map.of(
                        "gen_ai.provider.name", "openai", "gen_ai.request.model", "gpt-4o-mini",
                        "gen_ai.operation.name", "chat", "benchmark", SimulatedRun.BENCHMARK));
            }
            assertThat(byName.get("gen_ai.client.operation.duration").getHistogram().getDataPoints(0).getCount())
                    .isEqualTo(result.metric(dev.latencylens.results.Metric.E2E).n());
            Metric requests = byName.get("lens.requests");
            assertThat(requests.getSum().getIsMonotonic()).isTrue();
            assertThat(requests.getSum().getDataPoints(0).getAsDouble()).isEqualTo(result.reliability().succeeded());
            assertThat(attributes(requests.getSum().getDataPoints(0).getAttributesList()))
                    .containsEntry("outcome", "success");
        } finally {
            server.stop(0);
        }
    }

    private static Map<String, String> attributes(List<KeyValue> list) {
        return list.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
    }

    private static long[] cumulative(List<Long> perBucket) {
        long[] c = new long[perBucket.size()];
        long n = 0;
        for (int i = 0; i < c.length; i++) {
            n += perBucket.get(i);
            c[i] = n;
        }
        return c;
    }
}
