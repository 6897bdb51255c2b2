package dev.latencylens.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latencylens.internal.report.ResultExporter;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Metric;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Pushgateway exporter against Debian's real prometheus-pushgateway, and a real Prometheus scraping it: what
 * the gateway then serves on /metrics holds every histogram bucket the run recorded, and Prometheus answers a query
 * for a gen_ai_* series.
 */
class PushgatewayExporterTest {

    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)} (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Test
    void theGatewayServesEveryBucketTheRunRecordedAndPrometheusScrapesIt(@TempDir Path dir) throws Exception {
        Path gatewayBinary = LocalServer.binary("prometheus-pushgateway", "prometheus-pushgateway");
        Path prometheusBinary = LocalServer.binary("prometheus", "prometheus");
        SimulatedRun sim = SimulatedRun.get();
        BenchmarkValues values = LensResults.of(sim.run).get(0);
        BenchmarkResult result = sim.run.benchmarks().get(0);

        Files.createDirectories(dir.resolve("pg"));
        try (LocalServer gateway = LocalServer.start(List.of(gatewayBinary.toString(),
                "--web.listen-address=127.0.0.1:PORT", "--persistence.file=DIR/metrics.db"),
                LocalServer.freePort(), dir.resolve("pg"), "/-/ready", s -> s == 200)) {
            String answer = new PushgatewayExporter().export(new ResultExporter.Request(gateway.uri(""), sim.run,
                    sim.requestLog(), Map.of(), Map.of()));
            assertThat(answer).isEqualTo("1 benchmark(s), job lens");

            List<Map<String, String>> samples = parse(gateway.get("/metrics"));
            String name = SimulatedRun.BENCHMARK;
            for (HistogramValues h : values.histograms()) {
                String series = h.metric().prometheusName() + "_bucket";
                List<Double> bounds = h.metric().buckets();
                for (int i = 0; i <= bounds.size(); i++) {
                    String le = i < bounds.size() ? format(bounds.get(i)) : "+Inf";
                    Map<String, String> labels = new HashMap<>(Map.of("job", "lens", "benchmark", name,
                            "gen_ai_provider_name", "openai", "gen_ai_request_model", "gpt-4o-mini",
                            "gen_ai_operation_name", "chat", "le", le));
                    h.attributes().forEach((k, v) -> labels.put(ExportedMetric.prometheusLabel(k), v));
                    assertThat(value(samples, series, labels)).as(series + " " + labels)
                            .isEqualTo(h.cumulativeBucketCounts()[i]);
                }
            }
            // The same counts from requests.jsonl's own values, allowing for HdrHistogram's 3 significant digits.
            List<Double> ttft = sim.measured("ttft_ms");
            assertThat(ttft).hasSize(SimulatedRun.REQUESTS);
            for (double bound : ExportedMetric.TIME_TO_FIRST_TOKEN.buckets()) {
                long inBucket = value(samples, "gen_ai_server_time_to_first_token_seconds_bucket",
                        Map.of("job", "lens", "benchmark", name, "gen_ai_provider_name", "openai",
                                "gen_ai_request_model", "gpt-4o-mini", "gen_ai_operation_name", "chat",
                                "le", format(bound)));
                assertThat(inBucket).isBetween(ttft.stream().filter(v -> v / 1000 <= bound * 0.999).count(),
                        ttft.stream().filter(v -> v / 1000 <= bound * 1.001).count());
            }
            assertThat(value(samples, "gen_ai_client_operation_duration_seconds_count",
                    Map.of("job", "lens", "benchmark", name, "gen_ai_provider_name", "openai",
                            "gen_ai_request_model", "gpt-4o-mini", "gen_ai_operation_name", "chat")))
                    .isEqualTo(result.metric(Metric.E2E).n());
            assertThat(value(samples, "lens_requests_total", Map.of("job", "lens", "benchmark", name,
                    "gen_ai_provider_name", "openai", "gen_ai_request_model", "gpt-4o-mini",
                    "gen_ai_operation_name", "chat", "outcome", "success")))
                    .isEqualTo(result.reliability().succeeded());
            assertThat(value(samples, "lens_tokens_total", Map.of("job", "lens", "benchmark", name,
                    "gen_ai_provider_name", "openai", "gen_ai_request_model", "gpt-4o-mini",
                    "gen_ai_operation_name", "chat", "gen_ai_token_type", "output")))
                    .isEqualTo(result.tokens().output());

            Path promDir = Files.createDirectories(dir.resolve("prometheus"));
            Files.writeString(promDir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: pushgateway
                        honor_labels: true
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(gateway.port));
            try (LocalServer prometheus = LocalServer.start(List.of(prometheusBinary.toString(),
                    "--config.file=DIR/prometheus.yml", "--storage.tsdb.path=DIR/data",
                    "--web.listen-address=127.0.0.1:PORT"), LocalServer.freePort(), promDir, "/-/ready",
                    s -> s == 200)) {
                JsonNode series = poll(prometheus, "gen_ai_server_time_to_first_token_seconds_count");
                assertThat(series.get("metric").get("benchmark").asText()).isEqualTo(name);
                assertThat(series.get("metric").get("job").asText()).isEqualTo("lens");
                assertThat(series.get("value").get(1).asDouble()).isEqualTo(result.metric(Metric.TTFT).n());
                // Every query of the Grafana dashboard runs on this Prometheus (the variables as "All").
                ObjectMapper json = new ObjectMapper();
                for (String expr : DashboardTest.expressions()) {
                    String q = expr.replace("$benchmark", ".*").replace("$provider", ".*").replace("$model", ".*");
                    JsonNode queried = json.readTree(prometheus.get("/api/v1/query?query="
                            + URLEncoder.encode(q, StandardCharsets.UTF_8)));
                    assertThat(queried.get("status").asText()).as(q).isEqualTo("success");
                    if (q.startsWith("histogram_quantile") || q.startsWith("lens_throughput")) {
                        assertThat(queried.get("data").get("result")).as(q).isNotEmpty();
                    }
                }
            }
        }
    }

    /** Prometheus's answer to {@code query} once it has one (it scrapes every second), within 60 s. */
    private static JsonNode poll(LocalServer prometheus, String query) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            JsonNode answer = json.readTree(prometheus.get("/api/v1/query?query="
                    + URLEncoder.encode(query, StandardCharsets.UTF_8)));
            JsonNode result = answer.path("data").path("result");
            if (result.size() > 0) {
                return result.get(0);
            }
            assertThat(System.nanoTime()).as("Prometheus has no " + query + " after 60 s").isLessThan(deadline);
            Thread.onSpinWait();
            LocalServer.HTTP.send(java.net.http.HttpRequest.newBuilder(prometheus.uri("/-/ready")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()); // paces the loop on a round trip
        }
    }

    private static List<Map<String, String>> parse(String exposition) {
        return exposition.lines().map(SAMPLE::matcher).filter(Matcher::matches).map(m -> {
            Map<String, String> sample = new HashMap<>();
            Matcher label = LABEL.matcher(m.group(2));
            while (label.find()) {
                sample.put(label.group(1), label.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
            sample.put("__name__", m.group(1));
            sample.put("__value__", m.group(3));
            return sample;
        }).toList();
    }

    private static long value(List<Map<String, String>> samples, String name, Map<String, String> labels) {
        List<Map<String, String>> found = samples.stream().filter(s -> s.get("__name__").equals(name))
                .filter(s -> labels.entrySet().stream().allMatch(e -> e.getKey().equals("le")
                        ? s.containsKey("le") && bound(e.getValue()) == bound(s.get("le"))
                        : e.getValue().equals(s.get(e.getKey()))))
                .toList();
        assertThat(found).as(name + labels + " among " + samples.stream()
                .filter(s -> s.get("__name__").equals(name)).limit(3).toList()).hasSize(1);
        return (long) Double.parseDouble(found.get(0).get("__value__"));
    }

    private static double bound(String le) {
        return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }

    /** A bound for an {@code le} label, compared as a number (the gateway writes 1.0 as {@code 1}). */
    private static String format(double bound) {
        return Double.toString(bound);
    }
}
