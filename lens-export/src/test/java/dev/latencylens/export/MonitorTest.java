package dev.latencylens.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.latencylens.api.RunOptions;
import dev.latencylens.internal.engine.RunEngine;
import dev.latencylens.internal.provider.ProviderRegistry;
import dev.latencylens.results.ResultJson;
import dev.latencylens.results.RunResult;
import dev.latencylens.simulator.Simulator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor against a real simulator over loopback, driven round by round ({@link Monitor#round}), so no test
 * waits for a clock: {@code /metrics} scraped over HTTP and parsed, counts checked against what the simulator
 * served; a drift alert raised by switching the model to a slower profile mid-run, seen in the log, at a loopback
 * webhook and in {@code lens_alert}, and cleared when the model is fast again; the interval log read back.
 */
class MonitorTest {

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)} (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @TempDir
    Path dir;

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private MonitorOptions options(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("lens.monitor.metricsPort", "0",
                "lens.monitor.probes", "3", "lens.monitor.window", "3", "lens.monitor.minSamples", "6",
                "lens.monitor.margin", "3", "lens.monitor.hlog", dir.resolve("monitor.hlog").toString()));
        settings.putAll(extra);
        return MonitorOptions.from(settings);
    }

    @Test
    void metricsCountEveryProbeTheSimulatorServed() throws Exception {
        try (Simulator sim = Simulator.builder().seed(1).profile(MonitorHarness.MODEL, MonitorHarness.FAST).build()
                .start();
             Monitor monitor = Monitor.start(MonitorHarness.prober(sim, List.of(
                     MonitorHarness.benchmark("Monitor.a", 1), MonitorHarness.benchmark("Monitor.b, with comma", 1))),
                     options(Map.of()), log::add)) {
            for (int i = 0; i < 4; i++) {
                monitor.round();
            }
            assertThat(sim.groundTruth().awaitRecorded(24, Duration.ofSeconds(10))).isTrue();
            assertThat(sim.groundTruth().recorded()).isEqualTo(24); // 4 rounds × 2 benchmarks × 3 probes

            List<Map<String, String>> samples = scrape(monitor);
            for (String benchmark : List.of("Monitor.a", "Monitor.b, with comma")) {
                Map<String, String> labels = Map.of("benchmark", benchmark, "gen_ai_provider_name", "openai",
                        "gen_ai_request_model", MonitorHarness.MODEL, "gen_ai_operation_name", "chat");
                assertThat(value(samples, "lens_requests_total", with(labels, "outcome", "success"))).isEqualTo(12);
                assertThat(value(samples, "gen_ai_server_time_to_first_token_seconds_count", labels)).isEqualTo(12);
                assertThat(value(samples, "gen_ai_client_operation_duration_seconds_count", labels)).isEqualTo(12);
                assertThat(value(samples, "gen_ai_server_time_to_first_token_seconds_bucket", with(labels, "le",
                        "+Inf"))).isEqualTo(12);
                // 100 ms to the first token: none within 0.08 s, all within 10 s (the conventions' buckets)
                assertThat(value(samples, "gen_ai_server_time_to_first_token_seconds_bucket", with(labels, "le",
                        "0.08"))).isZero();
                assertThat(value(samples, "gen_ai_server_time_to_first_token_seconds_sum", labels))
                        .isBetween(12 * 0.1, 12 * 10.0);
                for (String judged : List.of("ttft", "e2e", "error_rate")) {
                    assertThat(value(samples, "lens_alert", with(labels, "metric", judged))).isZero();
                }
            }
            assertThat(log).filteredOn(l -> l.startsWith("[lens] round 3 'Monitor.a': 3/3 probe(s) succeeded"))
                    .hasSize(1);
            assertThat(log).anyMatch(l -> l.contains("'Monitor.a' baseline set from its first 3 rounds"));
        }
        // Closed: the interval log holds one TTFT and one E2E histogram per benchmark and round, 3 samples each.
        List<EncodableHistogram> intervals = new ArrayList<>();
        try (HistogramLogReader reader = new HistogramLogReader(dir.resolve("monitor.hlog").toFile())) {
            for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                intervals.add(h);
            }
        }
        assertThat(intervals).hasSize(16);
        assertThat(intervals).extracting(EncodableHistogram::getTag).contains("Monitor.a/ttft", "Monitor.a/e2e",
                "Monitor.b--with-comma/ttft");
        assertThat(intervals).allSatisfy(h -> assertThat(((org.HdrHistogram.Histogram) h).getTotalCount())
                .isEqualTo(3));
    }

    @Test
    void slowerModelRaisesAnAlertThatClearsWhenItIsFastAgain() throws Exception {
        BlockingQueue<String> posts = new LinkedBlockingQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/services/T000/B000/secret-token", exchange -> {
            posts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try (Simulator sim = Simulator.builder().seed(2).profile(MonitorHarness.MODEL, MonitorHarness.FAST).build()
                .start()) {
            // The baseline: a fast run of the same benchmark, written as a run writes results.json.
            RunResult fast = new RunEngine(RunOptions.defaults(), ProviderRegistry.load(),
                    MonitorHarness.settings(sim), null).run(List.of(MonitorHarness.benchmark("Monitor.drift", 20)));
            Path baseline = ResultJson.write(fast, Files.createDirectories(dir.resolve("baseline")));
            String webhook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/services/T000/B000/secret-token";
            try (Monitor monitor = Monitor.start(MonitorHarness.prober(sim, List.of(
                            MonitorHarness.benchmark("Monitor.drift", 1))),
                    options(Map.of("lens.monitor.baseline", baseline.toString(), "lens.monitor.alertWebhook",
                            webhook)), log::add)) {
                assertThat(log).anyMatch(l -> l.contains("'Monitor.drift' is judged against the baseline "
                        + baseline));
                rounds(monitor, 3);
                assertThat(log).noneMatch(l -> l.contains("ALERT"));
                assertThat(alert(monitor, "ttft")).isZero();

                sim.register(MonitorHarness.MODEL, MonitorHarness.SLOW);
                rounds(monitor, 3);
                assertThat(log).filteredOn(l -> l.startsWith("[lens] ALERT 'Monitor.drift' ttft: p")).hasSize(1)
                        .allMatch(l -> l.contains("above the baseline"));
                JsonNode firing = post(posts, "ttft");
                assertThat(firing.get("text").asText()).startsWith("ALERT 'Monitor.drift' ttft: p");
                assertThat(firing.get("status").asText()).isEqualTo("firing");
                assertThat(firing.get("benchmark").asText()).isEqualTo("Monitor.drift");
                assertThat(firing.get("value").asDouble()).isGreaterThan(firing.get("baseline").asDouble() * 1.5);
                assertThat(alert(monitor, "ttft")).isEqualTo(1);

                rounds(monitor, 1); // still slow: no second line, no second POST
                assertThat(log).filteredOn(l -> l.contains("ALERT 'Monitor.drift' ttft")).hasSize(1);

                sim.register(MonitorHarness.MODEL, MonitorHarness.FAST);
                rounds(monitor, 3);
                assertThat(log).filteredOn(l -> l.startsWith("[lens] RESOLVED 'Monitor.drift' ttft:")).hasSize(1);
                assertThat(post(posts, "ttft").get("status").asText()).isEqualTo("resolved");
                assertThat(alert(monitor, "ttft")).isZero();
                assertThat(String.join("\n", log)).doesNotContain("secret-token");
            }
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void anOutageIsCountedAndBackedOffNeverThrown() throws Exception {
        int port = LocalServer.freePort(); // nothing listens: every connection is refused
        Simulator sim = Simulator.builder().port(port).build().start();
        sim.close();
        try (Monitor monitor = Monitor.start(MonitorHarness.prober(sim, List.of(MonitorHarness.benchmark(
                "Monitor.down", 1))), options(Map.of()), log::add)) {
            rounds(monitor, 8);
            // Rounds 0, 2 (after 2), 6 (after 4): one refused probe each, the round's other probes not sent.
            assertThat(value(scrape(monitor), "lens_requests_total", Map.of("benchmark", "Monitor.down",
                    "outcome", "connection"))).isEqualTo(3);
            assertThat(log).anyMatch(l -> l.contains("'Monitor.down': every probe failed (connection), 3 round(s)"
                    + " in a row; next probe in 8 round(s)"));
        }
    }

    @Test
    void badOptionsNameTheKey() {
        assertThatThrownBy(() -> MonitorOptions.from(Map.of("lens.monitor.interval", "soon")))
                .hasMessageContaining("lens.monitor.interval must be a duration such as 500ms");
        assertThatThrownBy(() -> MonitorOptions.from(Map.of("lens.monitor.probes", "0")))
                .hasMessageContaining("lens.monitor.probes must be a whole number above 0, was 0");
        assertThatThrownBy(() -> MonitorOptions.from(Map.of("lens.monitor.alertWebhook",
                "hooks.slack.com/services/secret")))
                .hasMessageContaining("lens.monitor.alertWebhook must be an http:// or https:// URL")
                .hasMessageNotContaining("secret");
        assertThat(MonitorOptions.from(Map.of("lens.monitor.interval", "PT10M")).interval())
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(MonitorOptions.defaults()).satisfies(o -> {
            assertThat(o.interval()).isEqualTo(Duration.ofSeconds(60));
            assertThat(o.probes()).isEqualTo(3);
            assertThat(o.metricsPort()).isEqualTo(9464);
            assertThat(o.bind()).isEqualTo("127.0.0.1");
            assertThat(o.window()).isEqualTo(10);
            assertThat(o.margin()).isEqualTo(0.25);
        });
    }

    private static void rounds(Monitor monitor, int n) {
        for (int i = 0; i < n; i++) {
            monitor.round();
        }
    }

    /** The next webhook POST about {@code metric} (TTFT and E2E both drift here), within 10 s. */
    private static JsonNode post(BlockingQueue<String> posts, String metric) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            String body = posts.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(body).as("a webhook POST about " + metric + " within 10 s").isNotNull();
            JsonNode json = new ObjectMapper().readTree(body);
            if (json.get("metric").asText().equals(metric)) {
                return json;
            }
        }
    }

    private static double alert(Monitor monitor, String metric) throws Exception {
        return value(scrape(monitor), "lens_alert", Map.of("metric", metric));
    }

    static List<Map<String, String>> scrape(Monitor monitor) throws IOException, InterruptedException {
        HttpResponse<String> r = LocalServer.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + monitor.metricsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(MetricsEndpoint.CONTENT_TYPE);
        List<Map<String, String>> samples = new ArrayList<>();
        for (String line : r.body().lines().toList()) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches()) {
                Map<String, String> sample = new HashMap<>();
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    sample.put(l.group(1), l.group(2));
                }
                sample.put("__name__", m.group(1));
                sample.put("__value__", m.group(3));
                samples.add(sample);
            }
        }
        return samples;
    }

    /** The one sample named {@code name} whose labels include {@code labels}. */
    static double value(List<Map<String, String>> samples, String name, Map<String, String> labels) {
        List<Map<String, String>> matching = samples.stream().filter(s -> s.get("__name__").equals(name)
                && s.entrySet().containsAll(labels.entrySet())).toList();
        assertThat(matching).as(name + labels).hasSize(1);
        return Double.parseDouble(matching.get(0).get("__value__"));
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> all = new HashMap<>(labels);
        all.put(key, value);
        return all;
    }
}
