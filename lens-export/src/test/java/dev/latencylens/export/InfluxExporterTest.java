package dev.latencylens.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.latencylens.internal.report.ResultExporter;
import dev.latencylens.results.BenchmarkResult;
import dev.latencylens.results.Metric;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The InfluxDB exporter against Debian's real influxd (1.x), and its 2.x API against a loopback receiver. */
class InfluxExporterTest {

    @Test
    void everyRequestIsAPointAndTheSummaryMatchesTheResult(@TempDir Path dir) throws Exception {
        Path influxd = LocalServer.binary("influxd", "influxdb");
        SimulatedRun sim = SimulatedRun.get();
        BenchmarkResult result = sim.run.benchmarks().get(0);
        int rpcPort = LocalServer.freePort();
        Files.writeString(dir.resolve("influxdb.conf"), """
                reporting-disabled = true
                bind-address = "127.0.0.1:%d"
                [meta]
                  dir = "%s/meta"
                [data]
                  dir = "%s/data"
                  wal-dir = "%s/wal"
                  query-log-enabled = false
                [http]
                  bind-address = "127.0.0.1:PORT"
                  log-enabled = false
                [monitor]
                  store-enabled = false
                [continuous_queries]
                  enabled = false
                """.formatted(rpcPort, dir, dir, dir));
        int port = LocalServer.freePort();
        Files.writeString(dir.resolve("influxdb.conf"), Files.readString(dir.resolve("influxdb.conf"))
                .replace("PORT", Integer.toString(port)));
        try (LocalServer influx = LocalServer.start(List.of(influxd.toString(), "run", "-config",
                "DIR/influxdb.conf"), port, dir, "/ping", s -> s == 204)) {
            influx.post("/query?q=" + URLEncoder.encode("CREATE DATABASE lens", StandardCharsets.UTF_8), "");

            String answer = new InfluxExporter().export(new ResultExporter.Request(influx.uri("/write?db=lens"),
                    sim.run, sim.requestLog(), Map.of(), Map.of()));
            long lines = Files.readAllLines(sim.reports.resolve("requests.jsonl")).size();
            assertThat(answer).isEqualTo(lines + " request point(s) and 1 benchmark point(s)");

            String name = SimulatedRun.BENCHMARK.replace("'", "\\'");
            JsonNode count = query(influx, "SELECT count(e2e_ms) FROM lens_request WHERE phase = 'measured'"
                    + " AND benchmark = '" + name + "' AND provider = 'openai' AND model = 'gpt-4o-mini'");
            assertThat(count.get(1).asLong()).isEqualTo(result.reliability().attempted());
            JsonNode all = query(influx, "SELECT count(index) FROM lens_request");
            assertThat(all.get(1).asLong()).isEqualTo(lines); // no two requests collapsed into one point

            double rawMean = sim.measured("ttft_ms").stream().mapToDouble(Double::doubleValue).average()
                    .orElseThrow();
            JsonNode mean = query(influx, "SELECT mean(ttft_ms) FROM lens_request WHERE phase = 'measured'"
                    + " AND outcome = 'success'");
            assertThat(mean.get(1).asDouble()).isCloseTo(rawMean, within(1e-6));
            // the result's mean is the HdrHistogram's: equal to 3 significant digits
            assertThat(mean.get(1).asDouble()).isCloseTo(result.metric(Metric.TTFT).mean(),
                    within(result.metric(Metric.TTFT).mean() * 2e-3));

            JsonNode summary = query(influx, "SELECT ttft_p95_ms, requests, output_tokens FROM lens_benchmark"
                    + " WHERE benchmark = '" + name + "'");
            assertThat(summary.get(1).asDouble()).isEqualTo(result.metric(Metric.TTFT).p95());
            assertThat(summary.get(2).asLong()).isEqualTo(result.reliability().attempted());
            assertThat(summary.get(3).asLong()).isEqualTo(result.tokens().output());
        }
    }

    @Test
    void theTwoXApiGetsTheTokenAsAHeaderInBatches() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> auth = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v2/write", exchange -> {
            bodies.add(exchange.getRequestURI().getRawQuery() + "\n"
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            auth.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            SimulatedRun sim = SimulatedRun.get();
            URI target = URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                    + "/api/v2/write?org=acme&bucket=lens");
            new InfluxExporter().export(new ResultExporter.Request(target, sim.run, sim.requestLog(), Map.of(),
                    Map.of("INFLUX_TOKEN", "s3cr3t-token")));
            assertThat(auth).isNotEmpty().allMatch("Token s3cr3t-token"::equals);
            assertThat(bodies).allMatch(b -> b.startsWith("org=acme&bucket=lens\n"));
            assertThat(String.join("", bodies)).contains("lens_request,benchmark=Export.chat\\,\\ with\\ spaces"
                    + "\\=and\\,commas,model=gpt-4o-mini,outcome=success,phase=measured,provider=openai ");

            assertThatThrownBy(() -> new InfluxExporter().export(new ResultExporter.Request(target, sim.run,
                    sim.requestLog(), Map.of(), Map.of()))).hasMessage("InfluxDB 2.x needs a token: set INFLUX_TOKEN");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRefusedWriteNamesTheStatusAndWhatTheServerSaid() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/write", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"error\":\"database not found: \\\"nope\\\"\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            SimulatedRun sim = SimulatedRun.get();
            URI target = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/write?db=nope");
            assertThatThrownBy(() -> new InfluxExporter().export(new ResultExporter.Request(target, sim.run,
                    sim.requestLog(), Map.of(), Map.of()))).isInstanceOf(IOException.class)
                    .hasMessage("HTTP 404: {\"error\":\"database not found: \\\"nope\\\"\"}");
        } finally {
            server.stop(0);
        }
    }

    /** The first row of {@code q}'s answer: [time, values...]. */
    private static JsonNode query(LocalServer influx, String q) throws Exception {
        JsonNode answer = new ObjectMapper().readTree(influx.get("/query?db=lens&q="
                + URLEncoder.encode(q, StandardCharsets.UTF_8)));
        JsonNode values = answer.path("results").path(0).path("series").path(0).path("values");
        assertThat(values.size()).as(q + " -> " + answer).isGreaterThan(0);
        return values.get(0);
    }
}
